package dev.jvmx.translator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvmx.runtime.exec.Executor;
import dev.jvmx.runtime.exec.Interpreter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The same snippets through the interpreter and through {@link TieredExecutor} with threshold 0
 * (everything translated before it first runs) and threshold 2 (tiers mixed inside loops): final
 * registers, RIP, RFLAGS, exit, data and stack must be identical. Every generated class passes
 * ASM's CheckClassAdapter on the way.
 */
class TierDifferentialTest {
    static final long BUDGET = 1_000_000;
    static final long[] SEEDS = {1, 2};

    @BeforeAll
    static void nasm() {
        Nasm.require();
    }

    static TieredExecutor jit(int threshold) {
        return new TieredExecutor(JitOptions.defaults().withMode(JitOptions.Mode.BLOCK).withThreshold(threshold)
                .withBackground(false).withVerify(true));
    }

    /** Blocks translated before they run, regions formed at a head's second dispatch. */
    static TieredExecutor regions() {
        return new TieredExecutor(JitOptions.defaults().withMode(JitOptions.Mode.REGION).withThreshold(0)
                .withRegionThreshold(1).withBackground(false).withVerify(true));
    }

    @Test
    void everySnippetMatchesTheInterpreterInEveryTier() {
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, String> s : Snippets.all().entrySet()) {
            byte[] code = Nasm.assemble(Guest.CODE, s.getValue());
            for (long seed : SEEDS) {
                Guest ref = new Guest(code, seed).run(new Interpreter(), BUDGET);
                for (int threshold : new int[] {0, 2, -1}) {
                    TieredExecutor x = threshold >= 0 ? jit(threshold) : regions();
                    Guest got = new Guest(code, seed).run(x, BUDGET);
                    String where = s.getKey() + " seed " + seed + (threshold >= 0 ? " threshold " + threshold : " regions");
                    if (!ref.state().equals(got.state())) failures.add(where + "\n  interpreter " + ref.state() + "\n  tiered      " + got.state());
                    else if (!ref.sameMemory(got)) failures.add(where + ": memory differs");
                    if (threshold <= 0 && x.counters().interpretedBlocks() != 0) failures.add(where + ": interpreted a block");
                }
            }
        }
        assertEquals("", String.join("\n", failures));
    }

    @Test
    void thresholdZeroTranslatesBeforeTheFirstExecution() {
        byte[] code = Nasm.assemble(Guest.CODE, Snippets.all().get("loop-sum"));
        TieredExecutor x = jit(0);
        new Guest(code, 1).run(x, BUDGET);
        JitCounters c = x.counters();
        assertEquals(0, c.interpretedBlocks());
        assertEquals(3, c.translations(), c.toString()); // prologue, loop body, hlt
        assertEquals(3, c.translatedBlocks(), c.toString()); // the loop block loops inside its method
        assertEquals(2 + 4 * 200 + 1, c.translatedInstructions(), c.toString());
    }

    @Test
    void aBlockRunsInTheInterpreterUntilItIsHotterThanTheThreshold() {
        byte[] code = Nasm.assemble(Guest.CODE, Snippets.all().get("loop-sum"));
        TieredExecutor x = jit(10);
        Guest g = new Guest(code, 1).run(x, BUDGET);
        long loop = Guest.CODE + 7; // mov ecx, 200 (5 bytes); xor eax, eax (2 bytes); the first pass is the entry block
        assertEquals(10 + 1, x.blockExecutions(loop, g.cpu.mode)); // 10 dispatches interpreted, then one that loops to the end
        assertTrue(x.isTranslated(loop, g.cpu.mode));
        assertEquals(10 + 2, x.counters().interpretedBlocks(), x.counters().toString()); // 10 loop runs + prologue + hlt
    }

    @Test
    void aLoopOfSeveralBlocksBecomesOneRegion() {
        byte[] code = Nasm.assemble(Guest.CODE, Snippets.all().get("branchy-loop"));
        Guest ref = new Guest(code, 1).run(new Interpreter(), BUDGET);
        TieredExecutor x = regions();
        Guest got = new Guest(code, 1).run(x, BUDGET);
        assertEquals(ref.state(), got.state());
        assertTrue(ref.sameMemory(got));
        JitCounters c = x.counters();
        assertTrue(c.regions() >= 1, c.toString());
        assertTrue(c.translatedBlocks() < 50, "dispatches " + c); // 300 iterations of 3-4 blocks, nearly all chained
        assertEquals(ref.cpu.rip, got.cpu.rip);
    }

    @Test
    void theInstructionBudgetIsExact() {
        byte[] code = Nasm.assemble(Guest.CODE, Snippets.all().get("loop-sum"));
        byte[] branchy = Nasm.assemble(Guest.CODE, Snippets.all().get("branchy-loop"));
        for (long budget : new long[] {1, 2, 5, 17, 333, 1001}) {
            for (byte[] c : new byte[][] {code, branchy}) {
                Guest ref = new Guest(c, 1).run(new Interpreter(), budget);
                for (Executor x : new Executor[] {jit(0), regions()}) {
                    Guest got = new Guest(c, 1).run(x, budget);
                    assertEquals(ref.state(), got.state(), "budget " + budget);
                }
            }
        }
    }
}

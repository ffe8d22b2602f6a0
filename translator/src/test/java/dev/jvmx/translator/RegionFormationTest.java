package dev.jvmx.translator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvmx.runtime.cpu.CpuModel;
import dev.jvmx.runtime.exec.Interpreter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How regions are formed when they do not fit one method: the translator drops blocks to meet the
 * bytecode cap, the dropped blocks may head regions of their own, and that must settle instead of
 * re-forming the same regions forever (each head replacing the other's region).
 */
class RegionFormationTest {
    static final long BUDGET = 2_000_000;

    @BeforeAll
    static void nasm() {
        Nasm.require();
    }

    /** Three blocks in a loop, each a run of ALU instructions: any two fit the cap below, all three do not. */
    static final String THREE_BLOCK_LOOP = """
                mov ecx, 20000
                jmp a
            a:  %1$s
                jmp b
            b:  %2$s
                jmp c
            c:  %3$s
                dec ecx
                jnz a
                hlt""";

    /** Block a: after mov ecx, imm32 (5 bytes) and jmp short (2 bytes). */
    static final long A = Guest.CODE + 7;

    static String body(String reg) {
        return ("add " + reg + ", rbx\n xor " + reg + ", rdi\n").repeat(12);
    }

    static TieredExecutor executor(int maxBytecode) {
        JitOptions o = JitOptions.defaults().withMode(JitOptions.Mode.REGION).withThreshold(0).withRegionThreshold(1)
                .withBackground(false).withVerify(true);
        return new TieredExecutor(o, CpuModel.defaultModel(), null, maxBytecode);
    }

    /** Two blocks in a loop: each fits the cap below alone, together they do not. */
    static final String TWO_BLOCK_LOOP = """
                mov ecx, 20000
                jmp a
            a:  %1$s
                jmp b
            b:  %2$s
                dec ecx
                jnz a
                hlt""";

    @Test
    void threeHeadsWhoseRegionsDoNotFitTogetherSettleAfterFewRequests() {
        JitCounters c = runCapped(THREE_BLOCK_LOOP.formatted(body("rax"), body("rdx"), body("r8")), 3);
        assertTrue(c.regions() >= 1, c.toString()); // two-block regions were formed ...
        // ... and settled: every iteration enters at most two region methods (each chains one of the three edges)
        assertTrue(c.translatedBlocks() <= 2 * 20000 + 10, "dispatches: " + c);
    }

    @Test
    void twoHeadsThatFitOnlyAloneDoNotReformEachOther() {
        // each head's request comes back as its block alone; that must not hand the other head a new try
        JitCounters c = runCapped(TWO_BLOCK_LOOP.formatted(body("rax"), body("rdx")), 2);
        assertEquals(0, c.regions(), c.toString());
    }

    /**
     * Runs {@code source} with a bytecode cap of three quarters of the region its loop head forms
     * without a cap (which must hold {@code blocks} blocks), checks the result against the
     * interpreter, and that each block headed at most one region request.
     */
    private static JitCounters runCapped(String source, int blocks) {
        byte[] code = Nasm.assemble(Guest.CODE, source);
        Guest ref = new Guest(code, 1).run(new Interpreter(), BUDGET);
        TieredExecutor whole = executor(BlockTranslator.MAX_BYTECODE);
        Guest all = new Guest(code, 1).run(whole, BUDGET);
        assertEquals(ref.state(), all.state());
        Translation region = whole.translation(A, all.cpu.mode);
        assertEquals(blocks, region.blocks(), whole.counters().toString());

        TieredExecutor x = executor(region.bytecodeSize() * 3 / 4);
        Guest got = new Guest(code, 1).run(x, BUDGET);
        assertEquals(ref.state(), got.state());
        assertTrue(ref.sameMemory(got));
        JitCounters c = x.counters();
        // once per head, not once per loop iteration (nor up to TieredExecutor.MAX_REGION_REQUESTS)
        assertTrue(c.regionRequests() <= blocks, c.toString());
        return c;
    }

    /** Runs {@code source} regioned (every block a head at its second dispatch), checks it against the interpreter. */
    private static TieredExecutor runWhole(String source) {
        byte[] code = Nasm.assemble(Guest.CODE, source);
        Guest ref = new Guest(code, 1).run(new Interpreter(), BUDGET);
        TieredExecutor x = executor(BlockTranslator.MAX_BYTECODE);
        Guest got = new Guest(code, 1).run(x, BUDGET);
        assertEquals(ref.state(), got.state());
        assertTrue(ref.sameMemory(got));
        return x;
    }

    /** The live region that holds the block at {@code rip} (as its head or a member), or null; fails if two do. */
    private static Translation regionWith(TieredExecutor x, long rip) {
        Translation found = null;
        for (long a = Guest.CODE; a < Guest.CODE + 64; a++) {
            Translation t = x.translation(a, dev.jvmx.x86.Mode.BITS64);
            if (t == null || !t.isRegion()) continue;
            if (a == rip || java.util.Arrays.stream(t.memberStarts()).anyMatch(m -> m == rip)) {
                assertTrue(found == null, "two regions hold " + Long.toHexString(rip));
                found = t;
            }
        }
        return found;
    }

    /**
     * Block x (x..jz) is hot and in a region before anything jumps to y, inside it; y then gets
     * hot: no region may hold y, whose instructions x's region already holds.
     */
    @Test
    void aBlockStartingInsideARegionsBlockJoinsNoOtherRegion() {
        inRegionAndNot("""
                    mov ecx, 20000
                    jmp x
                x:  add eax, 3
                y:  add edx, eax
                    dec ecx
                    jz done
                    test ecx, 1
                    jnz x
                    jmp y
                done: hlt""", X, Y);
    }

    /** y (inside x) ran first and is in a region; later x gets hot: its tail is y's region, so no region holds x. */
    @Test
    void aBlockWhoseTailIsARegionsBlockJoinsNoOtherRegion() {
        inRegionAndNot("""
                    mov ecx, 20000
                l:  jmp y
                x:  add eax, 3
                y:  add edx, eax
                    dec ecx
                    jz done
                    cmp ecx, 100
                    ja l
                    jmp x
                done: hlt""", Y, X);
    }

    /** Blocks x and y of the programs above: after mov ecx, imm32 and jmp short; y after add eax, imm8. */
    static final long X = Guest.CODE + 7, Y = X + 3;

    /** Runs {@code source}: a region holds the block at {@code held}, and none holds the one at {@code left} (its instructions overlap). */
    private static void inRegionAndNot(String source, long held, long left) {
        TieredExecutor x = runWhole(source);
        assertTrue(regionWith(x, held) != null, x.counters().toString());
        assertEquals(null, regionWith(x, left), "a region already holds the instructions of " + Long.toHexString(left));
    }

    /** y (inside x) ran once, then x is the loop: the region that takes x takes y in too (x emitted up to y, on into it). */
    @Test
    void aRegionTakesInTheBlocksStartingInsideItsBlocks() {
        TieredExecutor x = runWhole("""
                    mov ecx, 20000
                    jmp y
                x:  add eax, 3
                y:  add edx, eax
                    dec ecx
                    jz done
                    jmp x
                done: hlt""");
        Translation region = regionWith(x, X);
        assertTrue(region != null, x.counters().toString());
        assertEquals(region, regionWith(x, Y));
    }

    /**
     * A loop of one block ({@code x}, looping on itself) inside a loop of {@code passes} passes,
     * {@code inner} iterations each. The executor translates x at its 501st dispatch and checks
     * for a region at its next (both thresholds 500); until then each interpreted iteration is
     * one dispatch.
     */
    static final String NESTED_LOOP = """
                mov ebx, %d
            o:  mov ecx, %d
                jmp x
            x:  add eax, ecx
                dec ecx
                jnz x
                dec ebx
                jnz o
                hlt""";

    /** Block x of {@link #NESTED_LOOP}: after mov ebx, imm32, mov ecx, imm32 and jmp short. */
    static final long NESTED_X = Guest.CODE + 12;

    private static TieredExecutor runNested(int passes, int inner) {
        byte[] code = Nasm.assemble(Guest.CODE, NESTED_LOOP.formatted(passes, inner));
        Guest ref = new Guest(code, 1).run(new Interpreter(), BUDGET);
        JitOptions o = JitOptions.defaults().withMode(JitOptions.Mode.REGION).withThreshold(500).withRegionThreshold(500)
                .withBackground(false).withVerify(true);
        TieredExecutor x = new TieredExecutor(o, CpuModel.defaultModel(), null, BlockTranslator.MAX_BYTECODE);
        Guest got = new Guest(code, 1).run(x, BUDGET);
        assertEquals(ref.state(), got.state());
        return x;
    }

    /**
     * x's region check comes in the second pass: the pass loop's blocks ran once or twice
     * against x's 502 dispatches (RegionSelector.cold), so x stays a block that loops on itself
     * (as sieve's counting loop must, see RegionSelector.COLD_RATIO); with a short inner loop the
     * pass loop runs about as often as x and joins its region.
     */
    @Test
    void aBlockRunOnceInHundredsOfTheHeadsDispatchesStaysOutOfItsRegion() {
        TieredExecutor cold = runNested(20, 1000);
        assertTrue(cold.isTranslated(NESTED_X, dev.jvmx.x86.Mode.BITS64), cold.counters().toString());
        assertEquals(null, regionWith(cold, NESTED_X), cold.counters().toString());

        TieredExecutor warm = runNested(400, 3);
        Translation region = regionWith(warm, NESTED_X);
        assertTrue(region != null && region.blocks() >= 2, warm.counters().toString());
    }
}

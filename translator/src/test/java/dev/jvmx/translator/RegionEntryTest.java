package dev.jvmx.translator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvmx.runtime.cpu.CpuModel;
import dev.jvmx.runtime.exec.ExecContext;
import dev.jvmx.runtime.exec.Interpreter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Entering a region method at each of its blocks: the executor names the block in {@link
 * RunBudget#entry} ({@code BlockEmitter.entries}), and the method must run from exactly that
 * block, charge exactly what it retired, and retire nothing when the index names no block or the
 * budget is below what an entry needs.
 */
class RegionEntryTest {
    /** Three blocks in a loop, each writing memory and flags, so every entry point is visible in the state. */
    static final String LOOP = """
                mov ecx, 50
                jmp a
            a:  add rax, rbx
                mov [rsi], rax
                jmp b
            b:  xor rdx, rax
                add dword [rsi+8], edx
                jmp c
            c:  imul r8, rdx
                dec ecx
                jnz a
                hlt""";

    @BeforeAll
    static void nasm() {
        Nasm.require();
    }

    @Test
    void eachEntryRunsFromItsBlockAndChargesWhatItRetired() {
        byte[] code = Nasm.assemble(Guest.CODE, LOOP);
        Translation region = formRegion(code);
        long[] members = region.memberStarts();
        assertEquals(2, members.length, "blocks b and c are members of the region headed by a");
        for (int j = 0; j <= members.length; j++) {
            long start = j == 0 ? RegionFormationTest.A : members[j - 1];
            Guest got = at(code, start);
            RunBudget budget = new RunBudget();
            budget.left = 40;
            budget.entry = j;
            assertNull(region.code().run(new ExecContext(got.cpu, got.mem, CpuModel.defaultModel()), budget));
            long retired = 40 - budget.left;
            assertTrue(retired > 0 && retired <= 40, "entry " + j + " retired " + retired);

            Guest ref = at(code, start).run(new Interpreter(), retired);
            assertEquals(ref.cpu.rip, got.cpu.rip, "entry " + j);
            assertArrayEquals(ref.cpu.gpr, got.cpu.gpr, "entry " + j);
            assertEquals(ref.cpu.rflags(), got.cpu.rflags(), "entry " + j);
            assertTrue(ref.sameMemory(got), "entry " + j);
        }
    }

    @Test
    void anIndexNamingNoBlockOrATooSmallBudgetRetiresNothing() {
        byte[] code = Nasm.assemble(Guest.CODE, LOOP);
        Translation region = formRegion(code);
        for (int[] entryAndLeft : new int[][] {{region.blocks(), 1000}, {-1, 1000}, {0, region.length() - 1}}) {
            Guest g = at(code, RegionFormationTest.A);
            Guest untouched = at(code, RegionFormationTest.A);
            RunBudget budget = new RunBudget();
            budget.entry = entryAndLeft[0];
            budget.left = entryAndLeft[1];
            assertNull(region.code().run(new ExecContext(g.cpu, g.mem, CpuModel.defaultModel()), budget));
            assertEquals(entryAndLeft[1], budget.left, "entry " + entryAndLeft[0]);
            assertEquals(untouched.cpu.rip, g.cpu.rip);
            assertArrayEquals(untouched.cpu.gpr, g.cpu.gpr);
            assertEquals(untouched.cpu.rflags(), g.cpu.rflags());
            assertTrue(untouched.sameMemory(g));
        }
    }

    /** Runs the loop with regions formed early and returns the region headed by block a. */
    private static Translation formRegion(byte[] code) {
        TieredExecutor x = RegionFormationTest.executor(BlockTranslator.MAX_BYTECODE);
        Guest g = new Guest(code, 7).run(x, 10_000);
        Translation t = x.translation(RegionFormationTest.A, g.cpu.mode);
        assertTrue(t != null && t.isRegion() && t.blocks() == 3, "a region of the three blocks: " + x.counters());
        return t;
    }

    /** A fresh guest (same seed, so the same registers and data) about to run the block at {@code rip}. */
    private static Guest at(byte[] code, long rip) {
        Guest g = new Guest(code, 7);
        g.cpu.gpr[1] = 20; // ECX: the loop goes on
        g.cpu.rip = rip;
        return g;
    }
}

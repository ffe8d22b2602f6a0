package dev.jvmx.translator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.exec.Exit;
import dev.jvmx.runtime.exec.Interpreter;
import dev.jvmx.runtime.mem.GuestFault;
import dev.jvmx.x86.Flags;
import dev.jvmx.x86.Mode;
import java.lang.ref.WeakReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Exact state at a fault inside a translated block; self-modifying code; code-cache eviction. */
class FaultAndInvalidationTest {
    @BeforeAll
    static void nasm() {
        Nasm.require();
    }

    static TieredExecutor jit(int threshold, int capacity) {
        return new TieredExecutor(JitOptions.defaults().withThreshold(threshold).withBackground(false)
                .withVerify(true).withCacheCapacity(capacity));
    }

    @Test
    void aFaultInTheMiddleOfAnInlineBlockLeavesTheStateOfTheInstructionBoundary() {
        byte[] code = Nasm.assemble(Guest.CODE, "add rax, 1\ncmp rax, rax\nmov rbx, 0x1000\nmov rcx, [rbx]\nadd rax, 1\nhlt");
        Guest g = new Guest(code, 7);
        long rax = g.cpu.gpr[CpuState.RAX], rcx = g.cpu.gpr[CpuState.RCX];
        TieredExecutor x = jit(0, 64);
        g.run(x, 100);
        assertTrue(x.isTranslated(Guest.CODE, Mode.BITS64));
        assertEquals(0, x.counters().interpretedBlocks());
        assertEquals(Exit.Kind.EXCEPTION, g.exit.kind());
        assertEquals(GuestFault.PF, g.exit.fault().vector());
        assertEquals(0x1000, g.exit.fault().address());
        assertEquals(Guest.CODE + 4 + 3 + 5, g.cpu.rip, "RIP at the faulting MOV (mov rbx, imm is assembled as mov ebx, imm32)");
        assertEquals(rax + 1, g.cpu.gpr[CpuState.RAX]);
        assertEquals(0x1000, g.cpu.gpr[CpuState.RBX]);
        assertEquals(rcx, g.cpu.gpr[CpuState.RCX]);
        assertEquals(Flags.ZF | Flags.PF, g.cpu.rflags() & Flags.STATUS, "flags of the CMP");
    }

    @Test
    void aFaultInAHandlerThatAlreadySetFlagsRestoresThem() {
        // ADD to a read-only page: the handler computes the sum (recording flags), then the store faults
        byte[] code = Nasm.assemble(Guest.CODE, "cmp rax, rax\nmov rbx, 0x610000\nadd qword [rbx], 1\nhlt");
        Guest g = new Guest(code, 3).run(jit(0, 64), 100);
        assertEquals(GuestFault.PF, g.exit.fault().vector());
        assertEquals(Guest.CODE + 3 + 5, g.cpu.rip);
        assertEquals(Flags.ZF | Flags.PF, g.cpu.rflags() & Flags.STATUS);
    }

    @Test
    void anInstructionRunningIntoAnUnmappedPageFaultsOnTheMissingByteInEveryTier() {
        byte[] code = Nasm.assemble(Guest.CODE, "times 0xffc nop\nmov rax, 0x1122334455667788\nhlt");
        for (dev.jvmx.runtime.exec.Executor x : new dev.jvmx.runtime.exec.Executor[] {new Interpreter(), jit(0, 64)}) {
            Guest g = new Guest(code, 1);
            g.mem.munmap(Guest.CODE + 0x1000, 0x1000);
            g.run(x, 10_000);
            assertEquals(GuestFault.PF, g.exit.fault().vector(), x.getClass().getSimpleName());
            assertEquals(Guest.CODE + 0x1000, g.exit.fault().address());
            assertEquals(Guest.CODE + 0xffc, g.cpu.rip);
        }
    }

    static final String SELF_MODIFYING = """
                mov ecx, 5
                xor ebx, ebx
            top:
            patch: mov eax, 0
                add ebx, eax
                inc dword [rel patch + 1]
                dec ecx
                jnz top
                hlt""";

    @Test
    void aLoopThatPatchesItselfSeesEachPatchThroughWriteTracking() {
        byte[] code = Nasm.assemble(Guest.CODE, SELF_MODIFYING);
        Guest ref = new Guest(code, 1).run(new Interpreter(), 10_000);
        TieredExecutor x = jit(0, 64);
        Guest got = new Guest(code, 1).run(x, 10_000);
        assertEquals(0 + 1 + 2 + 3 + 4, got.cpu.gpr[CpuState.RBX]);
        assertEquals(ref.state(), got.state());
        assertTrue(x.counters().invalidatedPages() >= 5, x.counters().toString());
        assertTrue(x.counters().invalidatedTranslations() >= 5, x.counters().toString());
    }

    @Test
    void invalidatePageIsWhatMakesChangedCodeVisible() {
        byte[] code = Nasm.assemble(Guest.CODE, "mov eax, 1\nhlt");
        Guest g = new Guest(code, 1);
        TieredExecutor x = jit(0, 64);
        g.run(x, 100);
        assertEquals(1, g.cpu.gpr[CpuState.RAX]);
        g.mem.setCodeChangeListener(null); // nobody tells the executor about the next write
        g.mem.poke(Guest.CODE + 1, new byte[] {2}, 0, 1);
        g.cpu.rip = Guest.CODE;
        g.exit = x.run(g.cpu, g.mem, 100);
        assertEquals(1, g.cpu.gpr[CpuState.RAX], "stale translation still runs");
        x.invalidatePage(Guest.CODE >>> 12);
        g.cpu.rip = Guest.CODE;
        g.exit = x.run(g.cpu, g.mem, 100);
        assertEquals(2, g.cpu.gpr[CpuState.RAX]);
        assertEquals(1, x.counters().invalidatedTranslations());
        g.mem.poke(Guest.CODE + 1, new byte[] {3}, 0, 1);
        x.invalidateAll();
        assertEquals(0, x.cachedTranslations());
        g.cpu.rip = Guest.CODE;
        g.exit = x.run(g.cpu, g.mem, 100);
        assertEquals(3, g.cpu.gpr[CpuState.RAX]);
    }

    /** 40 blocks in a loop, each its own translation: more than the cache holds. */
    static String manyBlocks(int n) {
        StringBuilder sb = new StringBuilder("mov ecx, 20\nxor eax, eax\ntop:\n");
        for (int k = 0; k < n; k++) sb.append("b").append(k).append(": add eax, ").append(k + 1).append("\njmp b").append(k + 1).append('\n');
        return sb.append("b").append(n).append(": dec ecx\njnz top\nhlt").toString();
    }

    @Test
    void aSmallCodeCacheEvictsAndEvictedClassesUnload() {
        byte[] code = Nasm.assemble(Guest.CODE, manyBlocks(40));
        Guest ref = new Guest(code, 1).run(new Interpreter(), 100_000);
        TieredExecutor x = jit(0, 8);
        Guest got = new Guest(code, 1);
        got.mem.setCodeChangeListener(x);
        got.exit = x.run(got.cpu, got.mem, 3); // the entry block only
        WeakReference<Class<?>> entry = classOf(x, Guest.CODE);
        got.exit = x.run(got.cpu, got.mem, 100_000);
        assertEquals(ref.state(), got.state());
        assertEquals(20 * (40 * 41 / 2), got.cpu.gpr[CpuState.RAX]);
        assertTrue(x.cachedTranslations() <= 8);
        assertTrue(x.evictions() > 40, "evictions " + x.evictions());
        assertNull(x.translation(Guest.CODE, Mode.BITS64), "the entry block ran once and was evicted");
        for (int k = 0; k < 20 && entry.get() != null; k++) System.gc();
        assertNull(entry.get(), "the evicted hidden class was not unloaded");
    }

    private static WeakReference<Class<?>> classOf(TieredExecutor x, long rip) {
        Translation t = x.translation(rip, Mode.BITS64);
        assertNotNull(t);
        assertFalse(t.code() == null);
        return new WeakReference<>(t.code().getClass());
    }

    /** A guest that writes 600 distinct functions (mov eax, k; ret) and calls each of them, three rounds. */
    static final String GENERATOR = """
                lea rdi, [rel stubs]
                mov ecx, 600
                xor r8d, r8d
            gen: mov byte [rdi], 0xB8
                mov [rdi+1], r8d
                mov byte [rdi+5], 0xC3
                add rdi, 6
                inc r8d
                dec ecx
                jnz gen
                mov r9d, 3
                xor ebx, ebx
            round: lea rdi, [rel stubs]
                mov ecx, 600
            call_all: call rdi
                add rbx, rax
                add rdi, 6
                dec ecx
                jnz call_all
                dec r9d
                jnz round
                hlt
                align 4096
            stubs: times 3600 db 0""";

    @Test
    void aProgramGeneratingMoreBlocksThanTheCacheHoldsRunsWithinTheCacheBound() {
        byte[] code = Nasm.assemble(Guest.CODE, GENERATOR);
        Guest ref = new Guest(code, 1).run(new Interpreter(), 1_000_000);
        assertEquals(3 * (599 * 600 / 2), ref.cpu.gpr[CpuState.RBX]);
        java.lang.management.ClassLoadingMXBean classes = java.lang.management.ManagementFactory.getClassLoadingMXBean();
        long unloadedBefore = classes.getUnloadedClassCount();
        TieredExecutor x = jit(0, 32);
        Guest got = new Guest(code, 1);
        got.mem.setCodeChangeListener(x);
        got.exit = x.run(got.cpu, got.mem, 1_000_000);
        assertEquals(ref.state(), got.state());
        assertTrue(x.cachedTranslations() <= 32, "cache bound: " + x.cachedTranslations());
        assertTrue(x.evictions() >= 3 * 600 - 32, "evictions " + x.evictions() + ", " + x.counters());
        assertEquals(0, x.counters().interpretedBlocks(), x.counters().toString());
        // the memory cap: evicted translations' hidden classes are unloaded, not accumulated
        for (int k = 0; k < 20 && classes.getUnloadedClassCount() - unloadedBefore < 600; k++) System.gc();
        assertTrue(classes.getUnloadedClassCount() - unloadedBefore >= 600,
                "hidden classes unloaded: " + (classes.getUnloadedClassCount() - unloadedBefore));
    }
}

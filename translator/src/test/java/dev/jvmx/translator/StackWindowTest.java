package dev.jvmx.translator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.exec.Exit;
import dev.jvmx.runtime.mem.GuestFault;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The stack window and the data windows of looping methods ({@link OperandCode}): what the differential snippets of
 * {@link MemorySnippets} compare with the interpreter, checked here against the values the guest
 * must see, in methods that loop (where the window lives).
 */
class StackWindowTest {
    private static final Map<String, String> SNIPPETS = new LinkedHashMap<>();

    @BeforeAll
    static void nasm() {
        Nasm.require();
        MemorySnippets.addTo(SNIPPETS);
    }

    private static Guest run(String name) {
        TieredExecutor x = TierDifferentialTest.regions();
        Guest g = new Guest(Nasm.assemble(Guest.CODE, SNIPPETS.get(name)), 1).run(x, TierDifferentialTest.BUDGET);
        // every loop ran inside one looping method (where the window lives): few dispatches, none interpreted
        assertEquals(0, x.counters().interpretedBlocks(), x.counters().toString());
        assertTrue(x.counters().translatedBlocks() < 20, "dispatches: " + x.counters());
        return g;
    }

    @Test
    void aPushRunningOffTheStackFaultsWithEveryEarlierPushDone() {
        Guest g = run("stack-window-push-faults-at-the-mapping-end");
        assertEquals(Exit.Kind.EXCEPTION, g.exit.kind());
        assertEquals(GuestFault.PF, g.exit.fault().vector());
        // RSP starts at 0x7efefd; the 2016th push straddles the mapping's first page at 0x7ec000
        assertEquals(0x7e_bffdL, g.exit.fault().address(), "CR2: the access's first byte in the unmapped page");
        assertEquals(0x7e_c005L, g.cpu.gpr[CpuState.RSP], "RSP as before the faulting push");
        assertEquals(2015, g.cpu.gpr[CpuState.RCX]);
        assertEquals(Guest.CODE + 6, g.cpu.rip, "RIP at the push (after sub rsp, 3 and xor ecx, ecx)");
        long last = 0;
        for (int k = 0; k < 8; k++) last |= (g.mem.read8(0x7e_c005L + k) & 0xFFL) << (8 * k);
        assertEquals(2014, last, "the push before it, written");
    }

    @Test
    void aReadStartingInTheWindowButEndingPastItsPageTakesTheFaultingPath() {
        Guest g = run("stack-window-read-faults-at-the-mapping-top");
        assertEquals(GuestFault.PF, g.exit.fault().vector(), g.state());
        assertEquals(Guest.STACK_TOP, g.exit.fault().address(), "CR2: the first byte past the mapping");
        assertEquals(0xF9, g.cpu.gpr[CpuState.RCX], "the first read reaching past 0x7f0000");
        assertEquals(Guest.CODE + 2, g.cpu.rip);
    }

    @Test
    void aPushIntoAPageOfTranslatedCodeChangesWhatRunsNext() {
        Guest g = run("stack-window-push-patches-code");
        assertEquals(Exit.Kind.HLT, g.exit.kind(), g.state());
        assertEquals(1 + 2 + 2, g.cpu.gpr[CpuState.RBX], "the first call ran the old code, the later ones the patched");
    }

    @Test
    void pushesAndPopsAcrossAPageEndKeepTheirValues() {
        Guest g = run("stack-window-crossing-page-ends");
        assertEquals(Exit.Kind.HLT, g.exit.kind(), g.state());
        assertEquals(Guest.STACK_TOP - 0x100, g.cpu.gpr[CpuState.RSP]);
    }

    @Test
    void aTableStraddlingTwoPagesReadsTheSameThroughTheDataWindow() {
        Guest g = run("data-window-table-across-pages");
        assertEquals(Exit.Kind.HLT, g.exit.kind(), g.state());
        byte[] d = g.data();
        long eax = 0;
        for (int c = 3000; c > 0; c--) {
            int idx = (int) (((d[c] & 0xFF) ^ eax) & 0xFF);
            int off = 0xFFA + idx * 4;
            long entry = (d[off] & 0xFFL) | (d[off + 1] & 0xFFL) << 8 | (d[off + 2] & 0xFFL) << 16 | (d[off + 3] & 0xFFL) << 24;
            eax = ((eax >>> 8 ^ entry) + c) & 0xFFFF_FFFFL;
        }
        assertEquals(eax, g.cpu.gpr[CpuState.RAX]);
    }

    @Test
    void aStoreStraddlingOutOfTheDataMappingFaultsWritingNothing() {
        Guest g = run("data-window-store-faults-at-the-mapping-end");
        assertEquals(GuestFault.PF, g.exit.fault().vector(), g.state());
        assertEquals(Guest.DATA + 0x2000, g.exit.fault().address(), "CR2: the first byte in the unmapped page");
        assertEquals(0xFF8, g.cpu.gpr[CpuState.RCX], "the store at 0x601ffb");
        byte[] d = g.data();
        long before = 0, stored = 0;
        for (int k = 0; k < 8; k++) stored |= (d[0x1FF3 + k] & 0xFFL) << (8 * k);
        for (int k = 0; k < 8; k++) before |= (d[0x1FEB + k] & 0xFFL) << (8 * k);
        assertEquals(before + 1, stored, "the store before it, written");
        assertEquals(stored + 1, g.cpu.gpr[CpuState.RAX], "the faulting store's value computed");
        Guest fresh = new Guest(Nasm.assemble(Guest.CODE, SNIPPETS.get("data-window-store-faults-at-the-mapping-end")), 1);
        byte[] old = fresh.data();
        for (int k = 0x1FFB; k < 0x2000; k++) assertEquals(old[k], d[k], "byte " + k + " of the faulting store");
    }

    @Test
    void aStoreThroughABaseThatReadAReadOnlyPageFaults() {
        Guest g = run("data-window-read-only-page-store-faults");
        assertEquals(GuestFault.PF, g.exit.fault().vector(), g.state());
        assertEquals(Guest.RODATA + 16, g.exit.fault().address());
        assertEquals(GuestFault.PF_P | GuestFault.PF_W | GuestFault.PF_U, g.exit.fault().errorCode());
    }

    @Test
    void aStoreThroughADataBaseIntoTranslatedCodeChangesWhatRunsNext() {
        Guest g = run("data-window-store-patches-code");
        assertEquals(Exit.Kind.HLT, g.exit.kind(), g.state());
        assertEquals(1 + 2 + 3, g.cpu.gpr[CpuState.RDI], "each call ran the code as the store before it left it");
    }

    @Test
    void aCursorWalkingAcrossPagesReadsAndWritesThroughItsSpan() {
        Guest g = halted("span-window-cursor-across-pages");
        byte[] d = new Guest(Nasm.assemble(Guest.CODE, SNIPPETS.get("span-window-cursor-across-pages")), 1).data();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(d).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int k = 0, c = 1000; k < 1000; k++, c--) b.putLong(8 * k + 0x10, b.getLong(8 * k) + c);
        assertEquals(Guest.DATA + 8000, g.cpu.gpr[CpuState.RBX]);
        assertTrue(java.util.Arrays.equals(d, g.data()), "every store, on both pages, where the interpreter puts it");
    }

    @Test
    void spansNeverCoverAPageHoldingCode() {
        // the span shrinks when a page of it becomes code; a span filled after stops short of it
        assertEquals(2 + 3 + 4, halted("span-window-shrinks-when-code-appears").cpu.gpr[CpuState.RDI], "each call ran the code as the store before it left it");
        assertEquals(2, halted("span-window-stops-at-code").cpu.gpr[CpuState.RAX], "the call after the loop ran the patched code");
    }

    private static Guest halted(String name) {
        Guest g = run(name);
        assertEquals(Exit.Kind.HLT, g.exit.kind(), g.state());
        return g;
    }
}

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
 * The stack window of looping methods ({@link OperandCode}): what the differential snippets of
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
}

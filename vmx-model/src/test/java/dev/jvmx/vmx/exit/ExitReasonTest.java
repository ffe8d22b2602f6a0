package dev.jvmx.vmx.exit;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Basic exit reasons (SDM Vol. 3C App. C). */
class ExitReasonTest {

    @Test
    void numbersAreUniqueAndRoundTrip() {
        Set<Integer> seen = new HashSet<>();
        for (ExitReason r : ExitReason.values()) {
            assertTrue(seen.add(r.number()), r.name());
            assertSame(r, ExitReason.ofNumber(r.number()));
        }
        assertEquals(78, ExitReason.values().length);
    }

    @ParameterizedTest
    @ValueSource(ints = {35, 38, 42, 71, 82, -1, 1000})
    void unusedNumbersNameNoReason(int number) {
        assertNull(ExitReason.ofNumber(number));
    }

    /** Legend: name, number, kind — rows checked against App. C, Table C-1. */
    @ParameterizedTest
    @CsvSource({
        "EXCEPTION_OR_NMI, 0, FAULT_LIKE",
        "EXTERNAL_INTERRUPT, 1, EVENT",
        "TRIPLE_FAULT, 2, EVENT",
        "INTERRUPT_WINDOW, 7, EVENT",
        "CPUID, 10, INSTRUCTION",
        "HLT, 12, INSTRUCTION",
        "VMCALL, 18, INSTRUCTION",
        "VMXON, 27, INSTRUCTION",
        "CONTROL_REGISTER_ACCESS, 28, INSTRUCTION",
        "IO_INSTRUCTION, 30, INSTRUCTION",
        "RDMSR, 31, INSTRUCTION",
        "WRMSR, 32, INSTRUCTION",
        "VM_ENTRY_FAILURE_INVALID_GUEST_STATE, 33, ENTRY_FAILURE",
        "VM_ENTRY_FAILURE_MSR_LOADING, 34, ENTRY_FAILURE",
        "MONITOR_TRAP_FLAG, 37, TRAP_LIKE",
        "TPR_BELOW_THRESHOLD, 43, TRAP_LIKE",
        "EPT_VIOLATION, 48, FAULT_LIKE",
        "EPT_MISCONFIGURATION, 49, FAULT_LIKE",
        "INVEPT, 50, INSTRUCTION",
        "VMX_PREEMPTION_TIMER_EXPIRED, 52, EVENT",
        "INVVPID, 53, INSTRUCTION",
        "XSETBV, 55, INSTRUCTION",
        "VMFUNC, 59, INSTRUCTION",
        "XRSTORS, 64, INSTRUCTION",
        "BUS_LOCK, 74, TRAP_LIKE",
        "UWRMSR, 81, INSTRUCTION",
    })
    void sdmNumbersAndKinds(ExitReason reason, int number, ExitReason.Kind kind) {
        assertEquals(number, reason.number());
        assertEquals(kind, reason.kind());
    }

    @ParameterizedTest
    @EnumSource(ExitReason.class)
    void faultLikeExitsLeaveRipAtTheInstruction(ExitReason r) {
        assertEquals(r.kind() == ExitReason.Kind.FAULT_LIKE
                || r.kind() == ExitReason.Kind.INSTRUCTION, r.faultLike());
        assertFalse(r.description().isBlank());
    }
}

package dev.jvmx.vmx.nonroot;

import static org.junit.jupiter.api.Assertions.*;

import dev.jvmx.vmx.ValidVmcs;
import dev.jvmx.vmx.cap.PinBasedControl;
import dev.jvmx.vmx.cap.PrimaryProcessorBasedControl;
import dev.jvmx.vmx.cap.VmxCapabilities;
import dev.jvmx.vmx.exit.ExitReason;
import dev.jvmx.vmx.vmcs.Vmcs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Event exits (SDM Vol. 3C §26.2, §26.5.1, §26.7) over {@link ValidVmcs}. */
class EventInterceptsTest {

    private final VmxCapabilities caps = VmxCapabilities.full();
    private final Vmcs vmcs = ValidVmcs.fill(new Vmcs(caps, caps.revisionId()));

    private EventIntercepts events() {
        return new EventIntercepts(ExecutionControls.of(vmcs));
    }

    @Test
    void externalInterruptsAndNmisFollowThePinBasedControls() {
        assertEquals(ExitReason.EXTERNAL_INTERRUPT, events().externalInterrupt());
        assertEquals(ExitReason.EXCEPTION_OR_NMI, events().nmi());
        ValidVmcs.set(vmcs, PinBasedControl.EXTERNAL_INTERRUPT_EXITING, false);
        ValidVmcs.set(vmcs, PinBasedControl.VIRTUAL_NMIS, false);
        ValidVmcs.set(vmcs, PinBasedControl.NMI_EXITING, false);
        assertNull(events().externalInterrupt());
        assertNull(events().nmi());
        assertEquals(ExitReason.INIT_SIGNAL, events().init());
        assertEquals(ExitReason.TRIPLE_FAULT, events().tripleFault());
        assertEquals(ExitReason.TASK_SWITCH, events().taskSwitch());
    }

    /** Legend: RFLAGS, interruptibility, window exits. */
    @ParameterizedTest
    @CsvSource({"0x202, 0, true", "0x002, 0, false", "0x202, 1, false", "0x202, 2, false",
        "0x202, 8, true"})
    void interruptWindow(String rflags, int interruptibility, boolean exits) {
        ValidVmcs.set(vmcs, PrimaryProcessorBasedControl.INTERRUPT_WINDOW_EXITING, true);
        assertEquals(exits ? ExitReason.INTERRUPT_WINDOW : null,
                events().interruptWindow(Long.decode(rflags), interruptibility));
    }

    /** Legend: interruptibility, NMI window exits. */
    @ParameterizedTest
    @CsvSource({"0, true", "8, false", "2, false", "1, false", "4, true"})
    void nmiWindow(int interruptibility, boolean exits) {
        ValidVmcs.set(vmcs, PrimaryProcessorBasedControl.NMI_WINDOW_EXITING, true);
        assertEquals(exits ? ExitReason.NMI_WINDOW : null, events().nmiWindow(interruptibility));
    }

    @Test
    void windowsStayClosedWithoutTheirControls() {
        assertNull(events().interruptWindow(0x202, 0));
        assertNull(events().nmiWindow(0));
        assertNull(events().afterInstruction());
        ValidVmcs.set(vmcs, PrimaryProcessorBasedControl.MONITOR_TRAP_FLAG, true);
        assertEquals(ExitReason.MONITOR_TRAP_FLAG, events().afterInstruction());
    }

    @Test
    void preemptionTimerCountsTscBitRate() {
        assertNull(events().preemptionTimer(0, 1 << 20, 1, 5), "timer not activated");
        ValidVmcs.set(vmcs, PinBasedControl.ACTIVATE_VMX_PREEMPTION_TIMER, true);
        assertNull(events().preemptionTimer(0, 31 * 32, 32, 5));
        assertEquals(ExitReason.VMX_PREEMPTION_TIMER_EXPIRED,
                events().preemptionTimer(0, 32 * 32, 32, 5));
        assertEquals(10, EventIntercepts.remainingTimer(64, 64 + 32 * 5, 15, 5));
        assertEquals(0, EventIntercepts.remainingTimer(0, 1L << 40, 15, 5));
    }
}

package dev.jvmx.vmx.nonroot;

import dev.jvmx.vmx.cap.PinBasedControl;
import dev.jvmx.vmx.cap.PrimaryProcessorBasedControl;
import dev.jvmx.vmx.exit.ExitReason;

/**
 * Events in VMX non-root operation that cause VM exits (SDM Vol. 3C §26.2) and the VM exits that
 * open "windows" (§26.7.5, §26.7.6), the monitor trap flag (§26.7.2) and the VMX-preemption
 * timer (§26.5.1). Each method answers with the exit reason, or null if the event is delivered
 * to the guest (or nothing happens).
 */
public final class EventIntercepts {

    private static final long RFLAGS_IF = 1L << 9;
    private static final int BLOCKING_BY_STI_OR_MOV_SS = 3;
    private static final int BLOCKING_BY_NMI = 8;

    private final ExecutionControls controls;

    public EventIntercepts(ExecutionControls controls) {
        this.controls = controls;
    }

    /** §26.2: an external interrupt exits iff "external-interrupt exiting" is 1. */
    public ExitReason externalInterrupt() {
        return controls.has(PinBasedControl.EXTERNAL_INTERRUPT_EXITING)
                ? ExitReason.EXTERNAL_INTERRUPT : null;
    }

    /** §26.2: an NMI exits (reason 0, EXCEPTION_OR_NMI) iff "NMI exiting" is 1. */
    public ExitReason nmi() {
        return controls.has(PinBasedControl.NMI_EXITING) ? ExitReason.EXCEPTION_OR_NMI : null;
    }

    /** §26.2: INIT signals always exit; triple faults always exit; SIPIs exit in wait-for-SIPI. */
    public ExitReason init() {
        return ExitReason.INIT_SIGNAL;
    }

    public ExitReason tripleFault() {
        return ExitReason.TRIPLE_FAULT;
    }

    /** §26.2: task switches always exit. */
    public ExitReason taskSwitch() {
        return ExitReason.TASK_SWITCH;
    }

    /**
     * §26.7.5: with "interrupt-window exiting", a VM exit happens before the first instruction
     * at which RFLAGS.IF = 1 and there is no blocking by STI or MOV SS.
     */
    public ExitReason interruptWindow(long rflags, int interruptibility) {
        boolean open = (rflags & RFLAGS_IF) != 0
                && (interruptibility & BLOCKING_BY_STI_OR_MOV_SS) == 0;
        return open && controls.has(PrimaryProcessorBasedControl.INTERRUPT_WINDOW_EXITING)
                ? ExitReason.INTERRUPT_WINDOW : null;
    }

    /**
     * §26.7.6: with "NMI-window exiting", a VM exit happens before the first instruction at
     * which there is no virtual-NMI blocking and no blocking by MOV SS (nor by STI, which some
     * processors honour; the model does).
     */
    public ExitReason nmiWindow(int interruptibility) {
        boolean open = (interruptibility & (BLOCKING_BY_NMI | BLOCKING_BY_STI_OR_MOV_SS)) == 0;
        return open && controls.has(PrimaryProcessorBasedControl.NMI_WINDOW_EXITING)
                ? ExitReason.NMI_WINDOW : null;
    }

    /** §26.7.2: with "monitor trap flag", a trap-like VM exit after each guest instruction. */
    public ExitReason afterInstruction() {
        return controls.has(PrimaryProcessorBasedControl.MONITOR_TRAP_FLAG)
                ? ExitReason.MONITOR_TRAP_FLAG : null;
    }

    /**
     * §26.5.1: the VMX-preemption timer counts down by 1 each time TSC bit {@code rate} changes;
     * it expires (reason 52) once {@code timerValue} such steps passed since VM entry.
     */
    public ExitReason preemptionTimer(long entryTsc, long nowTsc, long timerValue, int rate) {
        if (!controls.has(PinBasedControl.ACTIVATE_VMX_PREEMPTION_TIMER)) {
            return null;
        }
        return remainingTimer(entryTsc, nowTsc, timerValue, rate) == 0
                ? ExitReason.VMX_PREEMPTION_TIMER_EXPIRED : null;
    }

    /** The timer value to save at VM exit ("save VMX-preemption timer value", §28.3). */
    public static long remainingTimer(long entryTsc, long nowTsc, long timerValue, int rate) {
        long elapsed = (nowTsc >>> rate) - (entryTsc >>> rate);
        return Math.max(0, (timerValue & 0xFFFF_FFFFL) - elapsed);
    }
}

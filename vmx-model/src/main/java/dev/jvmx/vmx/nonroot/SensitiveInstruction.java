package dev.jvmx.vmx.nonroot;

import dev.jvmx.vmx.cap.PrimaryProcessorBasedControl;
import dev.jvmx.vmx.cap.SecondaryProcessorBasedControl;
import dev.jvmx.vmx.cap.VmxControl;
import dev.jvmx.vmx.exit.ExitReason;

/**
 * Instructions whose behaviour in VMX non-root operation is one exit control (SDM Vol. 3C §26.1.2
 * unconditional, §26.1.3 conditional): the exit reason, the control that makes them exit (null =
 * always), and the control without which they are #UD in non-root operation (null = none).
 * I/O, MSR, control-register and VMX instructions have their own rules in {@link Intercepts}.
 */
public enum SensitiveInstruction {
    CPUID(ExitReason.CPUID, null, null),
    GETSEC(ExitReason.GETSEC, null, null),
    INVD(ExitReason.INVD, null, null),
    XSETBV(ExitReason.XSETBV, null, null),
    HLT(ExitReason.HLT, PrimaryProcessorBasedControl.HLT_EXITING, null),
    INVLPG(ExitReason.INVLPG, PrimaryProcessorBasedControl.INVLPG_EXITING, null),
    INVPCID(ExitReason.INVPCID, PrimaryProcessorBasedControl.INVLPG_EXITING,
            SecondaryProcessorBasedControl.ENABLE_INVPCID),
    MWAIT(ExitReason.MWAIT, PrimaryProcessorBasedControl.MWAIT_EXITING, null),
    MONITOR(ExitReason.MONITOR, PrimaryProcessorBasedControl.MONITOR_EXITING, null),
    PAUSE(ExitReason.PAUSE, PrimaryProcessorBasedControl.PAUSE_EXITING, null),
    RDPMC(ExitReason.RDPMC, PrimaryProcessorBasedControl.RDPMC_EXITING, null),
    RDTSC(ExitReason.RDTSC, PrimaryProcessorBasedControl.RDTSC_EXITING, null),
    RDTSCP(ExitReason.RDTSCP, PrimaryProcessorBasedControl.RDTSC_EXITING,
            SecondaryProcessorBasedControl.ENABLE_RDTSCP),
    RDRAND(ExitReason.RDRAND, SecondaryProcessorBasedControl.RDRAND_EXITING, null),
    RDSEED(ExitReason.RDSEED, SecondaryProcessorBasedControl.RDSEED_EXITING, null),
    WBINVD(ExitReason.WBINVD_OR_WBNOINVD, SecondaryProcessorBasedControl.WBINVD_EXITING, null),
    /** §26.1.3: exit if "RDTSC exiting" and "enable user wait and pause" are both 1; §26.3: #UD without the enable. */
    UMWAIT(ExitReason.UMWAIT, PrimaryProcessorBasedControl.RDTSC_EXITING,
            SecondaryProcessorBasedControl.ENABLE_USER_WAIT_AND_PAUSE),
    TPAUSE(ExitReason.TPAUSE, PrimaryProcessorBasedControl.RDTSC_EXITING,
            SecondaryProcessorBasedControl.ENABLE_USER_WAIT_AND_PAUSE),
    MOV_DR(ExitReason.MOV_DR, PrimaryProcessorBasedControl.MOV_DR_EXITING, null),
    SGDT(ExitReason.ACCESS_TO_GDTR_OR_IDTR,
            SecondaryProcessorBasedControl.DESCRIPTOR_TABLE_EXITING, null),
    SIDT(ExitReason.ACCESS_TO_GDTR_OR_IDTR,
            SecondaryProcessorBasedControl.DESCRIPTOR_TABLE_EXITING, null),
    LGDT(ExitReason.ACCESS_TO_GDTR_OR_IDTR,
            SecondaryProcessorBasedControl.DESCRIPTOR_TABLE_EXITING, null),
    LIDT(ExitReason.ACCESS_TO_GDTR_OR_IDTR,
            SecondaryProcessorBasedControl.DESCRIPTOR_TABLE_EXITING, null),
    SLDT(ExitReason.ACCESS_TO_LDTR_OR_TR,
            SecondaryProcessorBasedControl.DESCRIPTOR_TABLE_EXITING, null),
    STR(ExitReason.ACCESS_TO_LDTR_OR_TR,
            SecondaryProcessorBasedControl.DESCRIPTOR_TABLE_EXITING, null),
    LLDT(ExitReason.ACCESS_TO_LDTR_OR_TR,
            SecondaryProcessorBasedControl.DESCRIPTOR_TABLE_EXITING, null),
    LTR(ExitReason.ACCESS_TO_LDTR_OR_TR,
            SecondaryProcessorBasedControl.DESCRIPTOR_TABLE_EXITING, null);

    private final ExitReason reason;
    private final VmxControl exitingControl;
    private final VmxControl enable;

    SensitiveInstruction(ExitReason reason, VmxControl exitingControl, VmxControl enable) {
        this.reason = reason;
        this.exitingControl = exitingControl;
        this.enable = enable;
    }

    public ExitReason reason() {
        return reason;
    }

    /** The control that makes the instruction exit; null if it always exits. */
    public VmxControl exitingControl() {
        return exitingControl;
    }

    /** The control without which the instruction is #UD in non-root operation, or null. */
    public VmxControl enable() {
        return enable;
    }
}

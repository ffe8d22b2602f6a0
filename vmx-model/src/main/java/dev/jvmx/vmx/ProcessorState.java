package dev.jvmx.vmx;

/**
 * The architectural state VM entry loads from the guest-state area (SDM Vol. 3C §27.3.2) and VM
 * exit saves to it (§28.3) or replaces with the host-state area (§28.5). The runtime implements
 * it over its vCPU; tests implement it over plain fields. Control registers, RSP, RIP and RFLAGS
 * are 64-bit values; the model truncates where the SDM says so.
 */
public interface ProcessorState {

    /** MSR indexes the model reads or writes by number. */
    int IA32_FEATURE_CONTROL = 0x3A;
    int IA32_SYSENTER_CS = 0x174;
    int IA32_SYSENTER_ESP = 0x175;
    int IA32_SYSENTER_EIP = 0x176;
    int IA32_DEBUGCTL = 0x1D9;
    int IA32_PAT = 0x277;
    int IA32_EFER = 0xC0000080;
    int IA32_FS_BASE = 0xC0000100;
    int IA32_GS_BASE = 0xC0000101;
    int IA32_SMBASE = 0x9E;
    int IA32_SMM_MONITOR_CTL = 0x9B;

    long cr0();

    void setCr0(long value);

    long cr3();

    void setCr3(long value);

    long cr4();

    void setCr4(long value);

    long dr7();

    void setDr7(long value);

    long rsp();

    void setRsp(long value);

    long rip();

    void setRip(long value);

    long rflags();

    void setRflags(long value);

    Segment segment(SegmentRegister register);

    void setSegment(SegmentRegister register, Segment value);

    long gdtrBase();

    int gdtrLimit();

    void setGdtr(long base, int limit);

    long idtrBase();

    int idtrLimit();

    void setIdtr(long base, int limit);

    /** Reads an MSR; unknown MSRs read as 0 in this view. */
    long readMsr(int index);

    /**
     * Writes an MSR as WRMSR at CPL 0 would; false if WRMSR would raise #GP (reserved bits,
     * unknown MSR), which makes VM-entry MSR loading fail (§27.4).
     */
    boolean writeMsr(int index, long value);

    /** Interruptibility state in the format of GUEST_INTERRUPTIBILITY_STATE (§25.4.2). */
    int interruptibility();

    void setInterruptibility(int value);

    /** Activity state (§25.4.2). */
    ActivityState activityState();

    void setActivityState(ActivityState state);

    /** Pending debug exceptions in the format of GUEST_PENDING_DEBUG_EXCEPTIONS (§25.4.2). */
    long pendingDebugExceptions();

    void setPendingDebugExceptions(long value);

    /** Current privilege level (SS.DPL in protected mode). */
    int cpl();

    /** True while events are blocked by MOV SS on the processor executing VMLAUNCH (§31.3). */
    default boolean blockedByMovSs() {
        return false;
    }

    /** IA32_EFER.LMA: the processor is in IA-32e mode. */
    default boolean ia32eMode() {
        return (readMsr(IA32_EFER) & (1L << 10)) != 0;
    }
}

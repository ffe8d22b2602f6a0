package dev.jvmx.vmx.exit;

/**
 * Basic exit reasons (SDM Vol. 3C App. C, Table C-1), with the SDM's number and wording, and
 * when the exit happens relative to the event or instruction that caused it (§28.1):
 * <ul>
 *   <li>{@link Kind#FAULT_LIKE}: before the instruction completes; guest RIP points at it;</li>
 *   <li>{@link Kind#INSTRUCTION}: an instruction that causes a VM exit unconditionally or by a
 *       control; fault-like too (the instruction does not execute), with instruction length
 *       and, for many, instruction information;</li>
 *   <li>{@link Kind#TRAP_LIKE}: after the instruction or event completed (MTF, TPR below
 *       threshold, APIC write, virtualized EOI, I/O SMI, bus lock);</li>
 *   <li>{@link Kind#EVENT}: an event arrives between instructions (interrupts, windows, timer);</li>
 *   <li>{@link Kind#ENTRY_FAILURE}: a VM entry failed (bit 31 of the exit reason is set).</li>
 * </ul>
 * Numbers 35, 38, 42 and 71 are not used by the SDM.
 */
public enum ExitReason {
    EXCEPTION_OR_NMI(0, "Exception or non-maskable interrupt (NMI)", Kind.FAULT_LIKE),
    EXTERNAL_INTERRUPT(1, "External interrupt", Kind.EVENT),
    TRIPLE_FAULT(2, "Triple fault", Kind.EVENT),
    INIT_SIGNAL(3, "INIT signal", Kind.EVENT),
    START_UP_IPI(4, "Start-up IPI (SIPI)", Kind.EVENT),
    IO_SMI(5, "I/O system-management interrupt (SMI)", Kind.TRAP_LIKE),
    OTHER_SMI(6, "Other SMI", Kind.EVENT),
    INTERRUPT_WINDOW(7, "Interrupt window", Kind.EVENT),
    NMI_WINDOW(8, "NMI window", Kind.EVENT),
    TASK_SWITCH(9, "Task switch", Kind.INSTRUCTION),
    CPUID(10, "CPUID", Kind.INSTRUCTION),
    GETSEC(11, "GETSEC", Kind.INSTRUCTION),
    HLT(12, "HLT", Kind.INSTRUCTION),
    INVD(13, "INVD", Kind.INSTRUCTION),
    INVLPG(14, "INVLPG", Kind.INSTRUCTION),
    RDPMC(15, "RDPMC", Kind.INSTRUCTION),
    RDTSC(16, "RDTSC", Kind.INSTRUCTION),
    RSM(17, "RSM", Kind.INSTRUCTION),
    VMCALL(18, "VMCALL", Kind.INSTRUCTION),
    VMCLEAR(19, "VMCLEAR", Kind.INSTRUCTION),
    VMLAUNCH(20, "VMLAUNCH", Kind.INSTRUCTION),
    VMPTRLD(21, "VMPTRLD", Kind.INSTRUCTION),
    VMPTRST(22, "VMPTRST", Kind.INSTRUCTION),
    VMREAD(23, "VMREAD", Kind.INSTRUCTION),
    VMRESUME(24, "VMRESUME", Kind.INSTRUCTION),
    VMWRITE(25, "VMWRITE", Kind.INSTRUCTION),
    VMXOFF(26, "VMXOFF", Kind.INSTRUCTION),
    VMXON(27, "VMXON", Kind.INSTRUCTION),
    CONTROL_REGISTER_ACCESS(28, "Control-register accesses", Kind.INSTRUCTION),
    MOV_DR(29, "MOV DR", Kind.INSTRUCTION),
    IO_INSTRUCTION(30, "I/O instruction", Kind.INSTRUCTION),
    RDMSR(31, "RDMSR", Kind.INSTRUCTION),
    WRMSR(32, "WRMSR", Kind.INSTRUCTION),
    VM_ENTRY_FAILURE_INVALID_GUEST_STATE(33, "VM-entry failure due to invalid guest state", Kind.ENTRY_FAILURE),
    VM_ENTRY_FAILURE_MSR_LOADING(34, "VM-entry failure due to MSR loading", Kind.ENTRY_FAILURE),
    MWAIT(36, "MWAIT", Kind.INSTRUCTION),
    MONITOR_TRAP_FLAG(37, "Monitor trap flag", Kind.TRAP_LIKE),
    MONITOR(39, "MONITOR", Kind.INSTRUCTION),
    PAUSE(40, "PAUSE", Kind.INSTRUCTION),
    VM_ENTRY_FAILURE_MACHINE_CHECK(41, "VM-entry failure due to machine-check event", Kind.ENTRY_FAILURE),
    TPR_BELOW_THRESHOLD(43, "TPR below threshold", Kind.TRAP_LIKE),
    APIC_ACCESS(44, "APIC access", Kind.FAULT_LIKE),
    VIRTUALIZED_EOI(45, "Virtualized EOI", Kind.TRAP_LIKE),
    ACCESS_TO_GDTR_OR_IDTR(46, "Access to GDTR or IDTR", Kind.INSTRUCTION),
    ACCESS_TO_LDTR_OR_TR(47, "Access to LDTR or TR", Kind.INSTRUCTION),
    EPT_VIOLATION(48, "EPT violation", Kind.FAULT_LIKE),
    EPT_MISCONFIGURATION(49, "EPT misconfiguration", Kind.FAULT_LIKE),
    INVEPT(50, "INVEPT", Kind.INSTRUCTION),
    RDTSCP(51, "RDTSCP", Kind.INSTRUCTION),
    VMX_PREEMPTION_TIMER_EXPIRED(52, "VMX-preemption timer expired", Kind.EVENT),
    INVVPID(53, "INVVPID", Kind.INSTRUCTION),
    WBINVD_OR_WBNOINVD(54, "WBINVD or WBNOINVD", Kind.INSTRUCTION),
    XSETBV(55, "XSETBV", Kind.INSTRUCTION),
    APIC_WRITE(56, "APIC write", Kind.TRAP_LIKE),
    RDRAND(57, "RDRAND", Kind.INSTRUCTION),
    INVPCID(58, "INVPCID", Kind.INSTRUCTION),
    VMFUNC(59, "VMFUNC", Kind.INSTRUCTION),
    ENCLS(60, "ENCLS", Kind.INSTRUCTION),
    RDSEED(61, "RDSEED", Kind.INSTRUCTION),
    PAGE_MODIFICATION_LOG_FULL(62, "Page-modification log full", Kind.FAULT_LIKE), // §29.3.6: the access does not occur
    XSAVES(63, "XSAVES", Kind.INSTRUCTION),
    XRSTORS(64, "XRSTORS", Kind.INSTRUCTION),
    PCONFIG(65, "PCONFIG", Kind.INSTRUCTION),
    SPP_RELATED_EVENT(66, "SPP-related event", Kind.FAULT_LIKE),
    UMWAIT(67, "UMWAIT", Kind.INSTRUCTION),
    TPAUSE(68, "TPAUSE", Kind.INSTRUCTION),
    LOADIWKEY(69, "LOADIWKEY", Kind.INSTRUCTION),
    ENCLV(70, "ENCLV", Kind.INSTRUCTION),
    ENQCMD_PASID_TRANSLATION_FAILURE(72, "ENQCMD PASID translation failure", Kind.FAULT_LIKE),
    ENQCMDS_PASID_TRANSLATION_FAILURE(73, "ENQCMDS PASID translation failure", Kind.FAULT_LIKE),
    BUS_LOCK(74, "Bus lock", Kind.TRAP_LIKE),
    INSTRUCTION_TIMEOUT(75, "Instruction timeout", Kind.EVENT),
    SEAMCALL(76, "SEAMCALL", Kind.INSTRUCTION),
    TDCALL(77, "TDCALL", Kind.INSTRUCTION),
    RDMSRLIST(78, "RDMSRLIST", Kind.INSTRUCTION),
    WRMSRLIST(79, "WRMSRLIST", Kind.INSTRUCTION),
    URDMSR(80, "URDMSR", Kind.INSTRUCTION),
    UWRMSR(81, "UWRMSR", Kind.INSTRUCTION);

    /** When the exit is taken relative to its cause (SDM Vol. 3C §28.1). */
    public enum Kind { FAULT_LIKE, INSTRUCTION, TRAP_LIKE, EVENT, ENTRY_FAILURE }

    private static final ExitReason[] BY_NUMBER = new ExitReason[128];

    static {
        for (ExitReason r : values()) {
            BY_NUMBER[r.number] = r;
        }
    }

    private final int number;
    private final String description;
    private final Kind kind;

    ExitReason(int number, String description, Kind kind) {
        this.number = number;
        this.description = description;
        this.kind = kind;
    }

    /** The basic exit reason: bits 15:0 of VM_EXIT_REASON. */
    public int number() {
        return number;
    }

    public String description() {
        return description;
    }

    public Kind kind() {
        return kind;
    }

    /** True if guest RIP still points at the causing instruction after the exit. */
    public boolean faultLike() {
        return kind == Kind.FAULT_LIKE || kind == Kind.INSTRUCTION;
    }

    /** The reason with basic number {@code number}, or null. */
    public static ExitReason ofNumber(int number) {
        return number >= 0 && number < BY_NUMBER.length ? BY_NUMBER[number] : null;
    }
}

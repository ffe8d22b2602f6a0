package dev.jvmx.vmx.exit;

/**
 * Builders for EXIT_QUALIFICATION (SDM Vol. 3C §28.2.1, Tables 28-1 to 28-7). EPT-violation
 * qualifications are built by {@code dev.jvmx.vmx.ept.EptViolationQualification}.
 */
public final class ExitQualification {

    /** VM-entry failure qualifications (§27.8). */
    public static final long ENTRY_FAILURE_DEFAULT = 0;
    public static final long ENTRY_FAILURE_PDPTE = 2;
    public static final long ENTRY_FAILURE_NMI_INJECTION = 3;
    public static final long ENTRY_FAILURE_VMCS_LINK_POINTER = 4;

    /** Control-register access types (Table 28-3, bits 5:4). */
    public enum CrAccessType { MOV_TO_CR, MOV_FROM_CR, CLTS, LMSW }

    /** Task-switch sources (Table 28-2, bits 31:30). */
    public enum TaskSwitchSource { CALL, IRET, JMP, TASK_GATE_IN_IDT }

    private ExitQualification() {
    }

    /**
     * I/O instruction (Table 28-5): size of access [2:0] (0 = 1 byte, 1 = 2, 3 = 4), direction
     * [3] (1 = IN), string [4], REP [5], operand encoding [6] (1 = immediate), port [31:16].
     */
    public static long ioInstruction(int size, boolean in, boolean string, boolean rep,
            boolean immediate, int port) {
        return (size - 1 & 7) | (in ? 1 << 3 : 0) | (string ? 1 << 4 : 0) | (rep ? 1 << 5 : 0)
                | (immediate ? 1 << 6 : 0) | (long) (port & 0xFFFF) << 16;
    }

    /**
     * Control-register access (Table 28-3): CR number [3:0], access type [5:4], LMSW operand type
     * [6] (1 = memory), general-purpose register [11:8], LMSW source data [31:16].
     */
    public static long controlRegisterAccess(int cr, CrAccessType type, int gpr,
            boolean lmswMemory, int lmswSource) {
        return (cr & 0xF) | type.ordinal() << 4 | (lmswMemory ? 1 << 6 : 0) | (gpr & 0xF) << 8
                | (long) (lmswSource & 0xFFFF) << 16;
    }

    /** MOV DR (Table 28-4): DR number [2:0], direction [4] (1 = MOV from DR), GPR [11:8]. */
    public static long movDr(int dr, boolean fromDr, int gpr) {
        return (dr & 7) | (fromDr ? 1 << 4 : 0) | (gpr & 0xF) << 8;
    }

    /** Task switch (Table 28-2): selector [15:0], source [31:30]. */
    public static long taskSwitch(int selector, TaskSwitchSource source) {
        return (selector & 0xFFFF) | (long) source.ordinal() << 30;
    }

    /** Debug exception (Table 28-1): B3:B0 [3:0], BD [13], BS [14]. */
    public static long debugException(int b3to0, boolean bd, boolean bs) {
        return (b3to0 & 0xF) | (bd ? 1 << 13 : 0) | (bs ? 1 << 14 : 0);
    }

    /** APIC access (Table 28-6): page offset [11:0], access type [15:12]. */
    public static long apicAccess(int offset, int accessType) {
        return (offset & 0xFFF) | (accessType & 0xF) << 12;
    }

    /** SIPI: the vector [7:0] (§28.2.1). */
    public static long startUpIpi(int vector) {
        return vector & 0xFF;
    }
}

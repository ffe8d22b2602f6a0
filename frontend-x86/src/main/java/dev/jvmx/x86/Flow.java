package dev.jvmx.x86;

/** How an instruction affects control flow; the block scanner ends a block at anything but NONE. */
public enum Flow {
    NONE,
    /** JMP rel */
    JUMP,
    /** Jcc, JCXZ/JECXZ/JRCXZ, LOOP/LOOPE/LOOPNE: taken or falls through */
    BRANCH,
    /** JMP r/m, JMP far */
    JUMP_INDIRECT,
    CALL,
    CALL_INDIRECT,
    /** RET, RET imm, RETF */
    RETURN,
    /** INT n, INT3, INTO, INT1, SYSCALL, SYSENTER, IRET, SYSRET, SYSEXIT, UD0/1/2 */
    TRAP,
    /** HLT and instructions that leave translated code as exits (CPUID, IN/OUT, VMX, MOV CR, ...) */
    EXIT
}

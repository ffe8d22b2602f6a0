package dev.jvmx.runtime.exec;

import dev.jvmx.runtime.mem.GuestFault;

/**
 * Why a vCPU stopped running guest code and handed control to its monitor. Guest state is
 * committed exactly at an instruction boundary: for SYSCALL, RIP is already past the instruction;
 * for EXCEPTION, RIP is at the faulting instruction (fault-like) or past it (trap-like INT3/INTO).
 *
 * <p>CONTRACT between the executor and the monitors. When the VT-x model lands this becomes the
 * engine's side of a VM exit (architectural basic exit reasons plus engine-defined ones).
 */
public record Exit(Kind kind, GuestFault fault) {
    public enum Kind {
        /** SYSCALL executed at CPL 3 in process mode (engine-defined exit; see docs). */
        SYSCALL,
        /** An exception the guest did not handle itself. */
        EXCEPTION,
        HLT,
        /** The instruction budget given to run() is used up. */
        INSTRUCTION_LIMIT,
        /** A VM exit from VMX non-root operation; the {@link NonRootHook} holds its information. */
        VM_EXIT
    }

    public static final Exit SYSCALL = new Exit(Kind.SYSCALL, null);
    public static final Exit HLT = new Exit(Kind.HLT, null);
    public static final Exit INSTRUCTION_LIMIT = new Exit(Kind.INSTRUCTION_LIMIT, null);
    public static final Exit VM_EXIT = new Exit(Kind.VM_EXIT, null);

    public static Exit exception(GuestFault f) { return new Exit(Kind.EXCEPTION, f); }
}

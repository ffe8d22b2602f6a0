package dev.jvmx.runtime.exec;

import dev.jvmx.x86.Instruction;

/**
 * Executes one decoded instruction. RIP already points past it when the handler runs; a branch
 * sets {@code cpu.rip}. A fault is thrown as {@link dev.jvmx.runtime.mem.GuestFault} before the
 * handler commits anything the interpreter cannot roll back (it restores RIP and flags).
 */
@FunctionalInterface
public interface Handler {
    void exec(ExecContext c, Instruction i);
}

package dev.jvmx.translator;

import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.exec.ExecContext;
import dev.jvmx.runtime.exec.Exit;
import dev.jvmx.runtime.mem.GuestFault;

/**
 * The few static helpers generated code calls besides the shared semantics: leaving a block at a
 * fault with the state of the instruction boundary, and taking an exit a handler requested.
 * Kept out of the generated code so each block's exception path is a handful of bytes.
 */
public final class BlockSupport {
    private BlockSupport() {}

    /** A guest fault in instruction {@code index}: the guest sees the state before that instruction. */
    public static Exit fault(CpuState cpu, FaultMap map, int index, GuestFault f) {
        cpu.rip = map.addresses()[index];
        if (map.restoresFlags()[index]) cpu.restoreFlags();
        return Exit.exception(f);
    }

    /** The exit a handler asked for (SYSCALL, HLT, a trap), clearing the request like the interpreter does. */
    public static Exit takeExit(ExecContext c) {
        Exit e = c.exit;
        c.exit = null;
        return e;
    }
}

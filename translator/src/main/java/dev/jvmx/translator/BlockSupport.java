package dev.jvmx.translator;

import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.exec.Exit;
import dev.jvmx.runtime.mem.GuestFault;

/**
 * The static helper generated code calls besides the shared semantics: leaving a block at a fault
 * in an inline form with the state of the instruction boundary. Kept out of the generated code so
 * each method's exception path is a handful of bytes.
 */
public final class BlockSupport {
    private BlockSupport() {}

    /** A guest fault in inline instruction {@code index}: the guest sees the state before that instruction. */
    public static Exit fault(CpuState cpu, FaultMap map, int index, GuestFault f) {
        cpu.rip = map.addresses()[index];
        return Exit.exception(f);
    }
}

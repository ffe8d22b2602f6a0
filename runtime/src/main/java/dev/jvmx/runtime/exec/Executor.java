package dev.jvmx.runtime.exec;

import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.mem.GuestMemory;

/**
 * Runs guest code on one vCPU until something needs the monitor. CONTRACT between the monitors
 * (process and machine) and the execution tiers (interpreter, later the JIT).
 */
public interface Executor {
    /**
     * Executes instructions from {@code cpu.rip} until an exit. A guest exception the executor cannot
     * deliver inside the guest (process mode: always) ends the run with {@link Exit.Kind#EXCEPTION} and
     * RIP at the faulting instruction. At most {@code maxInstructions} instructions run.
     */
    Exit run(CpuState cpu, GuestMemory memory, long maxInstructions);
}

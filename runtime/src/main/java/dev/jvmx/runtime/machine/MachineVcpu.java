package dev.jvmx.runtime.machine;

import dev.jvmx.runtime.machine.apic.InterruptController;

/**
 * One vCPU as the {@link MachineRunner} drives it. CONTRACT for the CPU side of machine mode:
 * it applies the loader's {@code InitialCpuState}, runs guest code — asking its
 * {@link InterruptController} between instructions — and reports each exit as a
 * {@link MachineExit} with the guest state committed at the instruction boundary (fault-like:
 * RIP at the exiting instruction until {@link #complete(ExitAction)} moves past it).
 */
public interface MachineVcpu {
    /** The vCPU's index (0 = bootstrap processor; also its APIC ID). */
    int index();

    /**
     * Runs until an exit, at most {@code maxInstructions} instructions; a used-up budget is
     * reported as {@link MachineExit.BudgetExhausted}.
     */
    MachineExit run(long maxInstructions);

    /** Applies the monitor's answer to the exit {@link #run} returned last. */
    void complete(ExitAction action);

    /** Instructions retired since power-on. */
    long instructionsRetired();
}

package dev.jvmx.runtime.machine;

import dev.jvmx.runtime.machine.boot.InitialCpuState;

/**
 * What the {@link MachineMonitor} tells the vCPU after an exit — the part of VM-entry the CPU
 * side performs: write a result, inject an exception, wait, start afresh, or stop.
 */
public sealed interface ExitAction {
    /** Continue after the exiting instruction (for INS, the {@code data} of the exit now holds the input). */
    record Resume() implements ExitAction { }

    /**
     * Continue with a result: IN puts it in AL/AX/EAX, an MMIO read in the destination operand,
     * RDMSR in EDX:EAX.
     */
    record ResumeWithValue(long value) implements ExitAction { }

    /** Continue with CPUID's results in EAX, EBX, ECX, EDX. */
    record CpuidResult(int eax, int ebx, int ecx, int edx) implements ExitAction { }

    /** Deliver exception {@code vector} (error code, or -1 for none) at the exiting instruction. */
    record InjectException(int vector, int errorCode) implements ExitAction { }

    /**
     * HLT with interrupts enabled (or on a parked AP). The {@link MachineRunner} has already waited
     * until the vCPU's interrupt controller has an interrupt or NMI (or an INIT is pending) when it
     * passes this to {@link MachineVcpu#complete}: the vCPU continues after the HLT and delivers it.
     * A vCPU driven without the runner must do that wait itself.
     */
    record WaitForInterrupt() implements ExitAction { }

    /** After INIT: reset the vCPU to {@code state} (wait-for-SIPI activity for an application processor). */
    record Reset(InitialCpuState state) implements ExitAction { }

    /** After a start-up IPI: begin executing in {@code state}. */
    record StartAt(InitialCpuState state) implements ExitAction { }

    /** Stop the whole machine. */
    record Stop(MachineStop stop) implements ExitAction { }

    ExitAction RESUME = new Resume();
    ExitAction WAIT = new WaitForInterrupt();
}

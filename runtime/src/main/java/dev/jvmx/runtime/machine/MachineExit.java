package dev.jvmx.runtime.machine;

import dev.jvmx.vmx.ept.EptAccess;
import dev.jvmx.vmx.ept.EptViolationQualification;
import dev.jvmx.vmx.exit.ExitQualification;
import dev.jvmx.vmx.exit.ExitReason;

/**
 * Why a vCPU left guest code and needs the {@link MachineMonitor}: one record per kind of exit a
 * PC platform handles, each naming the architectural basic exit reason it arrives as under VT-x
 * (SDM Vol. 3C App. C) and, where the SDM defines one, its exit qualification. Driven directly
 * (no VMCS yet) the CPU side builds these records itself; under the VT-x model
 * {@link VmExitDecoder} builds the same records from a {@code VmExit}, so devices never notice
 * the difference.
 */
public sealed interface MachineExit {
    /** The basic exit reason this exit is under VT-x. */
    ExitReason reason();

    /**
     * IN, OUT, INS or OUTS (exit reason 30; qualification SDM Vol. 3C Table 28-5). For OUT,
     * {@code value} is the data; for string forms {@code data} holds {@code count} elements of
     * {@code size} bytes (OUTS: filled by the CPU side from guest memory; INS: filled by the
     * monitor for the CPU side to store), as KVM's {@code kvm_run.io} does.
     */
    record Io(int port, int size, boolean in, boolean string, boolean rep, boolean immediate, int value,
            int count, byte[] data) implements MachineExit {
        public static Io in(int port, int size) { return new Io(port, size, true, false, false, false, 0, 1, null); }

        public static Io out(int port, int size, int value) {
            return new Io(port, size, false, false, false, false, value, 1, null);
        }

        public static Io ins(int port, int size, int count, boolean rep) {
            return new Io(port, size, true, true, rep, false, 0, count, new byte[size * count]);
        }

        public static Io outs(int port, int size, byte[] data, boolean rep) {
            return new Io(port, size, false, true, rep, false, 0, data.length / size, data);
        }

        @Override public ExitReason reason() { return ExitReason.IO_INSTRUCTION; }

        public long qualification() {
            return ExitQualification.ioInstruction(size, in, string, rep, immediate, port);
        }
    }

    /** A physical access that is not RAM (exit reason 48 with EPT mapping only RAM; Table 28-7). */
    record Mmio(long address, int size, boolean write, long value) implements MachineExit {
        @Override public ExitReason reason() { return ExitReason.EPT_VIOLATION; }

        public long qualification() {
            return EptViolationQualification.of(write ? EptAccess.WRITE : EptAccess.READ, 0,
                    EptViolationQualification.GuestLinear.NONE);
        }
    }

    /** HLT (exit reason 12); {@code interruptsEnabled} is RFLAGS.IF at the instruction. */
    record Hlt(boolean interruptsEnabled) implements MachineExit {
        @Override public ExitReason reason() { return ExitReason.HLT; }
    }

    /** CPUID with EAX = {@code leaf}, ECX = {@code subleaf} (exit reason 10). */
    record Cpuid(int leaf, int subleaf) implements MachineExit {
        @Override public ExitReason reason() { return ExitReason.CPUID; }
    }

    /** RDMSR of ECX = {@code msr} (exit reason 31). */
    record Rdmsr(int msr) implements MachineExit {
        @Override public ExitReason reason() { return ExitReason.RDMSR; }
    }

    /** WRMSR of EDX:EAX = {@code value} to ECX = {@code msr} (exit reason 32). */
    record Wrmsr(int msr, long value) implements MachineExit {
        @Override public ExitReason reason() { return ExitReason.WRMSR; }
    }

    /** A triple fault: the processor would shut down (exit reason 2). */
    record TripleFault() implements MachineExit {
        @Override public ExitReason reason() { return ExitReason.TRIPLE_FAULT; }
    }

    /** An INIT signal arrived for this vCPU (exit reason 3). */
    record InitSignal() implements MachineExit {
        @Override public ExitReason reason() { return ExitReason.INIT_SIGNAL; }
    }

    /** A start-up IPI with {@code vector} arrived while waiting for SIPI (exit reason 4). */
    record StartupIpi(int vector) implements MachineExit {
        @Override public ExitReason reason() { return ExitReason.START_UP_IPI; }
    }

    /**
     * The instruction budget of this run is used up. Under VT-x this is the VMX-preemption timer
     * (exit reason 52), which is how the monitor bounds a run and checks its limits.
     */
    record BudgetExhausted() implements MachineExit {
        @Override public ExitReason reason() { return ExitReason.VMX_PREEMPTION_TIMER_EXPIRED; }
    }
}

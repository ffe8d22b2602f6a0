package dev.jvmx.vmx;

import dev.jvmx.vmx.exit.ExitReason;
import dev.jvmx.vmx.exit.VmExit;

/**
 * What a VMX instruction did (SDM Vol. 3C §31.2 "Conventions", §31.3 pseudocode). The runtime
 * maps each variant: a {@link Fault} becomes its own exception delivery, {@link #applyTo(long)}
 * gives the RFLAGS after VMsucceed / VMfailInvalid / VMfailValid, an {@link ExitToRoot} becomes a
 * VM exit with the instruction's exit information, an {@link Entered} resumes non-root operation.
 */
public sealed interface VmxOutcome {

    /** RFLAGS bits VMX conventions touch: CF, PF, AF, ZF, SF, OF (§31.2). */
    long STATUS_FLAGS = 0x1 | 0x4 | 0x10 | 0x40 | 0x80 | 0x800;
    long CF = 0x1;
    long ZF = 0x40;

    /** VMsucceed: all six status flags cleared; {@code value} is the VMREAD / VMPTRST result. */
    record Succeeded(long value) implements VmxOutcome {
    }

    /** VMfailInvalid: CF = 1, the other status flags cleared (no current VMCS). */
    record FailedInvalid() implements VmxOutcome {
    }

    /** VMfailValid: ZF = 1, other status flags cleared; the error is in VM_INSTRUCTION_ERROR. */
    record FailedValid(VmInstructionError error) implements VmxOutcome {
    }

    /** The instruction faults instead of completing: #UD or #GP(0) in this model. */
    record Fault(Vector vector, int errorCode) implements VmxOutcome {
    }

    /** The instruction completed without touching RFLAGS (VMFUNC EPTP switching). */
    record Completed() implements VmxOutcome {
    }

    /** In VMX non-root operation the instruction causes a VM exit with {@code reason}. */
    record ExitToRoot(ExitReason reason) implements VmxOutcome {
    }

    /** VMLAUNCH / VMRESUME entered VMX non-root operation (guest state is loaded). */
    record Entered(boolean launch) implements VmxOutcome {
    }

    /**
     * VM entry failed after the controls and host state were checked (exit reason 33 or 34 with
     * bit 31 set, §27.8); host state is loaded and {@code exit} was written to the VMCS.
     */
    record EntryFailed(VmExit exit) implements VmxOutcome {
    }

    /** Exception vectors a VMX instruction can raise by itself. */
    enum Vector {
        UD(6), GP(13);

        private final int number;

        Vector(int number) {
            this.number = number;
        }

        public int number() {
            return number;
        }
    }

    /** Shared instances. */
    Fault UD = new Fault(Vector.UD, 0);
    Fault GP0 = new Fault(Vector.GP, 0);
    Succeeded SUCCEED = new Succeeded(0);
    FailedInvalid FAIL_INVALID = new FailedInvalid();

    /** RFLAGS after this outcome (§31.2); unchanged for faults, exits and entries. */
    default long applyTo(long rflags) {
        return switch (this) {
            case Succeeded s -> rflags & ~STATUS_FLAGS;
            case FailedInvalid f -> (rflags & ~STATUS_FLAGS) | CF;
            case FailedValid f -> (rflags & ~STATUS_FLAGS) | ZF;
            default -> rflags;
        };
    }
}

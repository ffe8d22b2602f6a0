package dev.jvmx.vmx.exit;

/**
 * One VM exit with its exit information (SDM Vol. 3C §28.2): what the monitor receives, as KVM
 * user space receives {@code kvm_run}. Fields not meaningful for a reason are 0.
 *
 * <p>VM_EXIT_REASON (§25.9.1, Table 25-18):
 * <pre>
 *  31  30  29  28  27  26       16 15             0
 * +---+---+---+---+---+-----------+----------------+
 * | F | 0 | R | M | E | reserved  |  basic reason  |
 * +---+---+---+---+---+-----------+----------------+
 *   F VM-entry failure, R VM exit from VMX root operation (SMM),
 *   M pending MTF VM exit, E incident to enclave mode
 * </pre>
 */
public record VmExit(
        ExitReason reason,
        boolean entryFailure,
        long qualification,
        long guestLinearAddress,
        long guestPhysicalAddress,
        int instructionLength,
        int instructionInformation,
        int interruptionInformation,
        int interruptionErrorCode,
        int idtVectoringInformation,
        int idtVectoringErrorCode) {

    /** Bit 31 of VM_EXIT_REASON. */
    public static final int ENTRY_FAILURE_BIT = 1 << 31;

    /** An exit with only a reason (e.g. HLT, CPUID with its instruction length set later). */
    public static VmExit of(ExitReason reason) {
        return builder(reason).build();
    }

    public static Builder builder(ExitReason reason) {
        return new Builder(reason);
    }

    /** A VM-entry failure (reason 33, 34 or 41) with bit 31 set and its qualification (§27.8). */
    public static VmExit entryFailure(ExitReason reason, long qualification) {
        return builder(reason).entryFailure().qualification(qualification).build();
    }

    /** The value of the VM_EXIT_REASON field. */
    public int exitReasonField() {
        return reason.number() | (entryFailure ? ENTRY_FAILURE_BIT : 0);
    }

    /** Assembles a {@link VmExit}. */
    public static final class Builder {
        private final ExitReason reason;
        private boolean entryFailure;
        private long qualification;
        private long guestLinear;
        private long guestPhysical;
        private int length;
        private int info;
        private int interruption;
        private int interruptionError;
        private int idtVectoring;
        private int idtVectoringError;

        private Builder(ExitReason reason) {
            this.reason = reason;
        }

        public Builder entryFailure() {
            this.entryFailure = true;
            return this;
        }

        public Builder qualification(long value) {
            this.qualification = value;
            return this;
        }

        public Builder guestLinearAddress(long value) {
            this.guestLinear = value;
            return this;
        }

        public Builder guestPhysicalAddress(long value) {
            this.guestPhysical = value;
            return this;
        }

        public Builder instructionLength(int value) {
            this.length = value;
            return this;
        }

        public Builder instructionInformation(int value) {
            this.info = value;
            return this;
        }

        public Builder interruption(InterruptionInfo value, int errorCode) {
            this.interruption = value.value();
            this.interruptionError = errorCode;
            return this;
        }

        public Builder idtVectoring(InterruptionInfo value, int errorCode) {
            this.idtVectoring = value.value();
            this.idtVectoringError = errorCode;
            return this;
        }

        public VmExit build() {
            return new VmExit(reason, entryFailure, qualification, guestLinear, guestPhysical,
                    length, info, interruption, interruptionError, idtVectoring,
                    idtVectoringError);
        }
    }
}

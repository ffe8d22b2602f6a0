package dev.jvmx.vmx.ept;

import dev.jvmx.vmx.exit.ExitReason;
import dev.jvmx.vmx.exit.VmExit;

/**
 * VM exits for EPT walk failures (SDM Vol. 3C §28.2.1): an EPT violation carries the
 * qualification of Table 28-7, the guest-physical address and, if qualification bit 7 is set,
 * the guest-linear address; an EPT misconfiguration carries only the guest-physical address.
 */
public final class EptExits {

    private EptExits() {
    }

    /** The exit for a failed walk of {@code gpa}; null for a translation. */
    public static VmExit of(EptWalkResult result, long gpa, long guestLinearAddress) {
        return switch (result) {
            case EptWalkResult.Violation v -> VmExit.builder(ExitReason.EPT_VIOLATION)
                    .qualification(v.qualification()).guestPhysicalAddress(gpa)
                    .guestLinearAddress((v.qualification()
                            & EptViolationQualification.LINEAR_ADDRESS_VALID) != 0
                            ? guestLinearAddress : 0)
                    .build();
            case EptWalkResult.Misconfiguration m ->
                    VmExit.builder(ExitReason.EPT_MISCONFIGURATION).guestPhysicalAddress(gpa).build();
            case EptWalkResult.LogFull f -> VmExit.builder(ExitReason.PAGE_MODIFICATION_LOG_FULL).build();
            case EptWalkResult.Translation t -> null;
        };
    }
}

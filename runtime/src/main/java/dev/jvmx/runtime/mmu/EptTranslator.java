package dev.jvmx.runtime.mmu;

import dev.jvmx.vmx.ept.EptPointer;
import dev.jvmx.vmx.ept.EptViolationQualification.GuestLinear;
import dev.jvmx.vmx.ept.EptWalkResult;
import dev.jvmx.vmx.ept.EptWalker;
import dev.jvmx.vmx.ept.EptAccess;
import dev.jvmx.vmx.ept.PageModificationLog;

/**
 * Guest-physical to host-physical through EPT (SDM Vol. 3C §29.3) for the {@link Mmu}: one per
 * VM entry with "enable EPT" (the EPTP is fixed while the guest runs; EPTP switching by VMFUNC
 * installs a new one). Failures become {@link EptViolationException} / {@link
 * EptMisconfigurationException}, to be turned into VM exits by the vCPU.
 *
 * <p>Accesses to guest paging structures are guest-physical accesses too (§29.3.3.2): reads, and
 * writes when the processor sets accessed/dirty flags. With EPT A/D flags enabled (EPTP bit 6)
 * every access to a guest paging structure is treated as a write (§29.3.5). With "enable PML"
 * the walk logs the pages whose EPT dirty flags it sets (§29.3.6); a full log becomes {@link
 * PageModificationLogFullException}.
 */
public final class EptTranslator {
    private final EptWalker walker;
    private final EptPointer eptp;
    private final PageModificationLog pml;

    public EptTranslator(EptWalker walker, EptPointer eptp) {
        this(walker, eptp, null);
    }

    /** With {@code pml} non-null when "enable PML" is 1. */
    public EptTranslator(EptWalker walker, EptPointer eptp, PageModificationLog pml) {
        this.walker = walker;
        this.eptp = eptp;
        this.pml = pml;
    }

    public EptPointer eptp() { return eptp; }

    /**
     * Translates {@code gpa}; {@code linear} says what the guest-linear-address field holds and
     * {@code la} is that address. Returns the walk's {@link EptWalkResult.Translation}.
     */
    public EptWalkResult.Translation translate(long gpa, EptAccess access, GuestLinear linear, long la) {
        EptWalkResult r = walker.walk(eptp, gpa, access, linear, pml);
        return switch (r) {
            case EptWalkResult.Translation t -> t;
            case EptWalkResult.Violation v -> throw new EptViolationException(v.qualification(), gpa, la);
            case EptWalkResult.Misconfiguration m -> throw new EptMisconfigurationException(gpa, m.level());
            case EptWalkResult.LogFull f -> throw new PageModificationLogFullException(gpa, la);
        };
    }

    /** Host-physical address of a guest paging-structure entry at {@code gpa}. */
    public long pagingStructure(long gpa, boolean write, long la) {
        EptAccess a = write || eptp.accessedDirtyEnabled() ? EptAccess.WRITE : EptAccess.READ;
        return translate(gpa, a, GuestLinear.PAGING_STRUCTURE, la).hostPhysical();
    }
}

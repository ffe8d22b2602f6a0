package dev.jvmx.runtime.mmu;

import static dev.jvmx.runtime.mmu.PagingContext.*;

import dev.jvmx.vmx.ept.EptPointer;
import dev.jvmx.vmx.ept.InveptType;
import dev.jvmx.vmx.ept.InvvpidType;

/**
 * What control-register writes and the invalidation instructions do to the TLB and the PAE PDPTE
 * registers (SDM Vol. 3A §4.10.4.1, §4.4.1; Vol. 3C §29.4.3). Each {@code onXxxWrite} takes the
 * instruction's new value before the vCPU commits it: it may throw #GP(0) (PDPTE reserved bits)
 * or an EPT exit (PDPTE loads), in which case nothing has changed.
 */
final class TlbControl {
    private static final long CR0_PDPTE_RELOAD = CR0_PG | 1L << 30 | 1L << 29; // PG, CD, NW
    private static final long CR4_PDPTE_RELOAD = CR4_PAE | CR4_PGE | CR4_PSE | CR4_SMEP;

    private final Translator t;

    TlbControl(Translator t) { this.t = t; }

    void onCr3Write(long value) {
        PagingControls next = t.controls.withCr3(value);
        if (next.mode() == PagingMode.PAE) t.pdptes = t.walker.loadPdptes(value);
        if (!next.pcide()) {
            dropNonGlobal(0);
        } else if ((value & CR3_NO_FLUSH) == 0) {
            dropNonGlobal((int) (value & CR3_PCID_MASK));
        }
        t.controls = next;
        t.refreshFast();
    }

    void onControlWrite(PagingControls next) {
        PagingControls prev = t.controls;
        boolean reload = next.mode() == PagingMode.PAE && (prev.mode() != PagingMode.PAE
                || ((prev.cr0() ^ next.cr0()) & CR0_PDPTE_RELOAD) != 0
                || ((prev.cr4() ^ next.cr4()) & CR4_PDPTE_RELOAD) != 0);
        if (reload) t.pdptes = t.walker.loadPdptes(next.cr3());
        long cr4Changed = prev.cr4() ^ next.cr4();
        if (prev.mode() != next.mode() || (cr4Changed & CR4_PGE) != 0 || prev.pcide() && !next.pcide()) {
            t.tlb.flushAll();
        } else if ((cr4Changed & (CR4_PSE | CR4_PAE)) != 0 || (cr4Changed & next.cr4() & CR4_SMEP) != 0) {
            int pcid = prev.pcid();
            t.tlb.invalidateIf(i -> t.currentVpid(i) && t.tlb.pcid[i] == pcid);
        }
        t.controls = next;
        t.refreshFast();
    }

    /** Drops the non-global entries of {@code pcid} in the current VPID (MOV CR3, INVPCID type 1). */
    private void dropNonGlobal(int pcid) {
        t.tlb.invalidateIf(i -> t.currentVpid(i) && t.tlb.pcid[i] == pcid && !t.global(i));
    }

    void invlpg(long la) {
        long page = lin(la) >>> 12;
        t.tlb.invalidatePage(page, i -> t.currentVpid(i) && (t.tlb.pcid[i] == t.curPcid || t.global(i)));
    }

    void invpcid(InvpcidType type, int pcid, long la) {
        switch (type) {
            case INDIVIDUAL_ADDRESS -> t.tlb.invalidatePage(lin(la) >>> 12,
                    i -> t.currentVpid(i) && t.tlb.pcid[i] == pcid && !t.global(i));
            case SINGLE_CONTEXT -> dropNonGlobal(pcid);
            case ALL_CONTEXT_INCLUDING_GLOBALS -> t.tlb.invalidateIf(t::currentVpid);
            case ALL_CONTEXT -> t.tlb.invalidateIf(i -> t.currentVpid(i) && !t.global(i));
        }
    }

    /** INVVPID (Vol. 3C §29.4.3.3): linear and combined mappings by VPID, globals included. */
    void invvpid(InvvpidType type, int vpid, long la) {
        switch (type) {
            case INDIVIDUAL_ADDRESS -> t.tlb.invalidatePage(la >>> 12, i -> t.tlb.vpid[i] == vpid);
            case SINGLE_CONTEXT -> t.tlb.invalidateIf(i -> t.tlb.vpid[i] == vpid);
            case ALL_CONTEXT -> t.tlb.invalidateIf(i -> t.tlb.vpid[i] != 0);
            case SINGLE_CONTEXT_RETAINING_GLOBALS -> t.tlb.invalidateIf(i -> t.tlb.vpid[i] == vpid && !t.global(i));
        }
    }

    /** INVEPT (Vol. 3C §29.4.3.1): combined mappings by EPTRTA. */
    void invept(InveptType type, long eptp) {
        long rta = new EptPointer(eptp).pml4Address();
        t.tlb.invalidateIf(i -> t.tlb.eptrta[i] != -1
                && (type == InveptType.ALL_CONTEXT || t.tlb.eptrta[i] == rta));
    }

    private long lin(long la) {
        return t.controls.mode().linearBits() == 32 ? la & 0xFFFF_FFFFL : la;
    }
}

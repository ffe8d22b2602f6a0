package dev.jvmx.runtime.mmu;

import static dev.jvmx.runtime.mmu.PagingContext.*;

/**
 * The control-register values the {@link Mmu} translates with, captured when the vCPU writes
 * them (the instruction's new value, before it commits) or at {@link Mmu#sync()}.
 */
public record PagingControls(long cr0, long cr3, long cr4, long efer, PagingMode mode) {

    public static PagingControls of(long cr0, long cr3, long cr4, long efer) {
        return new PagingControls(cr0, cr3 & ~CR3_NO_FLUSH, cr4, efer, PagingMode.of(cr0, cr4, efer));
    }

    public static PagingControls of(PagingContext c) { return of(c.cr0(), c.cr3(), c.cr4(), c.efer()); }

    public boolean wp() { return (cr0 & CR0_WP) != 0; }

    /** XD bits are honoured (PAE or 4-level paging with EFER.NXE = 1). */
    public boolean nxe() { return mode.executeDisable(efer); }

    public boolean pse() { return (cr4 & CR4_PSE) != 0; }

    public boolean pge() { return (cr4 & CR4_PGE) != 0; }

    public boolean pcide() { return (cr4 & CR4_PCIDE) != 0; }

    public boolean smep() { return (cr4 & CR4_SMEP) != 0; }

    public boolean smap() { return (cr4 & CR4_SMAP) != 0; }

    /** Protection keys apply: 4-level paging with CR4.PKE = 1 (SDM Vol. 3A §4.6.2). */
    public boolean pke() { return mode == PagingMode.LEVEL4 && (cr4 & CR4_PKE) != 0; }

    /** The current PCID: CR3[11:0] with CR4.PCIDE = 1, else 000H (§4.10.1). */
    public int pcid() { return pcide() ? (int) (cr3 & CR3_PCID_MASK) : 0; }

    /** The I/D bit of a fetch's #PF error code is defined (§4.7). */
    public boolean fetchFaultsMarked() { return smep() || nxe(); }

    public PagingControls withCr0(long v) { return of(v, cr3, cr4, efer); }

    public PagingControls withCr3(long v) { return of(cr0, v, cr4, efer); }

    public PagingControls withCr4(long v) { return of(cr0, cr3, v, efer); }

    public PagingControls withEfer(long v) { return of(cr0, cr3, cr4, v); }
}

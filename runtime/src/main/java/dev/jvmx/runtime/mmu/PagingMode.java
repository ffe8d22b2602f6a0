package dev.jvmx.runtime.mmu;

import static dev.jvmx.runtime.mmu.PagingContext.*;

/** The paging mode selected by CR0.PG, CR4.PAE and IA32_EFER.LME (SDM Vol. 3A §4.1.1, Table 4-1). */
public enum PagingMode {
    /** CR0.PG = 0: linear addresses are physical (32 bits wide). */
    NONE(32),
    /** CR0.PG = 1, CR4.PAE = 0: two levels of 4-byte entries, 4-KByte and 4-MByte pages (§4.3). */
    BITS32(32),
    /** CR0.PG = 1, CR4.PAE = 1, EFER.LME = 0: four PDPTE registers, then 8-byte entries (§4.4). */
    PAE(32),
    /** CR0.PG = 1, CR4.PAE = 1, EFER.LME = 1: PML4, PDPT, PD, PT; 4K, 2M and 1G pages (§4.5). */
    LEVEL4(48);

    private final int linearBits;

    PagingMode(int linearBits) { this.linearBits = linearBits; }

    /** Width of the linear addresses this mode translates. */
    public int linearBits() { return linearBits; }

    /** Whether execute-disable (XD, bit 63) exists: PAE and 4-level paging with EFER.NXE = 1 (§4.6). */
    public boolean executeDisable(long efer) {
        return (this == PAE || this == LEVEL4) && (efer & EFER_NXE) != 0;
    }

    public static PagingMode of(long cr0, long cr4, long efer) {
        if ((cr0 & CR0_PG) == 0) return NONE;
        if ((cr4 & CR4_PAE) == 0) return BITS32;
        return (efer & EFER_LME) != 0 ? LEVEL4 : PAE;
    }

    public static PagingMode of(PagingContext c) { return of(c.cr0(), c.cr4(), c.efer()); }
}

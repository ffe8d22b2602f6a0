package dev.jvmx.runtime.mmu;

/**
 * Reserved bits of paging-structure entries for a given MAXPHYADDR (SDM Vol. 3A §4.3 Table 4-4 ..
 * 4-6, §4.4 Tables 4-8 .. 4-11, §4.5 Tables 4-14 .. 4-20). A present entry with one of them set
 * stops the walk with #PF(P|RSVD); a PAE PDPTE with one set makes the MOV that loads it #GP(0).
 */
final class ReservedBits {
    static final long XD = 1L << 63;
    static final long PS = 1L << 7;
    private static final long BITS_20_13 = 0x1F_E000L;
    private static final long BITS_29_13 = 0x3FFF_E000L;
    private static final long PDPTE_REGISTER_LOW = 0x1E6L; // bits 8:5 and 2:1

    final int maxPhyAddr;
    /** Bits 51:MAXPHYADDR (4-level paging; bits 62:52 are ignored or protection keys). */
    final long above51;
    /** Bits 62:MAXPHYADDR (PAE paging has no ignored high bits). */
    final long above62;
    /** Bits 21:(M-19) of a 4-MByte PDE, M = min(MAXPHYADDR, 40) (PSE-36). */
    final long pse36;
    /** Bits M-1:12: a 4-KByte-aligned physical address. */
    final long addressMask;

    ReservedBits(int maxPhyAddr) {
        if (maxPhyAddr < 32 || maxPhyAddr > 52) throw new IllegalArgumentException("MAXPHYADDR " + maxPhyAddr);
        this.maxPhyAddr = maxPhyAddr;
        long fromM = -1L << maxPhyAddr;
        this.above51 = maxPhyAddr == 52 ? 0 : fromM & ((1L << 52) - 1);
        this.above62 = fromM & ~XD;
        int m = Math.min(maxPhyAddr, 40);
        this.pse36 = ((1L << 22) - 1) & (-1L << (m - 19));
        this.addressMask = ((1L << maxPhyAddr) - 1) & ~0xFFFL;
    }

    /** Physical-address bits a 4-MByte PDE supplies above bit 31 (bits M-20:13, PSE-36). */
    long pse36High(long pde) {
        int m = Math.min(maxPhyAddr, 40);
        return ((pde >>> 13) & ((1L << (m - 32)) - 1)) << 32;
    }

    /** Reserved bits of an entry at {@code level} (1 = PTE .. 4 = PML4E), {@code large} for a PS=1 leaf. */
    long mask(PagingMode mode, int level, boolean large, boolean nxe) {
        long xd = nxe ? 0 : XD;
        return switch (mode) {
            case BITS32 -> large ? pse36 : 0;
            case PAE -> above62 | xd | (large ? BITS_20_13 : 0);
            case LEVEL4 -> above51 | xd | (level == 4 ? PS : 0)
                    | (large ? (level == 3 ? BITS_29_13 : BITS_20_13) : 0);
            case NONE -> 0;
        };
    }

    /** Reserved bits of a PAE PDPTE register (Table 4-8): 63:MAXPHYADDR, 8:5, 2:1. */
    long pdpteRegister() { return above62 | XD | PDPTE_REGISTER_LOW; }
}

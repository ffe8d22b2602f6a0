package dev.jvmx.runtime.mmu;

import dev.jvmx.runtime.mem.GuestFault;
import dev.jvmx.vmx.ept.EptAccess;
import dev.jvmx.vmx.ept.EptViolationQualification.GuestLinear;

/**
 * The linear-address translation of SDM Vol. 3A ch. 4 for 32-bit (§4.3), PAE (§4.4) and 4-level
 * (§4.5) paging: reads the paging-structure entries, stops with #PF on a non-present entry (P=0)
 * or a reserved bit (P|RSVD), checks the access rights (§4.6) and only then sets the accessed
 * flags of every entry walked and, for a write, the leaf's dirty flag (§4.8), each with an atomic
 * compare-and-set; if an entry changed under it, the walk starts again. A walk that faults sets
 * no flag. PAE PDPTEs come from the registers loaded by {@link #loadPdptes} (§4.4.1) and have no
 * accessed flag. One walker per vCPU (it keeps the entries of the walk in progress).
 */
final class PageWalker {
    private static final int MAX_RETRIES = 16;
    private static final long P = 1, RW = 2, US = 4, ACCESSED = 1 << 5, DIRTY = 1 << 6, G = 1 << 8;

    private final PhysicalAccess phys;
    final ReservedBits reserved;
    EptTranslator ept;

    // The walk in progress: host-physical entry addresses and values, top level first.
    private final long[] entryAddress = new long[4];
    private final long[] entryValue = new long[4];
    private int entries;
    private int entrySize;

    /** Result of the last successful walk: guest-physical 4-KByte frame and rights. */
    long frame;
    int rights;

    PageWalker(PhysicalAccess phys, int maxPhyAddr) {
        this.phys = phys;
        this.reserved = new ReservedBits(maxPhyAddr);
    }

    /**
     * Translates {@code la}; on success {@link #frame} and {@link #rights} hold the result.
     * {@code user}: a user-mode access (CPL 3, not implicit); {@code ac}: RFLAGS.AC.
     */
    void walk(PagingControls c, long[] pdptes, long la, AccessKind k, boolean user, boolean implicit,
            boolean ac, int pkru) {
        int base = AccessRights.baseErrorCode(k, user, c);
        for (int attempt = 0; ; attempt++) {
            int r = walkEntries(c, pdptes, la, base);
            int violation = AccessRights.check(r, k, user, implicit, ac, pkru, c);
            if (violation != 0) throw PageFaults.of(la, base | violation);
            // Entries in MMIO may never compare equal: after MAX_RETRIES the flags are given up.
            if (setAccessedDirty(k == AccessKind.WRITE, la) || attempt == MAX_RETRIES) {
                rights = k == AccessKind.WRITE ? r | AccessRights.DIRTY : r;
                return;
            }
        }
    }

    private int walkEntries(PagingControls c, long[] pdptes, long la, int base) {
        entries = 0;
        PagingMode mode = c.mode();
        entrySize = mode == PagingMode.BITS32 ? 4 : 8;
        int level;
        long table;
        int r = AccessRights.WRITABLE | AccessRights.USER;
        switch (mode) {
            case BITS32 -> { level = 2; table = c.cr3() & 0xFFFF_F000L; }
            case PAE -> {
                long pdpte = pdptes[(int) (la >>> 30) & 3];
                if ((pdpte & P) == 0) throw PageFaults.of(la, base);
                level = 2;
                table = pdpte & reserved.addressMask;
            }
            case LEVEL4 -> { level = 4; table = c.cr3() & reserved.addressMask; }
            default -> throw new IllegalStateException("paging is off");
        }
        for (;; level--) {
            int shift = mode == PagingMode.BITS32 ? 12 + 10 * (level - 1) : 12 + 9 * (level - 1);
            long index = (la >>> shift) & (mode == PagingMode.BITS32 ? 0x3FF : 0x1FF);
            long e = readEntry(table + index * entrySize, la);
            if ((e & P) == 0) throw PageFaults.of(la, base);
            boolean large = level > 1 && (e & ReservedBits.PS) != 0 && largeAllowed(mode, level, c);
            if ((e & reserved.mask(mode, level, large, c.nxe())) != 0) {
                throw PageFaults.of(la, base | PageFaults.P | PageFaults.RSVD);
            }
            r &= (int) (e & RW) != 0 ? ~0 : ~AccessRights.WRITABLE;
            r &= (int) (e & US) != 0 ? ~0 : ~AccessRights.USER;
            if (mode != PagingMode.BITS32 && e < 0) r |= AccessRights.XD;
            if (level == 1 || large) return leaf(c, e, la, shift, large, r);
            table = mode == PagingMode.BITS32 ? e & 0xFFFF_F000L : e & reserved.addressMask;
        }
    }

    private static boolean largeAllowed(PagingMode mode, int level, PagingControls c) {
        return switch (mode) {
            case BITS32 -> c.pse();
            case PAE -> level == 2;
            default -> level <= 3;
        };
    }

    private int leaf(PagingControls c, long e, long la, int shift, boolean large, int r) {
        long pageMask = (1L << shift) - 1;
        long pageBase;
        if (c.mode() == PagingMode.BITS32) {
            pageBase = large ? (e & 0xFFC0_0000L) | reserved.pse36High(e) : e & 0xFFFF_F000L;
        } else {
            pageBase = e & reserved.addressMask & ~pageMask;
        }
        frame = pageBase | (la & pageMask & ~0xFFFL);
        if ((e & DIRTY) != 0) r |= AccessRights.DIRTY;
        if ((e & G) != 0 && c.pge()) r |= AccessRights.GLOBAL;
        if (c.mode() == PagingMode.LEVEL4) r |= (int) (e >>> 59 & 0xF) << 8;
        return r | (large ? shift : 12) << 16;
    }

    private long readEntry(long gpa, long la) {
        long hpa = ept == null ? gpa : ept.pagingStructure(gpa, false, la);
        entryAddress[entries] = gpa;
        long e = phys.read(hpa, entrySize);
        entryValue[entries++] = e;
        return e;
    }

    /** §4.8: A in every entry used, D in the leaf for a write; false if an entry changed meanwhile. */
    private boolean setAccessedDirty(boolean write, long la) {
        for (int i = 0; i < entries; i++) {
            long old = entryValue[i];
            long now = old | ACCESSED | (write && i == entries - 1 ? DIRTY : 0);
            if (now == old) continue;
            long hpa = ept == null ? entryAddress[i] : ept.pagingStructure(entryAddress[i], true, la);
            if (!phys.compareAndSet(hpa, entrySize, old, now)) return false;
        }
        return true;
    }

    /**
     * Loads the four PAE PDPTE registers from the 32-byte-aligned table at CR3[31:5] (§4.4.1);
     * #GP(0) if a present one has a reserved bit set (Table 4-8). Not-present PDPTEs are kept:
     * using one raises #PF(P=0).
     */
    long[] loadPdptes(long cr3) {
        long table = cr3 & 0xFFFF_FFE0L;
        long[] pdptes = new long[4];
        for (int i = 0; i < 4; i++) {
            long gpa = table + 8L * i;
            long hpa = ept == null ? gpa
                    : ept.translate(gpa, EptAccess.READ, GuestLinear.NONE, 0).hostPhysical();
            pdptes[i] = phys.read(hpa, 8);
            if ((pdptes[i] & P) != 0 && (pdptes[i] & reserved.pdpteRegister()) != 0) {
                throw GuestFault.of(GuestFault.GP, 0);
            }
        }
        return pdptes;
    }
}

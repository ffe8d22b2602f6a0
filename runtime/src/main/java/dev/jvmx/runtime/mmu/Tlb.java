package dev.jvmx.runtime.mmu;

import java.util.Arrays;

/**
 * The software TLB (DESIGN.md "Memory"; SDM Vol. 3A §4.10.2): direct-mapped by linear page
 * number, one 4-KByte granule per entry (a 2M/4M/1G page fills one entry per granule used).
 *
 * <p>The index is {@code (page ^ salt) & MASK} with a salt derived from the current PCID and VPID,
 * so that the same page cached for several PCIDs or VPIDs (or a global page cached while different PCIDs were
 * current) can sit in different entries; consecutive pages never share an entry. Invalidation by
 * address therefore scans the whole table (1024 compares).
 *
 * <p>Two layers share the index. The <em>architectural</em> entry ({@link #vpn}, {@link #pcid},
 * {@link #vpid}, {@link #eptrta}, {@link #hostPage}, {@link #rights}) is what a hardware TLB
 * caches: it is used, stale or not, until an invalidation removes it. The <em>fast tags</em>
 * ({@link #read}, {@link #write}, {@link #exec}; supervisor half then user half) say that an
 * access of that kind at that privilege needs no check at all: the tag equals the page number
 * only if the entry belongs to the current PCID/VPID/EPTRTA, the page is RAM, the access is
 * allowed, and for writes the dirty flag is set and the page holds no translated code. The fast
 * tags are derived data, recomputed by the {@link Translator} whenever a control they depend on changes.
 */
final class Tlb {
    static final int BITS = 10;
    static final int SIZE = 1 << BITS;
    static final int MASK = SIZE - 1;
    static final long INVALID = -1L;

    final long[] vpn = new long[SIZE];
    final int[] pcid = new int[SIZE];
    final int[] vpid = new int[SIZE];
    final long[] eptrta = new long[SIZE];
    final long[] hostPage = new long[SIZE];
    final int[] rights = new int[SIZE];
    /** Offset of the page in the RAM segment, or -1 (MMIO, ROM, nothing). */
    final long[] ramBase = new long[SIZE];

    final long[] read = new long[2 * SIZE];
    final long[] write = new long[2 * SIZE];
    final long[] exec = new long[2 * SIZE];

    /** XORed into the page number to index: spreads PCIDs over the table (0 for PCID 0). */
    int salt;

    Tlb() { flushAll(); }

    int index(long page) { return ((int) page ^ salt) & MASK; }

    static int saltOf(int pcid, int vpid) { return (pcid * 0x2A5 + vpid * 0x137) & MASK; }

    /** Fast-tag slot of entry {@code i} for a user ({@code user}) or supervisor access. */
    static int slot(int i, boolean user) { return user ? i | SIZE : i; }

    void fill(int i, long page, int pcidTag, int vpidTag, long eptTag, long host, int r, long ram) {
        clearFast(i);
        vpn[i] = page;
        pcid[i] = pcidTag;
        vpid[i] = vpidTag;
        eptrta[i] = eptTag;
        hostPage[i] = host;
        rights[i] = r;
        ramBase[i] = ram;
    }

    /** Entry {@code i} translates {@code page} in the given context. */
    boolean matches(int i, long page, int pcidTag, int vpidTag, long eptTag) {
        return vpn[i] == page && vpid[i] == vpidTag && eptrta[i] == eptTag
                && (pcid[i] == pcidTag || (rights[i] & AccessRights.GLOBAL) != 0);
    }

    void clearFast(int i) {
        read[i] = write[i] = exec[i] = INVALID;
        read[i | SIZE] = write[i | SIZE] = exec[i | SIZE] = INVALID;
    }

    void invalidate(int i) {
        vpn[i] = INVALID;
        clearFast(i);
    }

    void flushAll() {
        Arrays.fill(vpn, INVALID);
        Arrays.fill(read, INVALID);
        Arrays.fill(write, INVALID);
        Arrays.fill(exec, INVALID);
    }

    /** What an invalidation keeps or drops, entry by entry. */
    @FunctionalInterface
    interface EntryFilter {
        boolean drop(int i);
    }

    /** Drops every valid entry the filter selects. */
    void invalidateIf(EntryFilter f) {
        for (int i = 0; i < SIZE; i++) {
            if (vpn[i] != INVALID && f.drop(i)) invalidate(i);
        }
    }

    /**
     * Drops the entries of the page containing linear page {@code page} (any size: a large page's
     * other granules too) that the filter selects (§4.10.4.1 INVLPG, INVPCID type 0, INVVPID type 0).
     */
    void invalidatePage(long page, EntryFilter f) {
        invalidateIf(j -> {
            int shift = AccessRights.pageShift(rights[j]) - 12;
            return vpn[j] >>> shift == page >>> shift && f.drop(j);
        });
    }
}

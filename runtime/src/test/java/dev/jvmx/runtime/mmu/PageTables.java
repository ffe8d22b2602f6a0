package dev.jvmx.runtime.mmu;

import dev.jvmx.runtime.machine.bus.PhysicalMemory;

/**
 * Builds paging structures of one mode in a test {@link PhysicalMemory}: tables are allocated from
 * {@link #TABLES} upwards (4 KiB each, zero-filled), non-leaf entries get {@link #tableFlags}.
 */
final class PageTables {
    static final long TABLES = 0x10_0000L;
    static final long P = 1, W = 2, U = 4, A = 1 << 5, D = 1 << 6, PS = 1 << 7, G = 1 << 8, XD = 1L << 63;

    final PhysicalMemory mem;
    final PagingMode mode;
    final long root;
    long tableFlags;
    private long next = TABLES;

    PageTables(PhysicalMemory mem, PagingMode mode) {
        this.mem = mem;
        this.mode = mode;
        this.tableFlags = P | W | U;
        this.root = alloc();
        if (mode == PagingMode.PAE) {
            // All four PDPTEs present from the start: they are loaded into registers at MOV CR3.
            for (int i = 0; i < 4; i++) write(root + 8L * i, alloc() | P);
        }
    }

    long alloc() {
        long a = next;
        next += 0x1000;
        return a;
    }

    int entrySize() { return mode == PagingMode.BITS32 ? 4 : 8; }

    /** Levels walked, top first: 2,1 (32-bit); 3,2,1 (PAE, 3 = PDPT); 4..1 (4-level). */
    int topLevel() {
        return switch (mode) {
            case BITS32 -> 2;
            case PAE -> 3;
            default -> 4;
        };
    }

    int shift(int level) { return mode == PagingMode.BITS32 ? 12 + 10 * (level - 1) : 12 + 9 * (level - 1); }

    long index(long la, int level) {
        if (mode == PagingMode.PAE && level == 3) return (la >>> 30) & 3;
        return (la >>> shift(level)) & (mode == PagingMode.BITS32 ? 0x3FF : 0x1FF);
    }

    /** Flags of a non-leaf entry at {@code level} (PAE PDPTEs have only P). */
    long nonLeafFlags(int level) { return mode == PagingMode.PAE && level == 3 ? P : tableFlags; }

    /** Maps the page of size {@code 1 << shift} containing {@code la} to {@code pa} with {@code leafFlags}. */
    void map(long la, long pa, int shift, long leafFlags) {
        long table = root;
        for (int level = topLevel(); ; level--) {
            long ea = table + index(la, level) * entrySize();
            if (shift(level) == shift) {
                write(ea, leafEntry(pa, shift, leafFlags));
                return;
            }
            long e = read(ea);
            if ((e & P) == 0) {
                long t = alloc();
                write(ea, t | nonLeafFlags(level));
                table = t;
            } else {
                table = e & 0x000F_FFFF_FFFF_F000L;
                if (mode == PagingMode.BITS32) table &= 0xFFFF_F000L;
            }
        }
    }

    private long leafEntry(long pa, int shift, long flags) {
        long ps = shift > 12 ? PS : 0;
        if (mode == PagingMode.BITS32 && shift == 22) {
            return (pa & 0xFFC0_0000L) | ((pa >>> 32) << 13) | flags | ps;
        }
        return pa | flags | ps;
    }

    /** Physical address of the entry at {@code level} for {@code la} (tables must exist). */
    long entryAddress(long la, int level) {
        long table = root;
        for (int l = topLevel(); l > level; l--) {
            long e = read(table + index(la, l) * entrySize());
            table = e & (mode == PagingMode.BITS32 ? 0xFFFF_F000L : 0x000F_FFFF_FFFF_F000L);
        }
        return table + index(la, level) * entrySize();
    }

    long entry(long la, int level) { return read(entryAddress(la, level)); }

    void setEntry(long la, int level, long value) { write(entryAddress(la, level), value); }

    void orEntry(long la, int level, long bits) { setEntry(la, level, entry(la, level) | bits); }

    void andEntry(long la, int level, long bits) { setEntry(la, level, entry(la, level) & bits); }

    long read(long pa) { return mem.readPhys(pa, entrySize()) ; }

    void write(long pa, long v) { mem.writePhys(pa, entrySize(), v); }
}

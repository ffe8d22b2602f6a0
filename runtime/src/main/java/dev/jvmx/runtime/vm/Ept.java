package dev.jvmx.runtime.vm;

import java.util.function.LongSupplier;

/**
 * The EPT paging structures of a {@link Vm} (SDM Vol. 3C §29.3.2), built in host memory the way a
 * VMM builds them: a PML4 table, and below it tables allocated on demand. Entry format (Tables
 * 29-1 … 29-6):
 * <pre>
 *  63        52 51          M M-1            12 11  10  9   8   7   6   5   3  2   1   0
 * +------------+-------------+----------------+---+---+---+---+---+---+------+---+---+---+
 * |  ignored   | reserved    | host address   |ign|UX | D | A | PS|IPAT| type | X | W | R |
 * +------------+-------------+----------------+---+---+---+---+---+---+------+---+---+---+
 *   PS: 1-GByte page in a PDPTE, 2-MByte page in a PDE; type and IPAT in leaves only
 * </pre>
 * Guest-physical ranges left unmapped (MMIO holes) cause EPT violations; tests make
 * misconfigurations by writing an entry directly ({@link #entryAddress}).
 */
public final class Ept {
    public static final int READ = 1, WRITE = 2, EXECUTE = 4, RWX = 7;
    /** Memory types (§29.3.7): uncacheable and write-back. */
    public static final int UC = 0, WB = 6;
    static final long LARGE = 1L << 7;
    static final long ADDRESS = 0x000F_FFFF_FFFF_F000L;

    private final dev.jvmx.runtime.mmu.PhysicalAccess memory;
    private final LongSupplier tablePages;
    private final long pml4;

    Ept(dev.jvmx.runtime.mmu.PhysicalAccess memory, LongSupplier tablePages) {
        this.memory = memory;
        this.tablePages = tablePages;
        this.pml4 = tablePages.getAsLong();
    }

    /** The EPTP (§25.6.11): PML4 address, page-walk length 4 (bits 5:3 = 3), write-back (bits 2:0). */
    public long pointer() {
        return pml4 | 3 << 3 | WB;
    }

    /** An EPTP with accessed and dirty flags enabled (bit 6, §29.3.5). */
    public long pointerWithAccessedDirty() {
        return pointer() | 1 << 6;
    }

    /** Maps {@code length} bytes of guest-physical {@code gpa} to host-physical {@code hpa} with 4-KByte pages. */
    public void map(long gpa, long hpa, long length, int rights) {
        check(gpa, hpa, length, 0xFFF);
        for (long off = 0; off < length; off += 0x1000) setLeaf(gpa + off, 1, (hpa + off) | rights | WB << 3);
    }

    /** Maps one 2-MByte page (PDE with PS = 1). */
    public void map2M(long gpa, long hpa, int rights) {
        check(gpa, hpa, 0x20_0000, 0x1F_FFFF);
        setLeaf(gpa, 2, hpa | rights | WB << 3 | LARGE);
    }

    /** Maps one 1-GByte page (PDPTE with PS = 1). */
    public void map1G(long gpa, long hpa, int rights) {
        check(gpa, hpa, 0x4000_0000, 0x3FFF_FFFF);
        setLeaf(gpa, 3, hpa | rights | WB << 3 | LARGE);
    }

    /** Makes the 4-KByte pages of {@code [gpa, gpa + length)} not present (an MMIO hole). */
    public void unmap(long gpa, long length) {
        check(gpa, gpa, length, 0xFFF);
        for (long off = 0; off < length; off += 0x1000) {
            long e = entryAddress(gpa + off, 1);
            if (e >= 0) memory.write(e, 8, 0);
        }
    }

    /**
     * Host-physical address of the entry for {@code gpa} at {@code level} (4 = PML4E … 1 = PTE),
     * or -1 if a table above it is missing or maps a large page.
     */
    public long entryAddress(long gpa, int level) {
        long table = pml4;
        for (int l = 4; l > level; l--) {
            long e = memory.read(table + index(gpa, l) * 8, 8);
            if ((e & RWX) == 0 || (e & LARGE) != 0 && l < 4) return -1;
            table = e & ADDRESS;
        }
        return table + index(gpa, level) * 8;
    }

    private void setLeaf(long gpa, int level, long entry) {
        long table = pml4;
        for (int l = 4; l > level; l--) {
            long at = table + index(gpa, l) * 8;
            long e = memory.read(at, 8);
            if ((e & RWX) == 0 || (e & LARGE) != 0 && l < 4) {
                e = tablePages.getAsLong() | RWX;
                memory.write(at, 8, e);
            }
            table = e & ADDRESS;
        }
        memory.write(table + index(gpa, level) * 8, 8, entry);
    }

    private static long index(long gpa, int level) {
        return (gpa >>> (12 + 9 * (level - 1))) & 0x1FF;
    }

    private static void check(long gpa, long hpa, long length, long alignMask) {
        if (((gpa | hpa | length) & alignMask) != 0 || length <= 0) {
            throw new IllegalArgumentException(String.format("EPT mapping 0x%x -> 0x%x (+0x%x) is not aligned to 0x%x",
                    gpa, hpa, length, alignMask + 1));
        }
    }
}

package dev.jvmx.runtime.mem;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The software TLB's fast path, shared by the address space's own scalar accesses and by
 * translated code, which holds the tag and host-page arrays in JVM locals for the life of a
 * method and calls the static accessors here (small, so C2 inlines them at each call site): a
 * direct-mapped tag compare, then one host-memory access; on a miss the access goes to the
 * {@link GuestMemory} method, whose slow path fills the entry or raises the fault (DESIGN.md
 * "Memory"). The arrays are an address space's own ({@link GuestMemory#directTlb}): the address
 * space changes their contents, never the arrays, so a copy in a local stays exact.
 *
 * <p>A hit needs the tag at {@code addr}'s index to equal the page of the access's <em>last</em>
 * byte: a tag only ever sits at its own page's index (or is -1, which no page number equals), and
 * consecutive pages never share an index, so the one compare also proves the access does not
 * cross a page end; an access wrapping past 2^64 lands on page 0, whose index differs too.
 */
public final class DirectTlb {
    public static final int PAGE_SHIFT = 12;
    public static final long PAGE_MASK = (1L << PAGE_SHIFT) - 1;
    /** Entries (a power of two). */
    public static final int SIZE = 1 << 10;
    public static final int MASK = SIZE - 1;
    /** The tag of an empty entry: no page number equals it. */
    public static final long INVALID = -1L;
    /** For memories without a software TLB: every access misses and goes to the {@link GuestMemory} method. */
    public static final DirectTlb NONE = new DirectTlb(invalidTags(), invalidTags(), new long[SIZE]);

    private static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    /**
     * The host address space: a hit gives the host address of the guest page and the access stays
     * inside that page, whose backing the address space keeps allocated while the tag is present.
     * One constant segment lets C2 fold the bounds and liveness checks a per-chunk segment access
     * repeats on every access. Restricted ({@code --enable-native-access}, which the launcher and
     * tests pass).
     */
    private static final MemorySegment HOST = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);

    /** Tags of pages readable / writable (and not holding code), host address of each entry's page. */
    public final long[] readTags, writeTags, hostPages;

    DirectTlb(long[] readTags, long[] writeTags, long[] hostPages) {
        if (readTags.length != SIZE || writeTags.length != SIZE || hostPages.length != SIZE) {
            throw new IllegalArgumentException("TLB arrays must have " + SIZE + " entries");
        }
        this.readTags = readTags;
        this.writeTags = writeTags;
        this.hostPages = hostPages;
    }

    private static long[] invalidTags() {
        long[] t = new long[SIZE];
        Arrays.fill(t, INVALID);
        return t;
    }

    /** The entry index of page {@code page}. */
    static int index(long page) { return (int) page & MASK; }

    /** The index of {@code addr}'s entry when {@code tags} holds its page and a {@code size}-byte access stays inside it, else -1. */
    static int hit(long[] tags, long addr, int size) {
        int i = index(addr >>> PAGE_SHIFT);
        return tags[i] == (addr + size - 1) >>> PAGE_SHIFT ? i : -1;
    }

    static byte get8(long[] hosts, int i, long addr) { return HOST.get(ValueLayout.JAVA_BYTE, hosts[i] + (addr & PAGE_MASK)); }

    static short get16(long[] hosts, int i, long addr) { return HOST.get(I16, hosts[i] + (addr & PAGE_MASK)); }

    static int get32(long[] hosts, int i, long addr) { return HOST.get(I32, hosts[i] + (addr & PAGE_MASK)); }

    static long get64(long[] hosts, int i, long addr) { return HOST.get(I64, hosts[i] + (addr & PAGE_MASK)); }

    static void set8(long[] hosts, int i, long addr, byte v) { HOST.set(ValueLayout.JAVA_BYTE, hosts[i] + (addr & PAGE_MASK), v); }

    static void set16(long[] hosts, int i, long addr, short v) { HOST.set(I16, hosts[i] + (addr & PAGE_MASK), v); }

    static void set32(long[] hosts, int i, long addr, int v) { HOST.set(I32, hosts[i] + (addr & PAGE_MASK), v); }

    static void set64(long[] hosts, int i, long addr, long v) { HOST.set(I64, hosts[i] + (addr & PAGE_MASK), v); }

    // ---- for translated code: the arrays from locals, the memory for the miss ----

    public static byte read8(long[] tags, long[] hosts, GuestMemory mem, long addr) {
        int i = hit(tags, addr, 1);
        return i >= 0 ? get8(hosts, i, addr) : mem.read8(addr);
    }

    public static short read16(long[] tags, long[] hosts, GuestMemory mem, long addr) {
        int i = hit(tags, addr, 2);
        return i >= 0 ? get16(hosts, i, addr) : mem.read16(addr);
    }

    public static int read32(long[] tags, long[] hosts, GuestMemory mem, long addr) {
        int i = hit(tags, addr, 4);
        return i >= 0 ? get32(hosts, i, addr) : mem.read32(addr);
    }

    public static long read64(long[] tags, long[] hosts, GuestMemory mem, long addr) {
        int i = hit(tags, addr, 8);
        return i >= 0 ? get64(hosts, i, addr) : mem.read64(addr);
    }

    public static void write8(long[] tags, long[] hosts, GuestMemory mem, long addr, byte v) {
        int i = hit(tags, addr, 1);
        if (i >= 0) set8(hosts, i, addr, v);
        else mem.write8(addr, v);
    }

    public static void write16(long[] tags, long[] hosts, GuestMemory mem, long addr, short v) {
        int i = hit(tags, addr, 2);
        if (i >= 0) set16(hosts, i, addr, v);
        else mem.write16(addr, v);
    }

    public static void write32(long[] tags, long[] hosts, GuestMemory mem, long addr, int v) {
        int i = hit(tags, addr, 4);
        if (i >= 0) set32(hosts, i, addr, v);
        else mem.write32(addr, v);
    }

    public static void write64(long[] tags, long[] hosts, GuestMemory mem, long addr, long v) {
        int i = hit(tags, addr, 8);
        if (i >= 0) set64(hosts, i, addr, v);
        else mem.write64(addr, v);
    }
}

package dev.jvmx.runtime.mem;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The software TLB's fast path, shared by the address space's own scalar accesses and by
 * translated code: a direct-mapped tag compare, then one host-memory access ({@link #load64}...);
 * on a miss the access goes to the {@link GuestMemory} method, whose slow path fills the entry or
 * raises the fault (DESIGN.md "Memory"). Translated code holds the tag and host-page arrays in
 * JVM locals for the life of a method and emits the compare itself, so each access has its own
 * branch profile (C2 turns a miss path that never ran into an uncommon trap, and the fast path
 * keeps guest state in registers instead of spilling it around a call). The arrays are an address
 * space's own ({@link GuestMemory#directTlb}): the address space changes their contents, never the
 * arrays, so a copy in a local stays exact.
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
    public static final int SIZE = 1 << 14;
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

    /**
     * The host address of {@code [addr, addr+len)} when the tags give its page the fast path
     * ({@link #readTags} or {@link #writeTags}) and the range stays inside that page, else 0 (no
     * host page is at 0). For bulk string operations: a range that hits is accessed exactly as
     * {@code len} scalar accesses would be (they would all take the fast path), and a write-tag hit
     * proves the page holds no translated code, so no write-tracking hook is owed. The address is
     * good until the next call into the memory that can change the TLB.
     */
    public long hostOf(long[] tags, long addr, long len) {
        if (len <= 0 || len > PAGE_MASK + 1) return 0;
        int i = index(addr >>> PAGE_SHIFT);
        return tags[i] == (addr + len - 1) >>> PAGE_SHIFT && tags[i] == addr >>> PAGE_SHIFT ? hostPages[i] + (addr & PAGE_MASK) : 0;
    }

    /** Copies {@code len} host bytes as if through a temporary buffer (memmove), both ranges from {@link #hostOf}. */
    public static void copy(long dstHost, long srcHost, long len) {
        MemorySegment.copy(HOST, srcHost, HOST, dstHost, len);
    }

    /**
     * Fills {@code len} host bytes at {@code host} (from {@link #hostOf}) with the {@code bytes}-byte
     * little-endian element {@code value} repeated ({@code len} a multiple of {@code bytes}).
     */
    public static void fill(long host, long len, long value, int bytes) {
        long v = switch (bytes) {
            case 1 -> (value & 0xFF) * 0x0101_0101_0101_0101L;
            case 2 -> (value & 0xFFFF) * 0x0001_0001_0001_0001L;
            case 4 -> (value & 0xFFFF_FFFFL) * 0x0000_0001_0000_0001L;
            case 8 -> value;
            default -> throw new IllegalArgumentException("fill element size " + bytes);
        };
        if (v == (v & 0xFF) * 0x0101_0101_0101_0101L) {
            HOST.asSlice(host, len).fill((byte) v);
            return;
        }
        long k = 0;
        for (; k + 8 <= len; k += 8) store64(host + k, v);
        for (; k < len; k += bytes, v >>>= 8L * bytes) {
            if (bytes == 4) store32(host + k, (int) v);
            else if (bytes == 2) store16(host + k, (short) v);
            else store8(host + k, (byte) v);
        }
    }

    static byte get8(long[] hosts, int i, long addr) { return load8(hosts[i] + (addr & PAGE_MASK)); }

    static short get16(long[] hosts, int i, long addr) { return load16(hosts[i] + (addr & PAGE_MASK)); }

    static int get32(long[] hosts, int i, long addr) { return load32(hosts[i] + (addr & PAGE_MASK)); }

    static long get64(long[] hosts, int i, long addr) { return load64(hosts[i] + (addr & PAGE_MASK)); }

    static void set8(long[] hosts, int i, long addr, byte v) { store8(hosts[i] + (addr & PAGE_MASK), v); }

    static void set16(long[] hosts, int i, long addr, short v) { store16(hosts[i] + (addr & PAGE_MASK), v); }

    static void set32(long[] hosts, int i, long addr, int v) { store32(hosts[i] + (addr & PAGE_MASK), v); }

    static void set64(long[] hosts, int i, long addr, long v) { store64(hosts[i] + (addr & PAGE_MASK), v); }

    // ---- host accesses at {@code hostPages[i] + (addr & PAGE_MASK)} after a tag hit (translated code checks the tag itself) ----

    public static byte load8(long host) { return HOST.get(ValueLayout.JAVA_BYTE, host); }

    public static short load16(long host) { return HOST.get(I16, host); }

    public static int load32(long host) { return HOST.get(I32, host); }

    public static long load64(long host) { return HOST.get(I64, host); }

    public static void store8(long host, byte v) { HOST.set(ValueLayout.JAVA_BYTE, host, v); }

    public static void store16(long host, short v) { HOST.set(I16, host, v); }

    public static void store32(long host, int v) { HOST.set(I32, host, v); }

    public static void store64(long host, long v) { HOST.set(I64, host, v); }
}

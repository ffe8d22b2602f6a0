package dev.jvmx.runtime.mem;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The software TLB's fast path, shared by the address space's own scalar accesses and by
 * translated code: a direct-mapped tag compare, then one host-memory access ({@link #load64}...);
 * on a miss the access goes to the {@link GuestMemory} method, whose slow path fills the entry or
 * raises the fault (DESIGN.md "Memory"). Translated code holds the entry arrays in JVM locals for
 * the life of a method and emits the compare itself, so each access has its own branch profile
 * (C2 turns a miss path that never ran into an uncommon trap, and the fast path keeps guest state
 * in registers instead of spilling it around a call). The arrays are an address space's own
 * ({@link GuestMemory#directTlb}): the address space changes their contents, never the arrays, so
 * a copy in a local stays exact.
 *
 * <p>Layout: one array per access kind ({@link #readTags}, {@link #writeTags}), entry {@code i} in
 * elements {@code 2i} (the tag: the page number, or {@link #INVALID}) and {@code 2i+1} (the
 * addend: the page's host address minus its guest address), so a hit costs the entry's byte
 * offset ({@link #offset}: a shift and a mask), the tag compare ({@link #tag}), and
 * {@link #addend} plus the address for the host address, both words in one cache line (the same
 * idea as QEMU's TLB addend). Two arrays in locals instead of three leave C2 one more register for
 * guest state.
 *
 * <p>A hit needs the tag at {@code addr}'s entry to equal the page of the access's <em>last</em>
 * byte: a tag only ever sits at its own page's entry (or is -1, which no page number equals), and
 * consecutive pages never share an entry, so the one compare also proves the access does not
 * cross a page end; an access wrapping past 2^64 lands on page 0, whose entry differs too.
 */
public final class DirectTlb {
    public static final int PAGE_SHIFT = 12;
    public static final long PAGE_MASK = (1L << PAGE_SHIFT) - 1;
    /** Entries (a power of two). */
    public static final int SIZE = 1 << 14;
    public static final int MASK = SIZE - 1;
    /**
     * {@link #offset}: {@code addr >>> OFFSET_SHIFT & OFFSET_MASK} is the byte offset of addr's
     * entry from the first element (16 bytes an entry: the index, bits 12..25 of addr, times 16).
     */
    public static final int OFFSET_SHIFT = PAGE_SHIFT - 4;
    public static final long OFFSET_MASK = (long) MASK << 4;
    /** The tag of an empty entry: no page number equals it. */
    public static final long INVALID = -1L;
    /** For memories without a software TLB: every access misses and goes to the {@link GuestMemory} method. */
    public static final DirectTlb NONE = new DirectTlb(emptyEntries(), emptyEntries(), new long[2 * SIZE]);

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

    /**
     * Entries of pages readable / writable (and not holding code): tag at {@code 2i}, addend
     * ({@code hostPage - (page << PAGE_SHIFT)}) at {@code 2i+1}.
     */
    public final long[] readTags, writeTags;

    /**
     * The span of each write entry, at the same offsets ({@link #tag} reads its first guest
     * address, {@link #addend} its {@link #spanLimit}): a run of guest pages around the entry's
     * page, all writable, none holding translated code, in one mapping and contiguous in host
     * memory, so the entry's addend serves all of them. Meaningful only while the entry's write tag
     * is present (the address space sets it with the entry, and shrinks it to the page when a page
     * of it becomes code). Translated code's memory windows cover a span ({@link #spanLimit}).
     */
    public final long[] spans;

    DirectTlb(long[] readTags, long[] writeTags, long[] spans) {
        if (readTags.length != 2 * SIZE || writeTags.length != 2 * SIZE || spans.length != 2 * SIZE) {
            throw new IllegalArgumentException("TLB arrays must have " + 2 * SIZE + " elements");
        }
        this.readTags = readTags;
        this.writeTags = writeTags;
        this.spans = spans;
    }

    /**
     * The window limit of a span of {@code length} bytes: an access of up to 8 bytes at
     * {@code addr} lies inside the span when {@code addr - start <u limit}.
     */
    public static long spanLimit(long length) { return length - 7; }

    /** Sets entry {@code i}'s span to {@code [start, end)} (page-aligned, holding the entry's page). */
    static void setSpan(long[] spans, int i, long start, long end) {
        spans[2 * i] = start;
        spans[2 * i + 1] = spanLimit(end - start);
    }

    /** Entry arrays with every tag {@link #INVALID}. */
    static long[] emptyEntries() {
        long[] t = new long[2 * SIZE];
        invalidate(t);
        return t;
    }

    /** Every tag of {@code entries} to {@link #INVALID} (the addends are left: no hit reads them). */
    static void invalidate(long[] entries) {
        for (int j = 0; j < entries.length; j += 2) entries[j] = INVALID;
    }

    /** The tag of entry {@code i} of {@code entries}. */
    static long tagAt(long[] entries, int i) { return entries[2 * i]; }

    /** The entry index of page {@code page}. */
    static int index(long page) { return (int) page & MASK; }

    /** The byte offset of {@code addr}'s entry from the first element: its tag there, its addend 8 bytes on. */
    static long offset(long addr) { return addr >>> OFFSET_SHIFT & OFFSET_MASK; }

    /** Fills entry {@code i} of {@code entries}: tag {@code page} (or {@link #INVALID}), host page address {@code host}. */
    static void set(long[] entries, int i, long page, long tag, long host) {
        entries[2 * i] = tag;
        entries[2 * i + 1] = host - (page << PAGE_SHIFT);
    }

    /** The offset of {@code addr}'s entry when {@code entries} holds its page and a {@code size}-byte access stays inside it, else -1. */
    static long hit(long[] entries, long addr, int size) {
        long off = offset(addr);
        return tag(entries, off) == (addr + size - 1) >>> PAGE_SHIFT ? off : -1;
    }

    /**
     * The host address of {@code addr} when {@code entries} ({@link #readTags} or {@link
     * #writeTags}) hold its page and a {@code size}-byte access ({@code size} at most a page) stays
     * inside it, else 0: the tag of the last byte's page proves both, as in translated code.
     */
    public static long hostIfHit(long[] entries, long addr, int size) {
        long off = hit(entries, addr, size);
        return off >= 0 ? addend(entries, off) + addr : 0;
    }

    /**
     * The host address of {@code [addr, addr+len)} when the entries give its page the fast path
     * ({@link #readTags} or {@link #writeTags}) and the range stays inside that page, else 0 (no
     * host page is at 0). For bulk string operations: a range that hits is accessed exactly as
     * {@code len} scalar accesses would be (they would all take the fast path), and a write-tag hit
     * proves the page holds no translated code, so no write-tracking hook is owed. The address is
     * good until the next call into the memory that can change the TLB.
     */
    public long hostOf(long[] entries, long addr, long len) {
        if (len <= 0 || len > PAGE_MASK + 1) return 0;
        long off = offset(addr), tag = tag(entries, off);
        return tag == (addr + len - 1) >>> PAGE_SHIFT && tag == addr >>> PAGE_SHIFT ? addend(entries, off) + addr : 0;
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

    static byte get8(long[] entries, long off, long addr) { return load8(addend(entries, off) + addr); }

    static short get16(long[] entries, long off, long addr) { return load16(addend(entries, off) + addr); }

    static int get32(long[] entries, long off, long addr) { return load32(addend(entries, off) + addr); }

    static long get64(long[] entries, long off, long addr) { return load64(addend(entries, off) + addr); }

    static void set8(long[] entries, long off, long addr, byte v) { store8(addend(entries, off) + addr, v); }

    static void set16(long[] entries, long off, long addr, short v) { store16(addend(entries, off) + addr, v); }

    static void set32(long[] entries, long off, long addr, int v) { store32(addend(entries, off) + addr, v); }

    static void set64(long[] entries, long off, long addr, long v) { store64(addend(entries, off) + addr, v); }

    // ---- host accesses at {@code addend + addr} after a tag hit (translated code checks the tag itself) ----
    //
    // On a little-endian host with unaligned loads (x86-64, AArch64) these are raw sun.misc.Unsafe
    // accesses: the tag hit already proved the address lies in a live page of the guest, and the
    // segment access's own bounds check (one compare against a limit per access size, which C2
    // keeps in registers across a loop) is pure cost there. Measured on crc32 and sieve: the
    // compiled loops had two registers holding those limits. Elsewhere the HOST segment serves.
    // Only with --sun-misc-unsafe-memory-access=allow (the launcher and the tests pass it; JDK 25
    // warns on such accesses otherwise, later JDKs refuse them).

    private static final sun.misc.Unsafe RAW = rawAccess();

    private static sun.misc.Unsafe rawAccess() {
        String arch = System.getProperty("os.arch", "");
        if (!"allow".equals(System.getProperty("sun.misc.unsafe.memory.access")) // set by the option: no warning, no denial
                || java.nio.ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN
                || !(arch.equals("amd64") || arch.equals("x86_64") || arch.equals("aarch64"))) {
            return null;
        }
        try {
            java.lang.reflect.Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            return (sun.misc.Unsafe) f.get(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** Entry arrays read raw (8-byte elements from ENTRY_BASE). */
    private static final boolean RAW_ENTRIES = RAW != null && RAW.arrayIndexScale(long[].class) == Long.BYTES;
    private static final long ENTRY_BASE = RAW_ENTRIES ? RAW.arrayBaseOffset(long[].class) : 0;

    /**
     * The tag of the entry at byte offset {@code off} ({@link #offset}) of {@code entries}, one of a
     * {@code DirectTlb}'s arrays ({@link #readTags}, {@link #writeTags}: always {@code 2 * SIZE}
     * elements, which the constructor enforces; the translator loads them from those fields and
     * nowhere else). For translated code and the scalar accesses: a raw load, without the range
     * check an array access makes (the tag and the addend of every access would repeat it; a
     * length test here stayed in the compiled loops as well: C2 hoists neither out of a region's
     * loops), and with the offset in bytes, so the address is {@code base + off + 16} with no index
     * scaling or sign extension. {@code off} is masked to an entry's offset all the same, which C2
     * drops for an {@link #offset}, whose bits it knows.
     */
    public static long tag(long[] entries, long off) {
        assert entries.length == 2 * SIZE : "not a TLB entry array";
        long o = off & OFFSET_MASK;
        return RAW_ENTRIES ? RAW.getLong(entries, ENTRY_BASE + o) : entries[(int) (o >>> 3)];
    }

    /** The addend of the entry at byte offset {@code off} of {@code entries}, as {@link #tag} reads the tag. */
    public static long addend(long[] entries, long off) {
        assert entries.length == 2 * SIZE : "not a TLB entry array";
        long o = off & OFFSET_MASK;
        return RAW_ENTRIES ? RAW.getLong(entries, ENTRY_BASE + Long.BYTES + o) : entries[(int) (o >>> 3) + 1];
    }

    public static byte load8(long host) { return RAW != null ? RAW.getByte(host) : HOST.get(ValueLayout.JAVA_BYTE, host); }

    public static short load16(long host) { return RAW != null ? RAW.getShort(host) : HOST.get(I16, host); }

    public static int load32(long host) { return RAW != null ? RAW.getInt(host) : HOST.get(I32, host); }

    public static long load64(long host) { return RAW != null ? RAW.getLong(host) : HOST.get(I64, host); }

    public static void store8(long host, byte v) {
        if (RAW != null) RAW.putByte(host, v);
        else HOST.set(ValueLayout.JAVA_BYTE, host, v);
    }

    public static void store16(long host, short v) {
        if (RAW != null) RAW.putShort(host, v);
        else HOST.set(I16, host, v);
    }

    public static void store32(long host, int v) {
        if (RAW != null) RAW.putInt(host, v);
        else HOST.set(I32, host, v);
    }

    public static void store64(long host, long v) {
        if (RAW != null) RAW.putLong(host, v);
        else HOST.set(I64, host, v);
    }
}

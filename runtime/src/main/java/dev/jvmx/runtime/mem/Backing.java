package dev.jvmx.runtime.mem;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.ref.Cleaner;
import java.util.HashMap;
import java.util.Map;

/**
 * The host memory behind one mapping (an opaque handle outside this package): zero-filled
 * off-heap chunks allocated on first touch, so a large reservation (an 8 MB stack, a PROT_NONE
 * guard region) costs nothing until used.
 *
 * <p>On Linux a chunk is one host {@code mmap} range sized to the mapping (a power of two from
 * 64 KiB up to 1 GiB; larger mappings take several), anonymous and {@code MAP_NORESERVE}: the
 * kernel zero-fills each page on its first touch, so an untouched page costs no memory. Chunks of
 * 2 MiB and more are aligned to 2 MiB and advised {@code MADV_HUGEPAGE}: the host may back them
 * with transparent huge pages, so a guest that walks tens of megabytes (list's pointer chase) pays
 * host TLB misses per 2 MiB instead of per 4 KiB. A chunk is also the largest run of guest pages whose host addresses are contiguous
 * (the translated code's multi-page windows, {@link DirectTlb}). Elsewhere (or when the
 * {@code mmap} call is unavailable) chunks are 64 KiB from {@link Arena#ofAuto()}. Either way the
 * memory of unmapped regions is returned to the host when the last {@link Vma} sharing this
 * backing (after splits) is gone. Host mmap backs at most {@link #HOST_LIMIT} bytes of mappings
 * in {@link #HOST_CHUNK_LIMIT} chunks at once; past either, new backings take the portable chunks.
 */
public final class Backing {
    /** The smallest chunk (64 KiB; without host mmap the only size). */
    static final int MIN_CHUNK_SHIFT = 16;
    /** The largest chunk with host mmap: a mapping up to this size is one host range. */
    private static final int MAX_CHUNK_SHIFT = 30;

    private static final MethodHandle MMAP, MUNMAP, MADVISE;
    private static final int PROT_READ_WRITE = 3, MAP_PRIVATE_ANONYMOUS_NORESERVE = 0x02 | 0x20 | 0x4000, MADV_HUGEPAGE = 14;
    private static final int HUGE_SHIFT = 21;

    static {
        MethodHandle mmap = null, munmap = null, madvise = null;
        if (System.getProperty("os.name", "").startsWith("Linux") && !"false".equals(System.getProperty("jvmx.mem.hostMmap"))) {
            try {
                Linker linker = Linker.nativeLinker();
                var libc = linker.defaultLookup();
                mmap = linker.downcallHandle(libc.find("mmap").orElseThrow(), FunctionDescriptor.of(ValueLayout.ADDRESS,
                        ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
                munmap = linker.downcallHandle(libc.find("munmap").orElseThrow(), FunctionDescriptor.of(ValueLayout.JAVA_INT,
                        ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
                madvise = linker.downcallHandle(libc.find("madvise").orElseThrow(), FunctionDescriptor.of(ValueLayout.JAVA_INT,
                        ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
            } catch (RuntimeException | LinkageError e) { // no native access: the portable chunks
                mmap = munmap = madvise = null;
            }
        }
        MMAP = mmap;
        MUNMAP = munmap;
        MADVISE = madvise;
    }

    /**
     * How many bytes of guest mappings host mmap may back at once (the sum of the live backings'
     * lengths, whether touched or not): {@code -Djvmx.mem.hostLimit=BYTES}, by default the JVM's
     * maximum heap, the limit the portable chunks meet as direct memory. A host mmap page is
     * committed by the kernel on first touch, so past any limit a guest would meet the host's
     * out-of-memory killer rather than {@link GuestOutOfMemoryException}; a backing that does not
     * fit under this limit takes the portable chunks instead, whose allocation fails cleanly.
     */
    static final long HOST_LIMIT = Long.getLong("jvmx.mem.hostLimit", Runtime.getRuntime().maxMemory());
    /**
     * How many host mmap chunks may be live at once: each is one host mapping, and the kernel
     * allows a process {@code vm.max_map_count} (65530 by default) of them, the JVM's own
     * included; past it a backing takes the portable chunks.
     */
    static final long HOST_CHUNK_LIMIT = 16_384;
    private static long reservedBytes, reservedChunks;
    private static final Cleaner RELEASE = Cleaner.create();

    private final Map<Long, MemorySegment> chunks = new HashMap<>();
    /** This backing's chunk size: {@code 1 << chunkShift}. */
    private final int chunkShift;
    /** Whether the chunks are host mmap (counted against the limits until this backing is unreachable). */
    private final boolean host;

    /** A backing for a mapping of about {@code length} bytes: with host mmap, one chunk covers it (up to 1 GiB). */
    Backing(long length) {
        int fit = 64 - Long.numberOfLeadingZeros(Math.max(length, 1) - 1);
        int shift = Math.clamp(fit, MIN_CHUNK_SHIFT, MAX_CHUNK_SHIFT);
        long count = (Math.max(length, 1) - 1 >>> shift) + 1, size = count << shift;
        host = MMAP != null && reserveHost(size, count);
        chunkShift = host ? shift : MIN_CHUNK_SHIFT;
        if (host) RELEASE.register(this, () -> releaseHost(size, count));
    }

    private static synchronized boolean reserveHost(long size, long count) {
        if (!fits(reservedBytes, reservedChunks, size, count, HOST_LIMIT, HOST_CHUNK_LIMIT)) return false;
        reservedBytes += size;
        reservedChunks += count;
        return true;
    }

    private static synchronized void releaseHost(long size, long count) {
        reservedBytes -= size;
        reservedChunks -= count;
    }

    /** Whether {@code size} more bytes in {@code count} more chunks stay within both limits (no overflow). */
    static boolean fits(long bytesNow, long chunksNow, long size, long count, long byteLimit, long chunkLimit) {
        return size <= byteLimit - bytesNow && count <= chunkLimit - chunksNow;
    }

    /** Whether this host backs mappings with mmap (tests). */
    static boolean hostMmap() { return MMAP != null; }


    /** The chunk size in bytes (a power of two). */
    long chunkSize() { return 1L << chunkShift; }

    /** The chunk holding byte {@code offset} of this backing (allocated and zeroed on first use). */
    MemorySegment chunk(long offset) {
        long index = offset >>> chunkShift;
        MemorySegment c = chunks.get(index);
        if (c == null) {
            c = host ? hostChunk(chunkSize()) : heapChunk(chunkSize());
            chunks.put(index, c);
        }
        return c;
    }

    private static MemorySegment heapChunk(long size) {
        try {
            return Arena.ofAuto().allocate(size, ProcessAddressSpace.PAGE_SIZE);
        } catch (OutOfMemoryError e) {
            throw new GuestOutOfMemoryException();
        }
    }

    /** {@code size} bytes of host mmap at a 2 MiB boundary (2 MiB more mapped for the alignment and given back), unmapped when unreachable. */
    private static MemorySegment hostChunk(long size) {
        long huge = 1L << HUGE_SHIFT, reserve = size >= huge ? size + huge : size;
        long raw;
        try {
            raw = ((MemorySegment) MMAP.invokeExact(MemorySegment.NULL, reserve, PROT_READ_WRITE, MAP_PRIVATE_ANONYMOUS_NORESERVE, -1, 0L)).address();
        } catch (Throwable t) {
            throw new IllegalStateException("host mmap", t);
        }
        if (raw == -1L || raw == 0) throw new GuestOutOfMemoryException();
        long aligned = size >= huge ? (raw + huge - 1) & -huge : raw;
        if (aligned > raw) unmap(raw, aligned - raw); // the slack on both sides goes back: one host mapping a chunk
        if (raw + reserve > aligned + size) unmap(aligned + size, raw + reserve - aligned - size);
        if (size >= huge) try {
            int ignored = (int) MADVISE.invokeExact(MemorySegment.ofAddress(aligned), size, MADV_HUGEPAGE);
        } catch (Throwable t) {
            throw new IllegalStateException("host madvise", t);
        }
        return MemorySegment.ofAddress(aligned).reinterpret(size, Arena.ofAuto(), s -> unmap(aligned, size));
    }

    private static void unmap(long raw, long length) {
        try {
            int ignored = (int) MUNMAP.invokeExact(MemorySegment.ofAddress(raw), length);
        } catch (Throwable t) {
            throw new IllegalStateException("host munmap", t);
        }
    }
}

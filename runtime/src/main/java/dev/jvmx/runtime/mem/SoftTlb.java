package dev.jvmx.runtime.mem;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * A direct-mapped software TLB: guest page number -> (host chunk, offset of the page in it).
 * One tag array per access kind, so a hit needs a single compare: a page's tag is present in
 * {@link #read} when it is mapped, in {@link #write} only when writable, in {@link #exec} only
 * when executable. {@link #read} and {@link #write} are {@link DirectTlb}'s entry arrays (tag and
 * host addend interleaved); {@link #exec} holds tags only (fetches go through the chunk). A miss (or a tag left out) sends the access to the slow path, which walks the
 * regions and either fills the entry or raises #PF. Consecutive pages never share an entry, so a
 * page-crossing access can hold both of its pages at once.
 *
 * <p>Entries are flushed whole on every change to the regions (mmap, munmap, mprotect, brk).
 * Pages instructions were fetched from keep no write tag, so a write to code takes the slow
 * path and is reported (self-modifying code, DESIGN.md "Memory").
 */
final class SoftTlb {
    static final int SIZE = DirectTlb.SIZE;
    private static final long INVALID = DirectTlb.INVALID;

    /** {@link DirectTlb} entries: the addend is {@code chunk[i].address() + base[i]} made relative (the chunk reference keeps it allocated). */
    final long[] read = new long[2 * SIZE];
    final long[] write = new long[2 * SIZE];
    /** {@link DirectTlb#spans}: for each write entry, the run of pages its addend serves. */
    final long[] spans = new long[2 * SIZE];
    final long[] exec = new long[SIZE];
    final MemorySegment[] chunk = new MemorySegment[SIZE];
    final long[] base = new long[SIZE];

    SoftTlb() { flush(); }

    static int index(long page) { return DirectTlb.index(page); }

    /**
     * Fills the entry of {@code page}. A {@code code} page (instructions were fetched from it) gets
     * the exec tag and no write tag; any other page gets the write tag and no exec tag, so the first
     * fetch from it goes through the slow path, which marks it as code.
     */
    void set(long page, int prot, MemorySegment c, long pageOffsetInChunk, boolean code, long spanStart, long spanEnd) {
        int i = index(page);
        chunk[i] = c;
        base[i] = pageOffsetInChunk;
        long host = c.address() + pageOffsetInChunk;
        DirectTlb.set(read, i, page, prot != Prot.NONE ? page : INVALID, host);
        boolean writable = (prot & Prot.WRITE) != 0 && !code;
        DirectTlb.set(write, i, page, writable ? page : INVALID, host);
        if (writable) DirectTlb.setSpan(spans, i, spanStart, spanEnd);
        exec[i] = (prot & Prot.EXEC) != 0 && code ? page : INVALID;
    }

    /** {@code page} now holds code: every write entry's span that covers it shrinks to its own page. */
    void leaveOutOfSpans(long page) {
        long at = page << DirectTlb.PAGE_SHIFT;
        for (int i = 0; i < SIZE; i++) {
            long tag = DirectTlb.tagAt(write, i), start = spans[2 * i];
            if (tag != INVALID && Long.compareUnsigned(at - start, spans[2 * i + 1] + 7) < 0) {
                long own = tag << DirectTlb.PAGE_SHIFT;
                DirectTlb.setSpan(spans, i, own, own + (1L << DirectTlb.PAGE_SHIFT));
            }
        }
    }

    /** Forgets that {@code page} holds code: the next fetch takes the slow path. */
    void dropExec(long page) {
        int i = index(page);
        if (exec[i] == page) exec[i] = INVALID;
    }

    void flush() {
        DirectTlb.invalidate(read);
        DirectTlb.invalidate(write);
        Arrays.fill(exec, INVALID);
        Arrays.fill(chunk, null);
    }
}

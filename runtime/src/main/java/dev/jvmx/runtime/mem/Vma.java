package dev.jvmx.runtime.mem;

import java.lang.foreign.MemorySegment;

/**
 * One mapped region {@code [start, end)} of a process address space: page-aligned, one permission
 * set, backed by {@code backing} starting at byte {@code backingOffset}. Immutable; splitting a
 * region (munmap or mprotect of a part) makes new records sharing the backing.
 */
public record Vma(long start, long end, int prot, Backing backing, long backingOffset, String name) {

    public long length() { return end - start; }

    public boolean contains(long addr) { return addr >= start && addr < end; }

    /** The part {@code [from, to)} of this region (within it), with permissions {@code newProt}. */
    Vma slice(long from, long to, int newProt) {
        return new Vma(from, to, newProt, backing, backingOffset + (from - start), name);
    }

    /** Host chunk for guest address {@code addr} (in this region). */
    MemorySegment chunk(long addr) { return backing.chunk(backingOffset + (addr - start)); }

    /** Offset of {@code addr} in its {@link #chunk(long)}. */
    long chunkOffset(long addr) { return (backingOffset + (addr - start)) & (backing.chunkSize() - 1); }

    /** The guest address where {@code addr}'s chunk begins (may lie before this region). */
    long chunkStart(long addr) { return addr - chunkOffset(addr); }

    @Override
    public String toString() {
        return String.format("%012x-%012x %s %s", start, end, Prot.toString(prot), name);
    }
}

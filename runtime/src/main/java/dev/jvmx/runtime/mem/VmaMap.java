package dev.jvmx.runtime.mem;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The regions of an address space, sorted by start address and never overlapping. All
 * ranges given to it are page-aligned; the policy (where mmap places things, errno values) lives
 * in {@link ProcessAddressSpace}.
 */
final class VmaMap {
    private final NavigableMap<Long, Vma> byStart = new TreeMap<>();

    /** The region containing {@code addr}, or null. */
    Vma find(long addr) {
        Map.Entry<Long, Vma> e = byStart.floorEntry(addr);
        if (e == null) return null;
        Vma v = e.getValue();
        return addr < v.end() ? v : null;
    }

    /** True when no region overlaps {@code [start, end)}. */
    boolean isFree(long start, long end) {
        Map.Entry<Long, Vma> e = byStart.lowerEntry(end);
        return e == null || e.getValue().end() <= start;
    }

    /** True when every byte of {@code [start, end)} is mapped. */
    boolean isFullyMapped(long start, long end) {
        long at = start;
        while (at < end) {
            Vma v = find(at);
            if (v == null) return false;
            at = v.end();
        }
        return true;
    }

    /** Inserts {@code v}, first removing whatever overlaps it (MAP_FIXED semantics). */
    void insert(Vma v) {
        remove(v.start(), v.end());
        byStart.put(v.start(), v);
    }

    /** Removes {@code [start, end)}, splitting regions that straddle its ends. */
    void remove(long start, long end) {
        for (Vma v : overlapping(start, end)) {
            byStart.remove(v.start());
            if (v.start() < start) byStart.put(v.start(), v.slice(v.start(), start, v.prot()));
            if (v.end() > end) byStart.put(end, v.slice(end, v.end(), v.prot()));
        }
    }

    /** Sets the permissions of the mapped parts of {@code [start, end)} to {@code prot}. */
    void protect(long start, long end, int prot) {
        for (Vma v : overlapping(start, end)) {
            byStart.remove(v.start());
            long from = Math.max(start, v.start()), to = Math.min(end, v.end());
            if (v.start() < from) byStart.put(v.start(), v.slice(v.start(), from, v.prot()));
            byStart.put(from, v.slice(from, to, prot));
            if (v.end() > to) byStart.put(to, v.slice(to, v.end(), v.prot()));
        }
    }

    /**
     * The highest start address of a free gap of {@code length} bytes lying within
     * {@code [floor, ceiling)}, searching top-down like Linux's mmap layout; -1 if none.
     */
    long findFreeTopDown(long length, long floor, long ceiling) {
        long top = ceiling;
        for (Vma v : byStart.descendingMap().values()) {
            if (v.start() >= top) continue;
            long gapLow = Math.max(v.end(), floor);
            if (top - gapLow >= length) return top - length;
            top = v.start();
            if (top <= floor) return -1;
        }
        return top - floor >= length ? top - length : -1;
    }

    List<Vma> overlapping(long start, long end) {
        List<Vma> out = new ArrayList<>();
        Map.Entry<Long, Vma> first = byStart.floorEntry(start);
        Long from = first != null && first.getValue().end() > start ? first.getKey() : Long.valueOf(start);
        for (Vma v : byStart.subMap(from, true, end, false).values()) {
            if (v.end() > start) out.add(v);
        }
        return out;
    }

    List<Vma> all() { return List.copyOf(byStart.values()); }
}

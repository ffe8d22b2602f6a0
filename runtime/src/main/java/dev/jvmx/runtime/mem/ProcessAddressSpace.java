package dev.jvmx.runtime.mem;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

/**
 * The user address space of one Linux process: regions ({@link Vma}) in a sorted map, page
 * permissions, off-heap backing allocated on first touch, and a {@link SoftTlb} in front of it.
 *
 * <p>Scalar accesses take a fast path (one tag compare, one host-memory access) when the page is in
 * the TLB with the needed permission and the access does not cross a page; everything else goes
 * to the slow path, which raises {@code #PF} exactly like an x86-64 CPU under Linux: error code
 * {@code U} always, {@code P} when the page is mapped but the access is not allowed, {@code W}
 * for writes, {@code I} for instruction fetches, CR2 = the first byte of the access in the
 * faulting page. Nothing of the access commits when it faults (both pages of a page-crossing
 * access are checked first).
 *
 * <p>Layout (no address randomisation, as Linux with {@code setarch -R}): program at its ELF
 * addresses (static-PIE at {@code 0x555555554000}), heap (brk) after it, mmap regions top-down
 * below {@link #MMAP_TOP}, the stack below {@link #STACK_TOP}.
 *
 * <p>Mapping calls return the Linux result: an address or 0 on success, {@code -errno} on
 * failure. Single-threaded for now (one guest thread per process).
 */
public final class ProcessAddressSpace implements GuestMemory {
    public static final int PAGE_SHIFT = 12;
    public static final int PAGE_SIZE = 1 << PAGE_SHIFT;
    public static final long PAGE_MASK = PAGE_SIZE - 1;
    /** One past the highest user address (Linux TASK_SIZE_MAX with 4-level paging). */
    public static final long USER_END = 0x7FFF_FFFF_F000L;
    /** Lowest address mmap hands out or accepts (vm.mmap_min_addr). */
    public static final long MMAP_MIN = 0x1_0000L;
    /** mmap regions are placed top-down below this address. */
    public static final long MMAP_TOP = 0x7FFF_F7FF_F000L;
    /** One past the highest stack byte. */
    public static final long STACK_TOP = USER_END;

    static final int EINVAL = 22, ENOMEM = 12, EEXIST = 17;

    private static final int ACCESS_READ = 0, ACCESS_WRITE = 1, ACCESS_EXEC = 2;

    /** Where mmap may put a region. */
    public enum Placement {
        /** The address is a hint: used when free, otherwise a free gap is chosen. */
        HINT,
        /** Exactly at the address, replacing whatever is mapped there (MAP_FIXED). */
        FIXED,
        /** Exactly at the address, failing with -EEXIST if anything is there (MAP_FIXED_NOREPLACE). */
        FIXED_NOREPLACE
    }

    private final VmaMap vmas = new VmaMap();
    private final SoftTlb tlb = new SoftTlb();
    /** The TLB's arrays, one field load away for the fast path (the arrays never change, their contents do). */
    private final long[] readTags = tlb.read, writeTags = tlb.write;
    private final DirectTlb direct = new DirectTlb(readTags, writeTags, tlb.spans);
    /** Pages instructions were fetched from since their last change (write-watched; ordered for the spans, {@link #fill}). */
    private final java.util.NavigableSet<Long> codePages = new java.util.TreeSet<>();
    private CodeChangeListener codeListener = (start, end) -> { };
    private long brkStart = -1;
    private long brk = -1;

    // ---- scalar accesses: the TLB fast path (DirectTlb, shared with translated code), slow path below ----

    @Override
    public DirectTlb directTlb() { return direct; }

    @Override
    public byte read8(long addr) {
        long i = DirectTlb.hit(readTags, addr, 1);
        return i >= 0 ? DirectTlb.get8(readTags, i, addr) : (byte) slowRead(addr, 1);
    }

    @Override
    public short read16(long addr) {
        long i = DirectTlb.hit(readTags, addr, 2);
        return i >= 0 ? DirectTlb.get16(readTags, i, addr) : (short) slowRead(addr, 2);
    }

    @Override
    public int read32(long addr) {
        long i = DirectTlb.hit(readTags, addr, 4);
        return i >= 0 ? DirectTlb.get32(readTags, i, addr) : (int) slowRead(addr, 4);
    }

    @Override
    public long read64(long addr) {
        long i = DirectTlb.hit(readTags, addr, 8);
        return i >= 0 ? DirectTlb.get64(readTags, i, addr) : slowRead(addr, 8);
    }

    @Override
    public void write8(long addr, byte v) {
        long i = DirectTlb.hit(writeTags, addr, 1);
        if (i >= 0) DirectTlb.set8(writeTags, i, addr, v);
        else slowWrite(addr, 1, v);
    }

    @Override
    public void write16(long addr, short v) {
        long i = DirectTlb.hit(writeTags, addr, 2);
        if (i >= 0) DirectTlb.set16(writeTags, i, addr, v);
        else slowWrite(addr, 2, v);
    }

    @Override
    public void write32(long addr, int v) {
        long i = DirectTlb.hit(writeTags, addr, 4);
        if (i >= 0) DirectTlb.set32(writeTags, i, addr, v);
        else slowWrite(addr, 4, v);
    }

    @Override
    public void write64(long addr, long v) {
        long i = DirectTlb.hit(writeTags, addr, 8);
        if (i >= 0) DirectTlb.set64(writeTags, i, addr, v);
        else slowWrite(addr, 8, v);
    }

    private long slowRead(long addr, int size) {
        int i = fill(addr, ACCESS_READ);
        int first = (int) Math.min(size, PAGE_SIZE - (addr & PAGE_MASK));
        int j = first < size ? fill(addr + first, ACCESS_READ) : i;
        long v = 0;
        for (int k = size - 1; k >= 0; k--) {
            byte b = k < first ? tlb.chunk[i].get(ValueLayout.JAVA_BYTE, tlb.base[i] + (addr & PAGE_MASK) + k)
                    : tlb.chunk[j].get(ValueLayout.JAVA_BYTE, tlb.base[j] + (k - first));
            v = (v << 8) | (b & 0xFF);
        }
        return v;
    }

    private void slowWrite(long addr, int size, long v) {
        int i = fill(addr, ACCESS_WRITE);
        int first = (int) Math.min(size, PAGE_SIZE - (addr & PAGE_MASK));
        int j = first < size ? fill(addr + first, ACCESS_WRITE) : i;
        for (int k = 0; k < size; k++, v >>>= 8) {
            if (k < first) tlb.chunk[i].set(ValueLayout.JAVA_BYTE, tlb.base[i] + (addr & PAGE_MASK) + k, (byte) v);
            else tlb.chunk[j].set(ValueLayout.JAVA_BYTE, tlb.base[j] + (k - first), (byte) v);
        }
        codeWritten(addr, size);
    }

    /**
     * After a write to {@code [addr, addr+len)}: pages of it that held fetched code are reported
     * once and lose their watch until code is fetched from them again.
     */
    private void codeWritten(long addr, long len) {
        if (codePages.isEmpty() || len <= 0) return;
        for (long p = addr >>> PAGE_SHIFT, last = (addr + len - 1) >>> PAGE_SHIFT; p <= last; p++) {
            if (codePages.remove(p)) {
                codeListener.codeChanged(p << PAGE_SHIFT, (p + 1) << PAGE_SHIFT);
                tlb.dropExec(p);
            }
        }
    }

    /** After a mapping change over {@code [start, end)}: code there is stale. */
    private void mappingChanged(long start, long end) {
        tlb.flush();
        if (codePages.isEmpty()) return;
        boolean hit = codePages.removeIf(p -> (p << PAGE_SHIFT) < end && ((p + 1) << PAGE_SHIFT) > start);
        if (hit) codeListener.codeChanged(start, end);
    }

    /** Who hears about changed code (one listener: the executor's caches). */
    public void setCodeChangeListener(CodeChangeListener listener) {
        this.codeListener = listener != null ? listener : (start, end) -> { };
    }

    /** Makes the TLB entry of {@code addr}'s page valid for {@code access}, or raises #PF. Returns its index. */
    private int fill(long addr, int access) {
        long page = addr >>> PAGE_SHIFT;
        int i = SoftTlb.index(page);
        long tag = access == ACCESS_READ ? DirectTlb.tagAt(tlb.read, i) : access == ACCESS_WRITE ? DirectTlb.tagAt(tlb.write, i) : tlb.exec[i];
        if (tag == page) return i;
        Vma v = vmas.find(addr);
        int needed = access == ACCESS_READ ? Prot.RWX : access == ACCESS_WRITE ? Prot.WRITE : Prot.EXEC;
        if (v == null || (v.prot() & needed) == 0) {
            int code = GuestFault.PF_U | (v != null ? GuestFault.PF_P : 0)
                    | (access == ACCESS_WRITE ? GuestFault.PF_W : 0) | (access == ACCESS_EXEC ? GuestFault.PF_I : 0);
            throw GuestFault.pageFault(addr, code);
        }
        long pageAddr = page << PAGE_SHIFT;
        boolean code = access == ACCESS_EXEC || (!codePages.isEmpty() && codePages.contains(page));
        if (access == ACCESS_EXEC && codePages.add(page)) tlb.leaveOutOfSpans(page);
        long chunkStart = v.chunkStart(pageAddr);
        long spanStart = Math.max(v.start(), chunkStart), spanEnd = Math.min(v.end(), chunkStart + v.backing().chunkSize());
        Long below = codePages.lower(page), above = codePages.higher(page);
        if (below != null) spanStart = Math.max(spanStart, (below + 1) << PAGE_SHIFT);
        if (above != null) spanEnd = Math.min(spanEnd, above << PAGE_SHIFT);
        tlb.set(page, v.prot(), v.chunk(pageAddr), v.chunkOffset(pageAddr), code, spanStart, spanEnd);
        return i;
    }

    // ---- bulk accesses ----

    @Override
    public int fetch(long addr, byte[] dst, int off, int len) {
        int done = 0;
        while (done < len) {
            long at = addr + done;
            int i;
            try {
                i = fill(at, ACCESS_EXEC);
            } catch (GuestFault f) {
                if (done == 0) throw f;
                break;
            }
            int n = (int) Math.min(len - done, PAGE_SIZE - (at & PAGE_MASK));
            MemorySegment.copy(tlb.chunk[i], ValueLayout.JAVA_BYTE, tlb.base[i] + (at & PAGE_MASK), dst, off + done, n);
            done += n;
        }
        return done;
    }

    @Override
    public void read(long addr, byte[] dst, int off, int len) {
        checkRange(addr, len, ACCESS_READ);
        for (int done = 0; done < len; ) {
            long at = addr + done;
            int i = fill(at, ACCESS_READ);
            int n = (int) Math.min(len - done, PAGE_SIZE - (at & PAGE_MASK));
            MemorySegment.copy(tlb.chunk[i], ValueLayout.JAVA_BYTE, tlb.base[i] + (at & PAGE_MASK), dst, off + done, n);
            done += n;
        }
    }

    @Override
    public void write(long addr, byte[] src, int off, int len) {
        checkRange(addr, len, ACCESS_WRITE);
        for (int done = 0; done < len; ) {
            long at = addr + done;
            int i = fill(at, ACCESS_WRITE);
            int n = (int) Math.min(len - done, PAGE_SIZE - (at & PAGE_MASK));
            MemorySegment.copy(src, off + done, tlb.chunk[i], ValueLayout.JAVA_BYTE, tlb.base[i] + (at & PAGE_MASK), n);
            done += n;
        }
        codeWritten(addr, len);
    }

    @Override
    public void checkWrite(long addr, int len) { checkRange(addr, len, ACCESS_WRITE); }

    /** Raises the #PF the first inaccessible page of {@code [addr, addr+len)} would raise, if any. */
    private void checkRange(long addr, long len, int access) {
        if (len <= 0) return;
        for (long p = addr; p - addr < len; p = (p & ~PAGE_MASK) + PAGE_SIZE) fill(p, access);
    }

    /** True when {@code [addr, addr+len)} is mapped and readable (writable if {@code write}). */
    public boolean isAccessible(long addr, long len, boolean write) {
        try {
            checkRange(addr, len, write ? ACCESS_WRITE : ACCESS_READ);
            return true;
        } catch (GuestFault f) {
            return false;
        }
    }

    /** Writes bytes whatever the page permissions (loaders); the pages must be mapped. */
    public void poke(long addr, byte[] src, int off, int len) {
        for (int done = 0; done < len; ) {
            long at = addr + done;
            Vma v = vmas.find(at);
            if (v == null) throw GuestFault.pageFault(at, GuestFault.PF_W);
            int n = (int) Math.min(len - done, v.backing().chunkSize() - v.chunkOffset(at));
            n = (int) Math.min(n, v.end() - at);
            MemorySegment.copy(src, off + done, v.chunk(at), ValueLayout.JAVA_BYTE, v.chunkOffset(at), n);
            done += n;
        }
        codeWritten(addr, len);
    }

    // ---- mappings ----

    /**
     * mmap of anonymous zero-filled memory. Returns the address, or -EINVAL (length 0, a FIXED
     * address not page-aligned or outside user space), -ENOMEM (no room), -EEXIST (FIXED_NOREPLACE
     * over an existing mapping).
     */
    public long mmap(long addr, long length, int prot, Placement placement, String name) {
        if (length <= 0 || length > USER_END) return -(length == 0 ? EINVAL : ENOMEM);
        long len = pageUp(length);
        long start;
        if (placement != Placement.HINT) {
            if ((addr & PAGE_MASK) != 0) return -EINVAL;
            if (addr < MMAP_MIN || addr > USER_END - len) return -(placement == Placement.FIXED ? EINVAL : ENOMEM);
            if (placement == Placement.FIXED_NOREPLACE && !vmas.isFree(addr, addr + len)) return -EEXIST;
            start = addr;
        } else {
            long hint = pageUp(addr);
            if (hint >= MMAP_MIN && hint <= USER_END - len && vmas.isFree(hint, hint + len)) start = hint;
            else start = vmas.findFreeTopDown(len, MMAP_MIN, MMAP_TOP);
            if (start < 0) return -ENOMEM;
        }
        vmas.insert(new Vma(start, start + len, prot & Prot.RWX, new Backing(len), 0, name));
        mappingChanged(start, start + len);
        return start;
    }

    /** mmap whose initial content is {@code content} (a private copy of a file's bytes), zero beyond it. */
    public long mmap(long addr, long length, int prot, Placement placement, String name, byte[] content) {
        long r = mmap(addr, length, prot, placement, name);
        if (r >= 0) poke(r, content, 0, (int) Math.min(content.length, length));
        return r;
    }

    /** munmap: 0, or -EINVAL for an unaligned address or a zero length. Unmapped parts are fine. */
    public int munmap(long addr, long length) {
        if ((addr & PAGE_MASK) != 0 || length <= 0 || addr < 0 || addr > USER_END || length > USER_END - addr) return -EINVAL;
        vmas.remove(addr, addr + pageUp(length));
        mappingChanged(addr, addr + pageUp(length));
        return 0;
    }

    /** mprotect: 0, -EINVAL for an unaligned address, -ENOMEM when part of the range is unmapped. */
    public int mprotect(long addr, long length, int prot) {
        if ((addr & PAGE_MASK) != 0 || length < 0 || addr < 0) return -EINVAL;
        if (length == 0) return 0;
        long end = addr + pageUp(length);
        if (end > USER_END || end < addr) return -ENOMEM;
        if (!vmas.isFullyMapped(addr, end)) return -ENOMEM;
        vmas.protect(addr, end, prot & Prot.RWX);
        mappingChanged(addr, end);
        return 0;
    }

    /**
     * Replaces the mapped parts of {@code [addr, addr+length)} with fresh zero pages, keeping their
     * permissions (madvise MADV_DONTNEED on private anonymous memory). 0, or -EINVAL if unaligned.
     */
    public int discard(long addr, long length) {
        if ((addr & PAGE_MASK) != 0 || length < 0 || addr < 0) return -EINVAL;
        long end = addr + pageUp(length);
        for (Vma v : vmas.overlapping(addr, end)) {
            long from = Math.max(addr, v.start()), to = Math.min(end, v.end());
            vmas.insert(new Vma(from, to, v.prot(), new Backing(to - from), 0, v.name()));
        }
        mappingChanged(addr, end);
        return 0;
    }

    /** Sets the start of the heap (the loader: page-aligned end of the program's highest segment). */
    public void setBrkStart(long addr) {
        brkStart = pageUp(addr);
        brk = brkStart;
    }

    /**
     * brk: moves the program break to {@code addr} when it can (not below the heap start, not
     * into another mapping) and returns the new break; otherwise returns the current one.
     */
    public long brk(long addr) {
        if (brkStart < 0 || addr < brkStart || addr > MMAP_TOP) return brk;
        long oldEnd = pageUp(brk), newEnd = pageUp(addr);
        if (newEnd > oldEnd) {
            if (!vmas.isFree(oldEnd, newEnd)) return brk;
            vmas.insert(new Vma(oldEnd, newEnd, Prot.RW, new Backing(newEnd - oldEnd), 0, "[heap]"));
        } else if (newEnd < oldEnd) {
            vmas.remove(newEnd, oldEnd);
        }
        mappingChanged(Math.min(oldEnd, newEnd), Math.max(oldEnd, newEnd));
        brk = addr;
        return brk;
    }

    /** The regions in address order (a snapshot, for /proc/self/maps-style reports and tests). */
    public List<Vma> mappings() { return vmas.all(); }

    /** The region containing {@code addr}, or null. */
    public Vma regionAt(long addr) { return vmas.find(addr); }

    public static long pageUp(long x) { return (x + PAGE_MASK) & ~PAGE_MASK; }

    public static long pageDown(long x) { return x & ~PAGE_MASK; }
}

package dev.jvmx.runtime.exec;

import dev.jvmx.runtime.mem.GuestFault;
import dev.jvmx.runtime.mem.GuestMemory;
import java.util.HashMap;
import java.util.Map;

/**
 * Test-only guest memory: sparse 4 KiB pages mapped on request, everything else faults with #PF
 * (the error code says read or write; fetches of unmapped bytes stop like the real contract says).
 */
final class FlatMemory implements GuestMemory {
    private static final int PAGE = 4096;
    private final Map<Long, byte[]> pages = new HashMap<>();

    FlatMemory map(long addr, long len) {
        for (long p = addr & -PAGE; p < addr + len; p += PAGE) pages.computeIfAbsent(p, k -> new byte[PAGE]);
        return this;
    }

    boolean mapped(long addr) {
        return pages.containsKey(addr & -PAGE);
    }

    private byte[] page(long addr, boolean write) {
        byte[] p = pages.get(addr & -PAGE);
        if (p == null) throw GuestFault.pageFault(addr, GuestFault.PF_U | (write ? GuestFault.PF_W : 0));
        return p;
    }

    @Override public byte read8(long a) { return page(a, false)[(int) (a & (PAGE - 1))]; }

    @Override public short read16(long a) { return (short) (rd(a, 2)); }

    @Override public int read32(long a) { return (int) rd(a, 4); }

    @Override public long read64(long a) { return rd(a, 8); }

    private long rd(long a, int n) {
        for (int i = 0; i < n; i++) page(a + i, false); // fault before any partial result
        long v = 0;
        for (int i = n - 1; i >= 0; i--) v = (v << 8) | (read8(a + i) & 0xFF);
        return v;
    }

    private void wr(long a, long v, int n) {
        for (int i = 0; i < n; i++) page(a + i, true); // a faulting write writes nothing
        for (int i = 0; i < n; i++) page(a + i, true)[(int) ((a + i) & (PAGE - 1))] = (byte) (v >>> (8 * i));
    }

    @Override public void write8(long a, byte v) { wr(a, v, 1); }

    @Override public void write16(long a, short v) { wr(a, v, 2); }

    @Override public void write32(long a, int v) { wr(a, v, 4); }

    @Override public void write64(long a, long v) { wr(a, v, 8); }

    @Override
    public int fetch(long addr, byte[] dst, int off, int len) {
        int n = 0;
        while (n < len && mapped(addr + n)) {
            dst[off + n] = read8(addr + n);
            n++;
        }
        if (n == 0) throw GuestFault.pageFault(addr, GuestFault.PF_U | GuestFault.PF_I);
        return n;
    }
}

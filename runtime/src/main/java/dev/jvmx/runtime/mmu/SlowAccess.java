package dev.jvmx.runtime.mmu;

import dev.jvmx.runtime.mem.GuestFault;
import dev.jvmx.runtime.mem.GuestMemory;

/**
 * The slow path of every access, as a {@link GuestMemory}: explicit accesses at the current CPL,
 * or implicit supervisor-mode accesses ({@link Mmu#system()}). An access that crosses a page
 * boundary translates both pages, the first first, before touching either, so it faults on the
 * page that faults, with CR2 = the first byte of the access in that page (SDM Vol. 3A §4.7:
 * CR2 holds the linear address that caused the fault), and a write is never half done.
 */
final class SlowAccess implements GuestMemory {
    private final Translator t;
    private final boolean implicit;

    SlowAccess(Translator t, boolean implicit) {
        this.t = t;
        this.implicit = implicit;
    }

    long read(long la, int size) {
        if ((la & 0xFFF) + size <= 0x1000) return t.phys.read(t.translate(la, AccessKind.READ, implicit), size);
        long second = (la | 0xFFF) + 1;
        long pa1 = t.translate(la, AccessKind.READ, implicit);
        long pa2 = t.translate(second, AccessKind.READ, implicit);
        int n1 = (int) (second - la);
        long v = 0;
        for (int b = 0; b < size; b++) {
            long pa = b < n1 ? pa1 + b : pa2 + (b - n1);
            v |= (t.phys.read(pa, 1) & 0xFF) << (8 * b);
        }
        return v;
    }

    void write(long la, int size, long v) {
        if ((la & 0xFFF) + size <= 0x1000) {
            t.phys.write(t.translate(la, AccessKind.WRITE, implicit), size, v);
            return;
        }
        long second = (la | 0xFFF) + 1;
        long pa1 = t.translate(la, AccessKind.WRITE, implicit);
        long pa2 = t.translate(second, AccessKind.WRITE, implicit);
        int n1 = (int) (second - la);
        for (int b = 0; b < size; b++) {
            long pa = b < n1 ? pa1 + b : pa2 + (b - n1);
            t.phys.write(pa, 1, v >>> (8 * b));
        }
    }

    /** Translates every page of the write for writing, the first first (A/D bits as a write's translation sets them), writing nothing. */
    @Override
    public void checkWrite(long la, int len) {
        for (long p = la; p - la < len; p = (p | 0xFFF) + 1) t.translate(p, AccessKind.WRITE, implicit);
    }

    @Override
    public int fetch(long la, byte[] dst, int off, int len) {
        int n = 0;
        while (n < len) {
            long a = la + n;
            long pa;
            try {
                pa = t.translate(a, AccessKind.FETCH, implicit);
            } catch (GuestFault | EptViolationException | EptMisconfigurationException e) {
                if (n == 0) throw e;
                return n;
            }
            int chunk = (int) Math.min(len - n, 0x1000 - (a & 0xFFF));
            for (int j = 0; j < chunk; j++) dst[off + n + j] = (byte) t.phys.read(pa + j, 1);
            n += chunk;
        }
        return n;
    }

    @Override
    public void read(long la, byte[] dst, int off, int len) {
        int n = 0;
        while (n < len) {
            long a = la + n;
            long pa = t.translate(a, AccessKind.READ, implicit);
            int chunk = (int) Math.min(len - n, 0x1000 - (a & 0xFFF));
            for (int j = 0; j < chunk; j++) dst[off + n + j] = (byte) t.phys.read(pa + j, 1);
            n += chunk;
        }
    }

    @Override
    public void write(long la, byte[] src, int off, int len) {
        int n = 0;
        while (n < len) {
            long a = la + n;
            long pa = t.translate(a, AccessKind.WRITE, implicit);
            int chunk = (int) Math.min(len - n, 0x1000 - (a & 0xFFF));
            for (int j = 0; j < chunk; j++) t.phys.write(pa + j, 1, src[off + n + j]);
            n += chunk;
        }
    }

    @Override public byte read8(long la) { return (byte) read(la, 1); }
    @Override public short read16(long la) { return (short) read(la, 2); }
    @Override public int read32(long la) { return (int) read(la, 4); }
    @Override public long read64(long la) { return read(la, 8); }
    @Override public void write8(long la, byte v) { write(la, 1, v); }
    @Override public void write16(long la, short v) { write(la, 2, v); }
    @Override public void write32(long la, int v) { write(la, 4, v); }
    @Override public void write64(long la, long v) { write(la, 8, v); }
}

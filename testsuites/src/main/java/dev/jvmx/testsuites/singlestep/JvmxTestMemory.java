package dev.jvmx.testsuites.singlestep;

import dev.jvmx.runtime.mem.GuestMemory;

/**
 * The test CPU's physical memory: 16 MiB (the 80286's bus), addresses wrapped to the chip's
 * address bits on every byte, so a word at 0xFFFFF reads its high byte from 0 on the 8086. Only
 * the bytes a test writes are cleared again on {@link #reset} (a test touches a few dozen).
 */
final class JvmxTestMemory implements GuestMemory {
    private final byte[] bytes = new byte[1 << 24];
    private int[] touched = new int[256];
    private int touchedCount;
    private int mask = 0xF_FFFF;

    void reset(int addressMask) {
        for (int i = 0; i < touchedCount; i++) bytes[touched[i]] = 0;
        touchedCount = 0;
        mask = addressMask;
    }

    private int at(long addr) {
        return (int) addr & mask;
    }

    @Override public byte read8(long addr) { return bytes[at(addr)]; }

    @Override public short read16(long addr) { return (short) (u8(addr) | u8(addr + 1) << 8); }

    @Override public int read32(long addr) { return read16(addr) & 0xFFFF | read16(addr + 2) << 16; }

    @Override public long read64(long addr) { return read32(addr) & 0xFFFF_FFFFL | (long) read32(addr + 4) << 32; }

    private int u8(long addr) { return bytes[at(addr)] & 0xFF; }

    @Override
    public void write8(long addr, byte v) {
        int a = at(addr);
        if (touchedCount == touched.length) touched = java.util.Arrays.copyOf(touched, touchedCount * 2);
        touched[touchedCount++] = a;
        bytes[a] = v;
    }

    @Override
    public void write16(long addr, short v) {
        write8(addr, (byte) v);
        write8(addr + 1, (byte) (v >> 8));
    }

    @Override
    public void write32(long addr, int v) {
        write16(addr, (short) v);
        write16(addr + 2, (short) (v >> 16));
    }

    @Override
    public void write64(long addr, long v) {
        write32(addr, (int) v);
        write32(addr + 4, (int) (v >> 32));
    }

    @Override
    public int fetch(long addr, byte[] dst, int off, int len) {
        for (int i = 0; i < len; i++) dst[off + i] = read8(addr + i);
        return len;
    }
}

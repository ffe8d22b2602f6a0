package dev.jvmx.runtime.machine.bus;

import dev.jvmx.runtime.mem.GuestMemory;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The physical address space of a PC: RAM, the firmware ROM and the MMIO holes.
 * <pre>
 *  0x0000_0000 .. low RAM end        RAM (at most 3 GiB below 4 GiB)
 *  1 MiB - min(rom, 128 KiB) .. 1 MiB the top of the ROM image (shadows RAM, read-only)
 *  low RAM end .. 4 GiB               MMIO: I/O APIC 0xFEC0_0000, local APIC 0xFEE0_0000
 *  4 GiB - rom size .. 4 GiB          the whole ROM image (reset vector at 0xFFFF_FFF0)
 *  4 GiB .. 4 GiB + high RAM          RAM beyond the first 3 GiB (the PCI hole is skipped)
 * </pre>
 * The A20 gate (port 0x92 bit 1) forces bit 20 of every address to 0 while disabled, so that
 * real-mode code wrapping at 1 MiB sees the 8086 behaviour. No access ever reaches host memory
 * outside the RAM segment and the ROM copy: everything else goes to the {@link MmioHandler}.
 *
 * <p>As a {@link GuestMemory} it is the identity view (linear = physical), which is what the CPU
 * sees with paging off and segmentation already applied.
 */
public final class PhysicalMemory implements GuestMemory {
    public static final long LOW_RAM_LIMIT = 0xC000_0000L;
    public static final long FOUR_GIB = 0x1_0000_0000L;
    public static final long ONE_MIB = 0x10_0000L;
    /** How much of the ROM image is aliased just below 1 MiB. */
    public static final int ROM_LOW_WINDOW = 128 * 1024;

    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final MemorySegment ram;
    private final long lowRamEnd;
    private final long highRamSize;
    private MemorySegment rom = MemorySegment.NULL;
    private long romLowBase = ONE_MIB;
    private long romHighBase = FOUR_GIB;
    private long fastLimit;
    private boolean a20 = true;
    /** Bumped whenever the physical mapping changes (A20), so that TLBs know to flush. */
    private volatile int mapEpoch;
    private MmioHandler mmio;
    private long romWrites;

    /** RAM of {@code ramSize} bytes (a multiple of 4 KiB), zero-filled, no ROM, MMIO to {@code mmio}. */
    public PhysicalMemory(long ramSize, MmioHandler mmio) {
        if (ramSize <= 0 || (ramSize & 0xFFF) != 0) throw new IllegalArgumentException("RAM size " + ramSize);
        this.ram = Arena.ofAuto().allocate(ramSize, 4096);
        this.lowRamEnd = Math.min(ramSize, LOW_RAM_LIMIT);
        this.highRamSize = ramSize - lowRamEnd;
        this.mmio = mmio;
        this.fastLimit = lowRamEnd;
    }

    /** Maps {@code image} (a multiple of 64 KiB, at most 16 MiB) below 4 GiB and its top below 1 MiB. */
    public void mapRom(byte[] image) {
        if (image.length == 0 || (image.length & 0xFFFF) != 0 || image.length > 16 << 20) {
            throw new IllegalArgumentException("ROM size must be a non-zero multiple of 64 KiB up to 16 MiB: " + image.length);
        }
        rom = Arena.ofAuto().allocate(image.length);
        MemorySegment.copy(image, 0, rom, ValueLayout.JAVA_BYTE, 0, image.length);
        romHighBase = FOUR_GIB - image.length;
        romLowBase = ONE_MIB - Math.min(image.length, ROM_LOW_WINDOW);
        fastLimit = Math.min(lowRamEnd, romLowBase);
    }

    public void setMmioHandler(MmioHandler handler) { this.mmio = handler; }

    public void setA20(boolean enabled) {
        if (a20 != enabled) {
            this.a20 = enabled;
            mapEpoch++;
        }
    }

    /** Changes on every remapping (A20 toggled): a vCPU that cached translations must drop them. */
    public int mapEpoch() { return mapEpoch; }

    public boolean a20() { return a20; }

    public long ramSize() { return ram.byteSize(); }

    /** Bytes of RAM below 4 GiB (the rest starts at 4 GiB). */
    public long lowRamEnd() { return lowRamEnd; }

    public long highRamSize() { return highRamSize; }

    /** Where the ROM's alias below 1 MiB starts (1 MiB: no ROM mapped). */
    public long romLowBase() { return rom == MemorySegment.NULL ? ONE_MIB : romLowBase; }

    /** Where the whole ROM image below 4 GiB starts (4 GiB: no ROM mapped). */
    public long romHighBase() { return rom == MemorySegment.NULL ? FOUR_GIB : romHighBase; }

    /** Writes the guest tried to make to ROM (dropped). */
    public long romWrites() { return romWrites; }

    /** The RAM segment, for a software TLB's fast path; offset = RAM offset, not physical address. */
    public MemorySegment ramSegment() { return ram; }

    /** RAM offset of physical address {@code pa} (after A20), or -1 if it is not RAM. */
    public long ramOffset(long pa) {
        if (!a20) pa &= ~ONE_MIB;
        if (pa >= 0 && pa < lowRamEnd) return inLowRom(pa) ? -1 : pa;
        long hi = pa - FOUR_GIB;
        return hi >= 0 && hi < highRamSize ? lowRamEnd + hi : -1;
    }

    private boolean inLowRom(long pa) {
        return rom != MemorySegment.NULL && pa >= romLowBase && pa < ONE_MIB;
    }

    /** ROM offset of {@code pa}, or -1. */
    private long romOffset(long pa) {
        if (rom == MemorySegment.NULL) return -1;
        if (pa >= romLowBase && pa < ONE_MIB) return rom.byteSize() - (ONE_MIB - pa);
        if (pa >= romHighBase && pa < FOUR_GIB) return pa - romHighBase;
        return -1;
    }

    private boolean fast(long pa, int size) {
        return a20 ? pa >= 0 && pa + size <= fastLimit : pa >= 0 && pa + size <= Math.min(fastLimit, ONE_MIB);
    }

    /** Reads {@code size} (1, 2, 4, 8) bytes at physical {@code pa}, zero-extended. */
    public long readPhys(long pa, int size) {
        return readPhys(pa, size, mmio);
    }

    /** Like {@link #readPhys(long, int)}, with MMIO going to {@code h} (a per-vCPU handler). */
    public long readPhys(long pa, int size, MmioHandler h) {
        if (fast(pa, size)) return readRam(pa, size);
        long last = pa + size - 1;
        long off = ramOffset(pa);
        if (off >= 0 && ramOffset(last) == off + size - 1) return readRam(off, size);
        long masked = a20 ? pa : pa & ~ONE_MIB;
        long r = romOffset(masked);
        if (r >= 0 && romOffset(masked + size - 1) == r + size - 1) return read(rom, r, size);
        if (off < 0 && r < 0 && ramOffset(last) < 0 && romOffset(masked + size - 1) < 0) {
            return h.mmioRead(masked, size) & sizeMask(size);
        }
        long v = 0;
        for (int i = 0; i < size; i++) v |= (readByteSlow(pa + i, h) & 0xFFL) << (8 * i);
        return v;
    }

    private int readByteSlow(long pa, MmioHandler h) {
        long off = ramOffset(pa);
        if (off >= 0) return ram.get(ValueLayout.JAVA_BYTE, off);
        long masked = a20 ? pa : pa & ~ONE_MIB;
        long r = romOffset(masked);
        if (r >= 0) return rom.get(ValueLayout.JAVA_BYTE, r);
        return (int) h.mmioRead(masked, 1);
    }

    /** Writes the low {@code size} bytes of {@code v} at physical {@code pa}. */
    public void writePhys(long pa, int size, long v) {
        writePhys(pa, size, v, mmio);
    }

    /** Like {@link #writePhys(long, int, long)}, with MMIO going to {@code h}. */
    public void writePhys(long pa, int size, long v, MmioHandler h) {
        if (fast(pa, size)) {
            writeRam(pa, size, v);
            return;
        }
        long off = ramOffset(pa);
        if (off >= 0 && ramOffset(pa + size - 1) == off + size - 1) {
            writeRam(off, size, v);
            return;
        }
        long masked = a20 ? pa : pa & ~ONE_MIB;
        if (off < 0 && romOffset(masked) < 0 && ramOffset(pa + size - 1) < 0 && romOffset(masked + size - 1) < 0) {
            h.mmioWrite(masked, size, v & sizeMask(size));
            return;
        }
        for (int i = 0; i < size; i++) writeByteSlow(pa + i, (byte) (v >>> (8 * i)), h);
    }

    private void writeByteSlow(long pa, byte b, MmioHandler h) {
        long off = ramOffset(pa);
        if (off >= 0) {
            ram.set(ValueLayout.JAVA_BYTE, off, b);
            return;
        }
        long masked = a20 ? pa : pa & ~ONE_MIB;
        if (romOffset(masked) >= 0) {
            romWrites++;
            return;
        }
        h.mmioWrite(masked, 1, b & 0xFF);
    }

    private long readRam(long off, int size) {
        return read(ram, off, size);
    }

    private static long read(MemorySegment s, long off, int size) {
        return switch (size) {
            case 1 -> s.get(ValueLayout.JAVA_BYTE, off) & 0xFFL;
            case 2 -> s.get(U16, off) & 0xFFFFL;
            case 4 -> s.get(U32, off) & 0xFFFF_FFFFL;
            case 8 -> s.get(U64, off);
            default -> throw new IllegalArgumentException("size " + size);
        };
    }

    private void writeRam(long off, int size, long v) {
        switch (size) {
            case 1 -> ram.set(ValueLayout.JAVA_BYTE, off, (byte) v);
            case 2 -> ram.set(U16, off, (short) v);
            case 4 -> ram.set(U32, off, (int) v);
            case 8 -> ram.set(U64, off, v);
            default -> throw new IllegalArgumentException("size " + size);
        }
    }

    private static long sizeMask(int size) {
        return size == 8 ? -1L : (1L << (size * 8)) - 1;
    }

    /** Copies {@code data} into RAM at {@code pa} (loaders); throws if any byte is not RAM. */
    public void loadRam(long pa, byte[] data, int off, int len) {
        for (int i = 0; i < len; i++) {
            long o = ramOffset(pa + i);
            if (o < 0) throw new IllegalArgumentException(String.format("0x%x is not RAM", pa + i));
            ram.set(ValueLayout.JAVA_BYTE, o, data[off + i]);
        }
    }

    // GuestMemory: identity view (linear address = physical address).

    @Override public byte read8(long addr) { return (byte) readPhys(addr, 1); }
    @Override public short read16(long addr) { return (short) readPhys(addr, 2); }
    @Override public int read32(long addr) { return (int) readPhys(addr, 4); }
    @Override public long read64(long addr) { return readPhys(addr, 8); }
    @Override public void write8(long addr, byte v) { writePhys(addr, 1, v); }
    @Override public void write16(long addr, short v) { writePhys(addr, 2, v); }
    @Override public void write32(long addr, int v) { writePhys(addr, 4, v); }
    @Override public void write64(long addr, long v) { writePhys(addr, 8, v); }

    @Override
    public int fetch(long addr, byte[] dst, int off, int len) {
        for (int i = 0; i < len; i++) dst[off + i] = (byte) readPhys(addr + i, 1);
        return len;
    }

    /** The identity view of this memory with MMIO going to {@code h}: one per vCPU (its local APIC). */
    public GuestMemory view(MmioHandler h) {
        PhysicalMemory pm = this;
        return new GuestMemory() {
            @Override public byte read8(long a) { return (byte) pm.readPhys(a, 1, h); }
            @Override public short read16(long a) { return (short) pm.readPhys(a, 2, h); }
            @Override public int read32(long a) { return (int) pm.readPhys(a, 4, h); }
            @Override public long read64(long a) { return pm.readPhys(a, 8, h); }
            @Override public void write8(long a, byte v) { pm.writePhys(a, 1, v, h); }
            @Override public void write16(long a, short v) { pm.writePhys(a, 2, v, h); }
            @Override public void write32(long a, int v) { pm.writePhys(a, 4, v, h); }
            @Override public void write64(long a, long v) { pm.writePhys(a, 8, v, h); }

            @Override
            public int fetch(long a, byte[] dst, int off, int len) {
                for (int i = 0; i < len; i++) dst[off + i] = (byte) pm.readPhys(a + i, 1, h);
                return len;
            }
        };
    }
}

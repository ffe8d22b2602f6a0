package dev.jvmx.runtime.vm;

import dev.jvmx.runtime.mmu.PhysicalAccess;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The host-physical memory of one {@link Vm}: a zeroed RAM segment starting at host-physical
 * address 0. Guest RAM, EPT paging structures and the VMX data structures (I/O and MSR bitmaps,
 * MSR areas, virtual-APIC page) all live here; guest code reaches it only through EPT. Reads
 * outside RAM return all ones and writes vanish, as on an unclaimed bus.
 */
public final class HostMemory implements PhysicalAccess {
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle CAS32 = ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();
    private static final VarHandle CAS64 = ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();

    private final MemorySegment ram;

    public HostMemory(long bytes) {
        if (bytes <= 0 || (bytes & 0xFFF) != 0) throw new IllegalArgumentException("host memory must be a positive multiple of 4 KiB: " + bytes);
        this.ram = Arena.ofAuto().allocate(bytes, 4096);
    }

    public long size() { return ram.byteSize(); }

    private boolean inside(long pa, int size) {
        return pa >= 0 && pa + size <= ram.byteSize();
    }

    @Override
    public long read(long pa, int size) {
        if (!inside(pa, size)) return size == 8 ? -1L : (1L << (8 * size)) - 1;
        long v = 0;
        for (int i = size - 1; i >= 0; i--) v = v << 8 | (ram.get(ValueLayout.JAVA_BYTE, pa + i) & 0xFF);
        return v;
    }

    @Override
    public void write(long pa, int size, long value) {
        if (!inside(pa, size)) return;
        if (size == 8) {
            ram.set(U64, pa, value);
            return;
        }
        for (int i = 0; i < size; i++) ram.set(ValueLayout.JAVA_BYTE, pa + i, (byte) (value >>> (8 * i)));
    }

    @Override
    public boolean compareAndSet(long pa, int size, long expected, long update) {
        if (!inside(pa, size) || (pa & (size - 1)) != 0) return false;
        return size == 8 ? CAS64.compareAndSet(ram, pa, expected, update)
                : CAS32.compareAndSet(ram, pa, (int) expected, (int) update);
    }

    @Override
    public MemorySegment ram() { return ram; }

    @Override
    public long ramPageOffset(long pa) {
        long page = pa & ~0xFFFL;
        return page >= 0 && page + 0x1000 <= ram.byteSize() ? page : -1;
    }
}

package dev.jvmx.runtime.vm;

import dev.jvmx.runtime.mmu.PhysicalAccess;
import java.lang.foreign.MemorySegment;

/**
 * Host-physical memory of a {@link Vm}: the guest's RAM (and, for a PC, its ROM and MMIO holes)
 * below {@link #STRUCTURES_BASE}, and from there the VMM's own structures — EPT paging
 * structures, I/O and MSR bitmaps, MSR areas, virtual-APIC pages — which no EPT mapping reaches,
 * so the guest cannot see them. The base lies inside the model's physical-address width (39 bits).
 */
public final class VmmMemory implements PhysicalAccess {
    /** Host-physical address of the VMM structure area (256 GiB). */
    public static final long STRUCTURES_BASE = 1L << 38;

    private final PhysicalAccess ram;
    private final HostMemory structures;

    VmmMemory(PhysicalAccess ram, long structureBytes) {
        this.ram = ram;
        this.structures = new HostMemory(structureBytes);
    }

    /** The guest-RAM side. */
    public PhysicalAccess guestRam() { return ram; }

    private static boolean high(long pa) {
        return pa >= STRUCTURES_BASE;
    }

    @Override
    public long read(long pa, int size) {
        return high(pa) ? structures.read(pa - STRUCTURES_BASE, size) : ram.read(pa, size);
    }

    @Override
    public void write(long pa, int size, long value) {
        if (high(pa)) structures.write(pa - STRUCTURES_BASE, size, value);
        else ram.write(pa, size, value);
    }

    @Override
    public boolean compareAndSet(long pa, int size, long expected, long update) {
        return high(pa) ? structures.compareAndSet(pa - STRUCTURES_BASE, size, expected, update)
                : ram.compareAndSet(pa, size, expected, update);
    }

    /** The RAM segment of the guest side: the MMU's fast path never points into the structures. */
    @Override
    public MemorySegment ram() { return ram.ram(); }

    @Override
    public long ramPageOffset(long pa) {
        return high(pa) ? -1 : ram.ramPageOffset(pa);
    }

    long structureBytes() { return structures.size(); }
}

package dev.jvmx.runtime.mmu;

import dev.jvmx.runtime.machine.bus.MmioHandler;
import dev.jvmx.runtime.machine.bus.PhysicalMemory;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * {@link PhysicalAccess} over the PC's {@link PhysicalMemory} (RAM, ROM, MMIO holes, A20), with
 * MMIO going to a per-vCPU {@link MmioHandler} (its local APIC) or to the memory's own handler.
 * Compare-and-set is a VarHandle CAS on RAM; elsewhere (ROM, MMIO) a read and a write under a lock.
 */
public final class BusPhysicalAccess implements PhysicalAccess {
    private static final VarHandle CAS32 =
            ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();
    private static final VarHandle CAS64 =
            ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();

    private final PhysicalMemory memory;
    private final MmioHandler mmio;

    /** {@code mmio} may be null: MMIO then goes to the memory's own handler. */
    public BusPhysicalAccess(PhysicalMemory memory, MmioHandler mmio) {
        this.memory = memory;
        this.mmio = mmio;
    }

    @Override
    public long read(long pa, int size) {
        return mmio == null ? memory.readPhys(pa, size) : memory.readPhys(pa, size, mmio);
    }

    @Override
    public void write(long pa, int size, long value) {
        if (mmio == null) memory.writePhys(pa, size, value);
        else memory.writePhys(pa, size, value, mmio);
    }

    @Override
    public boolean compareAndSet(long pa, int size, long expected, long update) {
        long off = memory.ramOffset(pa);
        if (off >= 0 && (pa & (size - 1)) == 0) {
            MemorySegment ram = memory.ramSegment();
            return size == 8 ? CAS64.compareAndSet(ram, off, expected, update)
                    : CAS32.compareAndSet(ram, off, (int) expected, (int) update);
        }
        synchronized (this) {
            long mask = size == 8 ? -1L : 0xFFFF_FFFFL;
            if ((read(pa, size) & mask) != (expected & mask)) return false;
            write(pa, size, update);
            return true;
        }
    }

    @Override
    public MemorySegment ram() { return memory.ramSegment(); }

    @Override
    public long ramPageOffset(long pa) {
        long page = pa & ~0xFFFL;
        long off = memory.ramOffset(page);
        return off >= 0 && memory.ramOffset(page + 0xFFF) == off + 0xFFF ? off : -1;
    }
}

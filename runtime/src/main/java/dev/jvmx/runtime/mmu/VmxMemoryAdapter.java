package dev.jvmx.runtime.mmu;

/**
 * The VT-x model's view ({@link dev.jvmx.vmx.PhysicalMemory}: EPT paging structures, VMCS regions)
 * of a {@link PhysicalAccess}, so that {@link dev.jvmx.vmx.ept.EptWalker} walks the same memory.
 */
public final class VmxMemoryAdapter implements dev.jvmx.vmx.PhysicalMemory {
    private final PhysicalAccess phys;

    public VmxMemoryAdapter(PhysicalAccess phys) { this.phys = phys; }

    @Override public int readInt(long address) { return (int) phys.read(address, 4); }
    @Override public long readLong(long address) { return phys.read(address, 8); }
    @Override public void writeInt(long address, int value) { phys.write(address, 4, value); }
    @Override public void writeLong(long address, long value) { phys.write(address, 8, value); }
}

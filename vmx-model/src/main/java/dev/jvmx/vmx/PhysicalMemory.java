package dev.jvmx.vmx;

/**
 * Guest-physical memory as the VMX model sees it: little-endian, addressed by physical address.
 * Used for the VMXON region and VMCS regions (revision identifier, SDM Vol. 3C §25.2), the VM-entry
 * and VM-exit MSR areas (§27.4, §28.4, §28.6), the EPTP list (§26.5.6.3) and EPT paging
 * structures (§29.3.2). An implementation decides what an access outside memory returns
 * (all-ones, like an unclaimed bus read, is the usual choice); it must never throw.
 */
public interface PhysicalMemory {

    /** Reads the 32-bit doubleword at {@code address}. */
    int readInt(long address);

    /** Reads the 64-bit quadword at {@code address}. */
    long readLong(long address);

    /** Writes the 32-bit doubleword at {@code address}. */
    void writeInt(long address, int value);

    /** Writes the 64-bit quadword at {@code address}. */
    void writeLong(long address, long value);
}

package dev.jvmx.vmx.exit;

import dev.jvmx.vmx.PhysicalMemory;
import dev.jvmx.vmx.ProcessorState;
import dev.jvmx.vmx.vmcs.Vmcs;
import dev.jvmx.vmx.vmcs.VmcsField;

/**
 * The VM-entry MSR-load, VM-exit MSR-store and VM-exit MSR-load areas (SDM Vol. 3C §25.7.2,
 * §25.8.2). Each entry is 16 bytes:
 * <pre>
 *  127                64 63         32 31          0
 * +--------------------+-------------+-------------+
 * |        data        |  reserved   |  MSR index  |
 * +--------------------+-------------+-------------+
 * </pre>
 */
public final class MsrArea {

    public static final int ENTRY_SIZE = 16;

    private MsrArea() {
    }

    /**
     * §27.4: loads the VM-entry MSR-load area in order. Returns 0 on success, else the 1-based
     * number of the failing entry, which becomes the exit qualification of exit reason 34.
     */
    public static int loadGuest(Vmcs vmcs, ProcessorState cpu, PhysicalMemory memory) {
        return load(vmcs.read(VmcsField.VM_ENTRY_MSR_LOAD_ADDRESS),
                vmcs.read32(VmcsField.VM_ENTRY_MSR_LOAD_COUNT), cpu, memory);
    }

    /** §28.6: loads the VM-exit MSR-load area; false on failure (a VMX abort). */
    static boolean loadHost(Vmcs vmcs, ProcessorState cpu, PhysicalMemory memory) {
        return load(vmcs.read(VmcsField.VM_EXIT_MSR_LOAD_ADDRESS),
                vmcs.read32(VmcsField.VM_EXIT_MSR_LOAD_COUNT), cpu, memory) == 0;
    }

    /** §28.4: stores guest MSR values into the VM-exit MSR-store area; false on failure. */
    static boolean store(Vmcs vmcs, ProcessorState cpu, PhysicalMemory memory) {
        long area = vmcs.read(VmcsField.VM_EXIT_MSR_STORE_ADDRESS);
        int count = vmcs.read32(VmcsField.VM_EXIT_MSR_STORE_COUNT);
        for (int i = 0; i < count; i++) {
            long entry = area + (long) i * ENTRY_SIZE;
            int index = memory.readInt(entry);
            if (memory.readInt(entry + 4) != 0 || isX2Apic(index)
                    || index == ProcessorState.IA32_SMBASE) {
                return false;
            }
            memory.writeLong(entry + 8, cpu.readMsr(index));
        }
        return true;
    }

    private static int load(long area, int count, ProcessorState cpu, PhysicalMemory memory) {
        for (int i = 0; i < count; i++) {
            long entry = area + (long) i * ENTRY_SIZE;
            int index = memory.readInt(entry);
            long data = memory.readLong(entry + 8);
            if (memory.readInt(entry + 4) != 0 || !loadable(index)
                    || !cpu.writeMsr(index, data)) {
                return i + 1;
            }
        }
        return 0;
    }

    /**
     * §27.4 / §28.6: IA32_FS_BASE, IA32_GS_BASE, IA32_SMM_MONITOR_CTL, IA32_SMBASE and the x2APIC
     * MSRs (800H–8FFH) may not be loaded from an MSR area.
     */
    static boolean loadable(int index) {
        return index != ProcessorState.IA32_FS_BASE && index != ProcessorState.IA32_GS_BASE
                && index != ProcessorState.IA32_SMM_MONITOR_CTL
                && index != ProcessorState.IA32_SMBASE && !isX2Apic(index);
    }

    private static boolean isX2Apic(int index) {
        return index >>> 8 == 0x8;
    }
}

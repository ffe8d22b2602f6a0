package dev.jvmx.vmx.ept;

import dev.jvmx.vmx.PhysicalMemory;
import dev.jvmx.vmx.vmcs.Vmcs;
import dev.jvmx.vmx.vmcs.VmcsField;

/**
 * Page-modification logging (SDM Vol. 3C §29.3.6), for a VMCS with "enable PML" and an EPTP
 * with accessed and dirty flags: the log is the 4-KByte page at PML_ADDRESS, 512 64-bit entries,
 * and PML_INDEX (16 bits) names the next entry to use.
 *
 * <ul>
 *   <li>Before the processor sets an EPT accessed or dirty flag, it examines the PML index: out
 *       of 0–511 is a page-modification log-full event (exit reason 62); the flag is not set and
 *       the access does not occur ({@link #hasRoom()}).</li>
 *   <li>When it sets an EPT dirty flag from 0 to 1, it writes the guest-physical address with
 *       bits 11:0 cleared to PML_ADDRESS + 8 × index and decrements the index ({@link #log}).</li>
 * </ul>
 */
public final class PageModificationLog {
    private static final int ENTRIES = 512;

    private final Vmcs vmcs;
    private final PhysicalMemory memory;

    public PageModificationLog(Vmcs vmcs, PhysicalMemory memory) {
        this.vmcs = vmcs;
        this.memory = memory;
    }

    /** False for a log-full event: the PML index is not in 0–511. */
    public boolean hasRoom() {
        return (vmcs.read(VmcsField.PML_INDEX) & 0xFFFF) < ENTRIES;
    }

    /** Logs the 4-KByte page of {@code gpa} at the PML index and decrements the index (wrapping at 16 bits). */
    public void log(long gpa) {
        int index = (int) vmcs.read(VmcsField.PML_INDEX) & 0xFFFF;
        memory.writeLong(vmcs.read(VmcsField.PML_ADDRESS) + 8L * index, gpa & ~0xFFFL);
        vmcs.write(VmcsField.PML_INDEX, (index - 1) & 0xFFFF);
    }
}

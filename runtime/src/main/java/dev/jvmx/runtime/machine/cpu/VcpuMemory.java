package dev.jvmx.runtime.machine.cpu;

import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.machine.MachineMonitor;
import dev.jvmx.runtime.mmu.BusPhysicalAccess;
import dev.jvmx.runtime.mmu.Mmu;
import dev.jvmx.runtime.mmu.PagingContext;
import dev.jvmx.x86.Flags;

/**
 * The one place a machine vCPU's memory is built: an {@link Mmu} (paging, SDM Vol. 3A ch. 4)
 * over the machine's physical memory, with MMIO to this vCPU's local APIC through the monitor,
 * and with the vCPU's registers as its {@link PagingContext}; pages fetched from are tracked
 * (the machine's {@link dev.jvmx.runtime.mmu.CodePages}) for its decode cache. VMX non-root operation composes
 * EPT onto it with {@link Mmu#setVmxContext}.
 */
public final class VcpuMemory {
    /** MAXPHYADDR when the CPU policy reports none (CPUID 80000008H:EAX[7:0]). */
    static final int DEFAULT_MAXPHYADDR = 39;

    private VcpuMemory() {}

    public static Mmu create(MachineMonitor monitor, int index, CpuState cpu) {
        int maxPhyAddr = monitor.machine().policy().cpuid(index, 0x8000_0008, 0)[0] & 0xFF;
        Mmu mmu = new Mmu(context(cpu), new BusPhysicalAccess(monitor.machine().memory(), monitor.mmioHandler(index)),
                maxPhyAddr == 0 ? DEFAULT_MAXPHYADDR : maxPhyAddr);
        mmu.setCodePages(monitor.machine().codePages()); // writes to code pages drop their decoded instructions
        return mmu;
    }

    /** {@code cpu}'s registers as the paging context (a live view). */
    public static PagingContext context(CpuState cpu) {
        return new PagingContext() {
            @Override public long cr0() { return cpu.cr0; }
            @Override public long cr3() { return cpu.cr3; }
            @Override public long cr4() { return cpu.cr4; }
            @Override public long efer() { return cpu.efer; }
            @Override public int cpl() { return cpu.cpl; }
            @Override public boolean alignmentCheck() { return (cpu.rflags() & Flags.AC) != 0; }
            @Override public int pkru() { return 0; } // no PKRU register in this CPU model (CPUID.7:ECX.PKU = 0)
        };
    }
}

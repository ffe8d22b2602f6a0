package dev.jvmx.runtime.machine.cpu;

import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.mmu.PagingContext;
import dev.jvmx.x86.Flags;

/**
 * A vCPU's registers as the {@link PagingContext} of its {@link dev.jvmx.runtime.mmu.Mmu} (paging,
 * SDM Vol. 3A ch. 4). The machine vCPU's MMU is built by {@link dev.jvmx.runtime.vm.Vcpu} (guest
 * memory through EPT in non-root operation) with this context.
 */
public final class VcpuMemory {
    private VcpuMemory() {}

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

package dev.jvmx.runtime.machine;

import static dev.jvmx.vmx.vmcs.VmcsField.*;

import dev.jvmx.runtime.machine.boot.InitialCpuState;
import dev.jvmx.runtime.machine.boot.VmcsGuestState;
import dev.jvmx.runtime.machine.bus.PhysicalMemory;
import dev.jvmx.runtime.mmu.BusPhysicalAccess;
import dev.jvmx.runtime.vm.Ept;
import dev.jvmx.runtime.vm.Vcpu;
import dev.jvmx.runtime.vm.Vm;
import dev.jvmx.vmx.cap.PinBasedControl;
import dev.jvmx.vmx.cap.SecondaryProcessorBasedControl;
import dev.jvmx.vmx.cap.VmExitControl;
import dev.jvmx.vmx.cap.VmxCapabilities;
import dev.jvmx.vmx.vmcs.Vmcs;
import dev.jvmx.vmx.vmcs.VmcsTemplate;

/**
 * The VT-x side of the {@link MachineMonitor}: one {@link Vm} over the PC's physical memory, its
 * EPT built from the platform's memory map, and the VMCS each vCPU runs under.
 *
 * <pre>
 *  guest-physical                        EPT (identity)
 *  0 .. ROM alias (or low RAM end)       RAM, read/write/execute
 *  ROM alias .. 1 MiB                    read/execute (a write is an EPT violation: dropped)
 *  1 MiB .. low RAM end                  RAM, read/write/execute (2-MByte pages where aligned)
 *  low RAM end .. ROM                    not mapped: MMIO (I/O APIC, local APIC) → EPT violation
 *  ROM .. 4 GiB                          read/execute
 *  4 GiB .. 4 GiB + high RAM             RAM
 * </pre>
 * The VMCS (SDM Vol. 3C ch. 25): external-interrupt and NMI exiting, the VMX-preemption timer at
 * rate 0 (a slice is exactly its instruction budget, §26.5.1), HLT exiting, unconditional I/O
 * exiting, no MSR bitmaps (every RDMSR / WRMSR exits), CPUID (always exits), RDTSCP, INVPCID and
 * XSAVES enabled (no XSS exits), EPT with VPID =
 * vCPU index + 1, unrestricted guest unless the guest starts in IA-32e mode. CR0.NE and
 * CR4.VMXE must be 1 in VMX operation (App. A.7, A.8): the monitor owns them through the
 * guest/host masks and the guest reads its own values from the read shadows (§25.6.6, §26.3).
 */
final class PlatformVm {
    static final long CR0_NE = 1L << 5, CR4_VMXE = 1L << 13, EFER_LMA = 1L << 10;

    private PlatformVm() {}

    static Vm create(PhysicalMemory memory) {
        VmxCapabilities caps = VmxCapabilities.builder().preemptionTimerRate(0).build();
        long top = memory.highRamSize() > 0 ? PhysicalMemory.FOUR_GIB + memory.highRamSize() : PhysicalMemory.FOUR_GIB;
        Vm vm = new Vm(caps, new BusPhysicalAccess(memory, null), top);
        mapPlatform(vm.ept(), memory);
        return vm;
    }

    static void mapPlatform(Ept ept, PhysicalMemory m) {
        long low = m.lowRamEnd();
        long romLow = Math.min(m.romLowBase(), low);
        map(ept, 0, romLow, Ept.RWX);
        if (romLow < PhysicalMemory.ONE_MIB) map(ept, romLow, PhysicalMemory.ONE_MIB, Ept.READ | Ept.EXECUTE);
        if (low > PhysicalMemory.ONE_MIB) map(ept, PhysicalMemory.ONE_MIB, low, Ept.RWX);
        if (m.romHighBase() < PhysicalMemory.FOUR_GIB) map(ept, m.romHighBase(), PhysicalMemory.FOUR_GIB, Ept.READ | Ept.EXECUTE);
        if (m.highRamSize() > 0) map(ept, PhysicalMemory.FOUR_GIB, PhysicalMemory.FOUR_GIB + m.highRamSize(), Ept.RWX);
    }

    /** Identity-maps {@code [from, to)}: 4-KByte pages up to a 2-MByte boundary, then 2-MByte pages. */
    private static void map(Ept ept, long from, long to, int rights) {
        long a = from;
        while (a < to) {
            if ((a & 0x1F_FFFF) == 0 && a + 0x20_0000 <= to) {
                ept.map2M(a, a, rights);
                a += 0x20_0000;
            } else {
                ept.map(a, a, 0x1000, rights);
                a += 0x1000;
            }
        }
    }

    /** Fills {@code cpu}'s VMCS to start (or restart, after INIT / SIPI) in {@code s}. */
    static void prepare(Vm vm, Vcpu cpu, InitialCpuState s) {
        Vmcs v = cpu.vmcs();
        boolean ia32e = (s.efer() & EFER_LMA) != 0;
        VmcsTemplate.initialize(v, ia32e ? VmcsTemplate.GuestMode.LONG_FLAT : VmcsTemplate.GuestMode.REAL,
                vm.ept().pointer(), cpu.id() + 1, s.cr3());
        VmcsGuestState.write(s, v);
        v.write(CR0_GUEST_HOST_MASK, CR0_NE);
        v.write(CR0_READ_SHADOW, s.cr0());
        v.write(GUEST_CR0, s.cr0() | CR0_NE);
        v.write(CR4_GUEST_HOST_MASK, CR4_VMXE);
        v.write(CR4_READ_SHADOW, s.cr4());
        v.write(GUEST_CR4, s.cr4() | CR4_VMXE);
        v.write(PIN_BASED_VM_EXECUTION_CONTROLS, v.read(PIN_BASED_VM_EXECUTION_CONTROLS)
                | PinBasedControl.ACTIVATE_VMX_PREEMPTION_TIMER.mask());
        // the CPU policy offers RDTSCP, INVPCID and XSAVES: enable them in non-root operation (§25.6.2)
        v.write(SECONDARY_PROCESSOR_BASED_VM_EXECUTION_CONTROLS, v.read(SECONDARY_PROCESSOR_BASED_VM_EXECUTION_CONTROLS)
                | SecondaryProcessorBasedControl.ENABLE_RDTSCP.mask() | SecondaryProcessorBasedControl.ENABLE_INVPCID.mask()
                | SecondaryProcessorBasedControl.ENABLE_XSAVES_XRSTORS.mask());
        v.write(PRIMARY_VM_EXIT_CONTROLS, v.read(PRIMARY_VM_EXIT_CONTROLS)
                & ~VmExitControl.ACKNOWLEDGE_INTERRUPT_ON_EXIT.mask());
        v.write(GUEST_INTERRUPTIBILITY_STATE, 0);
        v.write(VM_ENTRY_INTERRUPTION_INFORMATION, 0);
        for (int r = 0; r < 16; r++) {
            if (r != 4) cpu.setGpr(r, s.gpr(r));
        }
    }
}

package dev.jvmx.runtime.vm;

import dev.jvmx.runtime.mmu.PhysicalAccess;
import dev.jvmx.vmx.cap.VmxCapabilities;
import java.util.ArrayList;
import java.util.List;

/**
 * A virtual machine for embedding (the KVM_CREATE_VM of this API): host-physical memory holding
 * the guest's RAM at host-physical 0 .. {@code ramBytes} and, at {@link VmmMemory#STRUCTURES_BASE},
 * an area for the VMM's own structures (EPT tables, I/O and MSR bitmaps, MSR areas); and the
 * {@link Ept} that maps guest-physical addresses onto it. Guest memory is visible to the guest
 * only where it is mapped.
 *
 * <pre>{@code
 * Vm vm = new Vm(16 << 20);
 * vm.mapRam(0, 16 << 20);                    // guest-physical = host-physical, RWX
 * vm.load(0x1000, code);
 * Vcpu cpu = vm.createVcpu();
 * cpu.setupGuest(VmcsTemplate.GuestMode.REAL); // a VMCS that passes the VM-entry checks
 * cpu.vmwrite(VmcsField.GUEST_RIP, 0x1000);
 * RunResult r = cpu.run(1_000_000);          // Exited(VmExit[reason=HLT, ...])
 * }</pre>
 */
public final class Vm {
    /** Room for the VMM's structures: 4 MiB of 4-KByte pages. */
    public static final long STRUCTURE_BYTES = 4L << 20;

    private final VmxCapabilities caps;
    private final long ramBytes;
    private final VmmMemory memory;
    private final Ept ept;
    private final List<Vcpu> vcpus = new ArrayList<>();
    private long nextPage = VmmMemory.STRUCTURES_BASE;

    public Vm(long ramBytes) {
        this(VmxCapabilities.full(), ramBytes);
    }

    public Vm(VmxCapabilities caps, long ramBytes) {
        this(caps, new HostMemory(ramBytes), ramBytes);
    }

    /**
     * A VM whose guest RAM is {@code ram} (host-physical 0 .. {@code ramBytes}; a PC passes its
     * physical memory with ROM and holes, see {@code MachineMonitor}).
     */
    public Vm(VmxCapabilities caps, PhysicalAccess ram, long ramBytes) {
        if (ramBytes <= 0 || (ramBytes & 0xFFF) != 0) {
            throw new IllegalArgumentException("guest RAM must be a positive multiple of 4 KiB: " + ramBytes);
        }
        this.caps = caps;
        this.ramBytes = ramBytes;
        this.memory = new VmmMemory(ram, STRUCTURE_BYTES);
        this.ept = new Ept(memory, this::allocatePage);
    }

    public VmxCapabilities capabilities() { return caps; }

    /** Host-physical memory: guest RAM below {@link VmmMemory#STRUCTURES_BASE}, the VMM's structures above. */
    public VmmMemory hostMemory() { return memory; }

    public Ept ept() { return ept; }

    public long ramBytes() { return ramBytes; }

    /** A zeroed 4-KByte page of the VMM structure area (bitmaps, MSR areas, tables): its host-physical address. */
    public synchronized long allocatePage() {
        if (nextPage + 0x1000 > VmmMemory.STRUCTURES_BASE + memory.structureBytes()) {
            throw new IllegalStateException("VMM structure area exhausted");
        }
        long p = nextPage;
        nextPage += 0x1000;
        return p;
    }

    /** Maps guest-physical {@code [gpa, gpa + length)} onto the same host-physical RAM, RWX. */
    public void mapRam(long gpa, long length) {
        if (gpa < 0 || gpa + length > ramBytes) {
            throw new IllegalArgumentException(String.format("0x%x+0x%x is outside guest RAM (0x%x bytes)", gpa, length, ramBytes));
        }
        ept.map(gpa, gpa, length, Ept.RWX);
    }

    /** Copies {@code data} into guest RAM at {@code gpa} (host-physical = guest-physical RAM). */
    public void load(long gpa, byte[] data) {
        if (gpa < 0 || gpa + data.length > ramBytes) {
            throw new IllegalArgumentException(String.format("0x%x+%d is outside guest RAM", gpa, data.length));
        }
        for (int i = 0; i < data.length; i++) memory.write(gpa + i, 1, data[i]);
    }

    /** Creates vCPU number {@link #vcpus()}{@code .size()} (KVM_CREATE_VCPU), with an empty I/O bus. */
    public Vcpu createVcpu() {
        return createVcpu(null);
    }

    /**
     * Creates a vCPU whose I/O instructions that do not exit, and RDMSR / WRMSR that do not exit,
     * go to {@code bus} (null: an empty bus, MSRs kept by the vCPU).
     */
    public Vcpu createVcpu(dev.jvmx.runtime.exec.SystemBus bus) {
        return createVcpu(bus, dev.jvmx.runtime.cpu.CpuModel.defaultModel());
    }

    /** As {@link #createVcpu(dev.jvmx.runtime.exec.SystemBus)}, executing as {@code model} (its CPUID features gate instructions). */
    public synchronized Vcpu createVcpu(dev.jvmx.runtime.exec.SystemBus bus, dev.jvmx.runtime.cpu.CpuModel model) {
        Vcpu v = new Vcpu(this, vcpus.size(), memory, bus, model);
        vcpus.add(v);
        return v;
    }

    public synchronized List<Vcpu> vcpus() { return List.copyOf(vcpus); }
}

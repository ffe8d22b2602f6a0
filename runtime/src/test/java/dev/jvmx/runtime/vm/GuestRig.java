package dev.jvmx.runtime.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.jvmx.runtime.exec.Nasm;
import dev.jvmx.vmx.Segment;
import dev.jvmx.vmx.SegmentRegister;
import dev.jvmx.vmx.VmxOutcome;
import dev.jvmx.vmx.cap.VmxControl;
import dev.jvmx.vmx.exit.VmExit;
import dev.jvmx.vmx.vmcs.GuestSegmentFields;
import dev.jvmx.vmx.vmcs.VmcsField;
import dev.jvmx.vmx.vmcs.VmcsTemplate.GuestMode;
import org.junit.jupiter.api.Assumptions;

/**
 * A one-vCPU VM for the embedding-API tests: 4 MiB of guest RAM identity-mapped by EPT, a
 * {@link dev.jvmx.vmx.vmcs.VmcsTemplate} guest, code assembled by nasm at {@link #CODE}, the
 * stack below {@link #STACK}; 64-bit guests get identity page tables (2-MByte pages) at
 * {@link #PAGE_TABLES}. Every VMWRITE it does must succeed.
 */
final class GuestRig {
    static final long CODE = 0x1000, DATA = 0x3000, STACK = 0x8000, PAGE_TABLES = 0x10000;
    static final long RAM = 4L << 20;

    final Vm vm = new Vm(RAM);
    final Vcpu cpu;
    final GuestMode mode;

    GuestRig(GuestMode mode) {
        this.mode = mode;
        vm.mapRam(0, RAM);
        cpu = vm.createVcpu();
        cpu.setupGuest(mode);
        if (mode == GuestMode.REAL) {
            GuestSegmentFields.write(cpu.vmcs(), SegmentRegister.CS, new Segment(0, 0, 0xFFFF, 0x9B));
        }
        if (mode == GuestMode.LONG_FLAT) {
            long pml4 = PAGE_TABLES, pdpt = PAGE_TABLES + 0x1000, pd = PAGE_TABLES + 0x2000;
            vm.hostMemory().write(pml4, 8, pdpt | 3);
            vm.hostMemory().write(pdpt, 8, pd | 3);
            for (int i = 0; i < 2; i++) vm.hostMemory().write(pd + 8L * i, 8, ((long) i << 21) | 0x83);
            set(VmcsField.GUEST_CR3, pml4);
        }
        set(VmcsField.GUEST_RIP, CODE);
        set(VmcsField.GUEST_RSP, STACK);
    }

    static void requireNasm() {
        Assumptions.assumeTrue(Nasm.available(), "nasm is not on PATH: guest snippets cannot be assembled");
    }

    String bits() {
        return switch (mode) {
            case REAL -> "16";
            case PROTECTED_FLAT -> "32";
            case LONG_FLAT -> "64";
        };
    }

    GuestRig code(String asm) {
        requireNasm();
        vm.load(CODE, Nasm.assemble(bits(), CODE, asm));
        return this;
    }

    GuestRig set(VmcsField f, long v) {
        VmxOutcome o = cpu.vmwrite(f, v);
        assertInstanceOf(VmxOutcome.Succeeded.class, o, () -> "VMWRITE " + f + ": " + o);
        return this;
    }

    GuestRig on(VmcsField f, VmxControl... controls) {
        long v = cpu.vmread(f);
        for (VmxControl c : controls) v |= c.mask();
        return set(f, v);
    }

    GuestRig off(VmcsField f, VmxControl... controls) {
        long v = cpu.vmread(f);
        for (VmxControl c : controls) v &= ~c.mask();
        return set(f, v);
    }

    /** Runs until the next VM exit, which must come within 100 000 instructions. */
    VmExit exit() {
        RunResult r = cpu.run(100_000);
        return assertInstanceOf(RunResult.Exited.class, r, () -> "expected a VM exit, got " + r).exit();
    }

    long rip() { return cpu.vmread(VmcsField.GUEST_RIP); }

    /** The guest RIP after the exit, relative to {@link #CODE}. */
    void assertRipAt(long offset) {
        assertEquals(CODE + offset, rip(), "GUEST_RIP");
    }
}

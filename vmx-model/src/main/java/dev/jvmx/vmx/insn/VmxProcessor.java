package dev.jvmx.vmx.insn;

import dev.jvmx.vmx.PhysicalMemory;
import dev.jvmx.vmx.ProcessorState;
import dev.jvmx.vmx.SegmentRegister;
import dev.jvmx.vmx.ept.InveptType;
import dev.jvmx.vmx.ept.InvvpidType;

/**
 * The logical processor as the VMX instructions see it: its architectural state (CPL, CR0, CR4,
 * IA32_EFER.LMA, CS.L, RFLAGS.VM, IA32_FEATURE_CONTROL), guest-physical memory, and the TLB
 * invalidations INVEPT / INVVPID request. The runtime implements it over its vCPU.
 */
public interface VmxProcessor extends ProcessorState {

    /** Physical memory of this processor (guest-physical for a nested hypervisor). */
    PhysicalMemory memory();

    /** INVEPT: drop cached mappings tagged by {@code eptp} (ignored for all-context). */
    default void invalidateEpt(InveptType type, long eptp) {
    }

    /** INVVPID: drop cached linear mappings for {@code vpid} (and {@code linearAddress}). */
    default void invalidateVpid(InvvpidType type, int vpid, long linearAddress) {
    }

    /** CR0.PE. */
    default boolean protectedMode() {
        return (cr0() & 1) != 0;
    }

    /** RFLAGS.VM. */
    default boolean virtual8086Mode() {
        return (rflags() & (1L << 17)) != 0;
    }

    /** IA32_EFER.LMA = 1 and CS.L = 0: compatibility mode. */
    default boolean compatibilityMode() {
        return ia32eMode() && !segment(SegmentRegister.CS).l();
    }

    /** 64-bit mode: IA32_EFER.LMA = 1 and CS.L = 1. */
    default boolean longMode() {
        return ia32eMode() && segment(SegmentRegister.CS).l();
    }
}

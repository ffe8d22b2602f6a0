package dev.jvmx.runtime.machine.boot;

import dev.jvmx.vmx.ActivityState;
import dev.jvmx.vmx.Segment;
import dev.jvmx.vmx.SegmentRegister;
import dev.jvmx.vmx.vmcs.GuestSegmentFields;
import dev.jvmx.vmx.vmcs.Vmcs;
import dev.jvmx.vmx.vmcs.VmcsField;

/**
 * Writes a loader's {@link InitialCpuState} into the guest-state area of a VMCS (SDM Vol. 3C
 * §25.4.1 registers, §25.4.2 non-register state): segment registers with their caches, GDTR,
 * IDTR, CR0, CR3, CR4, RSP, RIP, RFLAGS, IA32_EFER and the activity state — how a machine-mode
 * guest enters VMX non-root operation once the monitor runs it through the VT-x model. The
 * general registers other than RSP are not VMCS fields: the CPU side sets them
 * ({@link InitialCpuState#gprs()}), as KVM user space sets them with KVM_SET_REGS.
 */
public final class VmcsGuestState {
    private VmcsGuestState() {
    }

    public static void write(InitialCpuState s, Vmcs vmcs) {
        segment(vmcs, SegmentRegister.ES, s.es());
        segment(vmcs, SegmentRegister.CS, s.cs());
        segment(vmcs, SegmentRegister.SS, s.ss());
        segment(vmcs, SegmentRegister.DS, s.ds());
        segment(vmcs, SegmentRegister.FS, s.fs());
        segment(vmcs, SegmentRegister.GS, s.gs());
        segment(vmcs, SegmentRegister.LDTR, s.ldtr());
        segment(vmcs, SegmentRegister.TR, s.tr());
        vmcs.write(VmcsField.GUEST_GDTR_BASE, s.gdtrBase());
        vmcs.write(VmcsField.GUEST_GDTR_LIMIT, s.gdtrLimit());
        vmcs.write(VmcsField.GUEST_IDTR_BASE, s.idtrBase());
        vmcs.write(VmcsField.GUEST_IDTR_LIMIT, s.idtrLimit());
        vmcs.write(VmcsField.GUEST_CR0, s.cr0());
        vmcs.write(VmcsField.GUEST_CR3, s.cr3());
        vmcs.write(VmcsField.GUEST_CR4, s.cr4());
        vmcs.write(VmcsField.GUEST_RSP, s.gpr(4));
        vmcs.write(VmcsField.GUEST_RIP, s.rip());
        vmcs.write(VmcsField.GUEST_RFLAGS, s.rflags());
        vmcs.write(VmcsField.GUEST_IA32_EFER, s.efer());
        vmcs.write(VmcsField.GUEST_ACTIVITY_STATE, activity(s.activity()).value());
    }

    private static void segment(Vmcs vmcs, SegmentRegister r, SegmentState s) {
        GuestSegmentFields.write(vmcs, r, new Segment(s.selector(), s.base(), (int) s.limit(), s.accessRights()));
    }

    private static ActivityState activity(InitialCpuState.Activity a) {
        return switch (a) {
            case ACTIVE -> ActivityState.ACTIVE;
            case HLT -> ActivityState.HLT;
            case SHUTDOWN -> ActivityState.SHUTDOWN;
            case WAIT_FOR_SIPI -> ActivityState.WAIT_FOR_SIPI;
        };
    }
}

package dev.jvmx.vmx.entry;

import static dev.jvmx.vmx.vmcs.VmcsField.*;

import dev.jvmx.vmx.ActivityState;
import dev.jvmx.vmx.ProcessorState;
import dev.jvmx.vmx.SegmentRegister;
import dev.jvmx.vmx.cap.VmEntryControl;
import dev.jvmx.vmx.vmcs.GuestSegmentFields;
import dev.jvmx.vmx.vmcs.Vmcs;

/** Loading guest state at VM entry (SDM Vol. 3C §27.3.2), after the checks passed. */
public final class GuestStateLoader {

    private static final long EFER_LMA_LME = (1L << 10) | (1L << 8);

    private GuestStateLoader() {
    }

    /** Loads the guest-state area into {@code cpu}. */
    public static void load(Vmcs vmcs, ProcessorState cpu) {
        long entry = vmcs.read(VM_ENTRY_CONTROLS);
        cpu.setCr0(vmcs.read(GUEST_CR0));
        cpu.setCr3(vmcs.read(GUEST_CR3));
        cpu.setCr4(vmcs.read(GUEST_CR4));
        if (set(entry, VmEntryControl.LOAD_DEBUG_CONTROLS)) {
            cpu.setDr7(vmcs.read(GUEST_DR7));
            cpu.writeMsr(ProcessorState.IA32_DEBUGCTL, vmcs.read(GUEST_IA32_DEBUGCTL));
        }
        cpu.writeMsr(ProcessorState.IA32_SYSENTER_CS, vmcs.read(GUEST_IA32_SYSENTER_CS));
        cpu.writeMsr(ProcessorState.IA32_SYSENTER_ESP, vmcs.read(GUEST_IA32_SYSENTER_ESP));
        cpu.writeMsr(ProcessorState.IA32_SYSENTER_EIP, vmcs.read(GUEST_IA32_SYSENTER_EIP));
        if (set(entry, VmEntryControl.LOAD_IA32_PAT)) {
            cpu.writeMsr(ProcessorState.IA32_PAT, vmcs.read(GUEST_IA32_PAT));
        }
        loadEfer(vmcs, cpu, entry);
        for (SegmentRegister r : SegmentRegister.values()) {
            cpu.setSegment(r, GuestSegmentFields.read(vmcs, r));
        }
        cpu.setGdtr(vmcs.read(GUEST_GDTR_BASE), vmcs.read32(GUEST_GDTR_LIMIT));
        cpu.setIdtr(vmcs.read(GUEST_IDTR_BASE), vmcs.read32(GUEST_IDTR_LIMIT));
        cpu.setRsp(vmcs.read(GUEST_RSP));
        cpu.setRip(vmcs.read(GUEST_RIP));
        cpu.setRflags(vmcs.read(GUEST_RFLAGS));
        cpu.setInterruptibility(vmcs.read32(GUEST_INTERRUPTIBILITY_STATE));
        cpu.setActivityState(ActivityState.of(vmcs.read(GUEST_ACTIVITY_STATE)));
        cpu.setPendingDebugExceptions(vmcs.read(GUEST_PENDING_DEBUG_EXCEPTIONS));
    }

    /**
     * With "load IA32_EFER" the field is loaded; otherwise LMA is set to "IA-32e mode guest" and,
     * if CR0.PG = 1, LME too (§27.3.2.1).
     */
    private static void loadEfer(Vmcs vmcs, ProcessorState cpu, long entry) {
        if (set(entry, VmEntryControl.LOAD_IA32_EFER)) {
            cpu.writeMsr(ProcessorState.IA32_EFER, vmcs.read(GUEST_IA32_EFER));
            return;
        }
        boolean ia32e = set(entry, VmEntryControl.IA32E_MODE_GUEST);
        long efer = cpu.readMsr(ProcessorState.IA32_EFER);
        long bits = (vmcs.read(GUEST_CR0) & (1L << 31)) != 0 ? EFER_LMA_LME : 1L << 10;
        cpu.writeMsr(ProcessorState.IA32_EFER, ia32e ? efer | bits : efer & ~bits);
    }

    private static boolean set(long value, VmEntryControl control) {
        return (value & control.mask()) != 0;
    }
}

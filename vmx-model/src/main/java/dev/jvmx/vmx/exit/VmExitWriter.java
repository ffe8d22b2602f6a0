package dev.jvmx.vmx.exit;

import static dev.jvmx.vmx.vmcs.VmcsField.*;

import dev.jvmx.vmx.ActivityState;
import dev.jvmx.vmx.PhysicalMemory;
import dev.jvmx.vmx.ProcessorState;
import dev.jvmx.vmx.Segment;
import dev.jvmx.vmx.SegmentRegister;
import dev.jvmx.vmx.cap.VmEntryControl;
import dev.jvmx.vmx.cap.VmExitControl;
import dev.jvmx.vmx.vmcs.GuestSegmentFields;
import dev.jvmx.vmx.vmcs.Vmcs;

/**
 * The processor's side of a VM exit (SDM Vol. 3C ch. 28): record the exit information (§28.2),
 * save guest state (§28.3) and MSRs (§28.4), load host state (§28.5) and MSRs (§28.6). A failure
 * while storing or loading MSRs is a VMX abort (§28.7): the abort indicator is written and
 * {@link #deliver} returns false; the runtime then shuts the logical processor down.
 */
public final class VmExitWriter {

    /** VMX-abort indicators (§28.7). */
    public static final int ABORT_SAVING_GUEST_MSRS = 1;
    public static final int ABORT_LOADING_HOST_MSRS = 4;

    private VmExitWriter() {
    }

    /** Performs the whole exit; false on a VMX abort. */
    public static boolean deliver(VmExit exit, Vmcs vmcs, ProcessorState cpu,
            PhysicalMemory memory) {
        writeExitInformation(vmcs, exit);
        if (!exit.entryFailure()) {
            saveGuestState(vmcs, cpu);
            if (!MsrArea.store(vmcs, cpu, memory)) {
                vmcs.setAbortIndicator(ABORT_SAVING_GUEST_MSRS);
                return false;
            }
        }
        loadHostState(vmcs, cpu);
        if (!MsrArea.loadHost(vmcs, cpu, memory)) {
            vmcs.setAbortIndicator(ABORT_LOADING_HOST_MSRS);
            return false;
        }
        return true;
    }

    /**
     * §28.2: basic reason and qualification always; a VM-entry failure (§27.8) leaves every
     * other exit-information field unmodified.
     */
    public static void writeExitInformation(Vmcs vmcs, VmExit exit) {
        vmcs.write(VM_EXIT_REASON, exit.exitReasonField() & 0xFFFF_FFFFL);
        vmcs.write(EXIT_QUALIFICATION, exit.qualification());
        if (exit.entryFailure()) {
            return;
        }
        vmcs.write(GUEST_LINEAR_ADDRESS, exit.guestLinearAddress());
        if (GUEST_PHYSICAL_ADDRESS.supportedBy(vmcs.capabilities())) {
            vmcs.write(GUEST_PHYSICAL_ADDRESS, exit.guestPhysicalAddress());
        }
        vmcs.write(VM_EXIT_INSTRUCTION_LENGTH, exit.instructionLength());
        vmcs.write(VM_EXIT_INSTRUCTION_INFORMATION, exit.instructionInformation());
        vmcs.write(VM_EXIT_INTERRUPTION_INFORMATION, exit.interruptionInformation());
        vmcs.write(VM_EXIT_INTERRUPTION_ERROR_CODE, exit.interruptionErrorCode());
        vmcs.write(IDT_VECTORING_INFORMATION, exit.idtVectoringInformation());
        vmcs.write(IDT_VECTORING_ERROR_CODE, exit.idtVectoringErrorCode());
        // §28.2.1: an exit clears the valid bit of the VM-entry interruption-information field.
        vmcs.write(VM_ENTRY_INTERRUPTION_INFORMATION,
                vmcs.read(VM_ENTRY_INTERRUPTION_INFORMATION) & ~(long) InterruptionInfo.VALID);
    }

    /** §28.3: guest registers, segments, MSRs and non-register state into the guest area. */
    public static void saveGuestState(Vmcs vmcs, ProcessorState cpu) {
        long exitControls = vmcs.read(PRIMARY_VM_EXIT_CONTROLS);
        vmcs.write(GUEST_CR0, cpu.cr0());
        vmcs.write(GUEST_CR3, cpu.cr3());
        vmcs.write(GUEST_CR4, cpu.cr4());
        vmcs.write(GUEST_RSP, cpu.rsp());
        vmcs.write(GUEST_RIP, cpu.rip());
        vmcs.write(GUEST_RFLAGS, cpu.rflags());
        for (SegmentRegister r : SegmentRegister.values()) {
            GuestSegmentFields.write(vmcs, r, cpu.segment(r));
        }
        vmcs.write(GUEST_GDTR_BASE, cpu.gdtrBase());
        vmcs.write(GUEST_GDTR_LIMIT, cpu.gdtrLimit());
        vmcs.write(GUEST_IDTR_BASE, cpu.idtrBase());
        vmcs.write(GUEST_IDTR_LIMIT, cpu.idtrLimit());
        if (set(exitControls, VmExitControl.SAVE_DEBUG_CONTROLS.mask())) {
            vmcs.write(GUEST_DR7, cpu.dr7());
            vmcs.write(GUEST_IA32_DEBUGCTL, cpu.readMsr(ProcessorState.IA32_DEBUGCTL));
        }
        vmcs.write(GUEST_IA32_SYSENTER_CS, cpu.readMsr(ProcessorState.IA32_SYSENTER_CS));
        vmcs.write(GUEST_IA32_SYSENTER_ESP, cpu.readMsr(ProcessorState.IA32_SYSENTER_ESP));
        vmcs.write(GUEST_IA32_SYSENTER_EIP, cpu.readMsr(ProcessorState.IA32_SYSENTER_EIP));
        if (set(exitControls, VmExitControl.SAVE_IA32_PAT.mask())) {
            vmcs.write(GUEST_IA32_PAT, cpu.readMsr(ProcessorState.IA32_PAT));
        }
        if (set(exitControls, VmExitControl.SAVE_IA32_EFER.mask())) {
            vmcs.write(GUEST_IA32_EFER, cpu.readMsr(ProcessorState.IA32_EFER));
        }
        vmcs.write(GUEST_ACTIVITY_STATE, cpu.activityState().value());
        vmcs.write(GUEST_INTERRUPTIBILITY_STATE, cpu.interruptibility());
        vmcs.write(GUEST_PENDING_DEBUG_EXCEPTIONS, cpu.pendingDebugExceptions());
        storeIa32eModeGuest(vmcs, cpu.ia32eMode());
    }

    /**
     * §28.3: with "save VMX-preemption timer value", the timer's remaining value (the runtime
     * counts it; see {@code EventIntercepts#remainingTimer}) goes to
     * VMX_PREEMPTION_TIMER_VALUE. Call after {@link #deliver}.
     */
    public static void savePreemptionTimer(Vmcs vmcs, long remaining) {
        if (set(vmcs.read(PRIMARY_VM_EXIT_CONTROLS),
                VmExitControl.SAVE_VMX_PREEMPTION_TIMER_VALUE.mask())) {
            vmcs.write(VMX_PREEMPTION_TIMER_VALUE, remaining);
        }
    }

    /** IA32_VMX_MISC[5]: the "IA-32e mode guest" entry control receives EFER.LMA (§28.3). */
    private static void storeIa32eModeGuest(Vmcs vmcs, boolean lma) {
        long entry = vmcs.read(VM_ENTRY_CONTROLS);
        long bit = VmEntryControl.IA32E_MODE_GUEST.mask();
        vmcs.write(VM_ENTRY_CONTROLS, lma ? entry | bit : entry & ~bit);
    }

    /** §28.5: host control registers, segments, MSRs, RIP/RSP/RFLAGS. */
    public static void loadHostState(Vmcs vmcs, ProcessorState cpu) {
        long exitControls = vmcs.read(PRIMARY_VM_EXIT_CONTROLS);
        boolean longHost = set(exitControls, VmExitControl.HOST_ADDRESS_SPACE_SIZE.mask());
        cpu.setCr0(vmcs.read(HOST_CR0));
        cpu.setCr3(vmcs.read(HOST_CR3));
        long cr4 = vmcs.read(HOST_CR4);
        cpu.setCr4(longHost ? cr4 | 0x20 : cr4 & ~0x20000L); // §28.5.1: PAE / PCIDE
        cpu.setDr7(0x400);
        cpu.writeMsr(ProcessorState.IA32_DEBUGCTL, 0);
        cpu.writeMsr(ProcessorState.IA32_SYSENTER_CS, vmcs.read(HOST_IA32_SYSENTER_CS));
        cpu.writeMsr(ProcessorState.IA32_SYSENTER_ESP, vmcs.read(HOST_IA32_SYSENTER_ESP));
        cpu.writeMsr(ProcessorState.IA32_SYSENTER_EIP, vmcs.read(HOST_IA32_SYSENTER_EIP));
        if (set(exitControls, VmExitControl.LOAD_IA32_PAT.mask())) {
            cpu.writeMsr(ProcessorState.IA32_PAT, vmcs.read(HOST_IA32_PAT));
        }
        loadHostEfer(vmcs, cpu, exitControls, longHost);
        HostSegments.load(vmcs, cpu, longHost);
        cpu.setRip(vmcs.read(HOST_RIP));
        cpu.setRsp(vmcs.read(HOST_RSP));
        cpu.setRflags(0x2); // §28.5.3: RFLAGS cleared except bit 1
        cpu.setInterruptibility(0);
        cpu.setActivityState(ActivityState.ACTIVE);
        cpu.setPendingDebugExceptions(0);
    }

    private static void loadHostEfer(Vmcs vmcs, ProcessorState cpu, long exitControls,
            boolean longHost) {
        long lmaLme = (1L << 10) | (1L << 8);
        if (set(exitControls, VmExitControl.LOAD_IA32_EFER.mask())) {
            cpu.writeMsr(ProcessorState.IA32_EFER, vmcs.read(HOST_IA32_EFER));
        } else {
            long efer = cpu.readMsr(ProcessorState.IA32_EFER);
            cpu.writeMsr(ProcessorState.IA32_EFER, longHost ? efer | lmaLme : efer & ~lmaLme);
        }
    }

    static boolean set(long value, long mask) {
        return (value & mask) != 0;
    }

    /** Host segment registers after a VM exit (§28.5.2). */
    static final class HostSegments {
        private static final int DATA_AR = 0x3 | 0x10 | 0x80 | 0x4000 | 0x8000;

        private HostSegments() {
        }

        static void load(Vmcs vmcs, ProcessorState cpu, boolean longHost) {
            int csAr = 0xB | 0x10 | 0x80 | 0x8000 | (longHost ? 0x2000 : 0x4000);
            cpu.setSegment(SegmentRegister.CS,
                    new Segment(vmcs.read32(HOST_CS_SELECTOR), 0, 0xFFFF_FFFF, csAr));
            cpu.setSegment(SegmentRegister.SS, data(vmcs.read32(HOST_SS_SELECTOR), 0));
            cpu.setSegment(SegmentRegister.DS, data(vmcs.read32(HOST_DS_SELECTOR), 0));
            cpu.setSegment(SegmentRegister.ES, data(vmcs.read32(HOST_ES_SELECTOR), 0));
            cpu.setSegment(SegmentRegister.FS,
                    data(vmcs.read32(HOST_FS_SELECTOR), vmcs.read(HOST_FS_BASE)));
            cpu.setSegment(SegmentRegister.GS,
                    data(vmcs.read32(HOST_GS_SELECTOR), vmcs.read(HOST_GS_BASE)));
            cpu.setSegment(SegmentRegister.TR, new Segment(vmcs.read32(HOST_TR_SELECTOR),
                    vmcs.read(HOST_TR_BASE), 0x67, 0xB | 0x80));
            cpu.setSegment(SegmentRegister.LDTR, Segment.unusable(0));
            cpu.setGdtr(vmcs.read(HOST_GDTR_BASE), 0xFFFF);
            cpu.setIdtr(vmcs.read(HOST_IDTR_BASE), 0xFFFF);
        }

        /** A null selector makes the register unusable (§28.5.2). */
        private static Segment data(int selector, long base) {
            return new Segment(selector, base, 0xFFFF_FFFF,
                    DATA_AR | (selector == 0 ? Segment.AR_UNUSABLE : 0));
        }
    }
}

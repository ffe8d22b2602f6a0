package dev.jvmx.vmx.exit;

import static dev.jvmx.vmx.vmcs.VmcsField.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.jvmx.vmx.FakeCpu;
import dev.jvmx.vmx.ProcessorState;
import dev.jvmx.vmx.Segment;
import dev.jvmx.vmx.SegmentRegister;
import dev.jvmx.vmx.ValidVmcs;
import dev.jvmx.vmx.cap.VmEntryControl;
import dev.jvmx.vmx.cap.VmxCapabilities;
import dev.jvmx.vmx.vmcs.Vmcs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** Exit information in the VMCS (SDM Vol. 3C §28.2) and the state switch of §28.3 / §28.5. */
class VmExitEncodingTest {

    private final VmxCapabilities caps = VmxCapabilities.full();

    private Vmcs vmcs() {
        return ValidVmcs.fill(new Vmcs(caps, caps.revisionId()));
    }

    @ParameterizedTest
    @EnumSource(ExitReason.class)
    void everyReasonIsWrittenWithItsExitInformation(ExitReason reason) {
        Vmcs v = vmcs();
        InterruptionInfo pf = InterruptionInfo.of(InterruptionInfo.TYPE_HARDWARE_EXCEPTION, 14,
                true);
        VmExit exit = VmExit.builder(reason).qualification(0x1234_5678_9AL)
                .guestLinearAddress(0x7FFF_0000L).guestPhysicalAddress(0xFEE0_0000L)
                .instructionLength(3).instructionInformation(0x418100)
                .interruption(pf, 0x6).idtVectoring(pf.withNmiUnblocking(), 0x2).build();
        VmExitWriter.writeExitInformation(v, exit);
        assertEquals(reason.number(), v.read(VM_EXIT_REASON));
        assertEquals(0x1234_5678_9AL, v.read(EXIT_QUALIFICATION));
        assertEquals(0x7FFF_0000L, v.read(GUEST_LINEAR_ADDRESS));
        assertEquals(0xFEE0_0000L, v.read(GUEST_PHYSICAL_ADDRESS));
        assertEquals(3, v.read(VM_EXIT_INSTRUCTION_LENGTH));
        assertEquals(0x418100, v.read(VM_EXIT_INSTRUCTION_INFORMATION));
        assertEquals(0x8000_0B0EL, v.read(VM_EXIT_INTERRUPTION_INFORMATION));
        assertEquals(6, v.read(VM_EXIT_INTERRUPTION_ERROR_CODE));
        assertEquals(0x8000_1B0EL, v.read(IDT_VECTORING_INFORMATION));
        assertEquals(2, v.read(IDT_VECTORING_ERROR_CODE));
    }

    @Test
    void entryFailureSetsBit31AndLeavesOtherInformationAlone() {
        Vmcs v = vmcs();
        v.write(VM_EXIT_INSTRUCTION_LENGTH, 9);
        VmExitWriter.writeExitInformation(v, VmExit.entryFailure(
                ExitReason.VM_ENTRY_FAILURE_INVALID_GUEST_STATE, ExitQualification.ENTRY_FAILURE_PDPTE));
        assertEquals(0x8000_0021L, v.read(VM_EXIT_REASON));
        assertEquals(2, v.read(EXIT_QUALIFICATION));
        assertEquals(9, v.read(VM_EXIT_INSTRUCTION_LENGTH));
    }

    @Test
    void exitClearsTheValidBitOfEntryInterruptionInformation() {
        Vmcs v = vmcs();
        v.write(VM_ENTRY_INTERRUPTION_INFORMATION, 0x8000_0020L);
        VmExitWriter.writeExitInformation(v, VmExit.of(ExitReason.EXTERNAL_INTERRUPT));
        assertEquals(0x20, v.read(VM_ENTRY_INTERRUPTION_INFORMATION));
    }

    /** Legend: size, in, string, rep, immediate, port, qualification (Table 28-5). */
    @ParameterizedTest
    @CsvSource({
        "1, false, false, false, false, 0x3F8, 0x03F80000",
        "1, true,  false, false, true,  0x60,  0x00600048",
        "2, true,  false, false, false, 0xCF8, 0x0CF80009",
        "4, false, false, false, false, 0xCFC, 0x0CFC0003",
        "1, false, true,  true,  false, 0x3F8, 0x03F80030",
    })
    void ioInstructionQualification(int size, boolean in, boolean string, boolean rep,
            boolean imm, String port, String expected) {
        assertEquals(Long.decode(expected),
                ExitQualification.ioInstruction(size, in, string, rep, imm, Integer.decode(port)));
    }

    /** Legend: CR, access type, GPR, LMSW memory, LMSW data, qualification (Table 28-3). */
    @ParameterizedTest
    @CsvSource({
        "3, MOV_TO_CR,   0, false, 0,      0x3",
        "8, MOV_FROM_CR, 1, false, 0,      0x118",
        "0, CLTS,        0, false, 0,      0x20",
        "0, LMSW,        0, true,  0x0001, 0x10070",
        "4, MOV_TO_CR,   15, false, 0,     0xF04",
    })
    void controlRegisterAccessQualification(int cr, ExitQualification.CrAccessType type, int gpr,
            boolean mem, String data, String expected) {
        assertEquals(Long.decode(expected),
                ExitQualification.controlRegisterAccess(cr, type, gpr, mem, Integer.decode(data)));
    }

    @Test
    void otherQualifications() {
        assertEquals(0x317, ExitQualification.movDr(7, true, 3));
        assertEquals(0x8000_0028L, ExitQualification.taskSwitch(0x28,
                ExitQualification.TaskSwitchSource.JMP));
        assertEquals(0x6001, ExitQualification.debugException(1, true, true));
        assertEquals(0x10B0, ExitQualification.apicAccess(0xB0, 1));
        assertEquals(0x9A, ExitQualification.startUpIpi(0x9A));
    }

    @Test
    void interruptionAndInstructionInformation() {
        InterruptionInfo nmi = InterruptionInfo.of(InterruptionInfo.TYPE_NMI, 2, false);
        assertEquals(0x8000_0202, nmi.value());
        assertTrue(nmi.valid());
        assertEquals(2, nmi.type());
        assertEquals(0x418100,
                InstructionInformation.memoryOperand(0, InstructionInformation.ADDRESS_64, 3, -1,
                        0, 0));
        assertEquals(0x1000_0408, InstructionInformation.registerOperand(1, 1));
        assertEquals(0x18100, InstructionInformation.insOuts(InstructionInformation.ADDRESS_64, 3));
    }

    @Test
    void saveGuestStateThenLoadHostState() {
        Vmcs v = vmcs();
        FakeCpu cpu = new FakeCpu();
        cpu.rip = 0x4000;
        cpu.rsp = 0x5000;
        cpu.interruptibility = 1;
        cpu.msrs.put(ProcessorState.IA32_PAT, 0x0606_0606_0606_0606L);
        cpu.segments.put(SegmentRegister.FS, new Segment(0x33, 0x7000, 0xFFFF, 0xF3));
        assertTrue(VmExitWriter.deliver(VmExit.of(ExitReason.HLT), v, cpu, cpu.memory));
        assertEquals(0x4000, v.read(GUEST_RIP));
        assertEquals(0x5000, v.read(GUEST_RSP));
        assertEquals(1, v.read(GUEST_INTERRUPTIBILITY_STATE));
        assertEquals(0x7000, v.read(GUEST_FS_BASE));
        assertEquals(0x33, v.read(GUEST_FS_SELECTOR));
        assertEquals(0x0606_0606_0606_0606L, v.read(GUEST_IA32_PAT));
        assertNotEquals(0, v.read(VM_ENTRY_CONTROLS) & VmEntryControl.IA32E_MODE_GUEST.mask());
        assertEquals(ValidVmcs.HOST_RIP_VALUE, cpu.rip);
        assertEquals(0x2, cpu.rflags);
        assertEquals(0x400, cpu.dr7);
        assertEquals(0, cpu.interruptibility);
        assertEquals(0xD01L, cpu.readMsr(ProcessorState.IA32_EFER));
        Segment cs = cpu.segments.get(SegmentRegister.CS);
        assertTrue(cs.l());
        assertEquals(0x8, cs.selector());
        assertEquals(0x67, cpu.segments.get(SegmentRegister.TR).limit());
        assertTrue(cpu.segments.get(SegmentRegister.LDTR).unusable());
        assertTrue(cpu.segments.get(SegmentRegister.FS).unusable(), "null host FS selector");
        assertEquals(0xFFFF, cpu.gdtrLimit);
    }

    @Test
    void failingMsrStoreIsAVmxAbort() {
        Vmcs v = vmcs();
        FakeCpu cpu = new FakeCpu();
        v.write(VM_EXIT_MSR_STORE_ADDRESS, 0xB000);
        v.write(VM_EXIT_MSR_STORE_COUNT, 1);
        cpu.memory.writeInt(0xB000, 0x9E);
        assertFalse(VmExitWriter.deliver(VmExit.of(ExitReason.HLT), v, cpu, cpu.memory));
        assertEquals(VmExitWriter.ABORT_SAVING_GUEST_MSRS, v.abortIndicator());
    }

    @Test
    void msrStoreAreaReceivesGuestValues() {
        Vmcs v = vmcs();
        FakeCpu cpu = new FakeCpu();
        cpu.msrs.put(0xC0000082, 0xFFFF_FFFF_8100_0000L);
        v.write(VM_EXIT_MSR_STORE_ADDRESS, 0xB000);
        v.write(VM_EXIT_MSR_STORE_COUNT, 1);
        cpu.memory.writeInt(0xB000, 0xC0000082);
        assertTrue(VmExitWriter.deliver(VmExit.of(ExitReason.HLT), v, cpu, cpu.memory));
        assertEquals(0xFFFF_FFFF_8100_0000L, cpu.memory.readLong(0xB008));
    }

    @Test
    void failingHostMsrLoadIsAVmxAbort() {
        Vmcs v = vmcs();
        FakeCpu cpu = new FakeCpu();
        v.write(VM_EXIT_MSR_LOAD_ADDRESS, 0xB000);
        v.write(VM_EXIT_MSR_LOAD_COUNT, 1);
        cpu.memory.writeInt(0xB000, 0x123);
        cpu.rejectedMsrs.add(0x123);
        assertFalse(VmExitWriter.deliver(VmExit.of(ExitReason.HLT), v, cpu, cpu.memory));
        assertEquals(VmExitWriter.ABORT_LOADING_HOST_MSRS, v.abortIndicator());
    }

    @Test
    void preemptionTimerValueIsSavedOnlyWithItsControl() {
        Vmcs v = vmcs();
        VmExitWriter.savePreemptionTimer(v, 77);
        assertEquals(0, v.read(VMX_PREEMPTION_TIMER_VALUE));
        ValidVmcs.set(v, dev.jvmx.vmx.cap.VmExitControl.SAVE_VMX_PREEMPTION_TIMER_VALUE, true);
        VmExitWriter.savePreemptionTimer(v, 77);
        assertEquals(77, v.read(VMX_PREEMPTION_TIMER_VALUE));
    }
}

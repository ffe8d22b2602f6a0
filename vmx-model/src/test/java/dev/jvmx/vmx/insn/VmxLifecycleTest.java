package dev.jvmx.vmx.insn;

import static dev.jvmx.vmx.insn.VmxEnv.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.jvmx.vmx.ProcessorState;
import dev.jvmx.vmx.SegmentRegister;
import dev.jvmx.vmx.ValidVmcs;
import dev.jvmx.vmx.VmxOutcome;
import dev.jvmx.vmx.exit.ExitQualification;
import dev.jvmx.vmx.exit.ExitReason;
import dev.jvmx.vmx.exit.VmExit;
import dev.jvmx.vmx.vmcs.Vmcs;
import dev.jvmx.vmx.vmcs.VmcsField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the VMX instructions change: VMX operation, pointers, launch state, processor state. */
class VmxLifecycleTest {

    @Test
    void vmxonAndVmxoffEnterAndLeaveVmxOperation() {
        VmxEnv e = new VmxEnv().root();
        assertTrue(e.vmx.inVmxOperation());
        assertFalse(e.vmx.inNonRootOperation());
        assertEquals(VMXON, e.vmx.vmxonPointer());
        assertEquals(VmxCpu.INVALID_POINTER, e.vmx.currentVmcsPointer());
        assertEquals(VmxOutcome.SUCCEED, e.insn.vmxoff());
        assertFalse(e.vmx.inVmxOperation());
    }

    @Test
    void vmclearOfTheCurrentVmcsInvalidatesThePointerAndClearsLaunchState() {
        VmxEnv e = new VmxEnv().nonRoot();
        e.vmx.exit(VmExit.of(ExitReason.HLT), e.cpu);
        Vmcs vmcs = e.vmcs();
        assertEquals(Vmcs.LaunchState.LAUNCHED, vmcs.launchState());
        assertEquals(VmxOutcome.SUCCEED, e.insn.vmclear(() -> VMCS));
        assertEquals(VmxCpu.INVALID_POINTER, e.vmx.currentVmcsPointer());
        assertEquals(Vmcs.LaunchState.CLEAR, vmcs.launchState());
        assertFalse(vmcs.active());
    }

    @Test
    void vmclearBeforeVmxoffKeepsTheVmcsUsable() {
        VmxEnv e = new VmxEnv().nonRoot();
        e.vmx.exit(VmExit.of(ExitReason.HLT), e.cpu);
        assertTrue(e.vmcs().active());
        e.insn.vmclear(() -> VMCS);
        e.insn.vmxoff();
        e.insn.vmxon(() -> VMXON);
        e.insn.vmptrld(() -> VMCS);
        assertEquals(new VmxOutcome.Entered(true), e.insn.vmlaunch());
    }

    @Test
    void vmlaunchLoadsGuestStateAndEntersNonRoot() {
        VmxEnv e = new VmxEnv().nonRoot();
        assertTrue(e.vmx.inNonRootOperation());
        assertEquals(Vmcs.LaunchState.LAUNCHED, e.vmcs().launchState());
        assertEquals(ValidVmcs.GUEST_RIP_VALUE, e.cpu.rip);
        assertEquals(0x3000, e.cpu.cr3);
        assertEquals(0x18, e.cpu.segments.get(SegmentRegister.TR).selector());
        assertEquals(0x500L, e.cpu.readMsr(ProcessorState.IA32_EFER));
    }

    @Test
    void vmExitSavesGuestLoadsHostThenVmresumeReenters() {
        VmxEnv e = new VmxEnv().nonRoot();
        e.cpu.rip = 0x1234;
        VmExit exit = VmExit.builder(ExitReason.CPUID).instructionLength(2).build();
        assertTrue(e.vmx.exit(exit, e.cpu));
        assertFalse(e.vmx.inNonRootOperation());
        assertEquals(ValidVmcs.HOST_RIP_VALUE, e.cpu.rip);
        assertEquals(0x2, e.cpu.rflags);
        assertEquals(0x1234, e.vmcs().read(VmcsField.GUEST_RIP));
        assertEquals(ExitReason.CPUID.number(), e.vmcs().read(VmcsField.VM_EXIT_REASON));
        assertEquals(2, e.vmcs().read(VmcsField.VM_EXIT_INSTRUCTION_LENGTH));
        assertEquals(new VmxOutcome.Entered(false), e.insn.vmresume());
        assertEquals(0x1234, e.cpu.rip);
    }

    @Test
    void guestStateFailureIsExit33WithHostStateLoaded() {
        VmxEnv e = new VmxEnv().ready();
        e.vmcs().write(VmcsField.VMCS_LINK_POINTER, 0x5000);
        VmxOutcome o = e.insn.vmlaunch();
        VmExit exit = assertInstanceOf(VmxOutcome.EntryFailed.class, o).exit();
        assertEquals(ExitReason.VM_ENTRY_FAILURE_INVALID_GUEST_STATE, exit.reason());
        assertEquals(0x8000_0021L, e.vmcs().read(VmcsField.VM_EXIT_REASON));
        assertEquals(ExitQualification.ENTRY_FAILURE_VMCS_LINK_POINTER,
                e.vmcs().read(VmcsField.EXIT_QUALIFICATION));
        assertEquals(ValidVmcs.HOST_RIP_VALUE, e.cpu.rip);
        assertFalse(e.vmx.inNonRootOperation());
        assertEquals(Vmcs.LaunchState.CLEAR, e.vmcs().launchState());
    }

    @Test
    void msrLoadingFailureIsExit34WithTheEntryNumber() {
        VmxEnv e = new VmxEnv().ready();
        e.vmcs().write(VmcsField.VM_ENTRY_MSR_LOAD_ADDRESS, 0xB000);
        e.vmcs().write(VmcsField.VM_ENTRY_MSR_LOAD_COUNT, 2);
        e.cpu.memory.writeInt(0xB000, ProcessorState.IA32_SYSENTER_CS);
        e.cpu.memory.writeLong(0xB008, 0x10);
        e.cpu.memory.writeInt(0xB010, ProcessorState.IA32_FS_BASE);
        VmExit exit = assertInstanceOf(VmxOutcome.EntryFailed.class, e.insn.vmlaunch()).exit();
        assertEquals(ExitReason.VM_ENTRY_FAILURE_MSR_LOADING, exit.reason());
        assertEquals(0x8000_0022L, e.vmcs().read(VmcsField.VM_EXIT_REASON));
        assertEquals(2, e.vmcs().read(VmcsField.EXIT_QUALIFICATION));
    }

    @Test
    void msrLoadingWritesMsrsInOrder() {
        VmxEnv e = new VmxEnv().ready();
        e.vmcs().write(VmcsField.VM_ENTRY_MSR_LOAD_ADDRESS, 0xB000);
        e.vmcs().write(VmcsField.VM_ENTRY_MSR_LOAD_COUNT, 1);
        e.cpu.memory.writeInt(0xB000, 0xC0000081);
        e.cpu.memory.writeLong(0xB008, 0x0023_0010_0000_0000L);
        assertEquals(new VmxOutcome.Entered(true), e.insn.vmlaunch());
        assertEquals(0x0023_0010_0000_0000L, e.cpu.readMsr(0xC0000081));
    }

    @Test
    void invalidationsReachTheProcessor() {
        VmxEnv e = new VmxEnv().current();
        e.inv.invept(2, () -> new InvalidationDescriptor(0, 0));
        e.inv.invvpid(0, () -> new InvalidationDescriptor(7, 0x4000));
        assertEquals(java.util.List.of("INVEPT ALL_CONTEXT 0", "INVVPID INDIVIDUAL_ADDRESS 7 4000"),
                e.cpu.invalidations);
    }

    @Test
    void vmfuncEptpSwitchingUpdatesEptPointer() {
        VmxEnv e = new VmxEnv().nonRoot();
        long next = ValidVmcs.EPTP + 0x1000;
        e.cpu.memory.writeLong(0xA000 + 8 * 3, next);
        assertEquals(new VmxOutcome.Completed(), e.funcs.vmfunc(0, 3));
        assertEquals(next, e.vmcs().read(VmcsField.EPT_POINTER));
    }

    @Test
    void vmreadOutside64BitModeReturnsLow32Bits() {
        VmxEnv e = new VmxEnv().current();
        e.vmcs().write(VmcsField.GUEST_RIP, 0x1_2345_6789L);
        e.compatibilityMode();
        e.cpu.msrs.put(ProcessorState.IA32_EFER, 0L);
        assertEquals(new VmxOutcome.Succeeded(0x2345_6789L),
                e.insn.vmread(VmcsField.GUEST_RIP.encoding()));
    }

    /** Legend: outcome, RFLAGS before, RFLAGS after (§31.2). */
    @ParameterizedTest
    @CsvSource({
        "succeed, 0x8D7, 0x002",
        "invalid, 0x8D6, 0x003",
        "valid,   0x203, 0x242",
    })
    void rflagsConventions(String kind, String before, String after) {
        VmxOutcome o = switch (kind) {
            case "succeed" -> VmxOutcome.SUCCEED;
            case "invalid" -> VmxOutcome.FAIL_INVALID;
            default -> new VmxOutcome.FailedValid(
                    dev.jvmx.vmx.VmInstructionError.VMCALL_IN_VMX_ROOT_OPERATION);
        };
        assertEquals(Long.decode(after), o.applyTo(Long.decode(before)));
    }

    @Test
    void injectedEventIsHandedToTheRuntimeAfterEntry() {
        VmxEnv e = new VmxEnv().ready();
        assertTrue(dev.jvmx.vmx.entry.InjectedEvent.of(e.vmcs()).isEmpty());
        e.vmcs().write(VmcsField.VM_ENTRY_INTERRUPTION_INFORMATION, 0x8000_0B0EL);
        e.vmcs().write(VmcsField.VM_ENTRY_EXCEPTION_ERROR_CODE, 0x2);
        assertEquals(new VmxOutcome.Entered(true), e.insn.vmlaunch());
        var event = dev.jvmx.vmx.entry.InjectedEvent.of(e.vmcs()).orElseThrow();
        assertEquals(14, event.info().vector());
        assertEquals(2, event.errorCode());
        assertFalse(event.advancesRip());
    }
}

package dev.jvmx.vmx.insn;

import static org.junit.jupiter.api.Assertions.*;

import dev.jvmx.vmx.FakeCpu;
import dev.jvmx.vmx.SegmentRegister;
import dev.jvmx.vmx.ValidVmcs;
import dev.jvmx.vmx.VmInstructionError;
import dev.jvmx.vmx.cap.VmxCapabilities;
import dev.jvmx.vmx.entry.EntryContext;
import dev.jvmx.vmx.entry.VmEntry;
import dev.jvmx.vmx.entry.VmEntryCheck;
import dev.jvmx.vmx.exit.ExitQualification;
import dev.jvmx.vmx.exit.ExitReason;
import dev.jvmx.vmx.exit.VmExit;
import dev.jvmx.vmx.nonroot.Decision;
import dev.jvmx.vmx.nonroot.Intercepts;
import dev.jvmx.vmx.nonroot.SensitiveInstruction;
import dev.jvmx.vmx.vmcs.Vmcs;
import dev.jvmx.vmx.vmcs.VmcsField;
import dev.jvmx.vmx.vmcs.VmcsTemplate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A Java monitor (L0) launching a guest from a template VMCS and handling its exits. */
class MonitorEntryTest {

    private final VmxCapabilities caps = VmxCapabilities.full();

    @ParameterizedTest
    @EnumSource(VmcsTemplate.GuestMode.class)
    void templatePassesEveryEntryCheckAndRunsAnExitRoundTrip(VmcsTemplate.GuestMode mode) {
        FakeCpu cpu = new FakeCpu().legacy();
        Vmcs vmcs = VmcsTemplate.initialize(new Vmcs(caps, caps.revisionId()), mode,
                ValidVmcs.EPTP, 1, 0x9000);
        assertNull(VmEntryCheck.firstFailure(new EntryContext(vmcs, caps, cpu, cpu.memory, true)));
        VmxEngine engine = new VmxEngine(caps, cpu);
        assertInstanceOf(VmEntry.Entered.class, engine.enter(vmcs, true));
        assertTrue(engine.state().inNonRootOperation());
        long rip = vmcs.read(VmcsField.GUEST_RIP);
        assertEquals(rip, cpu.rip);
        Intercepts intercepts = new Intercepts(engine.controls(), cpu.memory);
        assertEquals(new Decision.Exit(ExitReason.CPUID),
                intercepts.instruction(SensitiveInstruction.CPUID));
        assertTrue(intercepts.io(0x3F8, 1), "all I/O exits");
        assertTrue(intercepts.msr(0x10, false), "all MSR accesses exit");
        engine.exit(VmExit.builder(ExitReason.IO_INSTRUCTION)
                .qualification(ExitQualification.ioInstruction(1, false, false, false, false,
                        0x3F8)).instructionLength(1).build());
        assertFalse(engine.state().inNonRootOperation());
        assertEquals(30, vmcs.read(VmcsField.VM_EXIT_REASON));
        assertEquals(rip, vmcs.read(VmcsField.GUEST_RIP));
        vmcs.write(VmcsField.GUEST_RIP, rip + 1);
        assertInstanceOf(VmEntry.Entered.class, engine.enter(vmcs, false));
        assertEquals(rip + 1, cpu.rip);
        if (mode == VmcsTemplate.GuestMode.REAL) {
            assertEquals(0xF0000, cpu.segments.get(SegmentRegister.CS).base());
        }
    }

    @ParameterizedTest
    @EnumSource(VmcsTemplate.GuestMode.class)
    void directEntryStillChecksTheLaunchState(VmcsTemplate.GuestMode mode) {
        FakeCpu cpu = new FakeCpu();
        Vmcs vmcs = VmcsTemplate.initialize(new Vmcs(caps, caps.revisionId()), mode,
                ValidVmcs.EPTP, 0, 0);
        VmxEngine engine = new VmxEngine(caps, cpu);
        var failed = assertInstanceOf(VmEntry.FailedValid.class, engine.enter(vmcs, false));
        assertEquals(VmInstructionError.VMRESUME_NON_LAUNCHED_VMCS, failed.error());
        assertTrue(engine.state().currentVmcsPointer() >= VmxCpu.MONITOR_VMCS_BASE);
    }
}

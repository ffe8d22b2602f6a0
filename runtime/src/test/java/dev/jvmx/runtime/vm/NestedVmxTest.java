package dev.jvmx.runtime.vm;

import static org.junit.jupiter.api.Assertions.*;

import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.vmx.cap.PrimaryProcessorBasedControl;
import dev.jvmx.vmx.cap.VmxCapabilities;
import dev.jvmx.vmx.cap.VmxMsrs;
import dev.jvmx.vmx.exit.ExitReason;
import dev.jvmx.vmx.exit.VmExit;
import dev.jvmx.vmx.vmcs.VmcsField;
import dev.jvmx.vmx.vmcs.VmcsTemplate.GuestMode;
import org.junit.jupiter.api.Test;

/**
 * Nested VMX through the embedding API: an L1 hypervisor (guest code, nasm at test time) finds
 * VMX, launches an L2, handles the exits its controls ask for, and never sees the ones it does
 * not (L0 — the vCPU's {@link NestedVmx} or the program — takes them).
 */
class NestedVmxTest {
    /** L1's exit loop: R12 counts CPUID exits, each skipped (GUEST_RIP += VM_EXIT_INSTRUCTION_LENGTH) and resumed. */
    private static final String EXIT_LOOP = """
            cmp r14, 10
            jne .other
            inc r12
            mov ebx, 0x681E
            vmread rax, rbx
            mov ecx, 0x440C
            vmread rdx, rcx
            add rax, rdx
            vmwrite rbx, rax
            vmresume
            mov r15d, 0xBAD
            hlt
        .other:
        """;

    @Test
    void l1FindsVmxThroughCpuidAndMsrs() {
        NestedRig n = new NestedRig(GuestMode.LONG_FLAT);
        n.l1(NestedRig.State.FRESH, """
                mov eax, 1
                cpuid
                mov r8, rcx
                mov ecx, 0x480
                rdmsr
                shl rdx, 32
                or rax, rdx
                mov r9, rax
                mov ecx, 0x3A
                rdmsr
                mov r10, rax
                mov ecx, 0x48C
                rdmsr
                shl rdx, 32
                or rax, rdx
                mov r11, rax
                """, "");
        VmExit e = n.exit();
        assertEquals(ExitReason.HLT, e.reason());
        assertEquals(NestedRig.MARK_HOST, n.gpr(15));
        assertEquals(1 << 5, n.gpr(8) & 1 << 5, "CPUID.1:ECX.VMX");
        VmxMsrs msrs = new VmxMsrs(n.offered);
        assertEquals(msrs.basic(), n.gpr(9), "IA32_VMX_BASIC");
        assertEquals(VmxMsrs.FEATURE_CONTROL, n.gpr(10), "IA32_FEATURE_CONTROL");
        assertEquals(msrs.eptVpidCap(), n.gpr(11), "IA32_VMX_EPT_VPID_CAP");
    }

    @Test
    void offeringLessShowsInTheCapabilityMsrs() {
        VmxCapabilities less = NestedVmx.capabilitiesBuilder().without(PrimaryProcessorBasedControl.HLT_EXITING).build();
        NestedRig n = new NestedRig(GuestMode.LONG_FLAT, less);
        n.l1(NestedRig.State.FRESH, """
                mov ecx, 0x48E
                rdmsr
                mov r9, rdx
                mov ecx, 0x491
                rdmsr
                mov r10, rax
                """, "");
        assertEquals(ExitReason.HLT, n.exit().reason());
        assertEquals(0, n.gpr(9) & PrimaryProcessorBasedControl.HLT_EXITING.mask(), "allowed-1 of HLT exiting");
        assertEquals(new VmxMsrs(less).vmfunc(), n.gpr(10));
    }

    @Test
    void offeringMoreThanTheVmHasIsRefused() {
        Vm vm = new Vm(VmxCapabilities.builder().without(PrimaryProcessorBasedControl.HLT_EXITING).build(), 1 << 20);
        Vcpu cpu = vm.createVcpu();
        var e = assertThrows(IllegalArgumentException.class, () -> cpu.enableNestedVmx(NestedVmx.capabilitiesBuilder().build()));
        assertTrue(e.getMessage().contains("HLT_EXITING"), e.getMessage());
        assertNotNull(cpu.enableNestedVmx(), "what the VM has can be offered");
    }

    @Test
    void l1HandlesL2CpuidAndHlt() {
        NestedRig n = new NestedRig(GuestMode.LONG_FLAT);
        n.l2("mov eax, 1\ncpuid\nmov eax, 0\ncpuid\nhlt\n");
        n.l1(NestedRig.State.NON_ROOT, "", EXIT_LOOP);
        VmExit e = n.exit();
        assertEquals(ExitReason.HLT, e.reason(), "L1's final HLT");
        assertFalse(n.g.cpu.nestedGuestActive());
        assertEquals(NestedRig.MARK_HOST, n.gpr(15));
        assertEquals(2, n.gpr(12), "CPUID exits L1 handled");
        assertEquals(ExitReason.HLT.number(), n.gpr(14), "the exit reason L1 read last");
        assertEquals(3, n.nested.reflectedExits());
        assertTrue(n.nested.shadowEptFills() > 0, "L2's first touches of its pages are L0's EPT02 fills");
        var v12 = n.nested.currentVmcs12();
        assertEquals(ExitReason.HLT.number(), v12.read(VmcsField.VM_EXIT_REASON));
        assertEquals(1, v12.read(VmcsField.VM_EXIT_INSTRUCTION_LENGTH));
        assertEquals(NestedRig.L2_CODE + 14, v12.read(VmcsField.GUEST_RIP), "L2 RIP saved at its HLT (5 + 2 + 5 + 2 bytes in)");
    }

    @Test
    void exitsL1DoesNotAskForStayWithL0() {
        NestedRig n = new NestedRig(GuestMode.LONG_FLAT);
        long primary = primaryOf(n);
        n.vmcs12(VmcsField.PRIMARY_PROCESSOR_BASED_VM_EXECUTION_CONTROLS, primary
                & ~PrimaryProcessorBasedControl.HLT_EXITING.mask() & ~PrimaryProcessorBasedControl.UNCONDITIONAL_IO_EXITING.mask());
        n.l2("mov al, 1\nout 0x80, al\nhlt\ncpuid\nvmcall\n");
        n.l1(NestedRig.State.NON_ROOT, "", EXIT_LOOP);
        VmExit io = n.exit();
        assertEquals(ExitReason.IO_INSTRUCTION, io.reason(), "I/O L1 lets through but vmcs01 takes");
        assertTrue(n.g.cpu.nestedGuestActive());
        assertEquals(0x80, io.qualification() >>> 16);
        skip(n, io);
        VmExit hlt = n.exit();
        assertEquals(ExitReason.HLT, hlt.reason(), "HLT L1 lets through but vmcs01 takes");
        assertTrue(n.g.cpu.nestedGuestActive());
        assertEquals(NestedRig.L2_CODE + 4, n.g.cpu.vmcs().read(VmcsField.GUEST_RIP), "vmcs02 holds L2's state");
        skip(n, hlt);
        VmExit last = n.exit();
        assertEquals(ExitReason.HLT, last.reason());
        assertFalse(n.g.cpu.nestedGuestActive());
        assertEquals(1, n.gpr(12), "L1 saw the CPUID");
        assertEquals(ExitReason.VMCALL.number(), n.gpr(14), "and then the VMCALL, nothing else");
        assertEquals(2, n.nested.reflectedExits());
    }

    private static long primaryOf(NestedRig n) {
        var mem = n.g.vm.hostMemory();
        for (long at = NestedRig.TABLE; mem.read(at, 8) != -1L; at += 16) {
            if (mem.read(at, 8) == VmcsField.PRIMARY_PROCESSOR_BASED_VM_EXECUTION_CONTROLS.encoding()) return mem.read(at + 8, 8);
        }
        throw new AssertionError("no primary controls in vmcs12");
    }

    private static void skip(NestedRig n, VmExit e) {
        var v = n.g.cpu.vmcs();
        v.write(VmcsField.GUEST_RIP, v.read(VmcsField.GUEST_RIP) + e.instructionLength());
    }
}

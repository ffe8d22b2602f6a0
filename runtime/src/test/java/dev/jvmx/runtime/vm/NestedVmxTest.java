package dev.jvmx.runtime.vm;

import static org.junit.jupiter.api.Assertions.*;

import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.vmx.VmxOutcome;
import dev.jvmx.vmx.cap.PinBasedControl;
import dev.jvmx.vmx.cap.PrimaryProcessorBasedControl;
import dev.jvmx.vmx.cap.VmxCapabilities;
import dev.jvmx.vmx.cap.VmxMsrs;
import dev.jvmx.vmx.exit.ExitReason;
import dev.jvmx.vmx.exit.InterruptionInfo;
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
        long primary = n.vmcs12(VmcsField.PRIMARY_PROCESSOR_BASED_VM_EXECUTION_CONTROLS);
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

    @Test
    void entryFailureOnL2GuestStateIsExit33ForL1() {
        NestedRig n = new NestedRig(GuestMode.LONG_FLAT).vmcs12(VmcsField.GUEST_RFLAGS, 0); // bit 1 must be 1 (§27.3.1.4)
        n.l2("vmcall\n").l1(NestedRig.State.NON_ROOT, "", "");
        assertEquals(ExitReason.HLT, n.exit().reason());
        assertEquals(NestedRig.MARK_HOST, n.gpr(15), "L1 continued at HOST_RIP (§27.8)");
        assertEquals((VmExit.ENTRY_FAILURE_BIT | ExitReason.VM_ENTRY_FAILURE_INVALID_GUEST_STATE.number()) & 0xFFFF_FFFFL, n.gpr(14) & 0xFFFF_FFFFL);
        assertFalse(n.g.cpu.nestedGuestActive());
        assertEquals(0, n.nested.reflectedExits(), "the failure is the model's VM entry, not a reflected exit");
    }

    @Test
    void msrLoadingFailureIsExit34ForL1WithTheEntryNumber() {
        NestedRig n = new NestedRig(GuestMode.LONG_FLAT);
        var mem = n.g.vm.hostMemory();
        mem.write(0x25000, 4, 0xC000_0080L);        // IA32_EFER
        mem.write(0x25008, 8, 1L << 24);            // a reserved bit: WRMSR would #GP (§27.4)
        n.l2("vmcall\n").l1(NestedRig.State.READY, """
                mov ebx, 0x4014
                mov eax, 1
                vmwrite rbx, rax
                mov ebx, 0x200A
                mov eax, 0x25000
                vmwrite rbx, rax
                vmlaunch
                mov r15d, 0xBAD
                hlt
                """, "mov ebx, 0x6400\nvmread r12, rbx\n");
        assertEquals(ExitReason.HLT, n.exit().reason());
        assertEquals(NestedRig.MARK_HOST, n.gpr(15));
        assertEquals((VmExit.ENTRY_FAILURE_BIT | ExitReason.VM_ENTRY_FAILURE_MSR_LOADING.number()) & 0xFFFF_FFFFL, n.gpr(14) & 0xFFFF_FFFFL);
        assertEquals(1, n.gpr(12), "EXIT_QUALIFICATION: the failing entry, counted from 1");
    }

    @Test
    void ept12ViolationIsReflectedWithEpt12sQualification() {
        NestedRig n = new NestedRig(GuestMode.LONG_FLAT);
        n.g.vm.hostMemory().write(n.ept12.entryAddress(0x20_0000, 2), 8, 0x20_0000L | Ept.READ | Ept.LARGE | Ept.WB << 3);
        n.l2("mov eax, [0x300000]\nmov [0x300000], eax\nvmcall\n");
        n.l1(NestedRig.State.NON_ROOT, "", "mov ebx, 0x6400\nvmread r12, rbx\nmov ebx, 0x2400\nvmread r10, rbx\n");
        assertEquals(ExitReason.HLT, n.exit().reason());
        assertEquals(ExitReason.EPT_VIOLATION.number(), n.gpr(14), "the write, not the read, reaches L1");
        long q = n.gpr(12);
        assertEquals(0x2, q & 0x7, "a data write (Table 28-7 bit 1)");
        assertEquals(0x8, q & 0x38, "EPT12 allows reading only (bits 3-5)");
        assertEquals(0x30_0000, n.gpr(10), "GUEST_PHYSICAL_ADDRESS is L2's");
        assertEquals(1, n.nested.reflectedExits());
    }

    @Test
    void ept01ViolationUnderL2IsTheProgramsExit() {
        NestedRig n = new NestedRig(GuestMode.LONG_FLAT);
        n.g.vm.ept().unmap(0x3F_F000, 0x1000); // an MMIO page of L0's
        n.l2("mov eax, [0x3FF000]\nvmcall\n").l1(NestedRig.State.NON_ROOT, "", "");
        VmExit e = n.exit();
        assertEquals(ExitReason.EPT_VIOLATION, e.reason());
        assertTrue(n.g.cpu.nestedGuestActive(), "L2 is the one running");
        assertEquals(0x3F_F000, e.guestPhysicalAddress());
        assertEquals(0, n.nested.reflectedExits(), "L1 did not see it");
    }

    @Test
    void inveptMakesL1sNarrowedEpt12Count() {
        NestedRig n = new NestedRig(GuestMode.LONG_FLAT);
        long pde = n.ept12.entryAddress(0x20_0000, 2);
        long readOnly = 0x20_0000L | Ept.READ | Ept.LARGE | Ept.WB << 3;
        n.l2("mov dword [0x300000], 1\nvmcall\nmov dword [0x300000], 2\nvmcall\n");
        // after L2's first VMCALL: EPT12 maps 2-4 MiB read-only, INVEPT, resume; after the second: done
        n.l1(NestedRig.State.NON_ROOT, "", firstThenSecond("""
                mov rax, %d
                mov rbx, %d
                mov [rbx], rax
                mov rax, %d
                mov [desc], rax
                mov eax, 1
                invept rax, [desc]
                """.formatted(readOnly, pde, n.ept12.pointer()), "mov ebx, 0x6400\nvmread r10, rbx\n"));
        assertEquals(ExitReason.HLT, n.exit().reason());
        assertEquals(NestedRig.MARK_HOST, n.gpr(15));
        assertEquals(ExitReason.EPT_VIOLATION.number(), n.gpr(14), "the second write faults in EPT12 after INVEPT");
        assertEquals(2, n.gpr(12));
        assertEquals(0xA, n.gpr(10) & 0x3F, "a write to a read-only page (Table 28-7)");
        assertEquals(1, n.g.vm.hostMemory().read(0x30_0000, 4), "the first write went through");
    }

    @Test
    void externalInterruptL1AsksForIsReflectedWithItsVector() {
        NestedRig n = new NestedRig(GuestMode.LONG_FLAT);
        n.l2("jmp $\n").l1(NestedRig.State.NON_ROOT, "", "");
        RunResult r = n.g.cpu.run(5_000);
        assertInstanceOf(RunResult.Interrupted.class, r, "L2 spins");
        assertTrue(n.g.cpu.nestedGuestActive());
        n.g.cpu.raiseInterrupt(0x41);
        VmExit e = n.exit();
        assertEquals(ExitReason.HLT, e.reason());
        assertEquals(NestedRig.MARK_HOST, n.gpr(15));
        assertEquals(ExitReason.EXTERNAL_INTERRUPT.number(), n.gpr(14));
        assertEquals(InterruptionInfo.of(InterruptionInfo.TYPE_EXTERNAL_INTERRUPT, 0x41, false).value() & 0xFFFF_FFFFL,
                n.gpr(13), "acknowledged on exit (vmcs12's exit control): the vector is L1's");
    }

    @Test
    void l2MsrAccessesFollowL1sMsrBitmap() {
        NestedRig n = new NestedRig(GuestMode.LONG_FLAT);
        long bitmap = 0x26000;
        n.g.vm.hostMemory().write(bitmap + 0x174 / 8, 1, 1 << (0x174 % 8)); // read-low bitmap: IA32_SYSENTER_CS
        n.vmcs12(VmcsField.PRIMARY_PROCESSOR_BASED_VM_EXECUTION_CONTROLS,
                n.vmcs12(VmcsField.PRIMARY_PROCESSOR_BASED_VM_EXECUTION_CONTROLS) | PrimaryProcessorBasedControl.USE_MSR_BITMAPS.mask())
                .vmcs12(VmcsField.MSR_BITMAP_ADDRESS, bitmap);
        n.l2("mov ecx, 0x174\nrdmsr\nmov ecx, 0x175\nrdmsr\nvmcall\n");
        n.l1(NestedRig.State.NON_ROOT, "", EXIT_LOOP.replace("cmp r14, 10", "cmp r14, 31"));
        VmExit second = n.exit();
        assertEquals(ExitReason.RDMSR, second.reason(), "0x175: clear in L1's bitmap, vmcs02 exits on every MSR");
        assertTrue(n.g.cpu.nestedGuestActive());
        assertEquals(0x175, n.gpr(CpuState.RCX));
        skip(n, second);
        assertEquals(ExitReason.HLT, n.exit().reason());
        assertEquals(1, n.gpr(12), "L1 saw the RDMSR of 0x174 only");
        assertEquals(ExitReason.VMCALL.number(), n.gpr(14));
    }

    @Test
    void l2SeesL1sCr4ReadShadowAndExitsOnItsOwnedBit() {
        NestedRig n = new NestedRig(GuestMode.LONG_FLAT);
        long pge = 1 << 7;
        n.vmcs12(VmcsField.CR4_GUEST_HOST_MASK, pge).vmcs12(VmcsField.CR4_READ_SHADOW, pge);
        n.l2("mov rax, cr4\nmov rsi, rax\nmov cr4, rax\nand rax, ~0x80\nmov cr4, rax\nvmcall\n");
        n.l1(NestedRig.State.NON_ROOT, "", "mov ebx, 0x6400\nvmread r12, rbx\n");
        assertEquals(ExitReason.HLT, n.exit().reason());
        assertEquals(ExitReason.CONTROL_REGISTER_ACCESS.number(), n.gpr(14), "MOV to CR4 changing the bit L1 owns");
        assertEquals(4, n.gpr(12), "Table 28-3: CR4, MOV to CR, from RAX");
        assertEquals(pge, n.gpr(CpuState.RSI) & pge, "L2 read L1's shadow of CR4.PGE (§26.3)");
        assertEquals(0, n.nested.currentVmcs12().read(VmcsField.GUEST_CR4) & pge, "writing the shadow's value did not exit and left CR4 alone");
    }

    @Test
    void l2sFirstWriteAfterAReadSetsEpt12sDirtyFlag() {
        NestedRig n = new NestedRig(GuestMode.LONG_FLAT);
        long eptpAd = n.ept12.pointerWithAccessedDirty();
        n.vmcs12(VmcsField.EPT_POINTER, eptpAd);
        long pde = n.ept12.entryAddress(0x20_0000, 2);
        n.l2("mov eax, [0x300000]\nvmcall\nmov [0x300000], eax\nvmcall\n");
        n.l1(NestedRig.State.NON_ROOT, "", firstThenSecond("mov rbx, %d\nmov r10, [rbx]\n".formatted(pde),
                "mov rbx, %d\nmov r9, [rbx]\n".formatted(pde)));
        assertEquals(ExitReason.HLT, n.exit().reason());
        assertEquals(2, n.gpr(12));
        long accessed = 1 << 8, dirty = 1 << 9;
        assertEquals(accessed, n.gpr(10) & (accessed | dirty), "after L2's read: accessed, not dirty (§29.3.5)");
        assertEquals(accessed | dirty, n.gpr(9) & (accessed | dirty), "after L2's write: dirty");
    }

    @Test
    void preemptionTimerExpiresForItsOwner() {
        long timer = PinBasedControl.ACTIVATE_VMX_PREEMPTION_TIMER.mask();
        NestedRig l1s = new NestedRig(GuestMode.LONG_FLAT);
        l1s.vmcs12(VmcsField.PIN_BASED_VM_EXECUTION_CONTROLS, l1s.vmcs12(VmcsField.PIN_BASED_VM_EXECUTION_CONTROLS) | timer)
                .vmcs12(VmcsField.VMX_PREEMPTION_TIMER_VALUE, 10);
        l1s.l2("jmp $\n").l1(NestedRig.State.NON_ROOT, "", "");
        assertEquals(ExitReason.HLT, l1s.exit().reason());
        assertEquals(ExitReason.VMX_PREEMPTION_TIMER_EXPIRED.number(), l1s.gpr(14), "vmcs12's timer: L1's exit");

        NestedRig l0s = new NestedRig(GuestMode.LONG_FLAT);
        l0s.g.on(VmcsField.PIN_BASED_VM_EXECUTION_CONTROLS, PinBasedControl.ACTIVATE_VMX_PREEMPTION_TIMER)
                .set(VmcsField.VMX_PREEMPTION_TIMER_VALUE, 40);
        l0s.l2("jmp $\n").l1(NestedRig.State.NON_ROOT, "", "");
        for (int slice = 0; slice < 50 && !l0s.g.cpu.nestedGuestActive(); slice++) {
            VmExit e = l0s.exit();
            assertEquals(ExitReason.VMX_PREEMPTION_TIMER_EXPIRED, e.reason(), "only vmcs01's timer slices L1");
        }
        assertTrue(l0s.g.cpu.nestedGuestActive(), "vmcs01's timer keeps counting while L2 runs: the program's exit");
        assertEquals(0, l0s.nested.reflectedExits());
    }

    @Test
    void l1TurnsVmxOnThroughCr4WhenL0OwnsVmxe() {
        NestedRig n = new NestedRig(GuestMode.LONG_FLAT);
        long vmxe = 1 << 13;
        n.g.set(VmcsField.CR4_GUEST_HOST_MASK, vmxe).set(VmcsField.CR4_READ_SHADOW, n.g.cpu.vmread(VmcsField.GUEST_CR4) & ~vmxe);
        n.l1(NestedRig.State.FRESH, """
                mov rax, cr4
                mov r8, rax
                or rax, 0x2000
                mov cr4, rax
                mov r9, cr4
                vmxon [p_vmxon]
                pushfq
                pop r10
                and rax, ~0x2000
                mov cr4, rax
                """, "");
        VmExit e = n.exit();
        assertEquals(ExitReason.HLT, e.reason(), "no exit reaches the program");
        assertEquals(0, n.gpr(8) & vmxe, "L1 first reads CR4.VMXE = 0 (vmcs01's shadow)");
        assertEquals(vmxe, n.gpr(9) & vmxe, "and after setting it, 1");
        assertEquals(0, n.gpr(10) & VmxOutcome.STATUS_FLAGS, "VMXON succeeded");
        assertEquals(NestedRig.MARK_GP, n.gpr(15), "clearing CR4.VMXE in VMX operation is #GP (§24.8)");
        assertEquals(vmxe, n.g.cpu.vmread(VmcsField.GUEST_CR4) & vmxe, "the real CR4.VMXE stays set");
    }

    /**
     * L1's code after L2's exits (R12 counts them): after the first, a 3-byte VMCALL, {@code
     * first} and L2 resumes past it; after the second, {@code second}.
     */
    private static String firstThenSecond(String first, String second) {
        return "inc r12\ncmp r12, 1\njne .second\n" + first
                + "mov ebx, 0x681E\nvmread rax, rbx\nadd rax, 3\nvmwrite rbx, rax\nvmresume\n.second:\n" + second;
    }

    private static void skip(NestedRig n, VmExit e) {
        var v = n.g.cpu.vmcs();
        v.write(VmcsField.GUEST_RIP, v.read(VmcsField.GUEST_RIP) + e.instructionLength());
    }
}

package dev.jvmx.runtime.vm;

import static dev.jvmx.vmx.vmcs.VmcsField.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.jvmx.runtime.mem.GuestFault;
import dev.jvmx.vmx.cap.PinBasedControl;
import dev.jvmx.vmx.cap.PrimaryProcessorBasedControl;
import dev.jvmx.vmx.cap.SecondaryProcessorBasedControl;
import dev.jvmx.vmx.cap.TertiaryProcessorBasedControl;
import dev.jvmx.vmx.cap.VmEntryControl;
import dev.jvmx.vmx.ept.EptViolationQualification;
import dev.jvmx.vmx.exit.ExitQualification;
import dev.jvmx.vmx.exit.ExitReason;
import dev.jvmx.vmx.exit.InstructionInformation;
import dev.jvmx.vmx.exit.InterruptionInfo;
import dev.jvmx.vmx.exit.VmExit;
import dev.jvmx.vmx.vmcs.VmcsTemplate.GuestMode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every exit reason the runtime produces, each caused by guest code running in VMX non-root
 * operation through the embedding API, with its exit information checked (SDM Vol. 3C §28.2):
 * basic reason, qualification, guest-linear / guest-physical address, instruction length and
 * information, interruption information and error code, IDT-vectoring information, and where
 * GUEST_RIP stands (fault-like: at the instruction; trap-like: after it).
 *
 * <p>Legend of a case: name, guest mode, VMCS set-up, guest code (nasm, at {@link GuestRig#CODE}),
 * expected basic reason, then checks on the exit and the rig.
 */
class ExitReasonsTest {
    private static final GuestMode REAL = GuestMode.REAL, PM = GuestMode.PROTECTED_FLAT, LM = GuestMode.LONG_FLAT;
    private static final int EAX = 0, ECX = 1, EBX = 3;
    /** Host-physical page of the page-modification log (guest RAM the guest code leaves alone). */
    private static final long PML_LOG = 0x38_0000;

    record Case(String name, GuestMode mode, Consumer<GuestRig> setup, String asm, ExitReason reason,
            BiConsumer<GuestRig, VmExit> check) {
    }

    static final List<Case> CASES = new ArrayList<>();

    static void add(String name, GuestMode mode, Consumer<GuestRig> setup, String asm, ExitReason reason,
            BiConsumer<GuestRig, VmExit> check) {
        CASES.add(new Case(name, mode, setup, asm, reason, check));
    }

    static Consumer<GuestRig> primary(PrimaryProcessorBasedControl... c) {
        return g -> g.on(PRIMARY_PROCESSOR_BASED_VM_EXECUTION_CONTROLS, c);
    }

    static Consumer<GuestRig> secondary(SecondaryProcessorBasedControl... c) {
        return g -> g.on(SECONDARY_PROCESSOR_BASED_VM_EXECUTION_CONTROLS, c);
    }

    static final Consumer<GuestRig> NONE = g -> { };

    /** An instruction exit: fault-like, RIP at the instruction at {@code offset}, length {@code length}. */
    static BiConsumer<GuestRig, VmExit> instruction(int offset, int length) {
        return (g, e) -> {
            assertEquals(length, e.instructionLength(), "VM_EXIT_INSTRUCTION_LENGTH");
            g.assertRipAt(offset);
            assertEquals(length, g.cpu.vmread(VM_EXIT_INSTRUCTION_LENGTH), "VMCS VM_EXIT_INSTRUCTION_LENGTH");
        };
    }

    static BiConsumer<GuestRig, VmExit> instruction(int offset, int length, long qualification, int info) {
        return instruction(offset, length).andThen((g, e) -> {
            assertEquals(qualification, e.qualification(), "EXIT_QUALIFICATION");
            assertEquals(qualification, g.cpu.vmread(EXIT_QUALIFICATION), "VMCS EXIT_QUALIFICATION");
            assertEquals(info, e.instructionInformation(), "VM_EXIT_INSTRUCTION_INFORMATION");
        });
    }

    static int mem32(int base, int reg2) {
        return InstructionInformation.memoryOperand(0, InstructionInformation.ADDRESS_32, 3, -1, base, reg2);
    }

    static {
        // ---- unconditional and single-control instruction exits (§26.1.2, §26.1.3) ----
        add("CPUID in real mode", REAL, NONE, "mov ax, 7\ncpuid", ExitReason.CPUID, instruction(3, 2));
        add("HLT", REAL, NONE, "nop\nhlt", ExitReason.HLT, instruction(1, 1));
        add("INVD", PM, NONE, "invd", ExitReason.INVD, instruction(0, 2));
        add("INVLPG with INVLPG exiting: qualification = linear address", PM,
                primary(PrimaryProcessorBasedControl.INVLPG_EXITING), "invlpg [0x3456]", ExitReason.INVLPG,
                instruction(0, 7, 0x3456, 0));
        add("RDPMC", PM, primary(PrimaryProcessorBasedControl.RDPMC_EXITING), "rdpmc", ExitReason.RDPMC, instruction(0, 2));
        add("RDTSC", PM, primary(PrimaryProcessorBasedControl.RDTSC_EXITING), "nop\nrdtsc", ExitReason.RDTSC, instruction(1, 2));
        add("RDTSCP", PM, g -> {
            primary(PrimaryProcessorBasedControl.RDTSC_EXITING).accept(g);
            secondary(SecondaryProcessorBasedControl.ENABLE_RDTSCP).accept(g);
        }, "rdtscp", ExitReason.RDTSCP, instruction(0, 3));
        add("MWAIT", PM, primary(PrimaryProcessorBasedControl.MWAIT_EXITING), "mwait", ExitReason.MWAIT, instruction(0, 3));
        add("MONITOR", PM, primary(PrimaryProcessorBasedControl.MONITOR_EXITING), "monitor", ExitReason.MONITOR, instruction(0, 3));
        add("PAUSE", PM, primary(PrimaryProcessorBasedControl.PAUSE_EXITING), "pause", ExitReason.PAUSE, instruction(0, 2));
        add("WBINVD", PM, secondary(SecondaryProcessorBasedControl.WBINVD_EXITING), "wbinvd",
                ExitReason.WBINVD_OR_WBNOINVD, instruction(0, 2));
        add("XSETBV (CR4.OSXSAVE = 1)", PM, g -> g.set(GUEST_CR4, 0x2000 | 1 << 18), "xor ecx, ecx\nxsetbv",
                ExitReason.XSETBV, instruction(2, 3));
        add("GETSEC (CR4.SMXE = 1): unconditional, fault-like", PM, g -> g.set(GUEST_CR4, 0x2000 | 1 << 14),
                "xor eax, eax\ngetsec", ExitReason.GETSEC, instruction(2, 2));
        add("RDRAND: destination and operand size in the instruction information", PM,
                secondary(SecondaryProcessorBasedControl.RDRAND_EXITING), "rdrand ebx", ExitReason.RDRAND,
                instruction(0, 3, 0, EBX << 3 | 1 << 11));
        add("UMWAIT (RDTSC exiting and enable user wait and pause)", PM, g -> {
            primary(PrimaryProcessorBasedControl.RDTSC_EXITING).accept(g);
            secondary(SecondaryProcessorBasedControl.ENABLE_USER_WAIT_AND_PAUSE).accept(g);
        }, "umwait ecx", ExitReason.UMWAIT, instruction(0, 4, 0, ECX << 3 | 1 << 11));
        add("TPAUSE", PM, g -> {
            primary(PrimaryProcessorBasedControl.RDTSC_EXITING).accept(g);
            secondary(SecondaryProcessorBasedControl.ENABLE_USER_WAIT_AND_PAUSE).accept(g);
        }, "nop\ntpause ebx", ExitReason.TPAUSE, instruction(1, 4, 0, EBX << 3 | 1 << 11));
        add("RDSEED", PM, secondary(SecondaryProcessorBasedControl.RDSEED_EXITING), "rdseed ax", ExitReason.RDSEED,
                instruction(0, 4, 0, 0));
        add("INVPCID (INVLPG exiting and enable INVPCID)", PM, g -> {
            primary(PrimaryProcessorBasedControl.INVLPG_EXITING).accept(g);
            secondary(SecondaryProcessorBasedControl.ENABLE_INVPCID).accept(g);
        }, "invpcid ecx, [eax+0x3000]", ExitReason.INVPCID, instruction(0, 9, 0x3000, mem32(EAX, ECX)));
        add("MOV to CR3 with CR3-load exiting", PM, primary(PrimaryProcessorBasedControl.CR3_LOAD_EXITING),
                "mov ebx, 0x5000\nmov cr3, ebx", ExitReason.CONTROL_REGISTER_ACCESS, instruction(5, 3,
                        ExitQualification.controlRegisterAccess(3, ExitQualification.CrAccessType.MOV_TO_CR, EBX, false, 0), 0));
        add("MOV from CR3 with CR3-store exiting", PM, primary(PrimaryProcessorBasedControl.CR3_STORE_EXITING),
                "mov ecx, cr3", ExitReason.CONTROL_REGISTER_ACCESS, instruction(0, 3,
                        ExitQualification.controlRegisterAccess(3, ExitQualification.CrAccessType.MOV_FROM_CR, ECX, false, 0), 0));
        add("MOV to CR0 changing a bit the guest/host mask owns", PM, g -> g.set(CR0_GUEST_HOST_MASK, 1L << 30)
                .set(CR0_READ_SHADOW, 0), "mov eax, cr0\nor eax, 1 << 30\nmov cr0, eax",
                ExitReason.CONTROL_REGISTER_ACCESS, instruction(8, 3,
                        ExitQualification.controlRegisterAccess(0, ExitQualification.CrAccessType.MOV_TO_CR, EAX, false, 0), 0));
        add("CLTS with CR0.TS owned and set in the shadow", PM, g -> g.set(CR0_GUEST_HOST_MASK, 8).set(CR0_READ_SHADOW, 8),
                "clts", ExitReason.CONTROL_REGISTER_ACCESS, instruction(0, 2,
                        ExitQualification.controlRegisterAccess(0, ExitQualification.CrAccessType.CLTS, 0, false, 0), 0));
        add("LMSW from memory: source data and operand type", PM, g -> g.set(CR0_GUEST_HOST_MASK, 2).set(CR0_READ_SHADOW, 0),
                "mov word [0x3000], 0x33\nlmsw [0x3000]", ExitReason.CONTROL_REGISTER_ACCESS, instruction(9, 7,
                        ExitQualification.controlRegisterAccess(0, ExitQualification.CrAccessType.LMSW, 0, true, 0x33), 0)
                        .andThen((g, e) -> assertEquals(0x3000, e.guestLinearAddress(), "GUEST_LINEAR_ADDRESS")));
        add("MOV from DR7 with MOV-DR exiting", PM, primary(PrimaryProcessorBasedControl.MOV_DR_EXITING),
                "mov eax, dr7", ExitReason.MOV_DR, instruction(0, 3, ExitQualification.movDr(7, true, EAX), 0));
        add("OUT imm8, AL", REAL, NONE, "mov al, 0x41\nout 0x80, al", ExitReason.IO_INSTRUCTION,
                instruction(2, 2, ExitQualification.ioInstruction(1, false, false, false, true, 0x80), 0));
        add("IN AX, DX", PM, NONE, "mov dx, 0x3f8\nin ax, dx", ExitReason.IO_INSTRUCTION,
                instruction(4, 2, ExitQualification.ioInstruction(2, true, false, false, false, 0x3F8), 0));
        add("REP OUTSB: guest-linear address and instruction information", PM, NONE,
                "mov esi, 0x3010\nmov ecx, 4\nmov dx, 0x80\nrep outsb", ExitReason.IO_INSTRUCTION,
                instruction(14, 2, ExitQualification.ioInstruction(1, false, true, true, false, 0x80),
                        InstructionInformation.insOuts(InstructionInformation.ADDRESS_32, 3))
                        .andThen((g, e) -> assertEquals(0x3010, e.guestLinearAddress(), "GUEST_LINEAR_ADDRESS")));
        add("I/O bitmap A bit set for port 0x70", PM, g -> {
            long a = g.vm.allocatePage(), b = g.vm.allocatePage();
            g.vm.hostMemory().write(a + (0x70 >>> 3), 1, 1 << (0x70 & 7));
            g.off(PRIMARY_PROCESSOR_BASED_VM_EXECUTION_CONTROLS, PrimaryProcessorBasedControl.UNCONDITIONAL_IO_EXITING)
                    .on(PRIMARY_PROCESSOR_BASED_VM_EXECUTION_CONTROLS, PrimaryProcessorBasedControl.USE_IO_BITMAPS)
                    .set(IO_BITMAP_A_ADDRESS, a).set(IO_BITMAP_B_ADDRESS, b);
        }, "out 0x71, al\nin al, 0x70", ExitReason.IO_INSTRUCTION,
                instruction(2, 2, ExitQualification.ioInstruction(1, true, false, false, true, 0x70), 0));
        add("RDMSR without MSR bitmaps", PM, NONE, "mov ecx, 0x1b\nrdmsr", ExitReason.RDMSR, instruction(5, 2));
        add("WRMSR with an MSR bitmap: write-low bit of MSR 0x10 set", PM, g -> {
            long bm = g.vm.allocatePage();
            g.vm.hostMemory().write(bm + 2048 + (0x10 >>> 3), 1, 1 << (0x10 & 7));
            g.on(PRIMARY_PROCESSOR_BASED_VM_EXECUTION_CONTROLS, PrimaryProcessorBasedControl.USE_MSR_BITMAPS).set(MSR_BITMAP_ADDRESS, bm);
        }, "mov ecx, 0x174\nwrmsr\nmov ecx, 0x10\nwrmsr", ExitReason.WRMSR, instruction(12, 2)
                .andThen((g, e) -> assertEquals(0, g.cpu.vmread(GUEST_IA32_SYSENTER_CS), "MSR 0x174 written by the guest")));
        add("SGDT with descriptor-table exiting", PM, secondary(SecondaryProcessorBasedControl.DESCRIPTOR_TABLE_EXITING),
                "sgdt [0x3000]", ExitReason.ACCESS_TO_GDTR_OR_IDTR,
                instruction(0, 7, 0x3000, InstructionInformation.memoryOperand(0, 1, 3, -1, -1, 0) | 1 << 11));
        add("LIDT", PM, secondary(SecondaryProcessorBasedControl.DESCRIPTOR_TABLE_EXITING),
                "lidt [ebx+0x10]", ExitReason.ACCESS_TO_GDTR_OR_IDTR,
                instruction(0, 4, 0x10, InstructionInformation.memoryOperand(0, 1, 3, -1, EBX, 3) | 1 << 11));
        add("SLDT to a register", PM, secondary(SecondaryProcessorBasedControl.DESCRIPTOR_TABLE_EXITING),
                "sldt ax", ExitReason.ACCESS_TO_LDTR_OR_TR, instruction(0, 4, 0, InstructionInformation.registerOperand(EAX, 0)));
        add("STR", PM, secondary(SecondaryProcessorBasedControl.DESCRIPTOR_TABLE_EXITING),
                "str [0x3000]", ExitReason.ACCESS_TO_LDTR_OR_TR,
                instruction(0, 7, 0x3000, InstructionInformation.memoryOperand(0, 1, 3, -1, -1, 1)));
        add("XSAVES with a bit of EDX:EAX AND IA32_XSS in the XSS-exiting bitmap", PM, g -> xsaves(g),
                "mov ecx, 0xda0\nmov eax, 1\nxor edx, edx\nwrmsr\nxsaves [0x3000]", ExitReason.XSAVES,
                instruction(14, 7, 0x3000, mem32(-1, 0)));
        add("XRSTORS", PM, g -> xsaves(g), "mov ecx, 0xda0\nmov eax, 1\nxor edx, edx\nwrmsr\nxrstors [0x3000]",
                ExitReason.XRSTORS, instruction(14, 7, 0x3000, mem32(-1, 0)));

        // ---- VMX instructions in non-root operation (§26.1.2, Table 28-13) ----
        add("VMCALL", PM, NONE, "vmcall", ExitReason.VMCALL, instruction(0, 3));
        add("VMCLEAR m64", PM, NONE, "vmclear [0x3000]", ExitReason.VMCLEAR, instruction(0, 8, 0x3000, mem32(-1, 0)));
        add("VMLAUNCH", PM, NONE, "vmlaunch", ExitReason.VMLAUNCH, instruction(0, 3));
        add("VMPTRLD m64", PM, NONE, "vmptrld [ebx+8]", ExitReason.VMPTRLD, instruction(0, 4, 8, mem32(EBX, 0)));
        add("VMPTRST m64", PM, NONE, "vmptrst [0x3000]", ExitReason.VMPTRST, instruction(0, 7, 0x3000, mem32(-1, 0)));
        add("VMREAD to a register", PM, NONE, "vmread eax, ecx", ExitReason.VMREAD,
                instruction(0, 3, 0, InstructionInformation.registerOperand(EAX, ECX)));
        add("VMRESUME", PM, NONE, "vmresume", ExitReason.VMRESUME, instruction(0, 3));
        add("VMWRITE from memory", PM, NONE, "vmwrite ecx, [0x3000]", ExitReason.VMWRITE,
                instruction(0, 7, 0x3000, mem32(-1, ECX)));
        add("VMXOFF", PM, NONE, "vmxoff", ExitReason.VMXOFF, instruction(0, 3));
        add("VMXON", PM, NONE, "vmxon [0x3000]", ExitReason.VMXON, instruction(0, 8, 0x3000, mem32(-1, 0)));
        add("INVEPT", PM, NONE, "invept ecx, [0x3000]", ExitReason.INVEPT, instruction(0, 9, 0x3000, mem32(-1, ECX)));
        add("INVVPID", PM, NONE, "invvpid eax, [ebx]", ExitReason.INVVPID, instruction(0, 5, 0, mem32(EBX, EAX)));
        add("VMFUNC of a function not enabled", PM, secondary(SecondaryProcessorBasedControl.ENABLE_VM_FUNCTIONS),
                "mov eax, 1\nvmfunc", ExitReason.VMFUNC, instruction(5, 3));

        // ---- exceptions (§26.2, exception bitmap, #PF error-code mask / match) ----
        add("#UD with bitmap bit 6", PM, g -> g.set(EXCEPTION_BITMAP, 1 << 6), "nop\nud2", ExitReason.EXCEPTION_OR_NMI,
                (g, e) -> {
                    assertEquals(InterruptionInfo.of(InterruptionInfo.TYPE_HARDWARE_EXCEPTION, 6, false).value(), e.interruptionInformation());
                    g.assertRipAt(1);
                    assertEquals(e.interruptionInformation(), (int) g.cpu.vmread(VM_EXIT_INTERRUPTION_INFORMATION));
                });
        add("INT3 with bitmap bit 3: software exception with instruction length", PM, g -> g.set(EXCEPTION_BITMAP, 1 << 3),
                "int3", ExitReason.EXCEPTION_OR_NMI, (g, e) -> {
                    assertEquals(InterruptionInfo.of(InterruptionInfo.TYPE_SOFTWARE_EXCEPTION, 3, false).value(), e.interruptionInformation());
                    assertEquals(1, e.instructionLength());
                    g.assertRipAt(0);
                });
        add("#PF: qualification = linear address, error code", LM, g -> g.set(EXCEPTION_BITMAP, 1 << 14),
                "mov rax, [0x40000010]", ExitReason.EXCEPTION_OR_NMI, (g, e) -> {
                    assertEquals(InterruptionInfo.of(InterruptionInfo.TYPE_HARDWARE_EXCEPTION, 14, true).value(), e.interruptionInformation());
                    assertEquals(0, e.interruptionErrorCode(), "error code: not present, read, supervisor");
                    assertEquals(0x40000010L, e.qualification());
                    g.assertRipAt(0);
                });
        add("#PF whose error code misses PFEC_MATCH exits with bitmap bit 14 clear", LM,
                g -> g.set(EXCEPTION_BITMAP, 0).set(PAGE_FAULT_ERROR_CODE_MASK, GuestFault.PF_W).set(PAGE_FAULT_ERROR_CODE_MATCH, GuestFault.PF_W),
                "mov rax, [0x40000000]", ExitReason.EXCEPTION_OR_NMI,
                (g, e) -> assertEquals(0x40000000L, e.qualification()));
        add("EPT violation while delivering #UD (IDT in an unmapped page): IDT-vectoring information", PM,
                g -> {
                    g.vm.ept().unmap(0x30_0000, 0x1000);
                    g.set(GUEST_IDTR_BASE, 0x30_0000).set(GUEST_IDTR_LIMIT, 0xFF);
                }, "ud2", ExitReason.EPT_VIOLATION, (g, e) -> {
                    assertEquals(0x30_0000 + 6 * 8, e.guestPhysicalAddress());
                    assertEquals(InterruptionInfo.of(InterruptionInfo.TYPE_HARDWARE_EXCEPTION, 6, false).value(), e.idtVectoringInformation());
                    assertEquals(e.idtVectoringInformation(), (int) g.cpu.vmread(IDT_VECTORING_INFORMATION));
                    g.assertRipAt(0);
                });
        add("triple fault: #UD, #GP and #DF all undeliverable", PM, g -> g.set(GUEST_IDTR_LIMIT, 0), "ud2",
                ExitReason.TRIPLE_FAULT, (g, e) -> g.assertRipAt(0));
        add("task switch: JMP to a TSS descriptor", PM, g -> gdtWithTss(g), "jmp 0x20:0", ExitReason.TASK_SWITCH,
                instruction(0, 7, ExitQualification.taskSwitch(0x20, ExitQualification.TaskSwitchSource.JMP), 0));
        add("task switch: CALL to a TSS descriptor", PM, g -> gdtWithTss(g), "nop\ncall 0x20:0", ExitReason.TASK_SWITCH,
                instruction(1, 7, ExitQualification.taskSwitch(0x20, ExitQualification.TaskSwitchSource.CALL), 0));

        // ---- trap-like exits and timers ----
        add("monitor trap flag: after one instruction", PM, primary(PrimaryProcessorBasedControl.MONITOR_TRAP_FLAG),
                "mov eax, 1\nnop", ExitReason.MONITOR_TRAP_FLAG, (g, e) -> {
                    g.assertRipAt(5);
                    assertEquals(1, g.cpu.gpr(EAX));
                });
        add("TPR below threshold after MOV CR8 (TPR shadow)", LM, g -> {
            long apic = g.vm.allocatePage();
            g.vm.hostMemory().write(apic + 0x80, 4, 0x80);
            g.on(PRIMARY_PROCESSOR_BASED_VM_EXECUTION_CONTROLS, PrimaryProcessorBasedControl.USE_TPR_SHADOW)
                    .set(VIRTUAL_APIC_ADDRESS, apic).set(TPR_THRESHOLD, 5);
        }, "mov rax, 2\nmov cr8, rax\nhlt", ExitReason.TPR_BELOW_THRESHOLD, (g, e) -> {
            g.assertRipAt(9); // trap-like: after MOV CR8 (nasm encodes mov rax, 2 in 5 bytes)
            assertEquals(0x20, g.vm.hostMemory().read(g.cpu.vmread(VIRTUAL_APIC_ADDRESS) + 0x80, 4), "VTPR");
        });
        add("VMX-preemption timer", PM, g -> g.on(PIN_BASED_VM_EXECUTION_CONTROLS, PinBasedControl.ACTIVATE_VMX_PREEMPTION_TIMER)
                .set(VMX_PREEMPTION_TIMER_VALUE, 3), "spin: jmp spin", ExitReason.VMX_PREEMPTION_TIMER_EXPIRED,
                (g, e) -> assertEquals(3L << g.vm.capabilities().preemptionTimerRate(), g.cpu.tsc(), "virtual TSC at expiry"));
        add("interrupt window: after STI and one more instruction (blocking by STI)", PM,
                primary(PrimaryProcessorBasedControl.INTERRUPT_WINDOW_EXITING), "sti\nnop\nnop", ExitReason.INTERRUPT_WINDOW,
                (g, e) -> g.assertRipAt(2));
        add("NMI window (virtual NMIs)", PM, g -> g.on(PIN_BASED_VM_EXECUTION_CONTROLS, PinBasedControl.VIRTUAL_NMIS)
                .on(PRIMARY_PROCESSOR_BASED_VM_EXECUTION_CONTROLS, PrimaryProcessorBasedControl.NMI_WINDOW_EXITING),
                "nop", ExitReason.NMI_WINDOW, (g, e) -> g.assertRipAt(0));

        // ---- external events (§26.2) ----
        add("external interrupt, acknowledged on exit", PM, g -> g.cpu.raiseInterrupt(0x31), "nop", ExitReason.EXTERNAL_INTERRUPT,
                (g, e) -> assertEquals(InterruptionInfo.of(InterruptionInfo.TYPE_EXTERNAL_INTERRUPT, 0x31, false).value(),
                        e.interruptionInformation()));
        add("NMI with NMI exiting", PM, g -> g.cpu.raiseNmi(), "nop", ExitReason.EXCEPTION_OR_NMI,
                (g, e) -> assertEquals(InterruptionInfo.of(InterruptionInfo.TYPE_NMI, 2, false).value(), e.interruptionInformation()));
        add("INIT signal", PM, g -> g.cpu.sendInit(), "nop", ExitReason.INIT_SIGNAL, (g, e) -> g.assertRipAt(0));
        add("SIPI in the wait-for-SIPI activity state", PM, g -> {
            g.set(GUEST_ACTIVITY_STATE, 3);
            g.cpu.sendSipi(0x12);
        }, "nop", ExitReason.START_UP_IPI, (g, e) -> assertEquals(0x12, e.qualification()));

        add("APIC access: read of the APIC-access page (virtualize APIC accesses)", PM, g -> apicAccessPage(g),
                "mov eax, [0x200030]", ExitReason.APIC_ACCESS, (g, e) -> {
                    assertEquals(ExitQualification.apicAccess(0x30, InstructionExits.APIC_LINEAR_READ), e.qualification());
                    g.assertRipAt(0);
                });
        add("APIC access: write", PM, g -> apicAccessPage(g), "nop\nmov dword [0x2000b0], 0", ExitReason.APIC_ACCESS,
                (g, e) -> {
                    assertEquals(ExitQualification.apicAccess(0xB0, InstructionExits.APIC_LINEAR_WRITE), e.qualification());
                    g.assertRipAt(1);
                });

        // ---- APIC virtualization (ch. 30) ----
        add("TPR below threshold after a virtualized write to the TPR through the APIC-access page", PM, g -> {
            virtualApicPage(g, 0x80);
            g.set(TPR_THRESHOLD, 5);
        }, "mov eax, [0x200080]\nmov dword [0x200080], 0x20\nhlt", ExitReason.TPR_BELOW_THRESHOLD, (g, e) -> {
            g.assertRipAt(15); // trap-like: after the write (a1 moffs32: 5 bytes, c7 05: 10 bytes)
            assertEquals(0x80, g.cpu.gpr(EAX), "the read returned VTPR without an exit (§30.4.2)");
            assertEquals(0x20, g.vm.hostMemory().read(g.cpu.vmread(VIRTUAL_APIC_ADDRESS) + 0x80, 4), "VTPR");
        });
        add("APIC write: a virtualized write to the LVT timer (APIC-register virtualization)", PM, g -> {
            virtualApicPage(g, 0);
            secondary(SecondaryProcessorBasedControl.APIC_REGISTER_VIRTUALIZATION).accept(g);
        }, "mov dword [0x200320], 0x20031\nhlt", ExitReason.APIC_WRITE, (g, e) -> {
            assertEquals(0x320, e.qualification(), "the page offset (§30.4.3.3)");
            g.assertRipAt(10); // trap-like
            assertEquals(0x20031, g.vm.hostMemory().read(g.cpu.vmread(VIRTUAL_APIC_ADDRESS) + 0x320, 4), "written to the virtual-APIC page");
        });
        add("APIC write: x2APIC SELF IPI with an illegal vector (virtualize x2APIC mode)", PM, g -> {
            long page = g.vm.allocatePage();
            g.on(PRIMARY_PROCESSOR_BASED_VM_EXECUTION_CONTROLS, PrimaryProcessorBasedControl.USE_TPR_SHADOW,
                            PrimaryProcessorBasedControl.USE_MSR_BITMAPS)
                    .set(VIRTUAL_APIC_ADDRESS, page).set(MSR_BITMAP_ADDRESS, g.vm.allocatePage());
            secondary(SecondaryProcessorBasedControl.VIRTUALIZE_X2APIC_MODE,
                    SecondaryProcessorBasedControl.VIRTUAL_INTERRUPT_DELIVERY).accept(g);
        }, "mov ecx, 0x83f\nmov eax, 0x0e\nxor edx, edx\nwrmsr\nhlt", ExitReason.APIC_WRITE, (g, e) -> {
            assertEquals(0x3F0, e.qualification(), "SELF IPI: offset 3F0H (§30.5)");
            g.assertRipAt(14); // trap-like: after WRMSR
        });
        add("virtualized EOI: self IPI through the ICR, virtual interrupt delivered, EOI-exit bitmap set", PM, g -> {
            virtualApicPage(g, 0);
            secondary(SecondaryProcessorBasedControl.VIRTUAL_INTERRUPT_DELIVERY).accept(g);
            g.set(EOI_EXIT_BITMAP_1, 1L << (0x45 - 64)).set(GUEST_INTERRUPT_STATUS, 0);
            gdtWithTss(g);
            long gate = 0x2800 + 0x45 * 8, handler = GuestRig.CODE + 0x40;
            g.vm.hostMemory().write(gate, 8, handler & 0xFFFF | 0x08L << 16 | 0x8E00L << 32 | (handler >>> 16) << 48);
            g.set(GUEST_IDTR_BASE, 0x2800).set(GUEST_IDTR_LIMIT, 0x7FF);
        }, """
                sti
                mov dword [0x200300], 0x40045
                spin: jmp spin
                times 0x40-($-$$) db 0
                mov dword [0x2000b0], 0
                hlt
                """, ExitReason.VIRTUALIZED_EOI, (g, e) -> {
            assertEquals(0x45, e.qualification(), "the vector (§30.1.4)");
            g.assertRipAt(0x4A); // trap-like: after the EOI write in the handler
            long page = g.cpu.vmread(VIRTUAL_APIC_ADDRESS);
            assertEquals(0, g.cpu.vmread(GUEST_INTERRUPT_STATUS), "SVI back to 0, RVI 0");
            assertEquals(0, g.vm.hostMemory().read(page + 0x120, 4) & 1 << 5, "VISR bit 45H cleared");
            assertEquals(0, g.vm.hostMemory().read(page + 0x220, 4) & 1 << 5, "VIRR bit 45H cleared at delivery");
            assertEquals(GuestRig.CODE + 11, g.vm.hostMemory().read(GuestRig.STACK - 12, 4), "the interrupt frame's EIP: the spin loop");
        });
        add("ENCLS: leaf bit set in the ENCLS-exiting bitmap", PM, g -> {
            secondary(SecondaryProcessorBasedControl.ENABLE_ENCLS_EXITING).accept(g);
            g.set(ENCLS_EXITING_BITMAP, 1L << 2);
        }, "mov eax, 2\ndb 0x0f, 0x01, 0xcf", ExitReason.ENCLS, instruction(5, 3, 0, 0));
        add("ENCLV: leaf above 62 with bitmap bit 63", LM, g -> {
            secondary(SecondaryProcessorBasedControl.ENABLE_ENCLV_EXITING).accept(g);
            g.set(ENCLV_EXITING_BITMAP, 1L << 63);
        }, "mov eax, 70\nnop\ndb 0x0f, 0x01, 0xc0", ExitReason.ENCLV, instruction(6, 3, 0, 0));
        add("bus lock: a LOCKed access split across cache lines (VMM bus-lock detection)", PM,
                secondary(SecondaryProcessorBasedControl.VMM_BUS_LOCK_DETECTION),
                "lock add dword [0x303e], 1\nlock add dword [0x303c], 1\nhlt", ExitReason.BUS_LOCK, (g, e) -> {
                    g.assertRipAt(8); // trap-like: after the split LOCK ADD (f0 83 05 disp32 ib)
                    assertEquals(0, e.qualification());
                    assertEquals(1, g.vm.hostMemory().read(0x303e, 4), "the locked add happened");
                });
        add("LOADIWKEY with LOADIWKEY exiting (tertiary controls)", LM, g -> {
            g.on(PRIMARY_PROCESSOR_BASED_VM_EXECUTION_CONTROLS, PrimaryProcessorBasedControl.ACTIVATE_TERTIARY_CONTROLS)
                    .set(TERTIARY_PROCESSOR_BASED_VM_EXECUTION_CONTROLS, TertiaryProcessorBasedControl.LOADIWKEY_EXITING.mask())
                    .set(GUEST_CR4, g.cpu.vmread(GUEST_CR4) | 1 << 19 | 1 << 9); // CR4.KL, CR4.OSFXSR
        }, "nop\ndb 0xf3, 0x41, 0x0f, 0x38, 0xdc, 0xca", ExitReason.LOADIWKEY, // loadiwkey xmm1, xmm10
                instruction(1, 6, 0, InstructionInformation.loadiwkey(1, 10)));
        add("PCONFIG: a leaf above 62 uses bitmap bit 63", LM, g -> {
            secondary(SecondaryProcessorBasedControl.ENABLE_PCONFIG).accept(g);
            g.set(PCONFIG_EXITING_BITMAP, 1L << 63);
        }, "mov eax, 100\ndb 0x0f, 0x01, 0xc5", ExitReason.PCONFIG, instruction(5, 3, 0, 0));

        // ---- EPT (§29.3.3) ----
        add("EPT violation: read of an unmapped page", PM, g -> g.vm.ept().unmap(0x30_0000, 0x1000),
                "mov eax, [0x300010]", ExitReason.EPT_VIOLATION, (g, e) -> {
                    assertEquals(EptViolationQualification.READ | EptViolationQualification.LINEAR_ADDRESS_VALID
                            | EptViolationQualification.TRANSLATED_ACCESS, e.qualification() & 0x1BF, "qualification");
                    assertEquals(0x300010, e.guestPhysicalAddress());
                    assertEquals(0x300010, g.cpu.vmread(GUEST_PHYSICAL_ADDRESS));
                    assertEquals(0x300010, e.guestLinearAddress());
                    g.assertRipAt(0);
                });
        add("EPT violation: write to a read-only page", PM, g -> g.vm.ept().map(0x30_1000, 0x30_1000, 0x1000, Ept.READ),
                "mov dword [0x301004], 1", ExitReason.EPT_VIOLATION, (g, e) -> {
                    assertEquals(EptViolationQualification.WRITE | EptViolationQualification.READABLE,
                            e.qualification() & 0x3F, "qualification: write to a readable page");
                    assertEquals(0x301004, e.guestPhysicalAddress());
                });
        add("EPT violation: instruction fetch from a non-executable page", PM,
                g -> g.vm.ept().map(0, 0, 0x2000, Ept.READ | Ept.WRITE), "nop", ExitReason.EPT_VIOLATION,
                (g, e) -> {
                    assertEquals(EptViolationQualification.FETCH | EptViolationQualification.READABLE
                            | EptViolationQualification.WRITABLE, e.qualification() & 0x3F);
                    assertEquals(GuestRig.CODE, e.guestPhysicalAddress());
                    g.assertRipAt(0);
                });
        add("EPT misconfiguration: write-only entry", PM, g -> {
            g.vm.hostMemory().write(g.vm.ept().entryAddress(0x30_2000, 1), 8, 0x30_2000L | Ept.WRITE | Ept.WB << 3);
        }, "mov eax, [0x302000]", ExitReason.EPT_MISCONFIGURATION, (g, e) -> {
            assertEquals(0x302000, e.guestPhysicalAddress());
            assertEquals(0, e.qualification());
        });
        // ---- page-modification logging (§29.3.6) ----
        add("PML full: the first write logs its page and wraps the index, the second exits before writing", PM, g -> {
            secondary(SecondaryProcessorBasedControl.ENABLE_PML).accept(g);
            g.set(EPT_POINTER, g.vm.ept().pointerWithAccessedDirty()).set(PML_ADDRESS, PML_LOG).set(PML_INDEX, 0);
        }, "mov dword [0x301004], 1\nmov dword [0x302008], 2", ExitReason.PAGE_MODIFICATION_LOG_FULL, (g, e) -> {
            assertEquals(0, e.qualification(), "no NMI unblocking");
            assertEquals(0x301000, g.vm.hostMemory().read(PML_LOG, 8), "entry 0: the page of the first write");
            assertEquals(0xFFFF, g.cpu.vmread(PML_INDEX), "index decremented past 0");
            assertEquals(1, g.vm.hostMemory().read(0x301004, 4), "the first write happened");
            assertEquals(0, g.vm.hostMemory().read(0x302008, 4), "the second write did not occur");
            assertEquals(0, g.vm.hostMemory().read(g.vm.ept().entryAddress(0x30_2000, 1), 8) & 1 << 9,
                    "its EPT dirty flag is not set");
            g.assertRipAt(10);
        });
        add("PML: no logging without EPT accessed and dirty flags, so no log-full exit", PM, g -> {
            secondary(SecondaryProcessorBasedControl.ENABLE_PML).accept(g);
            g.set(PML_ADDRESS, PML_LOG).set(PML_INDEX, 0xFFFF);
        }, "mov dword [0x301004], 1\ncpuid", ExitReason.CPUID, (g, e) -> {
            assertEquals(0xFFFF, g.cpu.vmread(PML_INDEX));
            assertEquals(1, g.vm.hostMemory().read(0x301004, 4));
        });
    }

    /** The APIC-access page at 0x200000 and a virtual-APIC page (TPR shadow) whose VTPR is {@code vtpr}. */
    private static void virtualApicPage(GuestRig g, int vtpr) {
        apicAccessPage(g);
        long page = g.vm.allocatePage();
        g.vm.hostMemory().write(page + 0x80, 4, vtpr);
        g.on(PRIMARY_PROCESSOR_BASED_VM_EXECUTION_CONTROLS, PrimaryProcessorBasedControl.USE_TPR_SHADOW)
                .set(VIRTUAL_APIC_ADDRESS, page);
    }

    /** Guest-physical 0x200000 is the APIC-access page (§25.6.8), mapped by EPT like RAM. */
    private static void apicAccessPage(GuestRig g) {
        g.on(SECONDARY_PROCESSOR_BASED_VM_EXECUTION_CONTROLS, SecondaryProcessorBasedControl.VIRTUALIZE_APIC_ACCESSES)
                .set(APIC_ACCESS_ADDRESS, 0x20_0000);
    }

    private static void xsaves(GuestRig g) {
        long bm = g.vm.allocatePage();
        g.set(GUEST_CR4, 0x2000 | 1 << 18)
                .on(SECONDARY_PROCESSOR_BASED_VM_EXECUTION_CONTROLS, SecondaryProcessorBasedControl.ENABLE_XSAVES_XRSTORS)
                .set(XSS_EXITING_BITMAP, 1)
                .on(PRIMARY_PROCESSOR_BASED_VM_EXECUTION_CONTROLS, PrimaryProcessorBasedControl.USE_MSR_BITMAPS)
                .set(MSR_BITMAP_ADDRESS, bm);
    }

    /** A GDT at 0x2000: null, flat code (0x08), flat data (0x10), the busy TSS in TR (0x18), an available TSS (0x20). */
    private static void gdtWithTss(GuestRig g) {
        long[] gdt = {0, 0x00CF_9B00_0000_FFFFL, 0x00CF_9300_0000_FFFFL, 0x0000_8B00_4000_0067L, 0x0000_8900_5000_0067L};
        for (int i = 0; i < gdt.length; i++) g.vm.hostMemory().write(0x2000 + 8L * i, 8, gdt[i]);
        g.set(GUEST_GDTR_BASE, 0x2000).set(GUEST_GDTR_LIMIT, 8 * gdt.length - 1);
    }

    @TestFactory
    Stream<DynamicTest> eachCase() {
        return CASES.stream().map(c -> DynamicTest.dynamicTest(c.reason() + ": " + c.name(), () -> {
            GuestRig g = new GuestRig(c.mode());
            c.setup().accept(g);
            g.code(c.asm());
            VmExit e = g.exit();
            assertEquals(c.reason(), e.reason(), () -> "exit " + e);
            assertEquals(c.reason().number(), g.cpu.vmread(VM_EXIT_REASON) & 0xFFFF, "VMCS VM_EXIT_REASON");
            c.check().accept(g, e);
        }));
    }

    /** Entry failures 33 and 34 are exits too (§27.8): bit 31 set, qualification as the SDM says. */
    @Test
    void entryFailuresAreExitsWithBit31() {
        GuestRig g = new GuestRig(PM);
        g.set(GUEST_ACTIVITY_STATE, 5);
        VmExit e = g.exit();
        assertEquals(ExitReason.VM_ENTRY_FAILURE_INVALID_GUEST_STATE, e.reason());
        assertTrue(e.entryFailure());
        assertEquals(0x8000_0021L, g.cpu.vmread(VM_EXIT_REASON));

        GuestRig m = new GuestRig(PM);
        long area = m.vm.allocatePage();
        m.vm.hostMemory().write(area, 8, 0x174); // IA32_SYSENTER_CS: loads
        m.vm.hostMemory().write(area + 16, 8, 0xC000_0080L); // IA32_EFER with reserved bits: fails
        m.vm.hostMemory().write(area + 24, 8, -1L);
        m.set(VM_ENTRY_MSR_LOAD_COUNT, 2).set(VM_ENTRY_MSR_LOAD_ADDRESS, area);
        VmExit f = m.exit();
        assertEquals(ExitReason.VM_ENTRY_FAILURE_MSR_LOADING, f.reason());
        assertEquals(2, f.qualification(), "the failing entry, counted from 1");
        assertEquals(0x8000_0022L, m.cpu.vmread(VM_EXIT_REASON));
        PRODUCED_ELSEWHERE.add(ExitReason.VM_ENTRY_FAILURE_INVALID_GUEST_STATE);
        PRODUCED_ELSEWHERE.add(ExitReason.VM_ENTRY_FAILURE_MSR_LOADING);
    }

    static final Set<ExitReason> PRODUCED_ELSEWHERE = EnumSet.of(ExitReason.VM_ENTRY_FAILURE_INVALID_GUEST_STATE,
            ExitReason.VM_ENTRY_FAILURE_MSR_LOADING);

    /** The count the issue asks for, and the list, so a lost case shows. */
    @Test
    void coverage() {
        Set<ExitReason> produced = EnumSet.copyOf(PRODUCED_ELSEWHERE);
        CASES.forEach(c -> produced.add(c.reason()));
        System.out.println("exit reasons produced through the embedding API: " + produced.size() + " of "
                + ExitReason.values().length + ": " + produced);
        assertTrue(produced.size() >= 64, "exit reasons produced: " + produced.size());
    }
}

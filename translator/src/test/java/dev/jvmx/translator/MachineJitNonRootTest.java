package dev.jvmx.translator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvmx.runtime.vm.RunResult;
import dev.jvmx.runtime.vm.Vcpu;
import dev.jvmx.runtime.vm.Vm;
import dev.jvmx.vmx.VmxOutcome;
import dev.jvmx.vmx.cap.PrimaryProcessorBasedControl;
import dev.jvmx.vmx.exit.ExitReason;
import dev.jvmx.vmx.exit.VmExit;
import dev.jvmx.vmx.vmcs.VmcsField;
import dev.jvmx.vmx.vmcs.VmcsTemplate.GuestMode;
import org.junit.jupiter.api.Test;

/**
 * Translated code in VMX non-root operation through the embedding API ({@code vm.Vcpu} with a
 * {@link MachineJit} at threshold 0, every class verified), against the same guest interpreted:
 * an EPT violation and a #PF in the middle of a translated block exit with the same exit
 * information, guest RIP, registers, flags and instruction count; PAUSE runs inside translated
 * code while the controls let it execute, and a VM entry with PAUSE exiting (another
 * fingerprint) exits at it.
 */
class MachineJitNonRootTest {
    static final long CODE = 0x1000, STACK = 0x8000, PAGE_TABLES = 0x10000, RAM = 4L << 20;
    static final JitOptions JIT = JitOptions.defaults().withMode(JitOptions.Mode.BLOCK).withThreshold(0).withVerify(true);

    /** A 64-bit (or, with {@code bits} 32, flat protected-mode) guest running {@code asm} at {@link #CODE}. */
    static Vcpu guest(String bits, String asm, MachineJit jit) {
        Nasm.require();
        Vm vm = new Vm(RAM);
        vm.mapRam(0, RAM);
        vm.ept().unmap(0x1F_0000, 0x1000); // guest-physical page 1F0000H: an EPT violation
        Vcpu cpu = vm.createVcpu();
        if (jit != null) cpu.useTranslator(jit);
        boolean long64 = bits.equals("64");
        cpu.setupGuest(long64 ? GuestMode.LONG_FLAT : GuestMode.PROTECTED_FLAT);
        if (long64) { // identity paging of the first 2 MiB only: linear 200000H and above are absent (#PF)
            vm.hostMemory().write(PAGE_TABLES, 8, PAGE_TABLES + 0x1000 | 3);
            vm.hostMemory().write(PAGE_TABLES + 0x1000, 8, PAGE_TABLES + 0x2000 | 3);
            vm.hostMemory().write(PAGE_TABLES + 0x2000, 8, 0x83);
            write(cpu, VmcsField.GUEST_CR3, PAGE_TABLES);
        }
        write(cpu, VmcsField.GUEST_RIP, CODE);
        write(cpu, VmcsField.GUEST_RSP, STACK);
        vm.load(CODE, Nasm.assemble(CODE, "BITS " + bits + "\n" + asm));
        return cpu;
    }

    static void write(Vcpu cpu, VmcsField f, long v) {
        assertInstanceOf(VmxOutcome.Succeeded.class, cpu.vmwrite(f, v), () -> "VMWRITE " + f);
    }

    static VmExit exit(Vcpu cpu) {
        RunResult r = cpu.run(1_000_000);
        return assertInstanceOf(RunResult.Exited.class, r, () -> "expected a VM exit, got " + r).exit();
    }

    /** Everything the monitor sees after the exit: exit information, RIP, RFLAGS, registers, TSC. */
    static long[] seen(Vcpu cpu, VmExit e) {
        long[] s = new long[24];
        s[0] = e.reason().number();
        s[1] = e.qualification();
        s[2] = e.guestPhysicalAddress();
        s[3] = e.guestLinearAddress();
        s[4] = e.interruptionInformation();
        s[5] = cpu.vmread(VmcsField.GUEST_RIP);
        s[6] = cpu.vmread(VmcsField.GUEST_RFLAGS);
        s[7] = cpu.tsc();
        for (int i = 0; i < 16; i++) s[8 + i] = i == 4 ? cpu.vmread(VmcsField.GUEST_RSP) : cpu.gpr(i);
        return s;
    }

    private static final String LOOP = """
            mov ecx, 300
            again: mov [0x3000], rcx
            add rbx, [0x3000]
            push rbx
            pop rdx
            dec ecx
            jnz again
            mov eax, 0x11111111
            add edx, 5
            """;

    @Test
    void eptViolationInTheMiddleOfATranslatedBlockExitsWithTheInterpretersState() {
        String asm = LOOP + "mov esi, [0x1F0010]\nhlt\n";
        MachineJit jit = new MachineJit(JIT);
        Vcpu translated = guest("64", asm, jit), interpreted = guest("64", asm, null);
        VmExit t = exit(translated), i = exit(interpreted);
        assertEquals(ExitReason.EPT_VIOLATION, t.reason());
        assertEquals(0x1F0010, t.guestPhysicalAddress());
        assertArrayEquals(seen(interpreted, i), seen(translated, t), "exit information, RIP, RFLAGS, registers, TSC");
        assertTrue(jit.counters().translatedInstructions() > 300, "the loop ran translated: " + jit.counters());
    }

    @Test
    void pageFaultInTheMiddleOfATranslatedBlockExitsThroughTheExceptionBitmap() {
        String asm = LOOP + "mov dword [0x200008], 7\nhlt\n";
        MachineJit jit = new MachineJit(JIT);
        Vcpu translated = guest("64", asm, jit), interpreted = guest("64", asm, null);
        for (Vcpu c : new Vcpu[] {translated, interpreted}) write(c, VmcsField.EXCEPTION_BITMAP, 1 << 14);
        VmExit t = exit(translated), i = exit(interpreted);
        assertEquals(ExitReason.EXCEPTION_OR_NMI, t.reason());
        assertEquals(0x200008, t.qualification(), "the #PF's linear address");
        assertArrayEquals(seen(interpreted, i), seen(translated, t), "exit information, RIP, RFLAGS, registers, TSC");
        assertTrue(jit.counters().translatedInstructions() > 300, "the loop ran translated: " + jit.counters());
    }

    @Test
    void flatProtectedModeRunsTranslatedToTheSameState() {
        String asm = """
                mov ecx, 500
                again: mov [0x3000], ecx
                add ebx, [0x3000]
                push ebx
                pop edx
                dec ecx
                jnz again
                mov esi, [0x1F0010]
                hlt
                """;
        MachineJit jit = new MachineJit(JIT);
        Vcpu translated = guest("32", asm, jit), interpreted = guest("32", asm, null);
        VmExit t = exit(translated), i = exit(interpreted);
        assertEquals(ExitReason.EPT_VIOLATION, t.reason());
        assertArrayEquals(seen(interpreted, i), seen(translated, t), "exit information, RIP, RFLAGS, registers, TSC");
        assertTrue(jit.counters().translatedInstructions() > 500, "the loop ran translated: " + jit.counters());
    }

    @Test
    void pauseIsTranslatedUnderControlsThatLetItExecuteAndExitsUnderPauseExiting() {
        String asm = "mov ecx, 50\nagain: pause\ndec ecx\njnz again\nhlt\n";
        MachineJit jit = new MachineJit(JIT);
        Vcpu cpu = guest("64", asm, jit);
        assertEquals(ExitReason.HLT, exit(cpu).reason());
        long before = jit.counters().translatedInstructions();
        assertTrue(before >= 150, "PAUSE ran inside translated blocks: " + jit.counters());
        // the same code under PAUSE exiting: the controls' fingerprint selects blocks that end at PAUSE
        write(cpu, VmcsField.GUEST_RIP, CODE);
        long primary = cpu.vmread(VmcsField.PRIMARY_PROCESSOR_BASED_VM_EXECUTION_CONTROLS);
        write(cpu, VmcsField.PRIMARY_PROCESSOR_BASED_VM_EXECUTION_CONTROLS, primary | PrimaryProcessorBasedControl.PAUSE_EXITING.mask());
        VmExit e = exit(cpu);
        assertEquals(ExitReason.PAUSE, e.reason());
        assertEquals(CODE + 5, cpu.vmread(VmcsField.GUEST_RIP), "at the PAUSE after MOV ECX, imm32");
        assertEquals(50, cpu.gpr(1));
    }
}

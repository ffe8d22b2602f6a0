package dev.jvmx.runtime.vm;

import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.vmx.PhysicalMemory;
import dev.jvmx.vmx.cap.PinBasedControl;
import dev.jvmx.vmx.cap.PrimaryProcessorBasedControl;
import dev.jvmx.vmx.cap.SecondaryProcessorBasedControl;
import dev.jvmx.vmx.cap.TertiaryProcessorBasedControl;
import dev.jvmx.vmx.exit.ExitReason;
import dev.jvmx.vmx.exit.InterruptionInfo;
import dev.jvmx.vmx.exit.VmExit;
import dev.jvmx.vmx.nonroot.ExecutionControls;
import dev.jvmx.vmx.nonroot.Intercepts;
import dev.jvmx.vmx.vmcs.Vmcs;
import dev.jvmx.vmx.vmcs.VmcsField;
import java.util.function.IntToLongFunction;

/**
 * Does L1 want this exit of L2? The conditions of SDM Vol. 3C ch. 26 evaluated on vmcs12's
 * controls (the model's {@link Intercepts} over L1's memory for bitmaps, masks and shadows), for
 * an exit that vmcs02 — which intercepts at least what vmcs12 does — has already taken. What L1
 * does not want is L0's: vmcs01 asked for it or vmcs02 forced it (all I/O and MSR accesses, so
 * that vmcs12's bitmaps are read here). Linux's nested_vmx_l1_wants_exit makes the same split.
 */
final class NestedExits {
    private static final int CR_MOV_TO = 0, CR_MOV_FROM = 1, CR_CLTS = 2, CR_LMSW = 3;

    private NestedExits() {}

    /** {@code l2Gpr}: L2's general registers at the exit (RSP from vmcs02's guest area). */
    static boolean l1Wants(VmExit e, Vmcs vmcs12, PhysicalMemory l1Memory, IntToLongFunction l2Gpr) {
        ExecutionControls c12 = ExecutionControls.of(vmcs12);
        Intercepts i12 = new Intercepts(c12, l1Memory);
        long q = e.qualification();
        return switch (e.reason()) {
            // §26.2: NMIs by "NMI exiting", exceptions by the exception bitmap and #PF mask / match
            case EXCEPTION_OR_NMI -> new InterruptionInfo(e.interruptionInformation()).type() == InterruptionInfo.TYPE_NMI
                    ? c12.has(PinBasedControl.NMI_EXITING)
                    : i12.exception(new InterruptionInfo(e.interruptionInformation()).vector(), e.interruptionErrorCode());
            case EXTERNAL_INTERRUPT -> c12.has(PinBasedControl.EXTERNAL_INTERRUPT_EXITING);
            case VMX_PREEMPTION_TIMER_EXPIRED -> c12.has(PinBasedControl.ACTIVATE_VMX_PREEMPTION_TIMER);
            // §26.7.5, §26.7.6, §26.7.2
            case INTERRUPT_WINDOW -> c12.has(PrimaryProcessorBasedControl.INTERRUPT_WINDOW_EXITING);
            case NMI_WINDOW -> c12.has(PrimaryProcessorBasedControl.NMI_WINDOW_EXITING);
            case MONITOR_TRAP_FLAG -> c12.has(PrimaryProcessorBasedControl.MONITOR_TRAP_FLAG);
            // §26.1.2: unconditional exits; §26.2 triple fault, task switch, INIT, SIPI
            case TRIPLE_FAULT, INIT_SIGNAL, START_UP_IPI, TASK_SWITCH, CPUID, GETSEC, INVD, XSETBV, VMCALL, VMCLEAR,
                    VMLAUNCH, VMPTRLD, VMPTRST, VMREAD, VMRESUME, VMWRITE, VMXOFF, VMXON, INVEPT, INVVPID -> true;
            // TPR shadow is not offered to L1 (NestedVmx#offerable): vmcs01's TPR threshold is L0's
            case TPR_BELOW_THRESHOLD -> false;
            // §26.1.3: instructions decided by one control
            case HLT -> c12.has(PrimaryProcessorBasedControl.HLT_EXITING);
            case INVLPG -> c12.has(PrimaryProcessorBasedControl.INVLPG_EXITING);
            case INVPCID -> c12.has(PrimaryProcessorBasedControl.INVLPG_EXITING);
            case RDPMC -> c12.has(PrimaryProcessorBasedControl.RDPMC_EXITING);
            case RDTSC, RDTSCP -> c12.has(PrimaryProcessorBasedControl.RDTSC_EXITING);
            case UMWAIT, TPAUSE -> c12.has(PrimaryProcessorBasedControl.RDTSC_EXITING)
                    && c12.has(SecondaryProcessorBasedControl.ENABLE_USER_WAIT_AND_PAUSE);
            case MWAIT -> c12.has(PrimaryProcessorBasedControl.MWAIT_EXITING);
            case MONITOR -> c12.has(PrimaryProcessorBasedControl.MONITOR_EXITING);
            case PAUSE -> c12.has(PrimaryProcessorBasedControl.PAUSE_EXITING);
            case MOV_DR -> c12.has(PrimaryProcessorBasedControl.MOV_DR_EXITING);
            case ACCESS_TO_GDTR_OR_IDTR, ACCESS_TO_LDTR_OR_TR -> c12.has(SecondaryProcessorBasedControl.DESCRIPTOR_TABLE_EXITING);
            case WBINVD_OR_WBNOINVD -> c12.has(SecondaryProcessorBasedControl.WBINVD_EXITING);
            case RDRAND -> c12.has(SecondaryProcessorBasedControl.RDRAND_EXITING);
            case RDSEED -> c12.has(SecondaryProcessorBasedControl.RDSEED_EXITING);
            case XSAVES, XRSTORS -> (vmcs12.read(VmcsField.XSS_EXITING_BITMAP)
                    & (l2Gpr.applyAsLong(CpuState.RDX) << 32 | l2Gpr.applyAsLong(CpuState.RAX) & 0xFFFF_FFFFL)) != 0;
            // §26.1.3 with vmcs12's I/O and MSR bitmaps (Table 28-5 qualification: size - 1, port)
            case IO_INSTRUCTION -> i12.io((int) (q >>> 16) & 0xFFFF, (int) (q & 7) + 1);
            case RDMSR, WRMSR -> i12.msr((int) l2Gpr.applyAsLong(CpuState.RCX), e.reason() == ExitReason.WRMSR);
            case CONTROL_REGISTER_ACCESS -> controlRegister(i12, q, l2Gpr);
            // §26.1.3 with the exiting bitmap EAX selects (bit 63 for EAX > 62), tertiary LOADIWKEY exiting
            case ENCLS -> c12.has(SecondaryProcessorBasedControl.ENABLE_ENCLS_EXITING)
                    && bitmapBit(vmcs12.read(VmcsField.ENCLS_EXITING_BITMAP), l2Gpr.applyAsLong(CpuState.RAX));
            case PCONFIG -> c12.has(SecondaryProcessorBasedControl.ENABLE_PCONFIG)
                    && bitmapBit(vmcs12.read(VmcsField.PCONFIG_EXITING_BITMAP), l2Gpr.applyAsLong(CpuState.RAX));
            case LOADIWKEY -> c12.has(TertiaryProcessorBasedControl.LOADIWKEY_EXITING);
            // EPT02 is L0's; PML, APIC virtualization, ENCLV exiting and bus-lock detection are not
            // offered to L1 (NestedVmx#offerable): such exits come from vmcs01's controls
            case PAGE_MODIFICATION_LOG_FULL, APIC_ACCESS, APIC_WRITE, VIRTUALIZED_EOI, ENCLV, BUS_LOCK -> false;
            default -> true;
        };
    }

    private static boolean bitmapBit(long bitmap, long eax) {
        int bit = (int) Math.min(eax & 0xFFFF_FFFFL, 63);
        return (bitmap >>> bit & 1) != 0;
    }

    /** Table 28-3: CR number 3:0, access type 5:4, GPR 11:8, LMSW source 31:16. */
    private static boolean controlRegister(Intercepts i12, long q, IntToLongFunction l2Gpr) {
        int cr = (int) q & 0xF;
        long value = l2Gpr.applyAsLong((int) (q >>> 8) & 0xF);
        return switch ((int) (q >>> 4) & 3) {
            case CR_MOV_TO -> i12.movToCr(cr, value);
            case CR_MOV_FROM -> i12.movFromCr(cr);
            case CR_CLTS -> i12.clts();
            default -> i12.lmsw((int) (q >>> 16) & 0xFFFF);
        };
    }

}

package dev.jvmx.runtime.vm;

import static dev.jvmx.vmx.vmcs.VmcsField.*;

import dev.jvmx.vmx.cap.PinBasedControl;
import dev.jvmx.vmx.cap.PrimaryProcessorBasedControl;
import dev.jvmx.vmx.cap.SecondaryProcessorBasedControl;
import dev.jvmx.vmx.cap.VmEntryControl;
import dev.jvmx.vmx.cap.VmExitControl;
import dev.jvmx.vmx.cap.VmxCapabilities;
import dev.jvmx.vmx.cap.VmxControl;
import dev.jvmx.vmx.vmcs.Vmcs;
import dev.jvmx.vmx.vmcs.VmcsField;

/**
 * vmcs02, the VMCS L0 runs L2 under, merged from vmcs01 (L0's wishes for L1) and vmcs12 (L1's
 * for L2), as Linux's prepare_vmcs02 does. Its host state is vmcs01's (an L2 exit comes back to
 * L0); its guest state is what VM entry on vmcs12 loaded (saved by the caller); its controls
 * intercept at least what either asks for, so that every exit L1 wants reaches L0, which then
 * reflects it ({@link NestedExits}):
 * <ul>
 * <li>pin-based, primary and secondary exiting controls, exception bitmap, CR0 / CR4 masks: the
 *     union (§25.6.1–§25.6.3, §25.6.6); where only L0 owns a CR bit the read shadow is L2's value
 *     of it as vmcs12 gives it, so L2 reads what L1 let it have;</li>
 * <li>I/O and MSR accesses always exit (unconditional I/O exiting, no MSR bitmaps, §25.6.4,
 *     §25.6.9): L0 reads vmcs12's bitmaps in L1's memory instead of translating them;</li>
 * <li>"enable" controls (unrestricted guest, RDTSCP, INVPCID, XSAVES, user wait), IA-32e mode
 *     guest, event injection: vmcs12's;</li>
 * <li>EPT: EPT02 ({@link ShadowEpt}) if vmcs12 enables EPT, else EPT01; no VPID (every VM entry
 *     and exit flushes, which §29.4 allows);</li>
 * <li>VM functions: enabled with no function, so every VMFUNC of L2 exits to L0, which performs
 *     vmcs12's EPTP switching (§26.5.6.3) or reflects the exit;</li>
 * <li>the VMX-preemption timer: the one of vmcs01 and vmcs12 that expires first; TSC offset: sum;</li>
 * <li>VM-exit controls save, and VM-entry controls load, DR7 / DEBUGCTL, PAT and EFER, so that L2's
 *     whole state passes through vmcs02 to vmcs12 (§27.3.2, §28.3); no MSR areas (vmcs12's
 *     are processed on L1's memory by the model).</li>
 * </ul>
 */
final class Vmcs02 {
    private static final long PF = 1L << 14;

    private Vmcs02() {}

    /** Writes the controls and non-register guest fields of {@code v02}; the caller saves the registers. */
    static void prepare(Vmcs v02, Vmcs v01, Vmcs v12, long eptp02, VmxCapabilities caps) {
        v02.copyFrom(v01); // host state and everything not overridden below
        pinBased(v02, v01, v12);
        processorBased(v02, v01, v12, eptp02, caps);
        exceptions(v02, v01, v12);
        for (VmcsField[] f : new VmcsField[][] {{CR0_GUEST_HOST_MASK, CR0_READ_SHADOW, GUEST_CR0},
                {CR4_GUEST_HOST_MASK, CR4_READ_SHADOW, GUEST_CR4}}) {
            long m01 = v01.read(f[0]), m12 = v12.read(f[0]);
            v02.write(f[0], m01 | m12);
            v02.write(f[1], v12.read(f[1]) & m12 | v12.read(f[2]) & m01 & ~m12);
        }
        v02.write(PRIMARY_VM_EXIT_CONTROLS, v01.read(PRIMARY_VM_EXIT_CONTROLS)
                | allowed(caps, VmExitControl.SAVE_DEBUG_CONTROLS, VmExitControl.SAVE_IA32_PAT, VmExitControl.SAVE_IA32_EFER)
                | v12.read(PRIMARY_VM_EXIT_CONTROLS) & VmExitControl.SAVE_VMX_PREEMPTION_TIMER_VALUE.mask());
        v02.write(VM_ENTRY_CONTROLS, v01.read(VM_ENTRY_CONTROLS) & ~VmEntryControl.IA32E_MODE_GUEST.mask()
                | v12.read(VM_ENTRY_CONTROLS) & VmEntryControl.IA32E_MODE_GUEST.mask()
                | allowed(caps, VmEntryControl.LOAD_DEBUG_CONTROLS, VmEntryControl.LOAD_IA32_PAT, VmEntryControl.LOAD_IA32_EFER));
        for (VmcsField f : new VmcsField[] {VM_EXIT_MSR_STORE_COUNT, VM_EXIT_MSR_LOAD_COUNT, VM_ENTRY_MSR_LOAD_COUNT}) {
            v02.write(f, 0);
        }
        for (VmcsField f : new VmcsField[] {VM_ENTRY_INTERRUPTION_INFORMATION, VM_ENTRY_EXCEPTION_ERROR_CODE,
                VM_ENTRY_INSTRUCTION_LENGTH, GUEST_PDPTE0, GUEST_PDPTE1, GUEST_PDPTE2, GUEST_PDPTE3}) {
            v02.write(f, v12.read(f));
        }
        v02.write(VMCS_LINK_POINTER, -1L);
    }

    /**
     * §25.6.1: the union. §26.5.1: with both timers active vmcs02 counts the one that expires
     * first (one rate for both); {@link #l1Timer} says whose it is.
     */
    private static void pinBased(Vmcs v02, Vmcs v01, Vmcs v12) {
        v02.write(PIN_BASED_VM_EXECUTION_CONTROLS, v01.read(PIN_BASED_VM_EXECUTION_CONTROLS) | v12.read(PIN_BASED_VM_EXECUTION_CONTROLS));
        boolean t01 = timer(v01), t12 = timer(v12);
        long value = l1Timer(v01, v12) ? v12.read(VMX_PREEMPTION_TIMER_VALUE) : v01.read(VMX_PREEMPTION_TIMER_VALUE);
        if (t01 || t12) v02.write(VMX_PREEMPTION_TIMER_VALUE, value);
    }

    /** True if vmcs02's VMX-preemption timer is L1's: vmcs12 activates one that expires no later than vmcs01's. */
    static boolean l1Timer(Vmcs v01, Vmcs v12) {
        return timer(v12) && (!timer(v01) || Long.compareUnsigned(v12.read(VMX_PREEMPTION_TIMER_VALUE),
                v01.read(VMX_PREEMPTION_TIMER_VALUE)) <= 0);
    }

    private static boolean timer(Vmcs v) {
        return (v.read(PIN_BASED_VM_EXECUTION_CONTROLS) & PinBasedControl.ACTIVATE_VMX_PREEMPTION_TIMER.mask()) != 0;
    }

    /** §25.6.2: exiting controls united, I/O and MSR accesses forced to exit, enables from vmcs12. */
    private static void processorBased(Vmcs v02, Vmcs v01, Vmcs v12, long eptp02, VmxCapabilities caps) {
        long p01 = v01.read(PRIMARY_PROCESSOR_BASED_VM_EXECUTION_CONTROLS);
        long p12 = v12.read(PRIMARY_PROCESSOR_BASED_VM_EXECUTION_CONTROLS);
        long primary = (p01 | p12) & ~mask(PrimaryProcessorBasedControl.USE_IO_BITMAPS,
                PrimaryProcessorBasedControl.USE_MSR_BITMAPS, PrimaryProcessorBasedControl.USE_TPR_SHADOW)
                | mask(PrimaryProcessorBasedControl.UNCONDITIONAL_IO_EXITING, PrimaryProcessorBasedControl.ACTIVATE_SECONDARY_CONTROLS);
        v02.write(PRIMARY_PROCESSOR_BASED_VM_EXECUTION_CONTROLS, primary);
        long tsc = 0;
        if ((p01 & PrimaryProcessorBasedControl.USE_TSC_OFFSETTING.mask()) != 0) tsc += v01.read(TSC_OFFSET);
        if ((p12 & PrimaryProcessorBasedControl.USE_TSC_OFFSETTING.mask()) != 0) tsc += v12.read(TSC_OFFSET);
        v02.write(TSC_OFFSET, tsc);
        // §26.1.3 MOV to CR3: L0's CR3-load exiting admits no target value of L1's
        boolean l0Cr3 = (p01 & PrimaryProcessorBasedControl.CR3_LOAD_EXITING.mask()) != 0;
        v02.write(CR3_TARGET_COUNT, l0Cr3 ? 0 : v12.read(CR3_TARGET_COUNT));
        for (VmcsField f : new VmcsField[] {CR3_TARGET_VALUE0, CR3_TARGET_VALUE1, CR3_TARGET_VALUE2, CR3_TARGET_VALUE3}) {
            v02.write(f, v12.read(f));
        }
        long s01 = secondary(v01), s12 = secondary(v12);
        long exiting = mask(SecondaryProcessorBasedControl.DESCRIPTOR_TABLE_EXITING, SecondaryProcessorBasedControl.WBINVD_EXITING,
                SecondaryProcessorBasedControl.RDRAND_EXITING, SecondaryProcessorBasedControl.RDSEED_EXITING,
                SecondaryProcessorBasedControl.ENABLE_ENCLS_EXITING);
        // "enable PCONFIG" both enables the instruction and selects its exits: L2 may use it only if L1 lets it
        long enables = mask(SecondaryProcessorBasedControl.UNRESTRICTED_GUEST, SecondaryProcessorBasedControl.ENABLE_RDTSCP,
                SecondaryProcessorBasedControl.ENABLE_INVPCID, SecondaryProcessorBasedControl.ENABLE_XSAVES_XRSTORS,
                SecondaryProcessorBasedControl.ENABLE_USER_WAIT_AND_PAUSE, SecondaryProcessorBasedControl.ENABLE_VM_FUNCTIONS,
                SecondaryProcessorBasedControl.ENABLE_PCONFIG);
        long secondary = (s01 | s12) & exiting | s12 & enables;
        if (eptp02 != 0) secondary |= SecondaryProcessorBasedControl.ENABLE_EPT.mask();
        v02.write(SECONDARY_PROCESSOR_BASED_VM_EXECUTION_CONTROLS, secondary & caps.allowed1(
                dev.jvmx.vmx.cap.ControlField.SECONDARY_PROCESSOR_BASED));
        v02.write(EPT_POINTER, eptp02);
        v02.write(VIRTUAL_PROCESSOR_IDENTIFIER, 0);
        v02.write(VM_FUNCTION_CONTROLS, 0);
        for (VmcsField bitmap : new VmcsField[] {XSS_EXITING_BITMAP, ENCLS_EXITING_BITMAP, PCONFIG_EXITING_BITMAP}) {
            v02.write(bitmap, v01.read(bitmap) | v12.read(bitmap));
        }
        // §25.6.2 tertiary controls (LOADIWKEY exiting): the union, active if either activates them
        v02.write(TERTIARY_PROCESSOR_BASED_VM_EXECUTION_CONTROLS, tertiary(v01) | tertiary(v12));
    }

    /** §25.6.3: the union of the bitmaps; if L0 takes every #PF, mask = match = 0 and the bit set. */
    private static void exceptions(Vmcs v02, Vmcs v01, Vmcs v12) {
        long eb01 = v01.read(EXCEPTION_BITMAP);
        boolean l0Pf = (eb01 & PF) != 0 && v01.read(PAGE_FAULT_ERROR_CODE_MASK) == 0
                && v01.read(PAGE_FAULT_ERROR_CODE_MATCH) == 0;
        Vmcs pf = l0Pf ? v01 : v12;
        v02.write(EXCEPTION_BITMAP, (eb01 | v12.read(EXCEPTION_BITMAP)) & ~PF | pf.read(EXCEPTION_BITMAP) & PF);
        v02.write(PAGE_FAULT_ERROR_CODE_MASK, pf.read(PAGE_FAULT_ERROR_CODE_MASK));
        v02.write(PAGE_FAULT_ERROR_CODE_MATCH, pf.read(PAGE_FAULT_ERROR_CODE_MATCH));
    }

    private static long tertiary(Vmcs v) {
        boolean active = (v.read(PRIMARY_PROCESSOR_BASED_VM_EXECUTION_CONTROLS)
                & PrimaryProcessorBasedControl.ACTIVATE_TERTIARY_CONTROLS.mask()) != 0;
        return active ? v.read(TERTIARY_PROCESSOR_BASED_VM_EXECUTION_CONTROLS) : 0;
    }

    private static long secondary(Vmcs v) {
        boolean active = (v.read(PRIMARY_PROCESSOR_BASED_VM_EXECUTION_CONTROLS)
                & PrimaryProcessorBasedControl.ACTIVATE_SECONDARY_CONTROLS.mask()) != 0;
        return active ? v.read(SECONDARY_PROCESSOR_BASED_VM_EXECUTION_CONTROLS) : 0;
    }

    private static long mask(VmxControl... controls) {
        long m = 0;
        for (VmxControl c : controls) m |= c.mask();
        return m;
    }

    private static long allowed(VmxCapabilities caps, VmxControl... controls) {
        long m = 0;
        for (VmxControl c : controls) if (caps.allows(c)) m |= c.mask();
        return m;
    }
}

package dev.jvmx.vmx.nonroot;

import static dev.jvmx.vmx.vmcs.VmcsField.*;

import dev.jvmx.vmx.cap.ControlField;
import dev.jvmx.vmx.cap.PrimaryProcessorBasedControl;
import dev.jvmx.vmx.cap.VmxControl;
import dev.jvmx.vmx.vmcs.Vmcs;
import dev.jvmx.vmx.vmcs.VmcsField;
import java.util.Arrays;

/**
 * The VM-execution controls of a VMCS as VM entry left them (SDM Vol. 3C §25.6). The processor
 * reads controls at VM entry only, so non-root execution — and code translated for it — may
 * treat this snapshot as constant until the next VM exit; {@link #fingerprint()} keys translated
 * code by it.
 */
public record ExecutionControls(long pinBased, long primary, long secondary, long tertiary, long exitControls,
        long entryControls, int exceptionBitmap, int pageFaultErrorCodeMask,
        int pageFaultErrorCodeMatch, long cr0GuestHostMask, long cr0ReadShadow,
        long cr4GuestHostMask, long cr4ReadShadow, long[] cr3TargetValues, long ioBitmapA,
        long ioBitmapB, long msrBitmap, long tscOffset, long eptPointer, int vpid,
        long virtualApicAddress, int tprThreshold) {

    /** Reads the controls of {@code vmcs} (secondary and tertiary controls are 0 unless activated). */
    public static ExecutionControls of(Vmcs vmcs) {
        long primary = vmcs.read(PRIMARY_PROCESSOR_BASED_VM_EXECUTION_CONTROLS);
        boolean secondaryOn = (primary
                & PrimaryProcessorBasedControl.ACTIVATE_SECONDARY_CONTROLS.mask()) != 0;
        boolean tertiaryOn = (primary
                & PrimaryProcessorBasedControl.ACTIVATE_TERTIARY_CONTROLS.mask()) != 0;
        int targets = (int) Math.min(vmcs.read(CR3_TARGET_COUNT), 4);
        long[] cr3 = new long[targets];
        for (int i = 0; i < targets; i++) {
            cr3[i] = vmcs.read(VmcsField.values()[CR3_TARGET_VALUE0.ordinal() + i]);
        }
        return new ExecutionControls(vmcs.read(PIN_BASED_VM_EXECUTION_CONTROLS), primary,
                secondaryOn ? vmcs.read(SECONDARY_PROCESSOR_BASED_VM_EXECUTION_CONTROLS) : 0,
                tertiaryOn ? vmcs.read(TERTIARY_PROCESSOR_BASED_VM_EXECUTION_CONTROLS) : 0,
                vmcs.read(PRIMARY_VM_EXIT_CONTROLS), vmcs.read(VM_ENTRY_CONTROLS),
                vmcs.read32(EXCEPTION_BITMAP), vmcs.read32(PAGE_FAULT_ERROR_CODE_MASK),
                vmcs.read32(PAGE_FAULT_ERROR_CODE_MATCH), vmcs.read(CR0_GUEST_HOST_MASK),
                vmcs.read(CR0_READ_SHADOW), vmcs.read(CR4_GUEST_HOST_MASK),
                vmcs.read(CR4_READ_SHADOW), cr3, vmcs.read(IO_BITMAP_A_ADDRESS),
                vmcs.read(IO_BITMAP_B_ADDRESS), vmcs.read(MSR_BITMAP_ADDRESS),
                vmcs.read(TSC_OFFSET), vmcs.read(EPT_POINTER),
                vmcs.read32(VIRTUAL_PROCESSOR_IDENTIFIER), vmcs.read(VIRTUAL_APIC_ADDRESS),
                vmcs.read32(TPR_THRESHOLD));
    }

    /** True if {@code control} is 1. */
    public boolean has(VmxControl control) {
        long value = switch (control.field()) {
            case PIN_BASED -> pinBased;
            case PRIMARY_PROCESSOR_BASED -> primary;
            case SECONDARY_PROCESSOR_BASED -> secondary;
            case TERTIARY_PROCESSOR_BASED -> tertiary;
            case PRIMARY_VM_EXIT -> exitControls;
            case VM_ENTRY -> entryControls;
            default -> 0;
        };
        return (value & control.mask()) != 0;
    }

    /** The value of a whole control field. */
    public long field(ControlField field) {
        return switch (field) {
            case PIN_BASED -> pinBased;
            case PRIMARY_PROCESSOR_BASED -> primary;
            case SECONDARY_PROCESSOR_BASED -> secondary;
            case TERTIARY_PROCESSOR_BASED -> tertiary;
            case PRIMARY_VM_EXIT -> exitControls;
            case VM_ENTRY -> entryControls;
            default -> 0;
        };
    }

    private long[] scalars() {
        return new long[] {pinBased, primary, secondary, tertiary, exitControls, entryControls,
            exceptionBitmap, pageFaultErrorCodeMask, pageFaultErrorCodeMatch, cr0GuestHostMask,
            cr0ReadShadow, cr4GuestHostMask, cr4ReadShadow, ioBitmapA, ioBitmapB, msrBitmap,
            tscOffset, eptPointer, vpid, virtualApicAddress, tprThreshold};
    }

    /** A 64-bit digest of every field here, for keying translated code. */
    public long fingerprint() {
        long h = 0x9E37_79B9_7F4A_7C15L;
        for (long p : scalars()) {
            h = (h ^ p) * 0x100_0000_01B3L;
            h ^= h >>> 29;
        }
        for (long p : cr3TargetValues) {
            h = (h ^ p) * 0x100_0000_01B3L;
        }
        return h;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExecutionControls c && Arrays.equals(scalars(), c.scalars())
                && Arrays.equals(cr3TargetValues, c.cr3TargetValues);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(fingerprint());
    }

    @Override
    public String toString() {
        return String.format("ExecutionControls[pin=%x, primary=%x, secondary=%x, exit=%x,"
                + " entry=%x, fingerprint=%016x]", pinBased, primary, secondary, exitControls,
                entryControls, fingerprint());
    }
}

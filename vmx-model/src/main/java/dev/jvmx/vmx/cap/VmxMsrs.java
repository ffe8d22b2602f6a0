package dev.jvmx.vmx.cap;

import dev.jvmx.vmx.ActivityState;
import dev.jvmx.vmx.vmcs.VmcsField;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The VMX capability MSRs (SDM Vol. 3C App. A) and IA32_FEATURE_CONTROL, computed from one
 * {@link VmxCapabilities}. RDMSR of an index this class answers empty for raises #GP in the
 * runtime (e.g. IA32_VMX_PROCBASED_CTLS3 when "activate tertiary controls" is not allowed-1).
 */
public final class VmxMsrs {

    public static final int IA32_FEATURE_CONTROL = 0x3A;
    public static final int IA32_VMX_BASIC = 0x480;
    public static final int IA32_VMX_PINBASED_CTLS = 0x481;
    public static final int IA32_VMX_PROCBASED_CTLS = 0x482;
    public static final int IA32_VMX_EXIT_CTLS = 0x483;
    public static final int IA32_VMX_ENTRY_CTLS = 0x484;
    public static final int IA32_VMX_MISC = 0x485;
    public static final int IA32_VMX_CR0_FIXED0 = 0x486;
    public static final int IA32_VMX_CR0_FIXED1 = 0x487;
    public static final int IA32_VMX_CR4_FIXED0 = 0x488;
    public static final int IA32_VMX_CR4_FIXED1 = 0x489;
    public static final int IA32_VMX_VMCS_ENUM = 0x48A;
    public static final int IA32_VMX_PROCBASED_CTLS2 = 0x48B;
    public static final int IA32_VMX_EPT_VPID_CAP = 0x48C;
    public static final int IA32_VMX_TRUE_PINBASED_CTLS = 0x48D;
    public static final int IA32_VMX_TRUE_PROCBASED_CTLS = 0x48E;
    public static final int IA32_VMX_TRUE_EXIT_CTLS = 0x48F;
    public static final int IA32_VMX_TRUE_ENTRY_CTLS = 0x490;
    public static final int IA32_VMX_VMFUNC = 0x491;
    public static final int IA32_VMX_PROCBASED_CTLS3 = 0x492;
    public static final int IA32_VMX_EXIT_CTLS2 = 0x493;

    /** CR0 bits fixed to 1 in VMX operation: PE, NE, PG (App. A.7). */
    public static final long CR0_FIXED0 = 0x8000_0021L;
    /** CR0 bits allowed to be 1: all of bits 31:0. */
    public static final long CR0_FIXED1 = 0xFFFF_FFFFL;
    /** CR4 bits fixed to 1 in VMX operation: VMXE (App. A.8). */
    public static final long CR4_FIXED0 = 0x2000L;
    /**
     * CR4 bits the modelled CPU supports: VME..OSXMMEXCPT and UMIP (bits 0–11), VMXE (13),
     * SMXE (14; GETSEC then exits unconditionally in non-root operation, Vol. 3C §26.1.2),
     * FSGSBASE (16), PCIDE (17), OSXSAVE (18), KL (19; only so that LOADIWKEY can reach its
     * "LOADIWKEY exiting" VM exit, §26.1.3 — the vCPU enumerates no Key Locker, so LOADIWKEY
     * that does not exit is #UD), SMEP (20), SMAP (21).
     */
    public static final long CR4_FIXED1 = 0x003F_6FFFL;
    /** IA32_FEATURE_CONTROL: lock (bit 0) and "enable VMX outside SMX operation" (bit 2). */
    public static final long FEATURE_CONTROL = 0x5L;

    private final VmxCapabilities caps;

    public VmxMsrs(VmxCapabilities caps) {
        this.caps = caps;
    }

    /** Every MSR index this class knows, with its SDM name, in index order. */
    public static Map<Integer, String> names() {
        Map<Integer, String> m = new LinkedHashMap<>();
        m.put(IA32_FEATURE_CONTROL, "IA32_FEATURE_CONTROL");
        String[] vmx = {"BASIC", "PINBASED_CTLS", "PROCBASED_CTLS", "EXIT_CTLS", "ENTRY_CTLS",
            "MISC", "CR0_FIXED0", "CR0_FIXED1", "CR4_FIXED0", "CR4_FIXED1", "VMCS_ENUM",
            "PROCBASED_CTLS2", "EPT_VPID_CAP", "TRUE_PINBASED_CTLS", "TRUE_PROCBASED_CTLS",
            "TRUE_EXIT_CTLS", "TRUE_ENTRY_CTLS", "VMFUNC", "PROCBASED_CTLS3", "EXIT_CTLS2"};
        for (int i = 0; i < vmx.length; i++) {
            m.put(IA32_VMX_BASIC + i, "IA32_VMX_" + vmx[i]);
        }
        return m;
    }

    /** RDMSR: the value of {@code msr}, or empty if the processor has no such MSR. */
    public OptionalLong read(int msr) {
        return switch (msr) {
            case IA32_FEATURE_CONTROL -> OptionalLong.of(FEATURE_CONTROL);
            case IA32_VMX_BASIC -> OptionalLong.of(basic());
            case IA32_VMX_PINBASED_CTLS -> OptionalLong.of(controls(ControlField.PIN_BASED, false));
            case IA32_VMX_PROCBASED_CTLS ->
                    OptionalLong.of(controls(ControlField.PRIMARY_PROCESSOR_BASED, false));
            case IA32_VMX_EXIT_CTLS ->
                    OptionalLong.of(controls(ControlField.PRIMARY_VM_EXIT, false));
            case IA32_VMX_ENTRY_CTLS -> OptionalLong.of(controls(ControlField.VM_ENTRY, false));
            case IA32_VMX_MISC -> OptionalLong.of(misc());
            case IA32_VMX_CR0_FIXED0 -> OptionalLong.of(CR0_FIXED0);
            case IA32_VMX_CR0_FIXED1 -> OptionalLong.of(CR0_FIXED1);
            case IA32_VMX_CR4_FIXED0 -> OptionalLong.of(CR4_FIXED0);
            case IA32_VMX_CR4_FIXED1 -> OptionalLong.of(CR4_FIXED1);
            case IA32_VMX_VMCS_ENUM -> OptionalLong.of(vmcsEnum());
            default -> readSecondary(msr);
        };
    }

    private OptionalLong readSecondary(int msr) {
        boolean secondary = caps.allows(PrimaryProcessorBasedControl.ACTIVATE_SECONDARY_CONTROLS);
        boolean eptOrVpid = caps.allows(SecondaryProcessorBasedControl.ENABLE_EPT)
                || caps.allows(SecondaryProcessorBasedControl.ENABLE_VPID);
        return switch (msr) {
            case IA32_VMX_PROCBASED_CTLS2 -> secondary
                    ? OptionalLong.of(controls(ControlField.SECONDARY_PROCESSOR_BASED, false))
                    : OptionalLong.empty();
            case IA32_VMX_EPT_VPID_CAP ->
                    secondary && eptOrVpid ? OptionalLong.of(eptVpidCap()) : OptionalLong.empty();
            case IA32_VMX_TRUE_PINBASED_CTLS ->
                    OptionalLong.of(controls(ControlField.PIN_BASED, true));
            case IA32_VMX_TRUE_PROCBASED_CTLS ->
                    OptionalLong.of(controls(ControlField.PRIMARY_PROCESSOR_BASED, true));
            case IA32_VMX_TRUE_EXIT_CTLS ->
                    OptionalLong.of(controls(ControlField.PRIMARY_VM_EXIT, true));
            case IA32_VMX_TRUE_ENTRY_CTLS -> OptionalLong.of(controls(ControlField.VM_ENTRY, true));
            case IA32_VMX_VMFUNC -> caps.allows(SecondaryProcessorBasedControl.ENABLE_VM_FUNCTIONS)
                    ? OptionalLong.of(vmfunc()) : OptionalLong.empty();
            case IA32_VMX_PROCBASED_CTLS3 ->
                    caps.allows(PrimaryProcessorBasedControl.ACTIVATE_TERTIARY_CONTROLS)
                            ? OptionalLong.of(caps.allowed1(ControlField.TERTIARY_PROCESSOR_BASED))
                            : OptionalLong.empty();
            case IA32_VMX_EXIT_CTLS2 -> caps.allows(VmExitControl.ACTIVATE_SECONDARY_CONTROLS)
                    ? OptionalLong.of(caps.allowed1(ControlField.SECONDARY_VM_EXIT))
                    : OptionalLong.empty();
            default -> OptionalLong.empty();
        };
    }

    /**
     * IA32_VMX_BASIC (App. A.1): revision [30:0], region size [44:32], 32-bit address limit [48]
     * = 0, dual-monitor [49] = 0, memory type [53:50] = WB, INS/OUTS info [54] = 1, TRUE
     * controls [55] = 1, error-code-free exception injection [56] = 0.
     */
    public long basic() {
        return (caps.revisionId() & 0x7FFF_FFFFL)
                | (long) VmxCapabilities.REGION_SIZE << 32
                | (long) VmxCapabilities.MEMORY_TYPE_WB << 50
                | 1L << 54
                | 1L << 55;
    }

    /**
     * A control capability MSR (App. A.3–A.5): allowed-0 settings in bits 31:0 (a 1 means the
     * control must be 1), allowed-1 settings in bits 63:32 (a 0 means it must be 0).
     */
    public long controls(ControlField field, boolean trueMsr) {
        long allowed0 = trueMsr ? caps.trueAllowed0(field) : field.default1();
        return allowed0 | caps.allowed1(field) << 32;
    }

    /**
     * IA32_VMX_MISC (App. A.6): timer rate [4:0], LMA stored on exit [5], activity states
     * [8:6], CR3-target count [24:16], MSR-list size [27:25] = 0 (512), VMWRITE to any field
     * [29].
     */
    public long misc() {
        long v = caps.preemptionTimerRate() | 1L << 5;
        if (caps.supportsActivityState(ActivityState.HLT)) {
            v |= 1L << 6;
        }
        if (caps.supportsActivityState(ActivityState.SHUTDOWN)) {
            v |= 1L << 7;
        }
        if (caps.supportsActivityState(ActivityState.WAIT_FOR_SIPI)) {
            v |= 1L << 8;
        }
        v |= (long) caps.cr3TargetCount() << 16;
        if (caps.vmwriteAnyField()) {
            v |= 1L << 29;
        }
        return v;
    }

    /** IA32_VMX_VMCS_ENUM (App. A.9): highest field index in bits 9:1. */
    public long vmcsEnum() {
        return (long) VmcsField.highestSupportedIndex(caps) << 1;
    }

    /** IA32_VMX_EPT_VPID_CAP (App. A.10). */
    public long eptVpidCap() {
        long v = 0;
        for (EptVpidCapability c : EptVpidCapability.values()) {
            if (caps.has(c)) {
                v |= 1L << c.bit();
            }
        }
        return v;
    }

    /** IA32_VMX_VMFUNC (App. A.11): bit 0, EPTP switching. */
    public long vmfunc() {
        return caps.allows(SecondaryProcessorBasedControl.ENABLE_EPT) ? 1L : 0L;
    }
}

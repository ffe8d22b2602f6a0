package dev.jvmx.vmx.cap;

import dev.jvmx.vmx.vmcs.VmcsField;
import java.util.List;

/**
 * The capability MSRs decoded bit by bit, the way QEMU's {@code scripts/kvm/vmxcap} prints them
 * for hardware, for {@code jvmx vmxcap}. A control reads "yes" (may be 0 or 1), "no" (must be 0),
 * "default" (must be 1 per the non-TRUE MSR, clearable per the TRUE MSR) or "forced" (must be 1
 * in both).
 */
public final class VmxCapReport {

    private static final String ROW = "  %-48s %s%n";

    private VmxCapReport() {
    }

    /** The report for everything the model implements. */
    public static String render() {
        return render(VmxCapabilities.full());
    }

    /** The report for {@code caps}. */
    public static String render(VmxCapabilities caps) {
        VmxMsrs msrs = new VmxMsrs(caps);
        StringBuilder out = new StringBuilder();
        basic(out, msrs);
        controls(out, msrs, caps, "pin-based controls", ControlField.PIN_BASED);
        controls(out, msrs, caps, "primary processor-based controls",
                ControlField.PRIMARY_PROCESSOR_BASED);
        controls(out, msrs, caps, "secondary processor-based controls",
                ControlField.SECONDARY_PROCESSOR_BASED);
        tertiary(out, msrs);
        controls(out, msrs, caps, "VM-Exit controls", ControlField.PRIMARY_VM_EXIT);
        controls(out, msrs, caps, "VM-Entry controls", ControlField.VM_ENTRY);
        misc(out, msrs);
        fixed(out);
        eptVpid(out, msrs);
        vmfunc(out, msrs);
        return out.toString();
    }

    private static void header(StringBuilder out, String title, int msr, long value) {
        out.append(String.format("%s (%s, 0x%x)%n  Hex: 0x%016x%n", title,
                VmxMsrs.names().get(msr), msr, value));
    }

    private static void row(StringBuilder out, String name, Object value) {
        out.append(String.format(ROW, name, value));
    }

    private static String yesNo(long value, int bit) {
        return (value >>> bit & 1) != 0 ? "yes" : "no";
    }

    private static void basic(StringBuilder out, VmxMsrs msrs) {
        long v = msrs.basic();
        header(out, "Basic VMX Information", VmxMsrs.IA32_VMX_BASIC, v);
        row(out, "Revision", String.format("%d (0x%x)", v & 0x7FFFFFFFL, v & 0x7FFFFFFFL));
        row(out, "VMCS size", v >>> 32 & 0x1FFF);
        row(out, "VMCS restricted to 32 bit addresses", yesNo(v, 48));
        row(out, "Dual-monitor support", yesNo(v, 49));
        row(out, "VMCS memory type", v >>> 50 & 0xF);
        row(out, "INS/OUTS instruction information", yesNo(v, 54));
        row(out, "IA32_VMX_TRUE_*_CTLS support", yesNo(v, 55));
        row(out, "Deliver hardware exceptions without error code", yesNo(v, 56));
    }

    private static void controls(StringBuilder out, VmxMsrs msrs, VmxCapabilities caps,
            String title, ControlField field) {
        long v = msrs.controls(field, false);
        header(out, title, field.msr(), v);
        long trueAllowed0 = field.trueMsr() != 0 ? caps.trueAllowed0(field) : field.default1();
        List<VmxControl> bits = VmxCapabilities.allControls().stream()
                .filter(c -> c.field() == field).toList();
        for (VmxControl c : bits) {
            row(out, c.sdmName(), setting(v, trueAllowed0, c.bit()));
        }
    }

    /**
     * App. A.3.4: IA32_VMX_PROCBASED_CTLS3 reports allowed-1 settings only, all 64 bits; it exists
     * when "activate tertiary controls" may be 1.
     */
    private static void tertiary(StringBuilder out, VmxMsrs msrs) {
        bitList(out, msrs, "tertiary processor-based controls", VmxMsrs.IA32_VMX_PROCBASED_CTLS3,
                TertiaryProcessorBasedControl.values(), VmxControl::sdmName, VmxControl::bit);
    }

    /** A capability MSR whose named bits each read "yes" or "no"; nothing if the MSR does not exist. */
    private static <T> void bitList(StringBuilder out, VmxMsrs msrs, String title, int msr, T[] bits,
            java.util.function.Function<T, String> name, java.util.function.ToIntFunction<T> bit) {
        var opt = msrs.read(msr);
        if (opt.isEmpty()) {
            return;
        }
        header(out, title, msr, opt.getAsLong());
        for (T b : bits) {
            row(out, name.apply(b), yesNo(opt.getAsLong(), bit.applyAsInt(b)));
        }
    }

    static String setting(long msr, long trueAllowed0, int bit) {
        boolean mustBeOne = (msr >>> bit & 1) != 0;
        boolean mayBeOne = (msr >>> 32 + bit & 1) != 0;
        if (mustBeOne) {
            return (trueAllowed0 >>> bit & 1) != 0 ? "forced" : "default";
        }
        return mayBeOne ? "yes" : "no";
    }

    private static void misc(StringBuilder out, VmxMsrs msrs) {
        long v = msrs.misc();
        header(out, "Miscellaneous data", VmxMsrs.IA32_VMX_MISC, v);
        row(out, "VMX-preemption timer scale (log2)", v & 0x1F);
        row(out, "Store EFER.LMA into IA-32e mode guest control", yesNo(v, 5));
        row(out, "HLT activity state", yesNo(v, 6));
        row(out, "Shutdown activity state", yesNo(v, 7));
        row(out, "Wait-for-SIPI activity state", yesNo(v, 8));
        row(out, "PT in VMX operation", yesNo(v, 14));
        row(out, "IA32_SMBASE_MSR accessible in SMM", yesNo(v, 15));
        row(out, "Number of CR3-target values", v >>> 16 & 0x1FF);
        row(out, "MSR-load/store count recommendation", 512 * ((v >>> 25 & 7) + 1));
        row(out, "IA32_SMM_MONITOR_CTL[2] can be set to 1", yesNo(v, 28));
        row(out, "VMWRITE to VM-exit information fields", yesNo(v, 29));
        row(out, "Inject event with insn length=0", yesNo(v, 30));
        row(out, "MSEG revision identifier", v >>> 32);
    }

    private static void fixed(StringBuilder out) {
        out.append(String.format("Fixed bits%n"));
        row(out, "IA32_VMX_CR0_FIXED0", String.format("0x%08x", VmxMsrs.CR0_FIXED0));
        row(out, "IA32_VMX_CR0_FIXED1", String.format("0x%08x", VmxMsrs.CR0_FIXED1));
        row(out, "IA32_VMX_CR4_FIXED0", String.format("0x%08x", VmxMsrs.CR4_FIXED0));
        row(out, "IA32_VMX_CR4_FIXED1", String.format("0x%08x", VmxMsrs.CR4_FIXED1));
        row(out, "IA32_FEATURE_CONTROL", String.format("0x%x (locked, VMX outside SMX)",
                VmxMsrs.FEATURE_CONTROL));
    }

    private static void eptVpid(StringBuilder out, VmxMsrs msrs) {
        bitList(out, msrs, "VPID and EPT capabilities", VmxMsrs.IA32_VMX_EPT_VPID_CAP,
                EptVpidCapability.values(), EptVpidCapability::sdmName, EptVpidCapability::bit);
    }

    private static void vmfunc(StringBuilder out, VmxMsrs msrs) {
        var opt = msrs.read(VmxMsrs.IA32_VMX_VMFUNC);
        if (opt.isPresent()) {
            header(out, "VM Functions", VmxMsrs.IA32_VMX_VMFUNC, opt.getAsLong());
            row(out, "EPTP Switching", yesNo(opt.getAsLong(), 0));
        }
        out.append(String.format("VMCS%n"));
        row(out, "Highest VMCS field index (IA32_VMX_VMCS_ENUM[9:1])",
                msrs.vmcsEnum() >>> 1);
        row(out, "Architectural fields in the table", VmcsField.values().length);
    }
}

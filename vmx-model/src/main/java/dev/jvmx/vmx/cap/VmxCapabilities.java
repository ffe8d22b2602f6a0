package dev.jvmx.vmx.cap;

import dev.jvmx.vmx.ActivityState;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The one description of what the model implements. Every capability MSR ({@link VmxMsrs}), the
 * VMCS field table's "supported" column, the VM-entry checks and the VMX instructions read it, so
 * they cannot drift apart. {@link #full()} is everything the model implements; the builder takes
 * things away (a monitor may offer its guest hypervisor less, as KVM does for nested VMX).
 */
public final class VmxCapabilities {

    /** Revision identifier reported in IA32_VMX_BASIC[30:0] ("JVMX" with bit 31 clear). */
    public static final int DEFAULT_REVISION_ID = 0x4A564D58 & 0x7FFFFFFF;
    /** Size of VMXON and VMCS regions (IA32_VMX_BASIC[44:32]). */
    public static final int REGION_SIZE = 4096;
    /** Memory type of VMCS regions: write-back (IA32_VMX_BASIC[53:50], App. A.1). */
    public static final int MEMORY_TYPE_WB = 6;

    private final int revisionId;
    private final int physicalAddressWidth;
    private final Set<VmxControl> controls;
    private final Set<EptVpidCapability> eptVpid;
    private final Set<ActivityState> activityStates;
    private final boolean vmwriteAnyField;
    private final int cr3TargetCount;
    private final int preemptionTimerRate;

    private VmxCapabilities(Builder b) {
        this.revisionId = b.revisionId;
        this.physicalAddressWidth = b.physicalAddressWidth;
        this.controls = Collections.unmodifiableSet(new LinkedHashSet<>(b.controls));
        this.eptVpid = Collections.unmodifiableSet(EnumSet.copyOf(b.eptVpid));
        this.activityStates = Collections.unmodifiableSet(EnumSet.copyOf(b.activityStates));
        this.vmwriteAnyField = b.vmwriteAnyField;
        this.cr3TargetCount = b.cr3TargetCount;
        this.preemptionTimerRate = b.preemptionTimerRate;
    }

    /** Everything the model implements. */
    public static VmxCapabilities full() {
        return builder().build();
    }

    /** A builder starting from {@link #full()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** Every control bit of every control field, implemented or not, in field order. */
    public static List<VmxControl> allControls() {
        return Stream.of(PinBasedControl.values(), PrimaryProcessorBasedControl.values(),
                        SecondaryProcessorBasedControl.values(),
                        TertiaryProcessorBasedControl.values(), VmExitControl.values(),
                        VmEntryControl.values())
                .flatMap(Arrays::stream).map(c -> (VmxControl) c).toList();
    }

    public int revisionId() {
        return revisionId;
    }

    /** MAXPHYADDR: physical-address width (CPUID.80000008H:EAX[7:0]). */
    public int physicalAddressWidth() {
        return physicalAddressWidth;
    }

    /** True if {@code address} sets no bit at or beyond the physical-address width. */
    public boolean withinPhysicalWidth(long address) {
        return (address >>> physicalAddressWidth) == 0;
    }

    /** Whether software may set {@code control} (its allowed-1 setting). */
    public boolean allows(VmxControl control) {
        return controls.contains(control);
    }

    /** The allowed-1 settings of {@code field}: default1 bits plus every enabled control. */
    public long allowed1(ControlField field) {
        long bits = field.default1();
        for (VmxControl c : controls) {
            if (c.field() == field) {
                bits |= c.mask();
            }
        }
        return bits;
    }

    /** The allowed-0 settings (bits that must be 1) as the TRUE MSRs report them (App. A.2). */
    public long trueAllowed0(ControlField field) {
        return field.trueDefault1();
    }

    public boolean has(EptVpidCapability capability) {
        return eptVpid.contains(capability);
    }

    public boolean supportsActivityState(ActivityState state) {
        return state == ActivityState.ACTIVE || activityStates.contains(state);
    }

    /** IA32_VMX_MISC[29]: VMWRITE may write any supported field, VM-exit information included. */
    public boolean vmwriteAnyField() {
        return vmwriteAnyField;
    }

    /** IA32_VMX_MISC[24:16]: number of CR3-target values. */
    public int cr3TargetCount() {
        return cr3TargetCount;
    }

    /** Max MSR-list entries: 512 * (IA32_VMX_MISC[27:25] + 1), App. A.6. */
    public int maxMsrListEntries() {
        return 512;
    }

    /** VMX-preemption timer rate: the timer counts down every 2^rate TSC ticks (MISC[4:0]). */
    public int preemptionTimerRate() {
        return preemptionTimerRate;
    }

    /** Configures a {@link VmxCapabilities}; starts from everything implemented. */
    public static final class Builder {
        private int revisionId = DEFAULT_REVISION_ID;
        private int physicalAddressWidth = 39;
        private int preemptionTimerRate = 5;
        private final Set<VmxControl> controls = new LinkedHashSet<>();
        private final Set<EptVpidCapability> eptVpid = EnumSet.noneOf(EptVpidCapability.class);
        private final Set<ActivityState> activityStates =
                EnumSet.of(ActivityState.HLT, ActivityState.SHUTDOWN, ActivityState.WAIT_FOR_SIPI);
        private boolean vmwriteAnyField = true;
        private int cr3TargetCount = 4;

        private Builder() {
            allControls().stream().filter(VmxControl::implemented).forEach(controls::add);
            for (EptVpidCapability c : EptVpidCapability.values()) {
                if (c.implemented()) {
                    eptVpid.add(c);
                }
            }
        }

        public Builder revisionId(int id) {
            this.revisionId = id & 0x7FFFFFFF;
            return this;
        }

        public Builder physicalAddressWidth(int width) {
            this.physicalAddressWidth = width;
            return this;
        }

        /** Removes controls from the allowed-1 settings. */
        public Builder without(VmxControl... removed) {
            controls.removeAll(List.of(removed));
            return this;
        }

        /** Removes EPT/VPID capability bits. */
        public Builder without(EptVpidCapability... removed) {
            eptVpid.removeAll(List.of(removed));
            return this;
        }

        public Builder withoutActivityState(ActivityState state) {
            activityStates.remove(state);
            return this;
        }

        /** Sets IA32_VMX_MISC[29] (default: advertised, as KVM does for nested guests). */
        /**
         * IA32_VMX_MISC[4:0]: the timer counts down every 2^rate TSC ticks (default 5, as on many
         * processors; 0 lets a monitor slice guest execution to the exact TSC tick).
         */
        public Builder preemptionTimerRate(int rate) {
            if (rate < 0 || rate > 31) {
                throw new IllegalArgumentException("preemption timer rate is 5 bits: " + rate);
            }
            this.preemptionTimerRate = rate;
            return this;
        }

        public Builder vmwriteAnyField(boolean value) {
            this.vmwriteAnyField = value;
            return this;
        }

        public Builder cr3TargetCount(int count) {
            this.cr3TargetCount = count;
            return this;
        }

        public VmxCapabilities build() {
            if (!controls.contains(SecondaryProcessorBasedControl.ENABLE_EPT)) {
                eptVpid.removeIf(EptVpidCapability::ept);
            }
            if (!controls.contains(SecondaryProcessorBasedControl.ENABLE_VPID)) {
                eptVpid.removeIf(c -> !c.ept());
            }
            return new VmxCapabilities(this);
        }
    }
}

package dev.jvmx.vmx.entry;

import static dev.jvmx.vmx.exit.InterruptionInfo.*;
import static dev.jvmx.vmx.vmcs.VmcsField.*;

import dev.jvmx.vmx.ActivityState;
import dev.jvmx.vmx.SegmentRegister;
import dev.jvmx.vmx.cap.PinBasedControl;
import dev.jvmx.vmx.cap.SecondaryProcessorBasedControl;
import dev.jvmx.vmx.exit.InterruptionInfo;
import dev.jvmx.vmx.vmcs.GuestSegmentFields;
import dev.jvmx.vmx.vmcs.VmcsField;

/**
 * Checks on guest non-register state (SDM Vol. 3C §27.3.1.5) and PDPTEs (§27.3.1.6). The
 * interruptibility-state field:
 * <pre>
 *  31            5  4    3     2     1       0
 * +---------------+----+-----+-----+--------+-----+
 * |   reserved    |encl| NMI | SMI | MOV SS | STI |   blocking by ...
 * +---------------+----+-----+-----+--------+-----+
 * </pre>
 * Failures are exit reason 33 with bit 31 set; the VMCS-link-pointer check reports
 * qualification 4, the PDPTE check 2 and the NMI-under-STI-blocking check 3 (§27.8).
 */
final class GuestNonRegisterChecks {

    static final int BLOCKING_BY_STI = 1;
    static final int BLOCKING_BY_MOV_SS = 2;
    static final int BLOCKING_BY_SMI = 4;
    static final int BLOCKING_BY_NMI = 8;
    private static final long PENDING_DEBUG_RESERVED = ~0x500FL;
    private static final long PENDING_DEBUG_BS = 1L << 14;

    private GuestNonRegisterChecks() {
    }

    private static int interruptibility(EntryContext c) {
        return (int) c.get(GUEST_INTERRUPTIBILITY_STATE);
    }

    private static ActivityState activity(EntryContext c) {
        return ActivityState.of(c.get(GUEST_ACTIVITY_STATE));
    }

    /** The activity state is 0–3 and advertised in IA32_VMX_MISC[8:6]. */
    static boolean activityStateSupported(EntryContext c) {
        ActivityState s = activity(c);
        return s != null && c.caps().supportsActivityState(s);
    }

    /** HLT requires SS.DPL = 0. */
    static boolean hltRequiresSsDpl0(EntryContext c) {
        return activity(c) != ActivityState.HLT
                || GuestSegmentFields.read(c.vmcs(), SegmentRegister.SS).dpl() == 0;
    }

    /** Blocking by STI or MOV SS requires the active state. */
    static boolean blockingRequiresActiveState(EntryContext c) {
        return (interruptibility(c) & (BLOCKING_BY_STI | BLOCKING_BY_MOV_SS)) == 0
                || activity(c) == ActivityState.ACTIVE;
    }

    /**
     * Event injection into a non-active state: HLT allows external interrupts, NMIs, #DB, #MC
     * and other events; shutdown allows NMIs and #MC; wait-for-SIPI allows none.
     */
    static boolean activityStateAllowsInjection(EntryContext c) {
        InterruptionInfo info = c.injection();
        ActivityState s = activity(c);
        if (!info.valid() || s == null || s == ActivityState.ACTIVE) {
            return true;
        }
        boolean mc = info.type() == TYPE_HARDWARE_EXCEPTION && info.vector() == 18;
        return switch (s) {
            case HLT -> info.type() == TYPE_EXTERNAL_INTERRUPT || info.type() == TYPE_NMI
                    || info.type() == TYPE_OTHER_EVENT || mc
                    || info.type() == TYPE_HARDWARE_EXCEPTION && info.vector() == 1;
            case SHUTDOWN -> info.type() == TYPE_NMI || mc;
            default -> false;
        };
    }

    /** Interruptibility bits 31:4 are 0 (no SGX, so bit 4 is reserved too). */
    static boolean interruptibilityReservedBits(EntryContext c) {
        return (interruptibility(c) & ~0xF) == 0;
    }

    /** Blocking by STI and by MOV SS are not both set. */
    static boolean stiAndMovSsExclusive(EntryContext c) {
        return (interruptibility(c) & 3) != 3;
    }

    /** With RFLAGS.IF = 0, blocking by STI is 0. */
    static boolean stiBlockingRequiresIf(EntryContext c) {
        return (c.get(GUEST_RFLAGS) & (1L << 9)) != 0
                || (interruptibility(c) & BLOCKING_BY_STI) == 0;
    }

    /** Injecting an external interrupt requires no blocking by STI or MOV SS. */
    static boolean externalInterruptInjectionUnblocked(EntryContext c) {
        InterruptionInfo info = c.injection();
        return !info.valid() || info.type() != TYPE_EXTERNAL_INTERRUPT
                || (interruptibility(c) & 3) == 0;
    }

    /** Injecting an NMI requires no blocking by MOV SS. */
    static boolean nmiInjectionWithoutMovSsBlocking(EntryContext c) {
        InterruptionInfo info = c.injection();
        return !info.valid() || info.type() != TYPE_NMI
                || (interruptibility(c) & BLOCKING_BY_MOV_SS) == 0;
    }

    /**
     * Injecting an NMI with blocking by STI: the SDM lets a processor fail this entry with
     * qualification 3; the model does.
     */
    static boolean nmiInjectionWithoutStiBlocking(EntryContext c) {
        InterruptionInfo info = c.injection();
        return !info.valid() || info.type() != TYPE_NMI
                || (interruptibility(c) & BLOCKING_BY_STI) == 0;
    }

    /** Blocking by SMI is 0 outside SMM (the model has no SMM). */
    static boolean smiBlockingOutsideSmm(EntryContext c) {
        return (interruptibility(c) & BLOCKING_BY_SMI) == 0;
    }

    /** With "virtual NMIs" and an injected NMI, blocking by NMI is 0. */
    static boolean virtualNmiInjectionUnblocked(EntryContext c) {
        InterruptionInfo info = c.injection();
        return !info.valid() || info.type() != TYPE_NMI || !c.has(PinBasedControl.VIRTUAL_NMIS)
                || (interruptibility(c) & BLOCKING_BY_NMI) == 0;
    }

    /** Pending debug exceptions: bits 11:4, 13, 15 and 63:16 are 0. */
    static boolean pendingDebugReservedBits(EntryContext c) {
        return (c.get(GUEST_PENDING_DEBUG_EXCEPTIONS) & PENDING_DEBUG_RESERVED) == 0;
    }

    /**
     * With blocking by STI or MOV SS, or in HLT: BS must be 1 if RFLAGS.TF = 1 and
     * IA32_DEBUGCTL.BTF = 0, and 0 otherwise.
     */
    static boolean pendingDebugSingleStep(EntryContext c) {
        boolean blocked = (interruptibility(c) & 3) != 0 || activity(c) == ActivityState.HLT;
        if (!blocked) {
            return true;
        }
        boolean tf = (c.get(GUEST_RFLAGS) & (1L << 8)) != 0;
        boolean btf = (c.get(GUEST_IA32_DEBUGCTL) & 2) != 0;
        boolean bs = (c.get(GUEST_PENDING_DEBUG_EXCEPTIONS) & PENDING_DEBUG_BS) != 0;
        return bs == (tf && !btf);
    }

    /**
     * The VMCS link pointer is FFFFFFFF_FFFFFFFFH, or 4-KByte aligned, in width, and points at a
     * region with this revision identifier whose shadow indicator equals "VMCS shadowing".
     */
    static boolean vmcsLinkPointer(EntryContext c) {
        long link = c.get(VMCS_LINK_POINTER);
        if (link == -1L) {
            return true;
        }
        if (!c.pageAddressOk(link)) {
            return false;
        }
        int header = c.memory().readInt(link);
        boolean shadow = c.has(SecondaryProcessorBasedControl.VMCS_SHADOWING);
        return (header & 0x7FFFFFFF) == c.caps().revisionId() && (header < 0) == shadow;
    }

    /**
     * §27.3.1.6: with PAE paging outside IA-32e mode, each present PDPTE (from the guest-state
     * area with EPT, else from memory at CR3) has reserved bits 2:1, 8:5 and 63:MAXPHYADDR clear.
     */
    static boolean pdptesValid(EntryContext c) {
        long cr0 = c.get(GUEST_CR0);
        boolean pae = (cr0 >>> 31 & 1) != 0 && (c.get(GUEST_CR4) & 0x20) != 0
                && !GuestRegisterChecks.ia32eGuest(c);
        if (!pae) {
            return true;
        }
        boolean ept = c.has(SecondaryProcessorBasedControl.ENABLE_EPT);
        long table = c.get(GUEST_CR3) & 0xFFFF_FFE0L;
        for (int i = 0; i < 4; i++) {
            long pdpte = ept ? c.vmcs().read(pdpteField(i))
                    : c.memory().readLong(table + 8L * i);
            if ((pdpte & 1) != 0 && ((pdpte & 0x1E6L) != 0
                    || !c.caps().withinPhysicalWidth(pdpte & ~0xFFFL))) {
                return false;
            }
        }
        return true;
    }

    private static VmcsField pdpteField(int i) {
        return VmcsField.values()[GUEST_PDPTE0.ordinal() + i];
    }
}

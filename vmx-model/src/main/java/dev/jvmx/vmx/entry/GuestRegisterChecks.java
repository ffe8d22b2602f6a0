package dev.jvmx.vmx.entry;

import static dev.jvmx.vmx.entry.EntryContext.canonical;
import static dev.jvmx.vmx.vmcs.VmcsField.*;

import dev.jvmx.vmx.SegmentRegister;
import dev.jvmx.vmx.cap.SecondaryProcessorBasedControl;
import dev.jvmx.vmx.cap.VmEntryControl;
import dev.jvmx.vmx.cap.VmxMsrs;
import dev.jvmx.vmx.exit.InterruptionInfo;
import dev.jvmx.vmx.vmcs.GuestSegmentFields;

/**
 * Checks on guest control registers, debug registers, MSRs (SDM Vol. 3C §27.3.1.1), descriptor-
 * table registers (§27.3.1.3), RIP and RFLAGS (§27.3.1.4). A failure is a VM-entry failure: exit
 * reason 33 with bit 31 set (§27.8).
 */
final class GuestRegisterChecks {

    private static final long CR0_PE = 1L;
    private static final long CR0_PG = 1L << 31;
    private static final long CR4_PAE = 1L << 5;
    private static final long CR4_PCIDE = 1L << 17;
    private static final long DEBUGCTL_RESERVED = ~0xFFC3L;
    /** RFLAGS reserved bits that must be 0: 63:22, 15, 5, 3. */
    private static final long RFLAGS_RESERVED = ~0x3FFFFFL | 1L << 15 | 1L << 5 | 1L << 3;
    private static final long RFLAGS_VM = 1L << 17;
    private static final long RFLAGS_IF = 1L << 9;

    private GuestRegisterChecks() {
    }

    static boolean ia32eGuest(EntryContext c) {
        return c.has(VmEntryControl.IA32E_MODE_GUEST);
    }

    static boolean unrestricted(EntryContext c) {
        return c.has(SecondaryProcessorBasedControl.UNRESTRICTED_GUEST);
    }

    /** §27.3.1.1: CR0 fixed bits; with "unrestricted guest", PE and PG may be 0. */
    static boolean cr0FixedBits(EntryContext c) {
        long fixed0 = VmxMsrs.CR0_FIXED0 & (unrestricted(c) ? ~(CR0_PE | CR0_PG) : -1L);
        return HostStateChecks.fixedBitsOk(c.get(GUEST_CR0), fixed0, VmxMsrs.CR0_FIXED1);
    }

    /** §27.3.1.1: CR0.PG = 1 requires CR0.PE = 1. */
    static boolean cr0PagingRequiresProtection(EntryContext c) {
        long cr0 = c.get(GUEST_CR0);
        return (cr0 & CR0_PG) == 0 || (cr0 & CR0_PE) != 0;
    }

    /** §27.3.1.1: CR4 fixed bits. */
    static boolean cr4FixedBits(EntryContext c) {
        return HostStateChecks.fixedBitsOk(c.get(GUEST_CR4), VmxMsrs.CR4_FIXED0,
                VmxMsrs.CR4_FIXED1);
    }

    /** §27.3.1.1: with "load debug controls", IA32_DEBUGCTL reserved bits (2–5, 63:16) are 0. */
    static boolean debugctlReservedBits(EntryContext c) {
        return !c.has(VmEntryControl.LOAD_DEBUG_CONTROLS)
                || (c.get(GUEST_IA32_DEBUGCTL) & DEBUGCTL_RESERVED) == 0;
    }

    /** §27.3.1.1: an IA-32e mode guest has CR0.PG = 1 and CR4.PAE = 1. */
    static boolean ia32eGuestPaging(EntryContext c) {
        return !ia32eGuest(c)
                || (c.get(GUEST_CR0) & CR0_PG) != 0 && (c.get(GUEST_CR4) & CR4_PAE) != 0;
    }

    /** §27.3.1.1: outside IA-32e mode, CR4.PCIDE = 0. */
    static boolean pcideRequiresIa32eGuest(EntryContext c) {
        return ia32eGuest(c) || (c.get(GUEST_CR4) & CR4_PCIDE) == 0;
    }

    /** §27.3.1.1: CR3 sets no bit beyond the physical-address width. */
    static boolean cr3Width(EntryContext c) {
        return c.caps().withinPhysicalWidth(c.get(GUEST_CR3));
    }

    /** §27.3.1.1: with "load debug controls", DR7 bits 63:32 are 0. */
    static boolean dr7HighBits(EntryContext c) {
        return !c.has(VmEntryControl.LOAD_DEBUG_CONTROLS) || (c.get(GUEST_DR7) >>> 32) == 0;
    }

    /** §27.3.1.1: IA32_SYSENTER_ESP / EIP guest fields canonical. */
    static boolean sysenterCanonical(EntryContext c) {
        return canonical(c.get(GUEST_IA32_SYSENTER_ESP))
                && canonical(c.get(GUEST_IA32_SYSENTER_EIP));
    }

    /** §27.3.1.1: with "load IA32_PAT", a valid PAT. */
    static boolean patValid(EntryContext c) {
        return !c.has(VmEntryControl.LOAD_IA32_PAT)
                || EntryContext.validPat(c.get(GUEST_IA32_PAT));
    }

    /**
     * §27.3.1.1: with "load IA32_EFER": reserved bits 0, LMA = "IA-32e mode guest", and if
     * CR0.PG = 1, LME = "IA-32e mode guest".
     */
    static boolean eferValid(EntryContext c) {
        if (!c.has(VmEntryControl.LOAD_IA32_EFER)) {
            return true;
        }
        long efer = c.get(GUEST_IA32_EFER);
        boolean lma = (efer >>> 10 & 1) != 0;
        boolean lme = (efer >>> 8 & 1) != 0;
        boolean paging = (c.get(GUEST_CR0) & CR0_PG) != 0;
        return (efer & ~HostStateChecks.EFER_VALID_BITS) == 0 && lma == ia32eGuest(c)
                && (!paging || lme == ia32eGuest(c));
    }

    /** §27.3.1.3: GDTR and IDTR bases canonical, limits' bits 31:16 zero. */
    static boolean descriptorTables(EntryContext c) {
        return canonical(c.get(GUEST_GDTR_BASE)) && canonical(c.get(GUEST_IDTR_BASE))
                && (c.get(GUEST_GDTR_LIMIT) >>> 16) == 0 && (c.get(GUEST_IDTR_LIMIT) >>> 16) == 0;
    }

    /**
     * §27.3.1.4: RIP bits 63:32 zero unless IA-32e mode guest with CS.L = 1, in which case RIP is
     * canonical.
     */
    static boolean ripWidth(EntryContext c) {
        long rip = c.get(GUEST_RIP);
        boolean csL = GuestSegmentFields.read(c.vmcs(), SegmentRegister.CS).l();
        return ia32eGuest(c) && csL ? canonical(rip) : (rip >>> 32) == 0;
    }

    /** §27.3.1.4: RFLAGS reserved bits 63:22, 15, 5, 3 zero and bit 1 set. */
    static boolean rflagsReservedBits(EntryContext c) {
        long rflags = c.get(GUEST_RFLAGS);
        return (rflags & RFLAGS_RESERVED) == 0 && (rflags & 2) != 0;
    }

    /** §27.3.1.4: RFLAGS.VM = 0 for an IA-32e mode guest or when CR0.PE = 0. */
    static boolean rflagsVm(EntryContext c) {
        boolean vm = (c.get(GUEST_RFLAGS) & RFLAGS_VM) != 0;
        return !vm || !ia32eGuest(c) && (c.get(GUEST_CR0) & CR0_PE) != 0;
    }

    /** §27.3.1.4: injecting an external interrupt requires RFLAGS.IF = 1. */
    static boolean rflagsIfForExternalInterrupt(EntryContext c) {
        InterruptionInfo info = c.injection();
        return !info.valid() || info.type() != InterruptionInfo.TYPE_EXTERNAL_INTERRUPT
                || (c.get(GUEST_RFLAGS) & RFLAGS_IF) != 0;
    }
}

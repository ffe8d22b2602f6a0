package dev.jvmx.vmx.entry;

import static dev.jvmx.vmx.entry.EntryContext.canonical;
import static dev.jvmx.vmx.vmcs.VmcsField.*;

import dev.jvmx.vmx.cap.VmEntryControl;
import dev.jvmx.vmx.cap.VmExitControl;
import dev.jvmx.vmx.cap.VmxMsrs;
import dev.jvmx.vmx.vmcs.VmcsField;

/**
 * Checks on the host-state area (SDM Vol. 3C §27.2.2–§27.2.4). A failure makes VMLAUNCH /
 * VMRESUME fail with VMfailValid(8), "VM entry with invalid host-state field(s)".
 */
final class HostStateChecks {

    /** IA32_EFER bits the model implements: SCE, LME, LMA, NXE. */
    static final long EFER_VALID_BITS = 0xD01L;
    private static final long CR4_PAE = 1L << 5;
    private static final long CR4_PCIDE = 1L << 17;

    private HostStateChecks() {
    }

    /** §27.2.2: host CR0 has the bits IA32_VMX_CR0_FIXED0/FIXED1 require. */
    static boolean cr0FixedBits(EntryContext c) {
        return fixedBitsOk(c.get(HOST_CR0), VmxMsrs.CR0_FIXED0, VmxMsrs.CR0_FIXED1);
    }

    /** §27.2.2: host CR4 has the bits IA32_VMX_CR4_FIXED0/FIXED1 require. */
    static boolean cr4FixedBits(EntryContext c) {
        return fixedBitsOk(c.get(HOST_CR4), VmxMsrs.CR4_FIXED0, VmxMsrs.CR4_FIXED1);
    }

    static boolean fixedBitsOk(long value, long fixed0, long fixed1) {
        return (value & fixed0) == fixed0 && (value & ~fixed1) == 0;
    }

    /** §27.2.2: host CR3 sets no bit beyond the physical-address width. */
    static boolean cr3Width(EntryContext c) {
        return c.caps().withinPhysicalWidth(c.get(HOST_CR3));
    }

    /** §27.2.2: IA32_SYSENTER_ESP and IA32_SYSENTER_EIP host fields canonical. */
    static boolean sysenterCanonical(EntryContext c) {
        return canonical(c.get(HOST_IA32_SYSENTER_ESP))
                && canonical(c.get(HOST_IA32_SYSENTER_EIP));
    }

    /** §27.2.2: with "load IA32_PAT", every PAT entry a valid memory type. */
    static boolean patValid(EntryContext c) {
        return !c.has(VmExitControl.LOAD_IA32_PAT) || EntryContext.validPat(c.get(HOST_IA32_PAT));
    }

    /**
     * §27.2.2: with "load IA32_EFER", reserved bits 0 and LMA and LME both equal to "host
     * address-space size".
     */
    static boolean eferValid(EntryContext c) {
        if (!c.has(VmExitControl.LOAD_IA32_EFER)) {
            return true;
        }
        long efer = c.get(HOST_IA32_EFER);
        boolean longHost = c.has(VmExitControl.HOST_ADDRESS_SPACE_SIZE);
        return (efer & ~EFER_VALID_BITS) == 0
                && ((efer >>> 10 & 1) == 1) == longHost && ((efer >>> 8 & 1) == 1) == longHost;
    }

    /** §27.2.3: host selector fields have RPL = 0 and TI = 0. */
    static boolean selectorRplAndTi(EntryContext c) {
        VmcsField[] selectors = {HOST_ES_SELECTOR, HOST_CS_SELECTOR, HOST_SS_SELECTOR,
            HOST_DS_SELECTOR, HOST_FS_SELECTOR, HOST_GS_SELECTOR, HOST_TR_SELECTOR};
        for (VmcsField f : selectors) {
            if ((c.get(f) & 7) != 0) {
                return false;
            }
        }
        return true;
    }

    /** §27.2.3: host CS and TR selectors are not 0000H. */
    static boolean csAndTrNotNull(EntryContext c) {
        return c.get(HOST_CS_SELECTOR) != 0 && c.get(HOST_TR_SELECTOR) != 0;
    }

    /** §27.2.3: with "host address-space size" 0, the SS selector is not 0000H. */
    static boolean ssNotNullFor32BitHost(EntryContext c) {
        return c.has(VmExitControl.HOST_ADDRESS_SPACE_SIZE) || c.get(HOST_SS_SELECTOR) != 0;
    }

    /** §27.2.3: host FS, GS, GDTR, IDTR and TR base addresses canonical. */
    static boolean baseAddressesCanonical(EntryContext c) {
        return canonical(c.get(HOST_FS_BASE)) && canonical(c.get(HOST_GS_BASE))
                && canonical(c.get(HOST_GDTR_BASE)) && canonical(c.get(HOST_IDTR_BASE))
                && canonical(c.get(HOST_TR_BASE));
    }

    /**
     * §27.2.4: outside IA-32e mode (IA32_EFER.LMA = 0 on the processor executing VM entry) both
     * "IA-32e mode guest" and "host address-space size" are 0; inside it, "host address-space
     * size" is 1.
     */
    static boolean addressSpaceSizeMatchesProcessor(EntryContext c) {
        boolean longHost = c.has(VmExitControl.HOST_ADDRESS_SPACE_SIZE);
        if (c.executingInIa32eMode()) {
            return longHost;
        }
        return !longHost && !c.has(VmEntryControl.IA32E_MODE_GUEST);
    }

    /**
     * §27.2.4: with "host address-space size" 0: "IA-32e mode guest" 0, host CR4.PCIDE 0 and host
     * RIP bits 63:32 zero.
     */
    static boolean legacyHostRestrictions(EntryContext c) {
        if (c.has(VmExitControl.HOST_ADDRESS_SPACE_SIZE)) {
            return true;
        }
        return !c.has(VmEntryControl.IA32E_MODE_GUEST) && (c.get(HOST_CR4) & CR4_PCIDE) == 0
                && (c.get(HOST_RIP) >>> 32) == 0;
    }

    /** §27.2.4: with "host address-space size" 1: host CR4.PAE 1 and host RIP canonical. */
    static boolean longModeHostRequirements(EntryContext c) {
        if (!c.has(VmExitControl.HOST_ADDRESS_SPACE_SIZE)) {
            return true;
        }
        return (c.get(HOST_CR4) & CR4_PAE) != 0 && canonical(c.get(HOST_RIP));
    }
}

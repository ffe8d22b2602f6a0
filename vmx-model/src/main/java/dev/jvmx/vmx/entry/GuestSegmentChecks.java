package dev.jvmx.vmx.entry;

import static dev.jvmx.vmx.SegmentRegister.*;
import static dev.jvmx.vmx.entry.EntryContext.canonical;

import dev.jvmx.vmx.Segment;
import dev.jvmx.vmx.SegmentRegister;
import dev.jvmx.vmx.vmcs.GuestSegmentFields;
import dev.jvmx.vmx.vmcs.VmcsField;

/**
 * Checks on guest segment registers (SDM Vol. 3C §27.3.1.2). Access-rights checks apply outside
 * virtual-8086 mode; in it the segments must look like real-mode segments. A failure is exit
 * reason 33 with bit 31 set.
 */
final class GuestSegmentChecks {

    private static final SegmentRegister[] DATA = {DS, ES, FS, GS};
    private static final int AR_RESERVED = 0xF00 | 0xFFFE0000;

    private GuestSegmentChecks() {
    }

    private static Segment seg(EntryContext c, SegmentRegister r) {
        return GuestSegmentFields.read(c.vmcs(), r);
    }

    static boolean v86(EntryContext c) {
        return (c.get(VmcsField.GUEST_RFLAGS) & (1L << 17)) != 0;
    }

    /** TR selector TI flag is 0. */
    static boolean trTiFlag(EntryContext c) {
        return !seg(c, TR).ti();
    }

    /** A usable LDTR has selector TI flag 0. */
    static boolean ldtrTiFlag(EntryContext c) {
        Segment ldtr = seg(c, LDTR);
        return ldtr.unusable() || !ldtr.ti();
    }

    /** Outside virtual-8086 mode and without "unrestricted guest", SS.RPL = CS.RPL. */
    static boolean ssRplEqualsCsRpl(EntryContext c) {
        return v86(c) || GuestRegisterChecks.unrestricted(c)
                || seg(c, SS).rpl() == seg(c, CS).rpl();
    }

    /** In virtual-8086 mode: base = selector * 16, limit = FFFFH, access rights = F3H. */
    static boolean virtual8086Segments(EntryContext c) {
        if (!v86(c)) {
            return true;
        }
        for (SegmentRegister r : new SegmentRegister[] {CS, SS, DS, ES, FS, GS}) {
            Segment s = seg(c, r);
            if (s.base() != (long) (s.selector() & 0xFFFF) << 4 || s.limit() != 0xFFFF
                    || s.accessRights() != 0xF3) {
                return false;
            }
        }
        return true;
    }

    /**
     * Bases: TR, FS, GS canonical; LDTR canonical if usable; CS bits 63:32 zero; SS, DS, ES
     * bits 63:32 zero if usable.
     */
    static boolean baseAddresses(EntryContext c) {
        if (!canonical(seg(c, TR).base()) || !canonical(seg(c, FS).base())
                || !canonical(seg(c, GS).base())) {
            return false;
        }
        Segment ldtr = seg(c, LDTR);
        if (!ldtr.unusable() && !canonical(ldtr.base())) {
            return false;
        }
        if (seg(c, CS).base() >>> 32 != 0) {
            return false;
        }
        for (SegmentRegister r : new SegmentRegister[] {SS, DS, ES}) {
            Segment s = seg(c, r);
            if (!s.unusable() && s.base() >>> 32 != 0) {
                return false;
            }
        }
        return true;
    }

    /** Reserved access-rights bits 11:8 and 31:17 are 0, and G agrees with the limit. */
    static boolean reservedAndGranularity(Segment s) {
        if ((s.accessRights() & AR_RESERVED) != 0) {
            return false;
        }
        if ((s.limit() & 0xFFF) != 0xFFF && s.g()) {
            return false;
        }
        return (s.limit() & 0xFFF00000) == 0 || s.g();
    }

    /** CS access rights: type, S, DPL against SS, P, reserved bits, L/D, G. */
    static boolean csAccessRights(EntryContext c) {
        if (v86(c)) {
            return true;
        }
        Segment cs = seg(c, CS);
        int type = cs.type();
        int ssDpl = seg(c, SS).dpl();
        boolean typeOk = type == 9 || type == 11 || type == 13 || type == 15
                || type == 3 && GuestRegisterChecks.unrestricted(c);
        boolean dplOk = switch (type) {
            case 3 -> cs.dpl() == 0;
            case 9, 11 -> cs.dpl() == ssDpl;
            default -> cs.dpl() <= ssDpl;
        };
        boolean lOk = !(GuestRegisterChecks.ia32eGuest(c) && cs.l() && cs.db());
        return typeOk && dplOk && cs.s() && cs.present() && !cs.unusable() && lOk
                && reservedAndGranularity(cs);
    }

    /** SS access rights when usable: type 3 or 7, S, P, DPL rules, reserved bits, G. */
    static boolean ssAccessRights(EntryContext c) {
        if (v86(c)) {
            return true;
        }
        Segment ss = seg(c, SS);
        boolean dplOk = GuestRegisterChecks.unrestricted(c) || ss.dpl() == ss.rpl();
        boolean realOrType3 = seg(c, CS).type() == 3
                || (c.get(VmcsField.GUEST_CR0) & 1) == 0;
        dplOk &= !realOrType3 || ss.dpl() == 0;
        if (ss.unusable()) {
            return dplOk;
        }
        return (ss.type() == 3 || ss.type() == 7) && ss.s() && ss.present() && dplOk
                && reservedAndGranularity(ss);
    }

    /** DS, ES, FS, GS when usable: accessed, readable if code, S, P, DPL >= RPL, reserved, G. */
    static boolean dataSegmentAccessRights(EntryContext c) {
        if (v86(c)) {
            return true;
        }
        for (SegmentRegister r : DATA) {
            Segment s = seg(c, r);
            if (s.unusable()) {
                continue;
            }
            boolean typeOk = (s.type() & 1) != 0 && ((s.type() & 8) == 0 || (s.type() & 2) != 0);
            boolean dplOk = GuestRegisterChecks.unrestricted(c) || s.type() > 11
                    || s.dpl() >= s.rpl();
            if (!typeOk || !dplOk || !s.s() || !s.present() || !reservedAndGranularity(s)) {
                return false;
            }
        }
        return true;
    }

    /** TR: busy TSS (type 11, or 3 outside IA-32e mode), S = 0, P, usable, reserved, G. */
    static boolean trAccessRights(EntryContext c) {
        Segment tr = seg(c, TR);
        boolean typeOk = tr.type() == 11 || tr.type() == 3 && !GuestRegisterChecks.ia32eGuest(c);
        return typeOk && !tr.s() && tr.present() && !tr.unusable() && reservedAndGranularity(tr);
    }

    /** LDTR when usable: type 2, S = 0, P, reserved bits, G. */
    static boolean ldtrAccessRights(EntryContext c) {
        Segment ldtr = seg(c, LDTR);
        return ldtr.unusable() || ldtr.type() == 2 && !ldtr.s() && ldtr.present()
                && reservedAndGranularity(ldtr);
    }
}

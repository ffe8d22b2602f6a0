package dev.jvmx.vmx.vmcs;

import dev.jvmx.vmx.Segment;
import dev.jvmx.vmx.SegmentRegister;

/**
 * The four guest-state fields of each segment register (SDM Vol. 3C §25.4.1): selector, base,
 * limit and access rights. App. B lists them in {@link SegmentRegister} order, which
 * {@link VmcsField} keeps, so a field is found by offset from the ES one.
 */
public final class GuestSegmentFields {

    private GuestSegmentFields() {
    }

    public static VmcsField selector(SegmentRegister r) {
        return offset(VmcsField.GUEST_ES_SELECTOR, r);
    }

    public static VmcsField base(SegmentRegister r) {
        return offset(VmcsField.GUEST_ES_BASE, r);
    }

    public static VmcsField limit(SegmentRegister r) {
        return offset(VmcsField.GUEST_ES_LIMIT, r);
    }

    public static VmcsField accessRights(SegmentRegister r) {
        return offset(VmcsField.GUEST_ES_ACCESS_RIGHTS, r);
    }

    /** The guest segment register {@code r} as the VMCS holds it. */
    public static Segment read(Vmcs vmcs, SegmentRegister r) {
        return new Segment(vmcs.read32(selector(r)), vmcs.read(base(r)), vmcs.read32(limit(r)),
                vmcs.read32(accessRights(r)));
    }

    /** Stores {@code s} into the guest fields of {@code r}. */
    public static void write(Vmcs vmcs, SegmentRegister r, Segment s) {
        vmcs.write(selector(r), s.selector());
        vmcs.write(base(r), s.base());
        vmcs.write(limit(r), s.limit() & 0xFFFF_FFFFL);
        vmcs.write(accessRights(r), s.accessRights() & 0xFFFF_FFFFL);
    }

    private static VmcsField offset(VmcsField first, SegmentRegister r) {
        return VmcsField.values()[first.ordinal() + r.ordinal()];
    }
}

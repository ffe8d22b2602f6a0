package dev.jvmx.vmx;

/**
 * A segment register as the VMCS holds it (SDM Vol. 3C §25.4.1): selector, base, limit and the
 * access-rights field in VMCS format:
 * <pre>
 *  31        17 16  15 14 13 12 11   8 7  6 5  4  3     0
 * +------------+---+--+--+--+--+------+--+----+--+-------+
 * |  reserved  | U | G|DB| L|AV| rsvd | P| DPL| S|  type |
 * +------------+---+--+--+--+--+------+--+----+--+-------+
 *   U = segment unusable (bit 16)
 * </pre>
 */
public record Segment(int selector, long base, int limit, int accessRights) {

    public static final int AR_UNUSABLE = 1 << 16;

    /** An unusable segment (AR bit 16), as VM exit leaves LDTR after host-state load. */
    public static Segment unusable(int selector) {
        return new Segment(selector, 0, 0, AR_UNUSABLE);
    }

    public int type() {
        return accessRights & 0xF;
    }

    /** Descriptor type S: 1 = code or data, 0 = system. */
    public boolean s() {
        return (accessRights & 0x10) != 0;
    }

    public int dpl() {
        return (accessRights >>> 5) & 3;
    }

    public boolean present() {
        return (accessRights & 0x80) != 0;
    }

    /** CS.L: 64-bit code segment. */
    public boolean l() {
        return (accessRights & 0x2000) != 0;
    }

    public boolean db() {
        return (accessRights & 0x4000) != 0;
    }

    public boolean g() {
        return (accessRights & 0x8000) != 0;
    }

    public boolean unusable() {
        return (accessRights & AR_UNUSABLE) != 0;
    }

    /** Requested privilege level, selector bits 1:0. */
    public int rpl() {
        return selector & 3;
    }

    /** Table indicator, selector bit 2. */
    public boolean ti() {
        return (selector & 4) != 0;
    }
}

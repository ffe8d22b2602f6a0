package dev.jvmx.runtime.machine.boot;

/**
 * A segment register with its hidden descriptor cache, as the VMCS guest-state area holds it
 * (SDM Vol. 3C §25.4.1): selector, base, limit (bytes, already scaled by G) and access rights in
 * the VMCS format (Table 25-2):
 * <pre>
 *  3:0 type | 4 S | 6:5 DPL | 7 P | 11:8 reserved | 12 AVL | 13 L | 14 D/B | 15 G | 16 unusable
 * </pre>
 */
public record SegmentState(int selector, long base, long limit, int accessRights) {
    public static final int AR_UNUSABLE = 1 << 16;

    /** A real-mode data segment (base = selector * 16, 64 KiB, read/write, accessed). */
    public static SegmentState realData(int selector) {
        return new SegmentState(selector, (long) selector << 4, 0xFFFF, 0x93);
    }

    /** A real-mode code segment (execute/read, accessed). */
    public static SegmentState realCode(int selector) {
        return new SegmentState(selector, (long) selector << 4, 0xFFFF, 0x9B);
    }

    /** Flat 4 GiB 32-bit code, DPL 0, execute/read, accessed, G = 1, D = 1. */
    public static SegmentState flatCode32(int selector) {
        return new SegmentState(selector, 0, 0xFFFF_FFFFL, 0xC09B);
    }

    /** Flat 4 GiB data, DPL 0, read/write, accessed, G = 1, B = 1. */
    public static SegmentState flatData32(int selector) {
        return new SegmentState(selector, 0, 0xFFFF_FFFFL, 0xC093);
    }

    /** 64-bit code (L = 1, D = 0), DPL 0. */
    public static SegmentState code64(int selector) {
        return new SegmentState(selector, 0, 0xFFFF_FFFFL, 0xA09B);
    }

    /** A busy TSS (type 11) of {@code limit + 1} bytes at {@code base}. */
    public static SegmentState busyTss(int selector, long base, long limit) {
        return new SegmentState(selector, base, limit, 0x8B);
    }

    /** An unusable segment (a null selector in protected mode). */
    public static SegmentState unusable() {
        return new SegmentState(0, 0, 0, AR_UNUSABLE);
    }

    public int type() { return accessRights & 0xF; }

    public int dpl() { return (accessRights >>> 5) & 3; }

    public boolean present() { return (accessRights & 0x80) != 0; }

    public boolean unusableFlag() { return (accessRights & AR_UNUSABLE) != 0; }

    /** L: 64-bit code segment. */
    public boolean longMode() { return (accessRights & 0x2000) != 0; }

    /** D/B: 32-bit default operand size. */
    public boolean defaultBig() { return (accessRights & 0x4000) != 0; }
}

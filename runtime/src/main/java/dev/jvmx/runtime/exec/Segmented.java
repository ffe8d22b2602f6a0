package dev.jvmx.runtime.exec;

import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.mem.GuestFault;
import dev.jvmx.x86.Seg;

/**
 * Memory accesses by segment and 16-bit offset, for the accesses that run past offset FFFFh.
 * The 8086 wraps the offset inside the segment (SDM Vol. 3A §22.29 "Segment wraparound": a word
 * at offset FFFFh has its high byte at offset 0); the 80286 and later raise a segment-limit fault,
 * #SS(0) for the stack segment and #GP(0) otherwise (SDM Vol. 3A §20.1.5, "Real-address mode
 * exceptions" of each instruction) — the 80286 raises #GP (interrupt 13) for the stack segment
 * too (SingleStepTests 80286 captures: ADD AX,[BP+SI] with BP+SI = FFFFh vectors through 34h).
 * Which one applies is {@link dev.jvmx.runtime.cpu.CpuGeneration#wordWrapsInSegment}.
 */
public final class Segmented {
    private Segmented() {}

    /** True if an access of {@code size} bits at 16-bit {@code offset} crosses the end of the segment. */
    public static boolean crosses(long offset, int size) {
        return (offset & 0xFFFF) + size / 8 > 0x10000;
    }

    public static long load(ExecContext c, Seg seg, long offset, int size) {
        return loadAt(c, c.cpu.segmentBase(seg), offset, size, seg);
    }

    public static void store(ExecContext c, Seg seg, long offset, long v, int size) {
        storeAt(c, c.cpu.segmentBase(seg), offset, v, size, seg);
    }

    private static long loadAt(ExecContext c, long base, long offset, int size, Seg seg) {
        checkLimit(c.cpu, seg, offset & 0xFFFF, size);
        if (!crosses(offset, size)) return Operands.load(c.mem, base + (offset & 0xFFFF), size);
        overrun(c.cpu, seg);
        long v = 0;
        for (int i = 0; i < size / 8; i++) v |= (c.mem.read8(base + ((offset + i) & 0xFFFF)) & 0xFFL) << (8 * i);
        return v;
    }

    private static void storeAt(ExecContext c, long base, long offset, long v, int size, Seg seg) {
        checkWrite(c.cpu, seg, offset & 0xFFFF, size);
        if (!crosses(offset, size)) {
            Operands.store(c.mem, base + (offset & 0xFFFF), v, size);
            return;
        }
        overrun(c.cpu, seg);
        for (int i = 0; i < size / 8; i++) c.mem.write8(base + ((offset + i) & 0xFFFF), (byte) (v >>> (8 * i)));
    }

    /**
     * The protected-mode segment checks of a data access (SDM Vol. 3A §5.3, §3.4.5.1): a null
     * (unusable) segment is #GP(0); an offset range past the limit of an expand-up segment, or
     * not above the limit (and within FFFFh, or FFFFFFFFh with B = 1) of an expand-down one, is
     * #SS(0) for SS and #GP(0) otherwise. No checks in real mode, 64-bit mode or process mode.
     */
    public static void checkLimit(CpuState s, Seg seg, long offset, int bits) {
        if (!s.systemMode || s.mode == dev.jvmx.x86.Mode.BITS64 || s.realMode()) return;
        int r = seg.ordinal();
        int ar = s.segAccess[r];
        int fault = seg == Seg.SS ? GuestFault.SS : GuestFault.GP;
        if ((ar & Descriptors.AR_UNUSABLE) != 0) throw GuestFault.of(fault, 0);
        // an execute-only code segment (only CS can hold one) can be neither read nor written
        // (SDM Vol. 3A §3.4.5.1 Table 3-1, Vol. 2 "MOV": "If the source operand is in a non-readable segment")
        if ((ar & 0x1A) == 0x18) throw GuestFault.of(fault, 0);
        long limit = s.segLimit[r] & 0xFFFF_FFFFL;
        long last = offset + bits / 8 - 1;
        if ((ar & 0x1C) == 0x14) { // S = 1, data, expand-down
            long upper = (ar & (1 << 14)) != 0 ? 0xFFFF_FFFFL : 0xFFFF;
            if (offset <= limit || last > upper) throw GuestFault.of(fault, 0);
        } else if (last > limit) {
            throw GuestFault.of(fault, 0);
        }
    }

    /**
     * {@link #checkLimit} for a write: besides the limit, a code segment or a read-only data
     * segment is #GP(0) (SDM Vol. 3A §5.5 "Privilege checks when accessing data", Table 3-1 type
     * field, and the "Protected Mode Exceptions" of each instruction: "If the destination is located
     * in a non-writable segment"); SS is always writable (its load requires it, §5.7).
     */
    public static void checkWrite(CpuState s, Seg seg, long offset, int bits) {
        checkLimit(s, seg, offset, bits);
        if (!s.systemMode || s.mode == dev.jvmx.x86.Mode.BITS64 || s.realMode()) return;
        int ar = s.segAccess[seg.ordinal()];
        if ((ar & 0x10) != 0 && (ar & 0x0A) != 0x02) throw GuestFault.of(seg == Seg.SS ? GuestFault.SS : GuestFault.GP, 0);
    }

    private static void overrun(CpuState s, Seg seg) {
        if (s.generation.wordWrapsInSegment) return;
        boolean stackFault = seg == Seg.SS && s.generation != dev.jvmx.runtime.cpu.CpuGeneration.I80286;
        throw GuestFault.of(stackFault ? GuestFault.SS : GuestFault.GP, 0);
    }
}

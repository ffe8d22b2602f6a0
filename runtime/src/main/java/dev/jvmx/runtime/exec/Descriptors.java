package dev.jvmx.runtime.exec;

import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.mem.GuestFault;
import dev.jvmx.x86.Mode;
import dev.jvmx.x86.Seg;

/**
 * Segment-register loads in protected mode: the selector picks an 8-byte GDT descriptor whose
 * base, limit and attributes fill the hidden cache (SDM Vol. 3A §3.4.5, Figure 3-8):
 * <pre>
 *   63..56 base 31:24 | 55 G | 54 D/B | 53 L | 52 AVL | 51..48 limit 19:16 | 47 P | 46..45 DPL | 44 S | 43..40 type
 *   39..16 base 23:0  | 15..0 limit 15:0
 * </pre>
 * The access rights are kept in the VMCS layout (bits 7:0 = descriptor bits 47:40, 15:12 =
 * bits 55:52, SDM Vol. 3C Table 25-2). A CS load also sets the code size (L in IA-32e mode, else
 * D) and CPL. Checked: null CS/SS (#GP(0)), LDT selectors and the GDT limit (#GP(selector)),
 * presence (#NP, #SS for SS). Not yet checked: descriptor types and privilege (SDM Vol. 3A §5.6).
 */
public final class Descriptors {
    private Descriptors() {}

    public static final int AR_UNUSABLE = 1 << 16;

    public static void load(ExecContext c, Seg seg, int selector) {
        CpuState s = c.cpu;
        int r = seg.ordinal();
        selector &= 0xFFFF;
        if ((selector & ~3) == 0) {
            if (seg == Seg.CS || seg == Seg.SS && s.mode != Mode.BITS64) throw GuestFault.of(GuestFault.GP, 0);
            s.segSelector[r] = selector;
            s.segAccess[r] = AR_UNUSABLE;
            return;
        }
        int index = selector & ~7;
        if ((selector & 4) != 0 || index + 7 > s.gdtrLimit) throw GuestFault.of(GuestFault.GP, selector & ~3);
        long d = c.systemMemory().read64(s.gdtrBase + index);
        if ((d & (1L << 47)) == 0) throw GuestFault.of(seg == Seg.SS ? GuestFault.SS : GuestFault.NP, selector & ~3);
        long base = ((d >>> 16) & 0xFF_FFFFL) | ((d >>> 56) & 0xFF) << 24;
        long limit = (d & 0xFFFF) | ((d >>> 48) & 0xF) << 16;
        int ar = (int) ((d >>> 40) & 0xFF) | (int) ((d >>> 52) & 0xF) << 12;
        if ((ar & (1 << 15)) != 0) limit = limit << 12 | 0xFFF;
        s.segSelector[r] = selector;
        s.segBase[r] = base;
        s.segLimit[r] = (int) limit;
        s.segAccess[r] = ar;
        if (seg == Seg.FS) s.fsBase = base;
        if (seg == Seg.GS) s.gsBase = base;
        if (seg == Seg.CS) {
            s.cpl = selector & 3;
            boolean longMode = (s.efer & (1L << 10)) != 0 && (ar & (1 << 13)) != 0;
            s.mode = longMode ? Mode.BITS64 : (ar & (1 << 14)) != 0 ? Mode.BITS32 : Mode.BITS16;
        }
    }

    /** A segment load by the rules of the current mode (real: base = selector * 16). */
    public static void loadAny(ExecContext c, Seg seg, int selector) {
        if (c.cpu.realMode() || !c.cpu.systemMode) c.cpu.loadRealSegment(seg, selector);
        else load(c, seg, selector);
    }
}

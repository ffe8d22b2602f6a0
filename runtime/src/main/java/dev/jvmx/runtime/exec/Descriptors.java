package dev.jvmx.runtime.exec;

import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.mem.GuestFault;
import dev.jvmx.x86.Flags;
import dev.jvmx.x86.Mode;
import dev.jvmx.x86.Seg;

/**
 * Segment descriptors and segment-register loads in protected mode (SDM Vol. 3A §3.4.5,
 * Figure 3-8; the checks of §5.4-§5.7 and Vol. 2 "MOV", "POP", "LDS/LES/LFS/LGS/LSS"):
 * <pre>
 *   63..56 base 31:24 | 55 G | 54 D/B | 53 L | 52 AVL | 51..48 limit 19:16 | 47 P | 46..45 DPL | 44 S | 43..40 type
 *   39..16 base 23:0  | 15..0 limit 15:0
 *   type (S = 1): bit 3 code; code: bit 2 conforming, bit 1 readable; data: bit 2 expand-down, bit 1 writable; bit 0 accessed
 *   type (S = 0): 1/3 16-bit TSS available/busy, 2 LDT, 4 16-bit call gate, 5 task gate, 6/7 16-bit interrupt/trap gate,
 *                 9/B 32-bit TSS available/busy, C call gate, E interrupt gate, F trap gate (64-bit forms in IA-32e mode)
 * </pre>
 * The access rights are kept in the VMCS layout (bits 7:0 = descriptor bits 47:40, 15:12 =
 * bits 55:52, SDM Vol. 3C Table 25-2). Selector: index 15:3, TI 2 (LDT), RPL 1:0. A load sets the
 * descriptor's accessed bit (§3.4.5.1). In virtual-8086 mode a load is a real-mode load (§20.1.1).
 */
public final class Descriptors {
    private Descriptors() {}

    public static final int AR_UNUSABLE = 1 << 16;

    // ---- descriptor fields ----

    public static long base(long d) { return ((d >>> 16) & 0xFF_FFFFL) | ((d >>> 56) & 0xFF) << 24; }

    /** The limit in bytes (scaled by G). */
    public static long limit(long d) {
        long limit = (d & 0xFFFF) | ((d >>> 48) & 0xF) << 16;
        return (d & (1L << 55)) != 0 ? limit << 12 | 0xFFF : limit;
    }

    public static int type(long d) { return (int) (d >>> 40) & 0xF; }

    public static int dpl(long d) { return (int) (d >>> 45) & 3; }

    public static boolean present(long d) { return (d & (1L << 47)) != 0; }

    /** S = 0: a system descriptor (TSS, LDT, gate). */
    public static boolean system(long d) { return (d & (1L << 44)) == 0; }

    static boolean code(long d) { return !system(d) && (type(d) & 8) != 0; }

    static boolean conforming(long d) { return code(d) && (type(d) & 4) != 0; }

    static boolean readable(long d) { return !code(d) || (type(d) & 2) != 0; }

    static boolean writableData(long d) { return !system(d) && (type(d) & 0xA) == 2; }

    static int accessRights(long d) { return (int) ((d >>> 40) & 0xFF) | (int) ((d >>> 52) & 0xF) << 12; }

    /** The error code of a fault about {@code selector}: its index and TI, EXT = 0 (SDM Vol. 3A §6.13). */
    static int error(int selector) { return selector & 0xFFFC; }

    // ---- tables ----

    /** Linear address of {@code selector}'s descriptor in the GDT or the LDT; #GP(selector) outside the table. */
    static long address(ExecContext c, int selector) {
        CpuState s = c.cpu;
        int index = selector & ~7;
        boolean ldt = (selector & 4) != 0;
        if (ldt && (s.ldtr & ~3) == 0) throw GuestFault.of(GuestFault.GP, error(selector));
        long limit = ldt ? s.ldtrLimit & 0xFFFF_FFFFL : s.gdtrLimit;
        if (index + 7 > limit) throw GuestFault.of(GuestFault.GP, error(selector));
        return (ldt ? s.ldtrBase : s.gdtrBase) + index;
    }

    /** The 8-byte descriptor {@code selector} names (an implicit supervisor access). */
    public static long read(ExecContext c, int selector) {
        return c.systemMemory().read64(address(c, selector));
    }

    /** Sets the accessed bit of a code or data descriptor that lacks it (§3.4.5.1). */
    static void setAccessed(ExecContext c, int selector, long d) {
        if ((d & (1L << 40)) == 0) c.systemMemory().write8(address(c, selector) + 5, (byte) ((d >>> 40) | 1));
    }

    /** Whether the current code runs in virtual-8086 mode (EFLAGS.VM, §20.2). */
    public static boolean v86(CpuState s) { return (s.rflags() & Flags.VM) != 0; }

    // ---- segment-register loads ----

    /**
     * MOV/POP Sreg, LDS..LSS: a data or stack segment by the rules of the current mode. CS goes
     * through {@link #loadCode} (far transfers, gates, task switches).
     */
    public static void load(ExecContext c, Seg seg, int selector) {
        CpuState s = c.cpu;
        selector &= 0xFFFF;
        if (s.realMode() || !s.systemMode || v86(s)) {
            s.loadRealSegment(seg, selector);
            return;
        }
        if (seg == Seg.CS) {
            loadCode(c, selector, selector & 3);
            return;
        }
        if ((selector & ~3) == 0) {
            // a null selector: #GP(0) for SS except in 64-bit mode below CPL 3 with RPL = CPL (SDM "MOV", "POP")
            if (seg == Seg.SS && (s.mode != Mode.BITS64 || s.cpl == 3 || (selector & 3) != s.cpl)) {
                throw GuestFault.of(GuestFault.GP, 0);
            }
            nullify(s, seg, selector);
            return;
        }
        long d = read(c, selector);
        int rpl = selector & 3, dpl = dpl(d);
        if (seg == Seg.SS) {
            if (rpl != s.cpl || !writableData(d) || dpl != s.cpl) throw GuestFault.of(GuestFault.GP, error(selector));
            if (!present(d)) throw GuestFault.of(GuestFault.SS, error(selector));
        } else {
            if (system(d) || !readable(d)) throw GuestFault.of(GuestFault.GP, error(selector));
            if (!conforming(d) && (rpl > dpl || s.cpl > dpl)) throw GuestFault.of(GuestFault.GP, error(selector));
            if (!present(d)) throw GuestFault.of(GuestFault.NP, error(selector));
        }
        setAccessed(c, selector, d);
        fill(s, seg, selector, d);
    }

    /** A segment register holding a null selector (unusable, §3.4.2). */
    static void nullify(CpuState s, Seg seg, int selector) {
        int r = seg.ordinal();
        s.segSelector[r] = selector;
        s.segAccess[r] = AR_UNUSABLE;
        s.segBase[r] = 0;
        if (seg == Seg.FS) s.fsBase = 0;
        if (seg == Seg.GS) s.gsBase = 0;
    }

    /**
     * Loads CS with a code segment for a transfer that ends at privilege level {@code cpl} (the
     * caller checked the privilege rules of its kind of transfer): #GP(0) for a null selector,
     * #GP(selector) for anything but a code segment, #NP(selector) if not present. The selector's
     * RPL becomes {@code cpl}; the code size follows CS.L (IA-32e mode) or CS.D.
     */
    public static void loadCode(ExecContext c, int selector, int cpl) {
        long d = codeDescriptor(c, selector);
        setAccessed(c, selector, d);
        enterCode(c.cpu, selector, d, cpl);
    }

    /** The descriptor of code segment {@code selector}, with the null, type and presence checks. */
    static long codeDescriptor(ExecContext c, int selector) {
        selector &= 0xFFFF;
        if ((selector & ~3) == 0) throw GuestFault.of(GuestFault.GP, 0);
        long d = read(c, selector);
        if (!code(d)) throw GuestFault.of(GuestFault.GP, error(selector));
        if (!present(d)) throw GuestFault.of(GuestFault.NP, error(selector));
        return d;
    }

    /** Commits CS = {@code selector} (RPL := cpl) with descriptor {@code d}, CPL and the code size. */
    static void enterCode(CpuState s, int selector, long d, int cpl) {
        fill(s, Seg.CS, (selector & ~3) | cpl, d);
        s.cpl = cpl;
        int ar = accessRights(d);
        boolean longMode = (s.efer & (1L << 10)) != 0 && (ar & (1 << 13)) != 0;
        s.mode = longMode ? Mode.BITS64 : (ar & (1 << 14)) != 0 ? Mode.BITS32 : Mode.BITS16;
    }

    /**
     * Loads SS for a privilege change to {@code cpl} (inner stack from the TSS, or the outer
     * stack of a return): RPL = DPL = cpl, a writable data segment, present (#TS / #GP and #SS
     * as {@code fault} says: #TS for a stack taken from the TSS, #GP for one popped off the stack).
     */
    static void loadStack(ExecContext c, int selector, int cpl, int fault) {
        CpuState s = c.cpu;
        selector &= 0xFFFF;
        if ((selector & ~3) == 0) {
            if (s.mode == Mode.BITS64 || (s.efer & (1L << 10)) != 0 && cpl < 3) { // IA-32e: a null SS with RPL = CPL
                nullify(s, Seg.SS, selector);
                return;
            }
            throw GuestFault.of(fault, error(selector));
        }
        long d = read(c, selector);
        if ((selector & 3) != cpl || dpl(d) != cpl || !writableData(d)) throw GuestFault.of(fault, error(selector));
        if (!present(d)) throw GuestFault.of(GuestFault.SS, error(selector));
        setAccessed(c, selector, d);
        fill(s, Seg.SS, selector, d);
    }

    /**
     * After a return to an outer level: DS, ES, FS and GS that the new CPL may not use (data or
     * non-conforming code with DPL < CPL) become null (SDM "RET", "IRET").
     */
    static void dropInaccessible(ExecContext c) {
        CpuState s = c.cpu;
        for (Seg seg : new Seg[] {Seg.ES, Seg.DS, Seg.FS, Seg.GS}) {
            int r = seg.ordinal();
            if ((s.segAccess[r] & AR_UNUSABLE) != 0) continue;
            int ar = s.segAccess[r];
            boolean conformingCode = (ar & 0x1C) == 0x1C;
            if (!conformingCode && ((ar >>> 5) & 3) < s.cpl) nullify(s, seg, 0);
        }
    }

    static void fill(CpuState s, Seg seg, int selector, long d) {
        int r = seg.ordinal();
        long base = base(d);
        s.segSelector[r] = selector & 0xFFFF;
        s.segBase[r] = base;
        s.segLimit[r] = (int) limit(d);
        s.segAccess[r] = accessRights(d) | 1;
        if (seg == Seg.FS) s.fsBase = base;
        if (seg == Seg.GS) s.gsBase = base;
    }

    /** A segment load by the rules of the current mode (real and virtual-8086: base = selector * 16). */
    public static void loadAny(ExecContext c, Seg seg, int selector) {
        load(c, seg, selector);
    }

    /**
     * LLDT r/m16 (SDM Vol. 2A "LLDT"): #UD in real and virtual-8086 mode, CPL 0; a null selector
     * leaves LDTR unusable; otherwise a GDT LDT descriptor (type 2), present (#NP).
     */
    static void lldt(ExecContext c, int selector) {
        CpuState s = c.cpu;
        selector &= 0xFFFF;
        if ((selector & ~3) == 0) {
            s.ldtr = selector;
            s.ldtrBase = 0;
            s.ldtrLimit = 0;
            return;
        }
        if ((selector & 4) != 0) throw GuestFault.of(GuestFault.GP, error(selector));
        long d = read(c, selector);
        if (!system(d) || type(d) != 2) throw GuestFault.of(GuestFault.GP, error(selector));
        if (!present(d)) throw GuestFault.of(GuestFault.NP, error(selector));
        long base = base(d);
        if (s.mode == Mode.BITS64) base |= (c.systemMemory().read32(address(c, selector) + 8) & 0xFFFF_FFFFL) << 32;
        s.ldtr = selector;
        s.ldtrBase = base;
        s.ldtrLimit = (int) limit(d);
    }
}

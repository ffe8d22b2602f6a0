package dev.jvmx.runtime.exec;

import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.cpu.SseFloat;
import dev.jvmx.runtime.cpu.SseFloat.Op;
import dev.jvmx.x86.Flags;
import dev.jvmx.x86.Instruction;
import dev.jvmx.x86.Mnemonic;
import dev.jvmx.x86.Operand;

/**
 * SSE/SSE2 floating point: scalar (SS/SD: low lane, the rest of the destination kept) and packed
 * (PS/PD) arithmetic, compares, COMIS/UCOMIS, and the conversions. Values are handled as bits
 * by {@link SseFloat}.
 */
final class SseFloatHandlers {
    private SseFloatHandlers() {}

    static void register(Handler[] t) {
        for (Op op : Op.values()) {
            t[Mnemonic.valueOf(op.name() + "SD").ordinal()] = (c, i) -> scalar64(c, i, op);
            t[Mnemonic.valueOf(op.name() + "SS").ordinal()] = (c, i) -> scalar32(c, i, op);
            t[Mnemonic.valueOf(op.name() + "PD").ordinal()] = (c, i) -> packed64(c, i, op);
            t[Mnemonic.valueOf(op.name() + "PS").ordinal()] = (c, i) -> packed32(c, i, op);
        }
        t[Mnemonic.CMPSD_SSE.ordinal()] = (c, i) -> cmpScalar(c, i, 64);
        t[Mnemonic.CMPSS.ordinal()] = (c, i) -> cmpScalar(c, i, 32);
        t[Mnemonic.CMPPD.ordinal()] = (c, i) -> cmpPacked(c, i, 64);
        t[Mnemonic.CMPPS.ordinal()] = (c, i) -> cmpPacked(c, i, 32);
        Handler comisd = (c, i) -> comi(c, d(c.cpu.ymm[Vec.xmm(i.op(0)) * 4]), d(Vec.loadLow(c, i.op(1), 64)));
        Handler comiss = (c, i) -> comi(c, f(c.cpu.ymm[Vec.xmm(i.op(0)) * 4]), f(Vec.loadLow(c, i.op(1), 32)));
        t[Mnemonic.COMISD.ordinal()] = comisd;
        t[Mnemonic.UCOMISD.ordinal()] = comisd;
        t[Mnemonic.COMISS.ordinal()] = comiss;
        t[Mnemonic.UCOMISS.ordinal()] = comiss;
        SseConvertHandlers.register(t);
    }

    static double d(long bits) { return Double.longBitsToDouble(bits); }

    static double f(long bits) { return Float.intBitsToFloat((int) bits); }

    static void scalar64(ExecContext c, Instruction i, Op op) {
        long b = Vec.loadLow(c, i.op(1), 64);
        int n = Vec.xmm(i.op(0)) * 4;
        c.cpu.ymm[n] = SseFloat.binary64(op, c.cpu.ymm[n], b);
    }

    static void scalar32(ExecContext c, Instruction i, Op op) {
        int b = (int) Vec.loadLow(c, i.op(1), 32);
        int n = Vec.xmm(i.op(0)) * 4;
        long r = SseFloat.binary32(op, (int) c.cpu.ymm[n], b) & 0xFFFF_FFFFL;
        c.cpu.ymm[n] = (c.cpu.ymm[n] & 0xFFFF_FFFF_0000_0000L) | r;
    }

    static void packed64(ExecContext c, Instruction i, Op op) {
        long[] a = Vec.load(c, i.op(0)), b = Vec.load(c, i.op(1));
        Vec.store(c, i.op(0), new long[] {SseFloat.binary64(op, a[0], b[0]), SseFloat.binary64(op, a[1], b[1])}, true);
    }

    static void packed32(ExecContext c, Instruction i, Op op) {
        long[] a = Vec.load(c, i.op(0)), b = Vec.load(c, i.op(1));
        long[] r = new long[2];
        for (int k = 0; k < 2; k++) {
            long lo = SseFloat.binary32(op, (int) a[k], (int) b[k]) & 0xFFFF_FFFFL;
            long hi = SseFloat.binary32(op, (int) (a[k] >>> 32), (int) (b[k] >>> 32)) & 0xFFFF_FFFFL;
            r[k] = hi << 32 | lo;
        }
        Vec.store(c, i.op(0), r, true);
    }

    static void cmpScalar(ExecContext c, Instruction i, int bits) {
        int pred = SseIntHandlers.imm(i);
        int n = Vec.xmm(i.op(0)) * 4;
        long b = Vec.loadLow(c, i.op(1), bits);
        CpuState s = c.cpu;
        if (bits == 64) {
            s.ymm[n] = SseFloat.compare(d(s.ymm[n]), d(b), pred) ? -1L : 0;
        } else {
            long r = SseFloat.compare(f(s.ymm[n]), f(b), pred) ? 0xFFFF_FFFFL : 0;
            s.ymm[n] = (s.ymm[n] & 0xFFFF_FFFF_0000_0000L) | r;
        }
    }

    static void cmpPacked(ExecContext c, Instruction i, int bits) {
        int pred = SseIntHandlers.imm(i);
        long[] a = Vec.load(c, i.op(0)), b = Vec.load(c, i.op(1));
        long[] r = new long[2];
        for (int k = 0; k < 2; k++) {
            if (bits == 64) {
                r[k] = SseFloat.compare(d(a[k]), d(b[k]), pred) ? -1L : 0;
            } else {
                long lo = SseFloat.compare(f(a[k]), f(b[k]), pred) ? 0xFFFF_FFFFL : 0;
                long hi = SseFloat.compare(f(a[k] >>> 32), f(b[k] >>> 32), pred) ? 0xFFFF_FFFFL : 0;
                r[k] = hi << 32 | lo;
            }
        }
        Vec.store(c, i.op(0), r, true);
    }

    /** COMISx/UCOMISx: ZF PF CF from the comparison; OF SF AF cleared. */
    static void comi(ExecContext c, double x, double y) {
        c.cpu.setStatus(Flags.STATUS, SseFloat.comparisonFlags(x, y));
    }

    static Operand src(Instruction i) { return i.op(1); }
}

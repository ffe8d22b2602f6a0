package dev.jvmx.runtime.exec;

import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.cpu.SseFloat;
import dev.jvmx.x86.Instruction;
import dev.jvmx.x86.Mnemonic;

/**
 * SSE/SSE2 conversions between integers, floats and doubles (SDM Vol. 2A "CVT..." entries).
 * Scalar conversions into an XMM register keep the rest of it; packed ones write all 128 bits.
 */
final class SseConvertHandlers {
    private SseConvertHandlers() {}

    static void register(Handler[] t) {
        t[Mnemonic.CVTSI2SD.ordinal()] = (c, i) -> setLow64(c, i, SseFloat.intToDouble(c.cpu, intSource(c, i)));
        t[Mnemonic.CVTSI2SS.ordinal()] = (c, i) -> setLow32(c, i, SseFloat.intToFloat(c.cpu, intSource(c, i)));
        t[Mnemonic.CVTTSD2SI.ordinal()] = (c, i) -> toInt(c, i, SseFloat.doubleToInt(c.cpu, Vec.loadLow(c, i.op(1), 64), i.op(0).size(), true));
        t[Mnemonic.CVTSD2SI.ordinal()] = (c, i) -> toInt(c, i, SseFloat.doubleToInt(c.cpu, Vec.loadLow(c, i.op(1), 64), i.op(0).size(), false));
        t[Mnemonic.CVTTSS2SI.ordinal()] = (c, i) -> toInt(c, i, SseFloat.floatToInt(c.cpu, (int) Vec.loadLow(c, i.op(1), 32), i.op(0).size(), true));
        t[Mnemonic.CVTSS2SI.ordinal()] = (c, i) -> toInt(c, i, SseFloat.floatToInt(c.cpu, (int) Vec.loadLow(c, i.op(1), 32), i.op(0).size(), false));
        t[Mnemonic.CVTSD2SS.ordinal()] = (c, i) -> setLow32(c, i, SseFloat.doubleToFloat(c.cpu, Vec.loadLow(c, i.op(1), 64)));
        t[Mnemonic.CVTSS2SD.ordinal()] = (c, i) -> setLow64(c, i, SseFloat.floatToDouble(c.cpu, (int) Vec.loadLow(c, i.op(1), 32)));
        t[Mnemonic.CVTDQ2PD.ordinal()] = (c, i) -> {
            long v = Vec.loadLow(c, i.op(1), 64);
            Vec.store(c, i.op(0), new long[] {bitsOf((int) v), bitsOf((int) (v >>> 32))}, true);
        };
        t[Mnemonic.CVTPS2PD.ordinal()] = (c, i) -> {
            long v = Vec.loadLow(c, i.op(1), 64);
            Vec.store(c, i.op(0), new long[] {SseFloat.floatToDouble(c.cpu, (int) v), SseFloat.floatToDouble(c.cpu, (int) (v >>> 32))}, true);
        };
        t[Mnemonic.CVTPD2PS.ordinal()] = (c, i) -> {
            long[] v = Vec.load(c, i.op(1));
            Vec.store(c, i.op(0), new long[] {pair(SseFloat.doubleToFloat(c.cpu, v[0]), SseFloat.doubleToFloat(c.cpu, v[1])), 0}, true);
        };
        t[Mnemonic.CVTDQ2PS.ordinal()] = (c, i) -> {
            long[] v = Vec.load(c, i.op(1));
            long[] r = new long[2];
            for (int k = 0; k < 2; k++) r[k] = pair(SseFloat.intToFloat(c.cpu, (int) v[k]), SseFloat.intToFloat(c.cpu, (int) (v[k] >>> 32)));
            Vec.store(c, i.op(0), r, true);
        };
        t[Mnemonic.CVTTPD2DQ.ordinal()] = (c, i) -> packedPd2dq(c, i, true);
        t[Mnemonic.CVTPD2DQ.ordinal()] = (c, i) -> packedPd2dq(c, i, false);
        t[Mnemonic.CVTTPS2DQ.ordinal()] = (c, i) -> packedPs2dq(c, i, true);
        t[Mnemonic.CVTPS2DQ.ordinal()] = (c, i) -> packedPs2dq(c, i, false);
    }

    private static long bitsOf(int v) { return Double.doubleToRawLongBits(v); }

    private static long pair(int lo, int hi) { return (long) hi << 32 | (lo & 0xFFFF_FFFFL); }

    private static long intSource(ExecContext c, Instruction i) {
        long v = Operands.read(c, i.op(1));
        return i.op(1).size() == 64 ? v : (int) v;
    }

    private static void setLow64(ExecContext c, Instruction i, long bits) {
        c.cpu.ymm[Vec.xmm(i.op(0)) * 4] = bits;
    }

    private static void setLow32(ExecContext c, Instruction i, int bits) {
        CpuState s = c.cpu;
        int n = Vec.xmm(i.op(0)) * 4;
        s.ymm[n] = (s.ymm[n] & 0xFFFF_FFFF_0000_0000L) | (bits & 0xFFFF_FFFFL);
    }

    private static void toInt(ExecContext c, Instruction i, long v) {
        Operands.write(c, i.op(0), v);
    }

    private static void packedPd2dq(ExecContext c, Instruction i, boolean truncate) {
        long[] v = Vec.load(c, i.op(1));
        int lo = (int) SseFloat.doubleToInt(c.cpu, v[0], 32, truncate), hi = (int) SseFloat.doubleToInt(c.cpu, v[1], 32, truncate);
        Vec.store(c, i.op(0), new long[] {pair(lo, hi), 0}, true);
    }

    private static void packedPs2dq(ExecContext c, Instruction i, boolean truncate) {
        long[] v = Vec.load(c, i.op(1));
        long[] r = new long[2];
        for (int k = 0; k < 2; k++) {
            int lo = (int) SseFloat.floatToInt(c.cpu, (int) v[k], 32, truncate);
            int hi = (int) SseFloat.floatToInt(c.cpu, (int) (v[k] >>> 32), 32, truncate);
            r[k] = pair(lo, hi);
        }
        Vec.store(c, i.op(0), r, true);
    }
}

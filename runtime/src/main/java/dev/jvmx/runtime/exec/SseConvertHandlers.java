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
        t[Mnemonic.CVTSI2SD.ordinal()] = (c, i) -> setLow64(c, i, Double.doubleToRawLongBits(intSource(c, i)));
        t[Mnemonic.CVTSI2SS.ordinal()] = (c, i) -> setLow32(c, i, Float.floatToRawIntBits(i.op(1).size() == 64
                ? (float) Operands.read(c, i.op(1)) : (float) (int) Operands.read(c, i.op(1))));
        t[Mnemonic.CVTTSD2SI.ordinal()] = (c, i) -> toInt(c, i, SseFloatHandlers.d(Vec.loadLow(c, i.op(1), 64)), 3);
        t[Mnemonic.CVTSD2SI.ordinal()] = (c, i) -> toInt(c, i, SseFloatHandlers.d(Vec.loadLow(c, i.op(1), 64)), SseFloat.roundingControl(c.cpu));
        t[Mnemonic.CVTTSS2SI.ordinal()] = (c, i) -> toInt(c, i, SseFloatHandlers.f(Vec.loadLow(c, i.op(1), 32)), 3);
        t[Mnemonic.CVTSS2SI.ordinal()] = (c, i) -> toInt(c, i, SseFloatHandlers.f(Vec.loadLow(c, i.op(1), 32)), SseFloat.roundingControl(c.cpu));
        t[Mnemonic.CVTSD2SS.ordinal()] = (c, i) -> setLow32(c, i, SseFloat.toFloat(Vec.loadLow(c, i.op(1), 64)));
        t[Mnemonic.CVTSS2SD.ordinal()] = (c, i) -> setLow64(c, i, SseFloat.toDouble((int) Vec.loadLow(c, i.op(1), 32)));
        t[Mnemonic.CVTDQ2PD.ordinal()] = (c, i) -> {
            long v = Vec.loadLow(c, i.op(1), 64);
            Vec.store(c, i.op(0), new long[] {bitsOf((int) v), bitsOf((int) (v >>> 32))}, true);
        };
        t[Mnemonic.CVTPS2PD.ordinal()] = (c, i) -> {
            long v = Vec.loadLow(c, i.op(1), 64);
            Vec.store(c, i.op(0), new long[] {SseFloat.toDouble((int) v), SseFloat.toDouble((int) (v >>> 32))}, true);
        };
        t[Mnemonic.CVTPD2PS.ordinal()] = (c, i) -> {
            long[] v = Vec.load(c, i.op(1));
            Vec.store(c, i.op(0), new long[] {pair(SseFloat.toFloat(v[0]), SseFloat.toFloat(v[1])), 0}, true);
        };
        t[Mnemonic.CVTDQ2PS.ordinal()] = (c, i) -> {
            long[] v = Vec.load(c, i.op(1));
            long[] r = new long[2];
            for (int k = 0; k < 2; k++) r[k] = pair(Float.floatToRawIntBits((float) (int) v[k]), Float.floatToRawIntBits((float) (int) (v[k] >>> 32)));
            Vec.store(c, i.op(0), r, true);
        };
        t[Mnemonic.CVTTPD2DQ.ordinal()] = (c, i) -> packedPd2dq(c, i, 3);
        t[Mnemonic.CVTPD2DQ.ordinal()] = (c, i) -> packedPd2dq(c, i, SseFloat.roundingControl(c.cpu));
        t[Mnemonic.CVTTPS2DQ.ordinal()] = (c, i) -> packedPs2dq(c, i, 3);
        t[Mnemonic.CVTPS2DQ.ordinal()] = (c, i) -> packedPs2dq(c, i, SseFloat.roundingControl(c.cpu));
    }

    private static long bitsOf(int v) { return Double.doubleToRawLongBits(v); }

    private static long pair(int lo, int hi) { return (long) hi << 32 | (lo & 0xFFFF_FFFFL); }

    private static double intSource(ExecContext c, Instruction i) {
        long v = Operands.read(c, i.op(1));
        return i.op(1).size() == 64 ? (double) v : (double) (int) v;
    }

    private static void setLow64(ExecContext c, Instruction i, long bits) {
        c.cpu.ymm[Vec.xmm(i.op(0)) * 4] = bits;
    }

    private static void setLow32(ExecContext c, Instruction i, int bits) {
        CpuState s = c.cpu;
        int n = Vec.xmm(i.op(0)) * 4;
        s.ymm[n] = (s.ymm[n] & 0xFFFF_FFFF_0000_0000L) | (bits & 0xFFFF_FFFFL);
    }

    private static void toInt(ExecContext c, Instruction i, double v, int rc) {
        Operands.write(c, i.op(0), SseFloat.toInt(v, i.op(0).size(), rc));
    }

    private static void packedPd2dq(ExecContext c, Instruction i, int rc) {
        long[] v = Vec.load(c, i.op(1));
        int lo = (int) SseFloat.toInt(SseFloatHandlers.d(v[0]), 32, rc), hi = (int) SseFloat.toInt(SseFloatHandlers.d(v[1]), 32, rc);
        Vec.store(c, i.op(0), new long[] {pair(lo, hi), 0}, true);
    }

    private static void packedPs2dq(ExecContext c, Instruction i, int rc) {
        long[] v = Vec.load(c, i.op(1));
        long[] r = new long[2];
        for (int k = 0; k < 2; k++) {
            int lo = (int) SseFloat.toInt(SseFloatHandlers.f(v[k]), 32, rc), hi = (int) SseFloat.toInt(SseFloatHandlers.f(v[k] >>> 32), 32, rc);
            r[k] = pair(lo, hi);
        }
        Vec.store(c, i.op(0), r, true);
    }
}

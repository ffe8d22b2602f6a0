package dev.jvmx.runtime.exec;

import dev.jvmx.runtime.cpu.SseFloat;
import dev.jvmx.runtime.cpu.SseFloat.Op;
import dev.jvmx.x86.Instruction;
import dev.jvmx.x86.Mnemonic;

/**
 * SSE3 (SDM Vol. 1 §12.5): ADDSUBPS/PD, HADDPS/PD, HSUBPS/PD (lane arithmetic through
 * {@link SseFloat}, so MXCSR rounding, DAZ/FTZ, flags and NaN rules are the SSE2 ones; the first
 * operand of each lane operation is the one whose NaN wins), MOVDDUP, MOVSHDUP, MOVSLDUP. LDDQU and
 * FISTTP are MOVDQU's and the x87 handlers. Executed only when the CPU model advertises SSE3.
 */
final class Sse3Handlers {
    private Sse3Handlers() {}

    static void register(Handler[] t) {
        t[Mnemonic.ADDSUBPD.ordinal()] = (c, i) -> pd(c, i, (a, b) -> new long[] {
            SseFloat.binary64(c.cpu, Op.SUB, a[0], b[0]), SseFloat.binary64(c.cpu, Op.ADD, a[1], b[1])});
        t[Mnemonic.HADDPD.ordinal()] = (c, i) -> pd(c, i, (a, b) -> new long[] {
            SseFloat.binary64(c.cpu, Op.ADD, a[0], a[1]), SseFloat.binary64(c.cpu, Op.ADD, b[0], b[1])});
        t[Mnemonic.HSUBPD.ordinal()] = (c, i) -> pd(c, i, (a, b) -> new long[] {
            SseFloat.binary64(c.cpu, Op.SUB, a[0], a[1]), SseFloat.binary64(c.cpu, Op.SUB, b[0], b[1])});
        t[Mnemonic.ADDSUBPS.ordinal()] = (c, i) -> ps(c, i, (a, b) -> new int[] {
            f32(c, Op.SUB, a[0], b[0]), f32(c, Op.ADD, a[1], b[1]), f32(c, Op.SUB, a[2], b[2]), f32(c, Op.ADD, a[3], b[3])});
        t[Mnemonic.HADDPS.ordinal()] = (c, i) -> ps(c, i, (a, b) -> horizontal(c, Op.ADD, a, b));
        t[Mnemonic.HSUBPS.ordinal()] = (c, i) -> ps(c, i, (a, b) -> horizontal(c, Op.SUB, a, b));
        t[Mnemonic.MOVDDUP.ordinal()] = (c, i) -> {
            long v = Vec.loadLow(c, i.op(1), 64);
            Vec.store(c, i.op(0), new long[] {v, v}, false);
        };
        t[Mnemonic.MOVSHDUP.ordinal()] = (c, i) -> Vec.store(c, i.op(0), dup(Vec.load(c, i.op(1)), 32), true);
        t[Mnemonic.MOVSLDUP.ordinal()] = (c, i) -> Vec.store(c, i.op(0), dup(Vec.load(c, i.op(1)), 0), true);
        for (Mnemonic m : new Mnemonic[] {Mnemonic.ADDSUBPD, Mnemonic.HADDPD, Mnemonic.HSUBPD, Mnemonic.ADDSUBPS,
                Mnemonic.HADDPS, Mnemonic.HSUBPS}) {
            t[m.ordinal()] = SseFloatHandlers.unmaskedExceptionsFault(t[m.ordinal()]);
        }
    }

    private interface Pd { long[] apply(long[] a, long[] b); }

    private interface Ps { int[] apply(int[] a, int[] b); }

    private static void pd(ExecContext c, Instruction i, Pd f) {
        long[] a = Vec.load(c, i.op(0)), b = Vec.load(c, i.op(1));
        Vec.store(c, i.op(0), f.apply(a, b), true);
    }

    private static void ps(ExecContext c, Instruction i, Ps f) {
        int[] r = f.apply(lanes(Vec.load(c, i.op(0))), lanes(Vec.load(c, i.op(1))));
        Vec.store(c, i.op(0), new long[] {(r[1] & 0xFFFF_FFFFL) << 32 | (r[0] & 0xFFFF_FFFFL),
            (r[3] & 0xFFFF_FFFFL) << 32 | (r[2] & 0xFFFF_FFFFL)}, true);
    }

    private static int[] lanes(long[] v) {
        return new int[] {(int) v[0], (int) (v[0] >>> 32), (int) v[1], (int) (v[1] >>> 32)};
    }

    private static int f32(ExecContext c, Op op, int a, int b) {
        return SseFloat.binary32(c.cpu, op, a, b);
    }

    /** HADDPS/HSUBPS: a0 op a1, a2 op a3, b0 op b1, b2 op b3 (SDM "HADDPS"). */
    private static int[] horizontal(ExecContext c, Op op, int[] a, int[] b) {
        return new int[] {f32(c, op, a[0], a[1]), f32(c, op, a[2], a[3]), f32(c, op, b[0], b[1]), f32(c, op, b[2], b[3])};
    }

    /** MOVSHDUP (shift 32: the odd dwords) and MOVSLDUP (shift 0: the even dwords), each duplicated. */
    private static long[] dup(long[] v, int shift) {
        long lo = (v[0] >>> shift) & 0xFFFF_FFFFL, hi = (v[1] >>> shift) & 0xFFFF_FFFFL;
        return new long[] {lo << 32 | lo, hi << 32 | hi};
    }
}

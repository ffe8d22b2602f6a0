package dev.jvmx.runtime.exec;

import dev.jvmx.runtime.cpu.SseFloat;
import dev.jvmx.runtime.cpu.SseFloat.Op;
import dev.jvmx.runtime.cpu.SseRound;
import dev.jvmx.x86.Instruction;
import dev.jvmx.x86.Mnemonic;

/**
 * SSE4.1 floating point: ROUNDPS/PD/SS/SD ({@link SseRound}) and the dot products DPPS/DPPD, whose
 * multiplies and adds each round once through {@link SseFloat} (in Intel's per-lane operand order,
 * see {@link #dpps}), so MXCSR, DAZ/FTZ, the flags and the NaN rules are SSE2's. Unmasked
 * exceptions raise #XM with the destination unchanged ({@link SseFloatHandlers#unmaskedExceptionsFault}).
 */
final class Sse4FloatHandlers {
    private Sse4FloatHandlers() {}

    static void register(Handler[] t) {
        t[Mnemonic.ROUNDPD.ordinal()] = (c, i) -> {
            long[] a = Vec.load(c, i.op(1));
            int imm = SseIntHandlers.imm(i);
            Vec.store(c, i.op(0), new long[] {SseRound.round64(c.cpu, a[0], imm), SseRound.round64(c.cpu, a[1], imm)}, true);
        };
        t[Mnemonic.ROUNDPS.ordinal()] = (c, i) -> {
            long[] a = Vec.load(c, i.op(1));
            int imm = SseIntHandlers.imm(i);
            long[] r = new long[2];
            for (int k = 0; k < 2; k++) {
                long lo = SseRound.round32(c.cpu, (int) a[k], imm) & 0xFFFF_FFFFL, hi = SseRound.round32(c.cpu, (int) (a[k] >>> 32), imm) & 0xFFFF_FFFFL;
                r[k] = hi << 32 | lo;
            }
            Vec.store(c, i.op(0), r, true);
        };
        t[Mnemonic.ROUNDSD.ordinal()] = (c, i) -> {
            long v = SseRound.round64(c.cpu, Vec.loadLow(c, i.op(1), 64), SseIntHandlers.imm(i));
            c.cpu.ymm[Vec.xmm(i.op(0)) * 4] = v;
        };
        t[Mnemonic.ROUNDSS.ordinal()] = (c, i) -> {
            int v = SseRound.round32(c.cpu, (int) Vec.loadLow(c, i.op(1), 32), SseIntHandlers.imm(i));
            int n = Vec.xmm(i.op(0)) * 4;
            c.cpu.ymm[n] = (c.cpu.ymm[n] & ~0xFFFF_FFFFL) | (v & 0xFFFF_FFFFL);
        };
        t[Mnemonic.DPPS.ordinal()] = Sse4FloatHandlers::dpps;
        t[Mnemonic.DPPD.ordinal()] = Sse4FloatHandlers::dppd;
        for (Mnemonic m : new Mnemonic[] {Mnemonic.ROUNDPD, Mnemonic.ROUNDPS, Mnemonic.ROUNDSD, Mnemonic.ROUNDSS}) {
            t[m.ordinal()] = SseFloatHandlers.unmaskedExceptionsFault(t[m.ordinal()]);
        }
        // VDPPS ymm runs its stages across both lanes (an unmasked exception of a stage stops both)
        t[Mnemonic.DPPS.ordinal()] = new SseFloatHandlers.ExceptionChecked(t[Mnemonic.DPPS.ordinal()], 0);
        t[Mnemonic.DPPD.ordinal()] = SseFloatHandlers.unmaskedExceptionsFault(t[Mnemonic.DPPD.ordinal()], 0);
    }

    /**
     * DPPS/DPPD run in stages (multiply, add, add). Each stage reports its flags like a single-stage
     * packed instruction (an unmasked IE/DE in a lane suppresses the stage's OE/UE/PE), flags of the
     * completed earlier stages are kept, and the first stage with an unmasked exception ends the
     * instruction with #XM (host-checked). {@code earlier}: the flags before the stage; returns the
     * flags after it.
     */
    private static int stage(ExecContext c, int earlier) {
        int mx = c.cpu.mxcsr, unmasked = ~(mx >> 7) & 0x3F;
        int now = mx & 0x3F;
        if ((now & 0x07 & unmasked) != 0) now &= 0x07;
        c.cpu.mxcsr = (mx & ~0x3F) | earlier | now;
        if (((earlier | now) & unmasked) != 0) throw dev.jvmx.runtime.mem.GuestFault.of(dev.jvmx.runtime.mem.GuestFault.XM);
        c.cpu.mxcsr &= ~0x3F; // the next stage starts with its own flags
        return earlier | now;
    }

    /** Puts the accumulated flags back after the last stage. */
    private static void done(ExecContext c, int flags) {
        c.cpu.mxcsr |= flags;
    }

    /**
     * DPPS: products t of the lanes selected by imm[7:4] (else +0.0); destination lane k (if imm[k])
     * gets (t[k^1] + t[k]) + (t[k^2 ^ 1] + t[k^2]). The SDM writes one sum broadcast; Intel computes it
     * per lane in this operand order, which shows only in which NaN propagates (host-checked).
     */
    static void dpps(ExecContext c, Instruction i) {
        int imm = SseIntHandlers.imm(i);
        if (Avx.vex(i)) { // VDPPS: (xmm1, xmm2, xmm3/m128) or per 128-bit lane of ymm (SDM "DPPS")
            int n = Avx.lanes(i);
            Avx.store(c, i.op(0), dpps(c, Avx.load(c, i.op(1), n, false), Avx.load(c, i.op(2), n, false), imm), false);
            return;
        }
        long[][] r = dpps(c, new long[][] {Vec.load(c, i.op(0))}, new long[][] {Vec.load(c, i.op(1))}, imm);
        Vec.store(c, i.op(0), r[0], true);
    }

    /** The DPPS stages over one or two 128-bit lanes at once; lanes {@code a[k]}, {@code b[k]}. */
    private static long[][] dpps(ExecContext c, long[][] a, long[][] b, int imm) {
        int n = a.length;
        int[] p = new int[4 * n], u = new int[4 * n];
        for (int k = 0; k < 4 * n; k++) {
            int x = (int) (a[k / 4][(k / 2) & 1] >>> (32 * (k % 2))), y = (int) (b[k / 4][(k / 2) & 1] >>> (32 * (k % 2)));
            p[k] = ((imm >> (4 + (k & 3))) & 1) != 0 ? SseFloat.binary32(c.cpu, Op.MUL, x, y) : 0;
        }
        int f = stage(c, 0);
        for (int k = 0; k < 4 * n; k++) u[k] = SseFloat.binary32(c.cpu, Op.ADD, p[k ^ 1], p[k]);
        f = stage(c, f);
        long[][] r = new long[n][2];
        for (int k = 0; k < 4 * n; k++) {
            long v = SseFloat.binary32(c.cpu, Op.ADD, u[k], u[k ^ 2]) & 0xFFFF_FFFFL;
            if (((imm >> (k & 3)) & 1) != 0) r[k / 4][(k / 2) & 1] |= v << (32 * (k % 2));
        }
        done(c, stage(c, f));
        return r;
    }

    /** DPPD: products selected by imm[5:4]; destination lane k (if imm[k]) gets t[k] + t[k^1] (host-checked order). */
    static void dppd(ExecContext c, Instruction i) {
        long[] a = Vec.load(c, i.op(0)), b = Vec.load(c, i.op(1));
        int imm = SseIntHandlers.imm(i);
        long p0 = (imm & 0x10) != 0 ? SseFloat.binary64(c.cpu, Op.MUL, a[0], b[0]) : 0;
        long p1 = (imm & 0x20) != 0 ? SseFloat.binary64(c.cpu, Op.MUL, a[1], b[1]) : 0;
        int f = stage(c, 0);
        long v0 = SseFloat.binary64(c.cpu, Op.ADD, p0, p1), v1 = SseFloat.binary64(c.cpu, Op.ADD, p1, p0);
        done(c, stage(c, f));
        Vec.store(c, i.op(0), new long[] {(imm & 1) != 0 ? v0 : 0, (imm & 2) != 0 ? v1 : 0}, true);
    }
}

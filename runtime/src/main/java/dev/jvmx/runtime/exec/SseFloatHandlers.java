package dev.jvmx.runtime.exec;

import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.cpu.SseFast;
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
        t[Mnemonic.COMISD.ordinal()] = (c, i) -> comi(c, i, 64, true);
        t[Mnemonic.UCOMISD.ordinal()] = (c, i) -> comi(c, i, 64, false);
        t[Mnemonic.COMISS.ordinal()] = (c, i) -> comi(c, i, 32, true);
        t[Mnemonic.UCOMISS.ordinal()] = (c, i) -> comi(c, i, 32, false);
        for (boolean rsqrt : new boolean[] {false, true}) {
            t[(rsqrt ? Mnemonic.RSQRTSS : Mnemonic.RCPSS).ordinal()] = (c, i) -> {
                int b = (int) Vec.loadLow(c, i.op(1), 32);
                int n = Vec.xmm(i.op(0)) * 4;
                long r = SseFloat.approximate32(b, rsqrt) & 0xFFFF_FFFFL;
                c.cpu.ymm[n] = (c.cpu.ymm[n] & 0xFFFF_FFFF_0000_0000L) | r;
            };
            t[(rsqrt ? Mnemonic.RSQRTPS : Mnemonic.RCPPS).ordinal()] = (c, i) -> {
                long[] b = Vec.load(c, i.op(1));
                long[] r = new long[2];
                for (int k = 0; k < 2; k++) {
                    r[k] = (SseFloat.approximate32((int) (b[k] >>> 32), rsqrt) & 0xFFFF_FFFFL) << 32
                            | SseFloat.approximate32((int) b[k], rsqrt) & 0xFFFF_FFFFL;
                }
                Vec.store(c, i.op(0), r, true);
            };
        }
        SseConvertHandlers.register(t);
        Sse3Handlers.register(t);
        Sse4FloatHandlers.register(t);
        for (Mnemonic m : FLOATING) t[m.ordinal()] = unmaskedExceptionsFault(t[m.ordinal()]);
    }

    /** The forms that can raise SIMD floating-point exceptions (SDM Vol. 1 §11.5.1). */
    static final Mnemonic[] FLOATING = floating();

    private static Mnemonic[] floating() {
        java.util.List<Mnemonic> l = new java.util.ArrayList<>();
        for (Op op : Op.values()) for (String t : new String[] {"SD", "SS", "PD", "PS"}) l.add(Mnemonic.valueOf(op.name() + t));
        l.addAll(java.util.List.of(Mnemonic.CMPSD_SSE, Mnemonic.CMPSS, Mnemonic.CMPPD, Mnemonic.CMPPS, Mnemonic.COMISD,
            Mnemonic.UCOMISD, Mnemonic.COMISS, Mnemonic.UCOMISS, Mnemonic.CVTSI2SD, Mnemonic.CVTSI2SS, Mnemonic.CVTTSD2SI,
            Mnemonic.CVTSD2SI, Mnemonic.CVTTSS2SI, Mnemonic.CVTSS2SI, Mnemonic.CVTSD2SS, Mnemonic.CVTSS2SD, Mnemonic.CVTPS2PD,
            Mnemonic.CVTPD2PS, Mnemonic.CVTDQ2PS, Mnemonic.CVTTPD2DQ, Mnemonic.CVTPD2DQ, Mnemonic.CVTTPS2DQ, Mnemonic.CVTPS2DQ));
        return l.toArray(Mnemonic[]::new);
    }

    /**
     * Unmasked SIMD exceptions (SDM Vol. 1 §11.5.4): the exceptions the instruction detects are
     * recorded in MXCSR; if any of them is unmasked the destination stays unchanged and #XM is
     * raised (the interpreter restores RIP and RFLAGS).
     */
    static Handler unmaskedExceptionsFault(Handler h) {
        return unmaskedExceptionsFault(h, 0x07);
    }

    /**
     * {@code stripOn}: the unmasked pre-computation exceptions that suppress the post-computation
     * flags (OE UE PE) of all lanes: IE DE ZE for single-stage forms; none for DPPS/DPPD, which
     * apply the rule per stage themselves.
     */
    static Handler unmaskedExceptionsFault(Handler h, int stripOn) {
        return new ExceptionChecked(VexLegacy.adapt(h), stripOn);
    }

    /**
     * A floating-point handler inside its exception check; its VEX forms run lane by lane
     * ({@link VexLegacy}) inside the one check, so the flags and the #XM decision cover all lanes.
     */
    record ExceptionChecked(Handler h, int stripOn) implements Handler {
        @Override
        public void exec(ExecContext c, Instruction i) {
            CpuState s = c.cpu;
            // with every exception masked (the usual MXCSR) nothing is ever restored: no snapshot
            long[] saved = (s.mxcsr & 0x1F80) == 0x1F80 ? null : snapshot(c, i.op(0));
            int before = SseFast.begin(s);
            try {
                h.exec(c, i);
            } finally {
                if (SseFast.end(s, before, stripOn)) {
                    restore(c, i.op(0), saved);
                    throw dev.jvmx.runtime.mem.GuestFault.of(dev.jvmx.runtime.mem.GuestFault.XM);
                }
            }
        }
    }

    private static long[] snapshot(ExecContext c, Operand o) {
        if (Vec.isXmm(o)) return java.util.Arrays.copyOfRange(c.cpu.ymm, Vec.xmm(o) * 4, Vec.xmm(o) * 4 + 4);
        if (o instanceof Operand.Reg r && r.cls() == dev.jvmx.x86.RegClass.GPR) return new long[] {c.cpu.gpr[r.num()]};
        return null;
    }

    private static void restore(ExecContext c, Operand o, long[] saved) {
        if (saved == null) return;
        if (saved.length == 4) {
            System.arraycopy(saved, 0, c.cpu.ymm, Vec.xmm(o) * 4, 4);
        } else {
            c.cpu.gpr[((Operand.Reg) o).num()] = saved[0];
        }
    }

    static double d(long bits) { return Double.longBitsToDouble(bits); }

    static double f(long bits) { return Float.intBitsToFloat((int) bits); }

    // Unchecked arithmetic: the ExceptionChecked wrapper decides #XM once for all lanes (a VEX.256
    // form runs this per 128-bit lane inside it). Translated code calls SseFast's checked forms.
    static void scalar64(ExecContext c, Instruction i, Op op) {
        long b = Vec.loadLow(c, i.op(1), 64);
        int n = Vec.xmm(i.op(0)) * 4;
        c.cpu.ymm[n] = SseFloat.binary64(c.cpu, op, c.cpu.ymm[n], b);
    }

    static void scalar32(ExecContext c, Instruction i, Op op) {
        int b = (int) Vec.loadLow(c, i.op(1), 32);
        int n = Vec.xmm(i.op(0)) * 4;
        long r = SseFloat.binary32(c.cpu, op, (int) c.cpu.ymm[n], b) & 0xFFFF_FFFFL;
        c.cpu.ymm[n] = (c.cpu.ymm[n] & 0xFFFF_FFFF_0000_0000L) | r;
    }

    static void packed64(ExecContext c, Instruction i, Op op) {
        CpuState s = c.cpu;
        int n = Vec.xmm(i.op(0)) * 4;
        if (i.op(1) instanceof Operand.Mem) {
            Vec.withSource(c, i.op(1), true, (lo, hi) -> SseFast.doubles(s, op, n, lo, hi));
        } else {
            int m = Vec.xmm(i.op(1)) * 4;
            SseFast.doubles(s, op, n, s.ymm[m], s.ymm[m + 1]);
        }
    }

    static void packed32(ExecContext c, Instruction i, Op op) {
        CpuState s = c.cpu;
        int n = Vec.xmm(i.op(0)) * 4;
        Vec.withSource(c, i.op(1), true, (lo, hi) -> SseFast.singles(s, op, n, lo, hi));
    }

    /** The compare predicate: imm8[4:0] for VEX encodings, imm8[2:0] for legacy SSE (SDM "CMPPS"). */
    static int predicate(ExecContext c, Instruction i) {
        return SseIntHandlers.imm(i) & (c.vexLane ? 31 : 7);
    }

    static void cmpScalar(ExecContext c, Instruction i, int bits) {
        int pred = predicate(c, i);
        int n = Vec.xmm(i.op(0)) * 4;
        long b = Vec.loadLow(c, i.op(1), bits);
        CpuState s = c.cpu;
        if (bits == 64) {
            s.ymm[n] = compareLane(s, s.ymm[n], b, 64, pred) ? -1L : 0;
        } else {
            long r = compareLane(s, s.ymm[n], b, 32, pred) ? 0xFFFF_FFFFL : 0;
            s.ymm[n] = (s.ymm[n] & 0xFFFF_FFFF_0000_0000L) | r;
        }
    }

    static void cmpPacked(ExecContext c, Instruction i, int bits) {
        int pred = predicate(c, i);
        long[] a = Vec.load(c, i.op(0)), b = Vec.load(c, i.op(1));
        long[] r = new long[2];
        for (int k = 0; k < 2; k++) {
            if (bits == 64) {
                r[k] = compareLane(c.cpu, a[k], b[k], 64, pred) ? -1L : 0;
            } else {
                long lo = compareLane(c.cpu, a[k], b[k], 32, pred) ? 0xFFFF_FFFFL : 0;
                long hi = compareLane(c.cpu, a[k] >>> 32, b[k] >>> 32, 32, pred) ? 0xFFFF_FFFFL : 0;
                r[k] = hi << 32 | lo;
            }
        }
        Vec.store(c, i.op(0), r, true);
    }

    /** One compare lane with MXCSR flags (IE/DE) and DAZ. */
    static boolean compareLane(CpuState s, long a, long b, int bits, int pred) {
        boolean sig = SseFloat.signallingPredicate(pred);
        double[] v = bits == 64 ? SseFloat.compareOperands64(s, a, b, sig) : SseFloat.compareOperands32(s, (int) a, (int) b, sig);
        return SseFloat.compare(v[0], v[1], pred);
    }

    /** COMISx (IE on any NaN) / UCOMISx (IE on SNaN): ZF PF CF from the comparison; OF SF AF cleared. */
    static void comi(ExecContext c, Instruction i, int bits, boolean signalling) {
        CpuState s = c.cpu;
        long a = s.ymm[Vec.xmm(i.op(0)) * 4], b = Vec.loadLow(c, i.op(1), bits);
        s.setStatus(Flags.STATUS, SseFast.comiFlags(s, a, b, bits, signalling));
    }

    static Operand src(Instruction i) { return i.op(1); }
}

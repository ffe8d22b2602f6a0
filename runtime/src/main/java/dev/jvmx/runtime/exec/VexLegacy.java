package dev.jvmx.runtime.exec;

import dev.jvmx.runtime.cpu.AvxFast;
import dev.jvmx.runtime.mem.GuestFault;
import dev.jvmx.x86.Form;
import dev.jvmx.x86.Instruction;
import dev.jvmx.x86.Mnemonic;
import dev.jvmx.x86.Operand;
import dev.jvmx.x86.Prefix;
import dev.jvmx.x86.RegClass;
import java.util.EnumSet;
import java.util.Set;

/**
 * The VEX forms of the SSE instructions (SDM Vol. 1 §14.1.3, Vol. 2A §2.3), run by the legacy
 * SSE handler of the same mnemonic, so the SSE semantics are written once:
 *
 * <pre>
 *   VEX op  V, H, W[, imm]   ==  for each 128-bit lane k (one for VEX.128, two for VEX.256):
 *                                  V.low128 := H.lane[k];  S := W.lane[k]
 *                                  legacy op V, S[, imm_k]        (S = a scratch XMM register)
 *                                  result[k] := V.low128
 *                                V := result, zero-extended to 256 bits (VLMAX zeroing)
 *   VEX op  V, W[, imm]      ==  the same without H (the legacy operation overwrites all 128 bits)
 *   VEX op  H, U, imm        ==  shifts by immediate: the destination is VEX.vvvv, the source U
 * </pre>
 *
 * W is read entirely before anything is written, without the legacy 16-byte alignment rule
 * except for the aligned moves (VMOVAPS...: the whole operand's size, #GP(0)); a memory operand
 * narrower than 128 bits goes to the legacy handler as it is. A fault restores the destination.
 *
 * <p>Where VEX.256 is not "the same per lane", the shape says so: shifts by an XMM count use the
 * count's low lane for both lanes; widening conversions and PMOVSX/ZX take lane k's input from
 * the k-th half, quarter or eighth of the source; the PD-to-PS/DQ conversions put both lanes'
 * 64-bit results into one XMM register; BLENDPS/BLENDPD/SHUFPD/MPSADBW take lane 1's immediate
 * bits from higher up; the mask extractions and PTEST combine the lanes' results.
 */
final class VexLegacy {
    private VexLegacy() {}

    /** The scratch register {@code CpuState.ymm} keeps after the 16 architectural ones. */
    static final int SCRATCH = 16;
    private static final Operand SCRATCH_REG = new Operand.Reg(RegClass.XMM, SCRATCH, 128);

    /** A handler that runs {@code legacy} for legacy encodings and lane by lane for VEX ones. */
    static Handler adapt(Handler legacy) {
        return legacy instanceof Adapted ? legacy : new Adapted(legacy);
    }

    record Adapted(Handler legacy) implements Handler {
        @Override
        public void exec(ExecContext c, Instruction i) {
            if (Avx.vex(i)) run(c, i, legacy);
            else legacy.exec(c, i);
        }
    }

    /** Forms whose vector first operand is a source only (flags, ECX or XMM0 results). */
    private static final Set<Mnemonic> NO_VECTOR_DESTINATION = EnumSet.of(Mnemonic.COMISS, Mnemonic.COMISD,
            Mnemonic.UCOMISS, Mnemonic.UCOMISD, Mnemonic.PTEST, Mnemonic.PCMPESTRI, Mnemonic.PCMPESTRM,
            Mnemonic.PCMPISTRI, Mnemonic.PCMPISTRM);
    /** VEX forms that keep the alignment rule, for the operand's whole size (SDM "VMOVAPS", "VMOVNTDQ"...). */
    private static final Set<Mnemonic> ALIGNED = EnumSet.of(Mnemonic.MOVAPS, Mnemonic.MOVAPD, Mnemonic.MOVDQA,
            Mnemonic.MOVNTPS, Mnemonic.MOVNTPD, Mnemonic.MOVNTDQ, Mnemonic.MOVNTDQA);
    private static final Set<Mnemonic> COUNT_SHIFTS = EnumSet.of(Mnemonic.PSLLW, Mnemonic.PSLLD, Mnemonic.PSLLQ,
            Mnemonic.PSRLW, Mnemonic.PSRLD, Mnemonic.PSRLQ, Mnemonic.PSRAW, Mnemonic.PSRAD);
    private static final Set<Mnemonic> NARROWING = EnumSet.of(Mnemonic.CVTPD2PS, Mnemonic.CVTPD2DQ, Mnemonic.CVTTPD2DQ);

    /** Lane k of a VEX.256 widening form reads 1/fraction of the 256-bit result's source. */
    private static int widening(Mnemonic m) {
        return switch (m) {
            case PMOVSXBW, PMOVSXWD, PMOVSXDQ, PMOVZXBW, PMOVZXWD, PMOVZXDQ, CVTPS2PD, CVTDQ2PD -> 2;
            case PMOVSXBD, PMOVSXWQ, PMOVZXBD, PMOVZXWQ -> 4;
            case PMOVSXBQ, PMOVZXBQ -> 8;
            default -> 1;
        };
    }

    /** Immediate of lane {@code k}: the lanes of VEX.256 BLENDPS/BLENDPD/SHUFPD/MPSADBW use their own bits. */
    private static long laneImmediate(Mnemonic m, long imm, int k) {
        int shift = switch (m) {
            case BLENDPS -> 4;
            case BLENDPD, SHUFPD -> 2;
            case MPSADBW -> 3;
            default -> 0;
        };
        return (imm >>> (shift * k)) & 0xFF;
    }

    static void run(ExecContext c, Instruction i, Handler legacy) {
        if (quadwordForm(c, i)) return;
        Mnemonic m = i.mnemonic();
        Operand d = i.op(0);
        if (d instanceof Operand.Mem md && md.size() >= 128) {
            store(c, i, md);
        } else if (!Vec.isXmm(d) || NO_VECTOR_DESTINATION.contains(m)) {
            noVectorDestination(c, i, legacy);
        } else {
            lanes(c, i, legacy);
        }
    }

    /**
     * The forms translated code inlines, run by the same {@link AvxFast} methods without the lane
     * loop (no operand arrays, legacy instructions or lane arrays per execution): VEX {@code V, H,
     * W} operations that work within quadwords ({@link AvxFast#quadwordOp}) and the unaligned and
     * aligned moves between registers and from memory. Same results as the lane loop: W read
     * completely first, VLMAX zeroing, the aligned moves' #GP(0) for the whole operand. False
     * (nothing done) for every other form and shape.
     */
    private static boolean quadwordForm(ExecContext c, Instruction i) {
        Mnemonic m = i.mnemonic();
        long[] y = c.cpu.ymm;
        int n = i.operandCount();
        if (n == 3 && AvxFast.quadwordOp(m) >= 0 && Vec.isXmm(i.op(0)) && Vec.isXmm(i.op(1))) {
            int quads = i.op(0).size() / 64;
            Operand w = i.op(2);
            int at;
            if (w instanceof Operand.Mem wm && wm.size() == i.op(0).size()) {
                load(c, wm, false, SCRATCH * 4);
                at = SCRATCH * 4;
            } else if (Vec.isXmm(w)) {
                at = Vec.xmm(w) * 4;
            } else {
                return false;
            }
            AvxFast.words(AvxFast.quadwordOp(m), AvxFast.laneBits(m), y, Vec.xmm(i.op(0)) * 4, Vec.xmm(i.op(1)) * 4, at, quads);
            return true;
        }
        boolean move = m == Mnemonic.MOVDQU || m == Mnemonic.MOVUPS || m == Mnemonic.MOVUPD || m == Mnemonic.MOVDQA
                || m == Mnemonic.MOVAPS || m == Mnemonic.MOVAPD;
        if (!move || n != 2 || !Vec.isXmm(i.op(0))) return false;
        Operand s = i.op(1);
        int d = Vec.xmm(i.op(0)) * 4;
        if (s instanceof Operand.Mem sm && sm.size() == i.op(0).size()) {
            load(c, sm, ALIGNED.contains(m), d);
        } else if (Vec.isXmm(s)) {
            AvxFast.move(y, d, Vec.xmm(s) * 4, i.op(0).size() / 64);
        } else {
            return false;
        }
        return true;
    }

    /** {@link AvxFast#load} of an m128/m256 into {@code ymm[at..]} ({@code aligned}: to its size, else #GP(0) first). */
    private static void load(ExecContext c, Operand.Mem m, boolean aligned, int at) {
        long a = Operands.linear(c.cpu, m);
        if (aligned) AvxFast.aligned(a, m.size() / 8);
        dev.jvmx.runtime.mem.DirectTlb tlb = c.mem.directTlb();
        AvxFast.load(c.mem, tlb.readTags, a, c.cpu.ymm, at, m.size() / 64);
    }

    /** VMOVUPS/VMOVAPS/VMOVDQx/VMOVNTx m128/m256, xmm/ymm. */
    private static void store(ExecContext c, Instruction i, Operand.Mem md) {
        int n = md.size() / 128;
        Avx.store(c, md, Avx.load(c, i.op(1), n, false), ALIGNED.contains(i.mnemonic()));
    }

    /**
     * GPR or memory destinations and flag results: VEX.128 is the legacy instruction (but VPTEST
     * reads m128 without the legacy alignment rule); VEX.256 MOVMSKPS/PD, PMOVMSKB and PTEST combine the lanes. VPCMPxSTRM zeroes XMM0's upper half.
     */
    private static void noVectorDestination(ExecContext c, Instruction i, Handler legacy) {
        Mnemonic m = i.mnemonic();
        if (i.op(1).size() == 256 || m == Mnemonic.PTEST) { // VPTEST m128 has no alignment rule either (host-checked)
            int n = i.op(1).size() / 128;
            long[][] a = Avx.load(c, i.op(1), n, false);
            switch (m) {
                case MOVMSKPS -> Operands.write(c, i.op(0), dev.jvmx.runtime.cpu.SseInt.movmsk(a[0], 32) | dev.jvmx.runtime.cpu.SseInt.movmsk(a[1], 32) << 4);
                case MOVMSKPD -> Operands.write(c, i.op(0), dev.jvmx.runtime.cpu.SseInt.movmsk(a[0], 64) | dev.jvmx.runtime.cpu.SseInt.movmsk(a[1], 64) << 2);
                case PMOVMSKB -> Operands.write(c, i.op(0), dev.jvmx.runtime.cpu.SseInt.pmovmskb(a[0][0], a[0][1]) | dev.jvmx.runtime.cpu.SseInt.pmovmskb(a[1][0], a[1][1]) << 16);
                case PTEST -> {
                    long[][] x = Avx.load(c, i.op(0), n, false);
                    int f = -1;
                    for (int k = 0; k < n; k++) f &= dev.jvmx.runtime.cpu.SseIntExt.ptest(x[k], a[k]);
                    c.cpu.setStatus(dev.jvmx.x86.Flags.STATUS, f);
                }
                default -> throw GuestFault.of(GuestFault.UD);
            }
            return;
        }
        exec(c, legacy, legacyInstruction(i, i.operands()));
        if (m == Mnemonic.PCMPESTRM || m == Mnemonic.PCMPISTRM) Avx.setYmm(c.cpu, 0, new long[] {c.cpu.ymm[0], c.cpu.ymm[1]});
    }

    /** The lane loop for an XMM/YMM destination (see the class comment). */
    private static void lanes(ExecContext c, Instruction i, Handler legacy) {
        Mnemonic m = i.mnemonic();
        Operand[] ops = i.operands();
        // scalar (LIG) and 128-bit-only forms have a 128-bit destination whatever VEX.L says
        int n = (NARROWING.contains(m) ? ops[1] : ops[0]).size() == 256 ? 2 : 1, h = hOperand(i);
        int d = Vec.xmm(ops[0]);
        boolean shiftByImmediate = h == 0;
        // the legacy shape: destination, then the operands after H (for shifts by immediate: destination, imm)
        Operand first = shiftByImmediate ? ops[1] : h > 0 ? ops[h] : null;
        Operand[] legacyOps = legacyOperands(ops, h, shiftByImmediate);
        int w = legacyOps.length > 1 && (Vec.isXmm(legacyOps[1]) || legacyOps[1] instanceof Operand.Mem) ? 1 : -1;
        long[][] firstLanes = first == null ? null : Avx.load(c, first, n, false);
        long[][] wLanes = w < 0 ? null : sourceLanes(c, m, legacyOps[w], n);
        if (wLanes != null) legacyOps[w] = SCRATCH_REG;
        long[] saved = new long[8];
        System.arraycopy(c.cpu.ymm, d * 4, saved, 0, 4);
        long[][] result = new long[n][];
        try {
            for (int k = 0; k < n; k++) {
                if (firstLanes != null) Vec.setXmm(c.cpu, d, firstLanes[k][0], firstLanes[k][1]);
                if (wLanes != null) Vec.setXmm(c.cpu, SCRATCH, wLanes[k][0], wLanes[k][1]);
                Operand[] laneOps = legacyOps.clone();
                int last = laneOps.length - 1;
                if (k > 0 && laneOps[last] instanceof Operand.Imm imm) {
                    laneOps[last] = new Operand.Imm(laneImmediate(m, imm.value(), k), imm.size());
                }
                exec(c, legacy, legacyInstruction(i, laneOps));
                result[k] = new long[] {c.cpu.ymm[d * 4], c.cpu.ymm[d * 4 + 1]};
            }
        } catch (RuntimeException e) {
            System.arraycopy(saved, 0, c.cpu.ymm, d * 4, 4);
            throw e;
        } finally {
            java.util.Arrays.fill(c.cpu.ymm, SCRATCH * 4, SCRATCH * 4 + 4, 0);
        }
        if (n == 2 && NARROWING.contains(m)) Avx.setYmm(c.cpu, d, new long[] {result[0][0], result[1][0]});
        else Avx.setYmm(c.cpu, d, result);
    }

    /**
     * The source's 128-bit lanes as the legacy operation of lane k sees them, or null for a
     * memory operand narrower than 128 bits (passed to the legacy handler as it is).
     */
    private static long[][] sourceLanes(ExecContext c, Mnemonic m, Operand src, int n) {
        int fraction = n == 2 ? widening(m) : 1;
        if (COUNT_SHIFTS.contains(m)) {
            long[] count = Avx.lane(c, src, 0, false);
            return n == 2 ? new long[][] {count, count} : new long[][] {count};
        }
        if (src instanceof Operand.Mem mem && mem.size() < 128) {
            if (fraction == 1) return null;
            byte[] bytes = new byte[mem.size() / 8];
            c.mem.read(Operands.linear(c.cpu, mem), bytes, 0, bytes.length);
            return split(bytes, n);
        }
        if (fraction > 1) {
            long[] v = Avx.lane(c, src, 0, false);
            byte[] bytes = new byte[16 / fraction * n];
            for (int b = 0; b < bytes.length; b++) bytes[b] = (byte) (v[b >> 3] >>> (8 * (b & 7)));
            return split(bytes, n);
        }
        boolean aligned = ALIGNED.contains(m);
        int lanes = src instanceof Operand.Mem mem ? Math.max(1, mem.size() / 128) : n;
        return Avx.load(c, src, lanes, aligned);
    }

    /** {@code n} lanes whose low bytes are consecutive pieces of {@code bytes}. */
    private static long[][] split(byte[] bytes, int n) {
        long[][] r = new long[n][2];
        int per = bytes.length / n;
        for (int k = 0; k < n; k++) {
            for (int b = 0; b < per; b++) r[k][b >> 3] |= (bytes[k * per + b] & 0xFFL) << (8 * (b & 7));
        }
        return r;
    }

    private static Operand[] legacyOperands(Operand[] ops, int h, boolean shiftByImmediate) {
        if (shiftByImmediate) return new Operand[] {ops[0], ops[2]};
        if (h < 0) return ops.clone();
        Operand[] r = new Operand[ops.length - 1];
        for (int k = 0, j = 0; k < ops.length; k++) if (k != h) r[j++] = ops[k];
        return r;
    }

    private static void exec(ExecContext c, Handler legacy, Instruction li) {
        c.vexLane = true;
        try {
            legacy.exec(c, li);
        } finally {
            c.vexLane = false;
        }
    }

    /** The instruction without VEX, with the legacy operands (see {@link ExecContext#vexLane}). */
    private static Instruction legacyInstruction(Instruction i, Operand[] ops) {
        return new Instruction(i.address(), i.length(), i.mnemonic(), i.form(), i.mode(), i.opSize(), i.addrSize(),
                i.prefixes() & ~(Prefix.VEX | Prefix.VEX_L), i.cond(), ops);
    }

    /** Position of the VEX.vvvv operand (letter H) in the form's operand list, or -1 ({@link Form#vvvvVectorOperand}). */
    static int hOperand(Instruction i) {
        return i.form().vvvvVectorOperand();
    }
}

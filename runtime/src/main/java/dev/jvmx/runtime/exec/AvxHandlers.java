package dev.jvmx.runtime.exec;

import dev.jvmx.runtime.cpu.AvxPermute;
import dev.jvmx.x86.Instruction;
import dev.jvmx.x86.Mnemonic;
import dev.jvmx.x86.Operand;

/**
 * The VEX-only AVX and AVX2 instructions over {@link AvxPermute}: VZEROUPPER/VZEROALL, the
 * broadcasts, 128-bit inserts, extracts and permutes, VPERMQ/PD/D/PS, VPERMILPS/PD, VTESTPS/PD,
 * VPBLENDD, VBLENDVPS/PD, VPBLENDVB, the variable shifts and the masked moves. Register
 * destinations are zero-extended to 256 bits; memory operands need no alignment (SDM Vol. 2A
 * §2.4, exception classes 4 and 6).
 */
final class AvxHandlers {
    private AvxHandlers() {}

    static void register(Handler[] t) {
        t[Mnemonic.VZEROUPPER.ordinal()] = (c, i) -> zero(c, 2);
        t[Mnemonic.VZEROALL.ordinal()] = (c, i) -> zero(c, 0);
        broadcasts(t);
        t[Mnemonic.VINSERTF128.ordinal()] = AvxHandlers::insert;
        t[Mnemonic.VINSERTI128.ordinal()] = AvxHandlers::insert;
        t[Mnemonic.VEXTRACTF128.ordinal()] = AvxHandlers::extract;
        t[Mnemonic.VEXTRACTI128.ordinal()] = AvxHandlers::extract;
        t[Mnemonic.VPERM2F128.ordinal()] = (c, i) -> put(c, i.op(0), AvxPermute.perm2x128(read(c, i.op(1)), read(c, i.op(2)), imm(i)));
        t[Mnemonic.VPERM2I128.ordinal()] = t[Mnemonic.VPERM2F128.ordinal()];
        t[Mnemonic.VPERMQ.ordinal()] = (c, i) -> put(c, i.op(0), AvxPermute.permq(read(c, i.op(1)), imm(i)));
        t[Mnemonic.VPERMPD.ordinal()] = t[Mnemonic.VPERMQ.ordinal()];
        t[Mnemonic.VPERMD.ordinal()] = (c, i) -> put(c, i.op(0), AvxPermute.permd(read(c, i.op(1)), read(c, i.op(2))));
        t[Mnemonic.VPERMPS.ordinal()] = t[Mnemonic.VPERMD.ordinal()];
        t[Mnemonic.VPERMILPS.ordinal()] = (c, i) -> put(c, i.op(0), i.op(2) instanceof Operand.Imm
                ? AvxPermute.permilpsImm(read(c, i.op(1)), imm(i)) : AvxPermute.permilps(read(c, i.op(1)), read(c, i.op(2))));
        t[Mnemonic.VPERMILPD.ordinal()] = (c, i) -> put(c, i.op(0), i.op(2) instanceof Operand.Imm
                ? AvxPermute.permilpdImm(read(c, i.op(1)), imm(i)) : AvxPermute.permilpd(read(c, i.op(1)), read(c, i.op(2))));
        t[Mnemonic.VTESTPS.ordinal()] = (c, i) -> c.cpu.setStatus(dev.jvmx.x86.Flags.STATUS, AvxPermute.test(read(c, i.op(0)), read(c, i.op(1)), 32));
        t[Mnemonic.VTESTPD.ordinal()] = (c, i) -> c.cpu.setStatus(dev.jvmx.x86.Flags.STATUS, AvxPermute.test(read(c, i.op(0)), read(c, i.op(1)), 64));
        t[Mnemonic.VPBLENDD.ordinal()] = (c, i) -> put(c, i.op(0), AvxPermute.blendd(read(c, i.op(1)), read(c, i.op(2)), imm(i)));
        t[Mnemonic.VBLENDVPS.ordinal()] = (c, i) -> blendv(c, i, 32);
        t[Mnemonic.VBLENDVPD.ordinal()] = (c, i) -> blendv(c, i, 64);
        t[Mnemonic.VPBLENDVB.ordinal()] = (c, i) -> blendv(c, i, 8);
        shift(t, Mnemonic.VPSLLVD, 32, 0);
        shift(t, Mnemonic.VPSLLVQ, 64, 0);
        shift(t, Mnemonic.VPSRLVD, 32, 1);
        shift(t, Mnemonic.VPSRLVQ, 64, 1);
        shift(t, Mnemonic.VPSRAVD, 32, 2);
        t[Mnemonic.VMASKMOVPS.ordinal()] = (c, i) -> maskMove(c, i, 32);
        t[Mnemonic.VMASKMOVPD.ordinal()] = (c, i) -> maskMove(c, i, 64);
        t[Mnemonic.VPMASKMOVD.ordinal()] = (c, i) -> maskMove(c, i, 32);
        t[Mnemonic.VPMASKMOVQ.ordinal()] = (c, i) -> maskMove(c, i, 64);
    }

    /** The mnemonics {@link #register} fills in (for coverage accounting). */
    static java.util.Set<Mnemonic> mnemonics() {
        Handler[] t = new Handler[Mnemonic.values().length];
        register(t);
        java.util.Set<Mnemonic> r = java.util.EnumSet.noneOf(Mnemonic.class);
        for (Mnemonic m : Mnemonic.values()) if (t[m.ordinal()] != null) r.add(m);
        return r;
    }

    /** Quadwords of a register operand as its size says (XMM 2, YMM 4), or of a memory operand (its size). */
    static long[] read(ExecContext c, Operand op) {
        if (op instanceof Operand.Mem m) {
            long a = Operands.linear(c.cpu, m);
            if (m.size() < 64) return new long[] {Operands.load(c.mem, a, m.size()), 0};
            long[] v = new long[Math.max(2, m.size() / 64)];
            for (int q = 0; q < m.size() / 64; q++) v[q] = c.mem.read64(a + 8L * q);
            return v;
        }
        int n = Vec.xmm(op);
        return java.util.Arrays.copyOfRange(c.cpu.ymm, n * 4, n * 4 + (op.size() == 256 ? 4 : 2));
    }

    /** Writes a register (zeroing above {@code v}) or memory ({@code v.length} quadwords). */
    static void put(ExecContext c, Operand op, long[] v) {
        if (op instanceof Operand.Mem m) {
            long a = Operands.linear(c.cpu, m);
            for (int q = 0; q < v.length; q++) c.mem.write64(a + 8L * q, v[q]);
            return;
        }
        int n = Vec.xmm(op);
        for (int q = 0; q < 4; q++) c.cpu.ymm[n * 4 + q] = q < v.length ? v[q] : 0;
    }

    private static int imm(Instruction i) {
        return SseIntHandlers.imm(i);
    }

    /**
     * VZEROUPPER ({@code from} 2) and VZEROALL (0): quadwords {@code from}..3 of YMM0-15, of YMM0-7
     * outside 64-bit mode (SDM "VZEROUPPER").
     */
    private static void zero(ExecContext c, int from) {
        int regs = c.cpu.mode == dev.jvmx.x86.Mode.BITS64 ? 16 : 8;
        for (int r = 0; r < regs; r++) java.util.Arrays.fill(c.cpu.ymm, r * 4 + from, r * 4 + 4, 0);
        c.cpu.xinuse &= ~dev.jvmx.runtime.cpu.CpuState.XCR0_AVX; // the upper halves are in their initial state
    }

    private static void broadcasts(Handler[] t) {
        Mnemonic[] ms = {Mnemonic.VPBROADCASTB, Mnemonic.VPBROADCASTW, Mnemonic.VPBROADCASTD, Mnemonic.VPBROADCASTQ,
            Mnemonic.VBROADCASTSS, Mnemonic.VBROADCASTSD};
        int[] bits = {8, 16, 32, 64, 32, 64};
        for (int k = 0; k < ms.length; k++) {
            int b = bits[k];
            t[ms[k].ordinal()] = (c, i) -> put(c, i.op(0), AvxPermute.broadcast(read(c, i.op(1)), b, i.op(0).size() / 64));
        }
        Handler lanes = (c, i) -> {
            long[] v = read(c, i.op(1));
            put(c, i.op(0), new long[] {v[0], v[1], v[0], v[1]});
        };
        t[Mnemonic.VBROADCASTF128.ordinal()] = lanes;
        t[Mnemonic.VBROADCASTI128.ordinal()] = lanes;
    }

    private static void insert(ExecContext c, Instruction i) {
        put(c, i.op(0), AvxPermute.insert128(read(c, i.op(1)), read(c, i.op(2)), imm(i)));
    }

    private static void extract(ExecContext c, Instruction i) {
        put(c, i.op(0), AvxPermute.extract128(read(c, i.op(1)), imm(i)));
    }

    /** VBLENDVx V, H, W, L: the mask register comes from imm8[7:4] (decoded as the fourth operand). */
    private static void blendv(ExecContext c, Instruction i, int bits) {
        put(c, i.op(0), AvxPermute.blendv(read(c, i.op(1)), read(c, i.op(2)), read(c, i.op(3)), bits));
    }

    private static void shift(Handler[] t, Mnemonic m, int bits, int kind) {
        t[m.ordinal()] = (c, i) -> put(c, i.op(0), AvxPermute.shiftVariable(read(c, i.op(1)), read(c, i.op(2)), bits, kind));
    }

    /**
     * VMASKMOV/VPMASKMOV: a load (V, H = mask, M) reads only the elements whose mask sign bit is
     * set, the others are 0; a store (M, H = mask, V) writes only those elements. Faults come only
     * from accessed elements (SDM "VMASKMOV": no fault for masked-out elements).
     */
    private static void maskMove(ExecContext c, Instruction i, int bits) {
        boolean load = !(i.op(0) instanceof Operand.Mem);
        Operand.Mem m = (Operand.Mem) (load ? i.op(2) : i.op(0));
        long[] mask = read(c, i.op(1));
        long a = Operands.linear(c.cpu, m);
        int n = mask.length * 64 / bits;
        if (load) {
            long[] r = new long[mask.length];
            for (int j = 0; j < n; j++) {
                if ((AvxPermute.element(mask, j, bits) >>> (bits - 1)) != 0) AvxPermute.setElement(r, j, bits, Operands.load(c.mem, a + j * (bits / 8L), bits));
            }
            put(c, i.op(0), r);
            return;
        }
        long[] v = read(c, i.op(2));
        for (int j = 0; j < n; j++) { // probe every written element first: a fault commits nothing
            if ((AvxPermute.element(mask, j, bits) >>> (bits - 1)) != 0) Operands.load(c.mem, a + j * (bits / 8L), bits);
        }
        for (int j = 0; j < n; j++) {
            if ((AvxPermute.element(mask, j, bits) >>> (bits - 1)) != 0) Operands.store(c.mem, a + j * (bits / 8L), AvxPermute.element(v, j, bits), bits);
        }
    }
}

package dev.jvmx.runtime.exec;

import dev.jvmx.runtime.cpu.AvxPermute;
import dev.jvmx.runtime.mem.SplitStore;
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
        t[Mnemonic.VZEROUPPER.ordinal()] = (c, i) -> dev.jvmx.runtime.cpu.AvxFast.zero(c.cpu, 2);
        t[Mnemonic.VZEROALL.ordinal()] = (c, i) -> dev.jvmx.runtime.cpu.AvxFast.zero(c.cpu, 0);
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
        t[Mnemonic.VPGATHERDD.ordinal()] = (c, i) -> gather(c, i, 32, 32);
        t[Mnemonic.VGATHERDPS.ordinal()] = (c, i) -> gather(c, i, 32, 32);
        t[Mnemonic.VPGATHERDQ.ordinal()] = (c, i) -> gather(c, i, 64, 32);
        t[Mnemonic.VGATHERDPD.ordinal()] = (c, i) -> gather(c, i, 64, 32);
        t[Mnemonic.VPGATHERQD.ordinal()] = (c, i) -> gather(c, i, 32, 64);
        t[Mnemonic.VGATHERQPS.ordinal()] = (c, i) -> gather(c, i, 32, 64);
        t[Mnemonic.VPGATHERQQ.ordinal()] = (c, i) -> gather(c, i, 64, 64);
        t[Mnemonic.VGATHERQPD.ordinal()] = (c, i) -> gather(c, i, 64, 64);
    }

    /**
     * AVX2 gathers (SDM Vol. 2 "VPGATHERDD", §2.3.12 VSIB): element j (of as many as the vector
     * length holds for the wider of data and index) is loaded from base + sign-extended index[j] *
     * scale + disp when the sign bit of mask element j is set, and that mask element is then
     * cleared, in element order; a fault leaves the elements gathered so far (their mask elements
     * zero, the mask's other elements of the vector length all ones where the sign was set, else
     * zero; the rest of the destination untouched) for the instruction to be restarted. At the end the whole mask register is zero and
     * bits of the destination above the gathered elements are zeroed. The decoder already raised
     * #UD for a missing SIB or repeated registers.
     */
    private static void gather(ExecContext c, Instruction i, int dataBits, int indexBits) {
        Operand.Mem m = (Operand.Mem) i.op(1);
        int vl = Avx.lanes(i) * 128, n = vl / Math.max(dataBits, indexBits);
        int dst = Vec.xmm(i.op(0)), maskReg = Vec.xmm(i.op(2));
        long[] index = java.util.Arrays.copyOfRange(c.cpu.ymm, m.index() * 4, m.index() * 4 + 4);
        long base = (m.base() == Operand.Mem.NONE ? 0 : c.cpu.gpr[m.base()]) + m.disp();
        long addrMask = dev.jvmx.runtime.cpu.LazyFlags.mask(m.addrSize());
        long[] signs = java.util.Arrays.copyOfRange(c.cpu.ymm, maskReg * 4, maskReg * 4 + 4), norm = new long[4];
        for (int j = 0; j < vl / dataBits; j++) {
            if ((AvxPermute.element(signs, j, dataBits) >>> (dataBits - 1)) != 0) AvxPermute.setElement(norm, j, dataBits, -1L);
        }
        // what a fault leaves in the mask: its elements of the vector length as all ones or zero (host-checked)
        System.arraycopy(norm, 0, c.cpu.ymm, maskReg * 4, 4);
        for (int j = 0; j < n; j++) {
            long[] mask = java.util.Arrays.copyOfRange(c.cpu.ymm, maskReg * 4, maskReg * 4 + 4);
            if ((AvxPermute.element(mask, j, dataBits) >>> (dataBits - 1)) == 0) continue;
            long idx = AvxPermute.element(index, j, indexBits);
            if (indexBits == 32) idx = (int) idx;
            long linear = c.cpu.segmentBase(m.seg()) + ((base + idx * m.scale()) & addrMask);
            if (c.cpu.mode != dev.jvmx.x86.Mode.BITS64) linear &= 0xFFFF_FFFFL;
            long v = Operands.load(c.mem, linear, dataBits);
            long[] d = java.util.Arrays.copyOfRange(c.cpu.ymm, dst * 4, dst * 4 + 4);
            AvxPermute.setElement(d, j, dataBits, v);
            if (vl == 128) d[2] = d[3] = 0; // a VEX.128 write zeroes the upper half at once (host-checked; VEX.256 QD forms do not)
            AvxPermute.setElement(mask, j, dataBits, 0);
            System.arraycopy(d, 0, c.cpu.ymm, dst * 4, 4);
            System.arraycopy(mask, 0, c.cpu.ymm, maskReg * 4, 4);
        }
        long[] d = java.util.Arrays.copyOfRange(c.cpu.ymm, dst * 4, dst * 4 + 4);
        for (int j = n; j < 256 / dataBits; j++) AvxPermute.setElement(d, j, dataBits, 0);
        System.arraycopy(d, 0, c.cpu.ymm, dst * 4, 4);
        java.util.Arrays.fill(c.cpu.ymm, maskReg * 4, maskReg * 4 + 4, 0);
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
            SplitStore.check(c.mem, a, 8 * v.length);
            for (int q = 0; q < v.length; q++) c.mem.write64(a + 8L * q, v[q]);
            return;
        }
        int n = Vec.xmm(op);
        for (int q = 0; q < 4; q++) c.cpu.ymm[n * 4 + q] = q < v.length ? v[q] : 0;
    }

    private static int imm(Instruction i) {
        return SseIntHandlers.imm(i);
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

package dev.jvmx.runtime.exec;

import dev.jvmx.runtime.cpu.SseInt;
import dev.jvmx.runtime.cpu.SseIntExt;
import dev.jvmx.x86.Flags;
import dev.jvmx.x86.Instruction;
import dev.jvmx.x86.Mnemonic;
import dev.jvmx.x86.Operand;
import java.util.function.BinaryOperator;

/**
 * XMM forms of the rest of SSSE3, the SSE4.1 integer instructions, and SSE4.2's PCMPGTQ and CRC32,
 * on {@link SseIntExt}. Each runs only when the CPU model advertises its feature (the interpreter's
 * feature gate raises #UD otherwise). Memory operands of 16 bytes follow the legacy alignment rule;
 * the narrower ones (PMOVSX/ZX, PINSR*, INSERTPS m32) do not.
 */
final class Sse4Handlers {
    private Sse4Handlers() {}

    static void register(Handler[] t) {
        ssse3(t);
        minMax(t);
        bin(t, Mnemonic.PMULLD, SseIntExt::mulld);
        bin(t, Mnemonic.PMULDQ, SseIntExt::muldq);
        bin(t, Mnemonic.PCMPEQQ, (a, b) -> SseInt.cmpeq(a, b, 64));
        bin(t, Mnemonic.PCMPGTQ, (a, b) -> SseInt.cmpgt(a, b, 64));
        bin(t, Mnemonic.PACKUSDW, (a, b) -> SseInt.pack(a, b, 32, true));
        extend(t);
        t[Mnemonic.PTEST.ordinal()] = (c, i) -> c.cpu.setStatus(Flags.STATUS, SseIntExt.ptest(Vec.load(c, i.op(0)), Vec.load(c, i.op(1))));
        imm(t, Mnemonic.PBLENDW, (a, b, k) -> SseIntExt.blend(a, b, k, 16));
        imm(t, Mnemonic.BLENDPS, (a, b, k) -> SseIntExt.blend(a, b, k, 32));
        imm(t, Mnemonic.BLENDPD, (a, b, k) -> SseIntExt.blend(a, b, k & 3, 64));
        imm(t, Mnemonic.MPSADBW, SseIntExt::mpsadbw);
        blendv(t, Mnemonic.PBLENDVB, 8);
        blendv(t, Mnemonic.BLENDVPS, 32);
        blendv(t, Mnemonic.BLENDVPD, 64);
        t[Mnemonic.PHMINPOSUW.ordinal()] = (c, i) -> Vec.store(c, i.op(0), SseIntExt.phminpos(Vec.load(c, i.op(1))), true);
        inserts(t);
        t[Mnemonic.CRC32.ordinal()] = Sse4Handlers::crc32;
        t[Mnemonic.PCMPESTRI.ordinal()] = (c, i) -> strcmp(c, i, true, true);
        t[Mnemonic.PCMPESTRM.ordinal()] = (c, i) -> strcmp(c, i, true, false);
        t[Mnemonic.PCMPISTRI.ordinal()] = (c, i) -> strcmp(c, i, false, true);
        t[Mnemonic.PCMPISTRM.ordinal()] = (c, i) -> strcmp(c, i, false, false);
    }

    /**
     * PCMPxSTRx ({@link dev.jvmx.runtime.cpu.StringCompare}): explicit lengths from EAX/EDX (RAX/RDX
     * with REX.W), implicit ones up to a zero element; the index goes to ECX, the mask to XMM0.
     * The 16-byte memory operand has no alignment requirement (SDM "PCMPESTRI").
     */
    static void strcmp(ExecContext c, Instruction i, boolean explicit, boolean index) {
        int imm = SseIntHandlers.imm(i), n = dev.jvmx.runtime.cpu.StringCompare.elements(imm);
        long[] a = Vec.load(c, i.op(0)), b = Vec.load(c, i.op(1), false);
        boolean wide = i.has(dev.jvmx.x86.Prefix.REX_W);
        int la = explicit ? dev.jvmx.runtime.cpu.StringCompare.explicitLength(c.cpu.gpr[0], wide, n) : dev.jvmx.runtime.cpu.StringCompare.implicitLength(a, imm);
        int lb = explicit ? dev.jvmx.runtime.cpu.StringCompare.explicitLength(c.cpu.gpr[2], wide, n) : dev.jvmx.runtime.cpu.StringCompare.implicitLength(b, imm);
        int res = dev.jvmx.runtime.cpu.StringCompare.result(a, b, la, lb, imm);
        if (index) Operands.writeGpr(c.cpu, 1, dev.jvmx.runtime.cpu.StringCompare.index(res, imm), 32);
        else {
            long[] m = dev.jvmx.runtime.cpu.StringCompare.mask(res, imm);
            Vec.setXmm(c.cpu, 0, m[0], m[1]);
        }
        c.cpu.setStatus(Flags.STATUS, dev.jvmx.runtime.cpu.StringCompare.flags(res, la, lb, imm));
    }

    private static void ssse3(Handler[] t) {
        String[] sfx = {"B", "W", "D"};
        for (int k = 0; k < 3; k++) {
            int bits = 8 << k;
            bin(t, Mnemonic.valueOf("PABS" + sfx[k]), (a, b) -> SseIntExt.abs(b, bits));
            bin(t, Mnemonic.valueOf("PSIGN" + sfx[k]), (a, b) -> SseIntExt.sign(a, b, bits));
        }
        bin(t, Mnemonic.PHADDW, (a, b) -> SseIntExt.horizontal(a, b, 16, false, false));
        bin(t, Mnemonic.PHADDD, (a, b) -> SseIntExt.horizontal(a, b, 32, false, false));
        bin(t, Mnemonic.PHADDSW, (a, b) -> SseIntExt.horizontal(a, b, 16, false, true));
        bin(t, Mnemonic.PHSUBW, (a, b) -> SseIntExt.horizontal(a, b, 16, true, false));
        bin(t, Mnemonic.PHSUBD, (a, b) -> SseIntExt.horizontal(a, b, 32, true, false));
        bin(t, Mnemonic.PHSUBSW, (a, b) -> SseIntExt.horizontal(a, b, 16, true, true));
        bin(t, Mnemonic.PMADDUBSW, SseIntExt::maddubs);
        bin(t, Mnemonic.PMULHRSW, SseIntExt::mulhrs);
    }

    private static void minMax(Handler[] t) {
        bin(t, Mnemonic.PMINSB, (a, b) -> SseInt.mapSigned(a, b, 8, Math::min));
        bin(t, Mnemonic.PMAXSB, (a, b) -> SseInt.mapSigned(a, b, 8, Math::max));
        bin(t, Mnemonic.PMINUW, (a, b) -> SseInt.map(a, b, 16, Math::min));
        bin(t, Mnemonic.PMAXUW, (a, b) -> SseInt.map(a, b, 16, Math::max));
        bin(t, Mnemonic.PMINSD, (a, b) -> SseInt.mapSigned(a, b, 32, Math::min));
        bin(t, Mnemonic.PMAXSD, (a, b) -> SseInt.mapSigned(a, b, 32, Math::max));
        bin(t, Mnemonic.PMINUD, (a, b) -> SseInt.map(a, b, 32, Math::min));
        bin(t, Mnemonic.PMAXUD, (a, b) -> SseInt.map(a, b, 32, Math::max));
    }

    /** PMOVSXBW..PMOVZXDQ: the source is the low 64/32/16 bits of an XMM register or memory of that size. */
    private static void extend(Handler[] t) {
        String[][] pairs = {{"BW", "8", "16"}, {"BD", "8", "32"}, {"BQ", "8", "64"}, {"WD", "16", "32"}, {"WQ", "16", "64"}, {"DQ", "32", "64"}};
        for (String[] p : pairs) {
            int from = Integer.parseInt(p[1]), to = Integer.parseInt(p[2]);
            for (boolean signed : new boolean[] {true, false}) {
                t[Mnemonic.valueOf((signed ? "PMOVSX" : "PMOVZX") + p[0]).ordinal()] = (c, i) -> {
                    Operand s = i.op(1);
                    long v = s instanceof Operand.Mem m ? Operands.read(c, m) : c.cpu.ymm[Vec.xmm(s) * 4];
                    Vec.store(c, i.op(0), SseIntExt.extend(v, from, to, signed), true);
                };
            }
        }
    }

    private interface ImmOp { long[] apply(long[] a, long[] b, int imm); }

    private static void imm(Handler[] t, Mnemonic m, ImmOp f) {
        t[m.ordinal()] = (c, i) -> Vec.store(c, i.op(0), f.apply(Vec.load(c, i.op(0)), Vec.load(c, i.op(1)), SseIntHandlers.imm(i)), true);
    }

    /** The variable blends take their mask from XMM0 (implicit, or written as a third operand). */
    private static void blendv(Handler[] t, Mnemonic m, int bits) {
        t[m.ordinal()] = (c, i) -> Vec.store(c, i.op(0), SseIntExt.blendv(Vec.load(c, i.op(0)), Vec.load(c, i.op(1)),
                new long[] {c.cpu.ymm[0], c.cpu.ymm[1]}, bits), true);
    }

    /** PINSRB/D/Q, PEXTRB/D/Q, EXTRACTPS, INSERTPS. */
    private static void inserts(Handler[] t) {
        int[] widths = {8, 32, 64};
        String[] sfx = {"B", "D", "Q"};
        for (int k = 0; k < 3; k++) {
            int bits = widths[k], lanes = 128 / bits;
            t[Mnemonic.valueOf("PINSR" + sfx[k]).ordinal()] = (c, i) -> {
                long[] v = Vec.load(c, i.op(0));
                SseInt.setLane(v, SseIntHandlers.imm(i) % lanes, bits, Operands.read(c, i.op(1)));
                Vec.store(c, i.op(0), v, true);
            };
            t[Mnemonic.valueOf("PEXTR" + sfx[k]).ordinal()] = (c, i) ->
                    Operands.write(c, i.op(0), SseInt.lane(Vec.load(c, i.op(1)), SseIntHandlers.imm(i) % lanes, bits));
        }
        t[Mnemonic.EXTRACTPS.ordinal()] = (c, i) -> Operands.write(c, i.op(0), SseInt.lane(Vec.load(c, i.op(1)), SseIntHandlers.imm(i) & 3, 32));
        t[Mnemonic.INSERTPS.ordinal()] = (c, i) -> {
            int imm = SseIntHandlers.imm(i);
            Operand s = i.op(1);
            long src = s instanceof Operand.Mem m ? Operands.read(c, m) : SseInt.lane(Vec.load(c, s), (imm >> 6) & 3, 32);
            Vec.store(c, i.op(0), SseIntExt.insertps(Vec.load(c, i.op(0)), src, imm), true);
        };
    }

    /** CRC32 r32/r64, r/m8/16/32/64: accumulates CRC-32C over the source's bytes; a 64-bit destination is zero-extended. */
    static void crc32(ExecContext c, Instruction i) {
        Operand d = i.op(0), s = i.op(1);
        long crc = Operands.read(c, d);
        Operands.write(c, d, SseIntExt.crc32c(crc, Operands.read(c, s), s.size() / 8));
    }

    private static void bin(Handler[] t, Mnemonic m, BinaryOperator<long[]> f) {
        t[m.ordinal()] = (c, i) -> Vec.store(c, i.op(0), f.apply(Vec.load(c, i.op(0)), Vec.load(c, i.op(1))), true);
    }
}

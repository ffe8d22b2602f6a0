package dev.jvmx.runtime.exec;

import dev.jvmx.runtime.cpu.Mmx;
import dev.jvmx.runtime.cpu.SseInt;
import dev.jvmx.runtime.cpu.SseIntExt;
import dev.jvmx.runtime.cpu.X87;
import dev.jvmx.runtime.mem.GuestFault;
import dev.jvmx.x86.Instruction;
import dev.jvmx.x86.Mnemonic;
import dev.jvmx.x86.Operand;
import dev.jvmx.x86.RegClass;
import java.util.function.BinaryOperator;
import java.util.function.LongBinaryOperator;

/**
 * The MMX-register forms (SDM Vol. 1 Chapter 9): each mnemonic's handler becomes a dispatcher that
 * runs the form here when an operand is an MMn register and the SSE form otherwise. Every MMX form
 * first raises #MF for a pending unmasked x87 exception, then executes (memory faults before any
 * register changes), then makes the x87-to-MMX transition ({@link Mmx#enter}: TOP = 0, tags valid).
 * The SSSE3 forms on MMn run only where the CPU model advertises SSSE3 (the feature gate comes first).
 */
final class MmxHandlers {
    private MmxHandlers() {}

    static void register(Handler[] t) {
        lanes(t);
        for (int k = 0; k < 3; k++) {
            int bits = 8 << k;
            String s = new String[] {"BW", "WD", "DQ"}[k];
            binary(t, Mnemonic.valueOf("PUNPCKL" + s), (a, b) -> Mmx.unpackLow(a, b, bits));
            binary(t, Mnemonic.valueOf("PUNPCKH" + s), (a, b) -> Mmx.unpackHigh(a, b, bits));
        }
        binary(t, Mnemonic.PACKSSWB, (a, b) -> Mmx.pack(a, b, 16, false));
        binary(t, Mnemonic.PACKSSDW, (a, b) -> Mmx.pack(a, b, 32, false));
        binary(t, Mnemonic.PACKUSWB, (a, b) -> Mmx.pack(a, b, 16, true));
        shifts(t);
        moves(t);
        ssse3(t);
        mmx(t, Mnemonic.PSHUFW, (c, i) -> write(c, i.op(0), Mmx.pshufw(read(c, i.op(1)), SseIntHandlers.imm(i))));
        mmx(t, Mnemonic.PEXTRW, (c, i) -> Operands.write(c, i.op(0), (read(c, i.op(1)) >>> (16 * (SseIntHandlers.imm(i) & 3))) & 0xFFFF));
        mmx(t, Mnemonic.PINSRW, MmxHandlers::pinsrw);
        mmx(t, Mnemonic.PMOVMSKB, (c, i) -> Operands.write(c, i.op(0), Mmx.movemask(read(c, i.op(1)))));
        mmx(t, Mnemonic.MASKMOVQ, MmxHandlers::maskmovq);
        t[Mnemonic.MASKMOVDQU.ordinal()] = MmxHandlers::maskmovdqu;
        MmxConvertHandlers.register(t);
        t[Mnemonic.EMMS.ordinal()] = (c, i) -> {
            checkPending(c);
            Mmx.emms(c.cpu);
        };
    }

    /** The element-wise forms: the SSE lane operation on the low quadword. */
    private static void lanes(Handler[] t) {
        String[] sfx = {"B", "W", "D", "Q"};
        for (int k = 0; k < 4; k++) {
            int bits = 8 << k;
            lane(t, Mnemonic.valueOf("PADD" + sfx[k]), (a, b) -> SseInt.add(a, b, bits));
            lane(t, Mnemonic.valueOf("PSUB" + sfx[k]), (a, b) -> SseInt.sub(a, b, bits));
            if (k < 3) {
                lane(t, Mnemonic.valueOf("PCMPEQ" + sfx[k]), (a, b) -> SseInt.cmpeq(a, b, bits));
                lane(t, Mnemonic.valueOf("PCMPGT" + sfx[k]), (a, b) -> SseInt.cmpgt(a, b, bits));
            }
        }
        lane(t, Mnemonic.PADDSB, (a, b) -> SseInt.addSat(a, b, 8, true));
        lane(t, Mnemonic.PADDSW, (a, b) -> SseInt.addSat(a, b, 16, true));
        lane(t, Mnemonic.PADDUSB, (a, b) -> SseInt.addSat(a, b, 8, false));
        lane(t, Mnemonic.PADDUSW, (a, b) -> SseInt.addSat(a, b, 16, false));
        lane(t, Mnemonic.PSUBSB, (a, b) -> SseInt.subSat(a, b, 8, true));
        lane(t, Mnemonic.PSUBSW, (a, b) -> SseInt.subSat(a, b, 16, true));
        lane(t, Mnemonic.PSUBUSB, (a, b) -> SseInt.subSat(a, b, 8, false));
        lane(t, Mnemonic.PSUBUSW, (a, b) -> SseInt.subSat(a, b, 16, false));
        lane(t, Mnemonic.PAND, SseInt::and);
        lane(t, Mnemonic.PANDN, SseInt::andn);
        lane(t, Mnemonic.POR, SseInt::or);
        lane(t, Mnemonic.PXOR, SseInt::xor);
        lane(t, Mnemonic.PMULLW, (a, b) -> SseInt.mulWords(a, b, 0));
        lane(t, Mnemonic.PMULHW, (a, b) -> SseInt.mulWords(a, b, 1));
        lane(t, Mnemonic.PMULHUW, (a, b) -> SseInt.mulWords(a, b, 2));
        lane(t, Mnemonic.PMULUDQ, SseInt::pmuludq);
        lane(t, Mnemonic.PMADDWD, SseInt::pmaddwd);
        lane(t, Mnemonic.PSADBW, SseInt::psadbw);
        lane(t, Mnemonic.PAVGB, (a, b) -> SseInt.map(a, b, 8, (x, y) -> (x + y + 1) >> 1));
        lane(t, Mnemonic.PAVGW, (a, b) -> SseInt.map(a, b, 16, (x, y) -> (x + y + 1) >> 1));
        lane(t, Mnemonic.PMINUB, (a, b) -> SseInt.map(a, b, 8, Math::min));
        lane(t, Mnemonic.PMAXUB, (a, b) -> SseInt.map(a, b, 8, Math::max));
        lane(t, Mnemonic.PMINSW, (a, b) -> SseInt.mapSigned(a, b, 16, Math::min));
        lane(t, Mnemonic.PMAXSW, (a, b) -> SseInt.mapSigned(a, b, 16, Math::max));
    }

    /** SSSE3 on MMn (run only when SSSE3 is advertised): lane-local ones on the low quadword, the horizontal ones on (dst, src). */
    private static void ssse3(Handler[] t) {
        String[] sfx = {"B", "W", "D"};
        for (int k = 0; k < 3; k++) {
            int bits = 8 << k;
            lane(t, Mnemonic.valueOf("PABS" + sfx[k]), (a, b) -> SseIntExt.abs(b, bits));
            lane(t, Mnemonic.valueOf("PSIGN" + sfx[k]), (a, b) -> SseIntExt.sign(a, b, bits));
        }
        lane(t, Mnemonic.PMADDUBSW, SseIntExt::maddubs);
        lane(t, Mnemonic.PMULHRSW, SseIntExt::mulhrs);
        Mnemonic[] hs = {Mnemonic.PHADDW, Mnemonic.PHADDD, Mnemonic.PHADDSW, Mnemonic.PHSUBW, Mnemonic.PHSUBD, Mnemonic.PHSUBSW};
        for (int k = 0; k < 6; k++) {
            int bits = k % 3 == 1 ? 32 : 16;
            boolean sub = k >= 3, sat = k % 3 == 2;
            binary(t, hs[k], (a, b) -> SseIntExt.horizontal(new long[] {a, b}, new long[2], bits, sub, sat)[0]);
        }
        binary(t, Mnemonic.PSHUFB, Mmx::pshufb);
        mmx(t, Mnemonic.PALIGNR, (c, i) -> write(c, i.op(0), Mmx.palignr(read(c, i.op(0)), read(c, i.op(1)), SseIntHandlers.imm(i))));
    }

    /** PSLL/PSRL/PSRA W, D, Q by an immediate or by mm/m64 (counts above the width clear or fill). */
    private static void shifts(Handler[] t) {
        String[] kinds = {"PSLL", "PSRL", "PSRA"};
        String[] sfx = {"W", "D", "Q"};
        for (int k = 0; k < 3; k++) {
            for (int w = 0; w < 3; w++) {
                if (k == 2 && w == 2) continue;
                int kind = k, bits = 16 << w;
                mmx(t, Mnemonic.valueOf(kinds[k] + sfx[w]), (c, i) -> {
                    Operand src = i.op(1);
                    long count = src instanceof Operand.Imm im ? im.value() & 0xFF : read(c, src);
                    write(c, i.op(0), SseInt.shift(new long[] {read(c, i.op(0)), 0}, count, bits, kind)[0]);
                });
            }
        }
    }

    /** MOVD/MOVQ with an MMn operand, MOVNTQ, MOVQ2DQ, MOVDQ2Q. */
    private static void moves(Handler[] t) {
        Handler mov = (c, i) -> {
            Operand d = i.op(0), s = i.op(1);
            long v = read(c, s);
            write(c, d, d.size() == 32 || s.size() == 32 ? v & 0xFFFF_FFFFL : v);
        };
        mmx(t, Mnemonic.MOVD, mov);
        mmx(t, Mnemonic.MOVQ, mov);
        mmx(t, Mnemonic.MOVNTQ, mov);
        mmx(t, Mnemonic.MOVQ2DQ, (c, i) -> Vec.setXmm(c.cpu, Vec.xmm(i.op(0)), read(c, i.op(1)), 0));
        mmx(t, Mnemonic.MOVDQ2Q, (c, i) -> write(c, i.op(0), c.cpu.ymm[Vec.xmm(i.op(1)) * 4]));
    }

    private static void lane(Handler[] t, Mnemonic m, BinaryOperator<long[]> f) {
        binary(t, m, (a, b) -> Mmx.lanes(f, a, b));
    }

    private static void binary(Handler[] t, Mnemonic m, LongBinaryOperator f) {
        mmx(t, m, (c, i) -> write(c, i.op(0), f.applyAsLong(read(c, i.op(0)), read(c, i.op(1)))));
    }

    /** Installs {@code h} for the MMX forms of {@code m}, keeping the existing handler for the others. */
    private static void mmx(Handler[] t, Mnemonic m, Handler h) {
        Handler other = t[m.ordinal()];
        t[m.ordinal()] = (c, i) -> {
            if (!usesMmx(i)) {
                other.exec(c, i);
                return;
            }
            checkPending(c);
            h.exec(c, i);
            Mmx.enter(c.cpu);
        };
    }

    static boolean usesMmx(Instruction i) {
        for (int k = 0; k < i.operandCount(); k++) {
            if (i.op(k) instanceof Operand.Reg r && r.cls() == RegClass.MMX) return true;
        }
        return false;
    }

    /** A pending unmasked x87 exception raises #MF before an MMX instruction (SDM Vol. 1 §9.5.2 via §8.6). */
    private static void checkPending(ExecContext c) {
        if (X87.pending(c.cpu)) throw GuestFault.of(GuestFault.MF);
    }

    /** An MMn register, an XMM register's low quadword, a GPR or memory (of the operand's size). */
    static long read(ExecContext c, Operand o) {
        if (o instanceof Operand.Reg r && r.cls() == RegClass.MMX) return Mmx.get(c.cpu, r.num());
        if (Vec.isXmm(o)) return c.cpu.ymm[Vec.xmm(o) * 4];
        return Operands.read(c, o);
    }

    static void write(ExecContext c, Operand o, long v) {
        if (o instanceof Operand.Reg r && r.cls() == RegClass.MMX) Mmx.set(c.cpu, r.num(), v);
        else Operands.write(c, o, v);
    }

    static void pinsrw(ExecContext c, Instruction i) {
        int sh = 16 * (SseIntHandlers.imm(i) & 3);
        long w = read(c, i.op(1)) & 0xFFFF;
        long d = read(c, i.op(0));
        write(c, i.op(0), (d & ~(0xFFFFL << sh)) | w << sh);
    }

    /** MASKMOVQ: the bytes of mm1 whose mask byte in mm2 has its top bit set go to DS:rDI (SDM "MASKMOVQ"). */
    static void maskmovq(ExecContext c, Instruction i) {
        maskedStore(c, i, read(c, i.op(0)), read(c, i.op(1)), 0);
    }

    /** MASKMOVDQU: the same for the 16 bytes of xmm1 under the mask xmm2 (SDM "MASKMOVDQU"); no MMX transition. */
    static void maskmovdqu(ExecContext c, Instruction i) {
        int v = Vec.xmm(i.op(0)), m = Vec.xmm(i.op(1));
        long lo = c.cpu.ymm[v * 4], hi = c.cpu.ymm[v * 4 + 1], mlo = c.cpu.ymm[m * 4], mhi = c.cpu.ymm[m * 4 + 1];
        maskedStore(c, i, lo, mlo, 0);
        maskedStore(c, i, hi, mhi, 8);
    }

    /** Stores the bytes of {@code v} whose {@code mask} byte has bit 7 set to DS:rDI + {@code offset} + byte index. */
    private static void maskedStore(ExecContext c, Instruction i, long v, long mask, int offset) {
        long base = c.cpu.gpr[dev.jvmx.runtime.cpu.CpuState.RDI] & dev.jvmx.runtime.cpu.LazyFlags.mask(i.addrSize());
        long la = c.cpu.segmentBase(dev.jvmx.x86.Seg.DS) + base + offset;
        if (c.cpu.mode != dev.jvmx.x86.Mode.BITS64) la &= 0xFFFF_FFFFL;
        for (int k = 0; k < 8; k++) {
            if (((mask >>> (8 * k + 7)) & 1) != 0) c.mem.write8(la + k, (byte) (v >>> (8 * k)));
        }
    }
}

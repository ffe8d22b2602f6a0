package dev.jvmx.runtime.exec;

import dev.jvmx.runtime.cpu.SseInt;
import dev.jvmx.x86.Instruction;
import dev.jvmx.x86.Mnemonic;
import dev.jvmx.x86.Operand;
import java.util.function.BinaryOperator;

/**
 * SSE2 packed-integer and bitwise forms (plus the SSSE3 ones, used only if the CPU model
 * advertises SSSE3): each is a {@link SseInt} function of (destination, source) registered by
 * mnemonic. Shuffles with an immediate read it from the last operand.
 */
final class SseIntHandlers {
    private SseIntHandlers() {}

    static void register(Handler[] t) {
        logic(t);
        lanes(t);
        arithmetic(t);
        shuffles(t);
        shifts(t);
        t[Mnemonic.PEXTRW.ordinal()] = (c, i) -> Operands.write(c, i.op(0), SseInt.lane(Vec.load(c, i.op(1)), imm(i) & 7, 16));
        t[Mnemonic.PINSRW.ordinal()] = SseIntHandlers::pinsrw;
        Sse4Handlers.register(t);
    }

    /** Bitwise forms: the PS/PD spellings are the same operation on the same bits. */
    private static void logic(Handler[] t) {
        for (String p : new String[] {"P", "PS", "PD"}) {
            boolean pi = p.equals("P");
            fast(t, Mnemonic.valueOf(pi ? "PXOR" : "XOR" + p), XOR, 64);
            fast(t, Mnemonic.valueOf(pi ? "POR" : "OR" + p), OR, 64);
            fast(t, Mnemonic.valueOf(pi ? "PAND" : "AND" + p), AND, 64);
            fast(t, Mnemonic.valueOf(pi ? "PANDN" : "ANDN" + p), ANDN, 64);
        }
    }

    /** PADD/PSUB/PCMPEQ/PCMPGT/PUNPCKL/PUNPCKH per lane width, and the PS/PD unpacks. */
    private static void lanes(Handler[] t) {
        int[] widths = {8, 16, 32, 64};
        String[] sfx = {"B", "W", "D", "Q"};
        for (int k = 0; k < 4; k++) {
            int bits = widths[k];
            fast(t, Mnemonic.valueOf("PADD" + sfx[k]), ADD, bits);
            fast(t, Mnemonic.valueOf("PSUB" + sfx[k]), SUB, bits);
            if (k < 3) {
                fast(t, Mnemonic.valueOf("PCMPEQ" + sfx[k]), CMPEQ, bits);
                fast(t, Mnemonic.valueOf("PCMPGT" + sfx[k]), CMPGT, bits);
                fast(t, Mnemonic.valueOf("PUNPCKL" + sfx[k] + (k == 2 ? "Q" : sfx[k + 1])), UNPACK_LOW, bits);
                fast(t, Mnemonic.valueOf("PUNPCKH" + sfx[k] + (k == 2 ? "Q" : sfx[k + 1])), UNPACK_HIGH, bits);
            }
        }
        fast(t, Mnemonic.PUNPCKLQDQ, UNPACK_LOW, 64);
        fast(t, Mnemonic.PUNPCKHQDQ, UNPACK_HIGH, 64);
        fast(t, Mnemonic.UNPCKLPS, UNPACK_LOW, 32);
        fast(t, Mnemonic.UNPCKHPS, UNPACK_HIGH, 32);
        fast(t, Mnemonic.UNPCKLPD, UNPACK_LOW, 64);
        fast(t, Mnemonic.UNPCKHPD, UNPACK_HIGH, 64);
    }

    /** Saturating, min/max, average, multiply and pack forms. */
    private static void arithmetic(Handler[] t) {
        bin(t, Mnemonic.PADDSB, (a, b) -> SseInt.addSat(a, b, 8, true));
        bin(t, Mnemonic.PADDSW, (a, b) -> SseInt.addSat(a, b, 16, true));
        bin(t, Mnemonic.PADDUSB, (a, b) -> SseInt.addSat(a, b, 8, false));
        bin(t, Mnemonic.PADDUSW, (a, b) -> SseInt.addSat(a, b, 16, false));
        bin(t, Mnemonic.PSUBSB, (a, b) -> SseInt.subSat(a, b, 8, true));
        bin(t, Mnemonic.PSUBSW, (a, b) -> SseInt.subSat(a, b, 16, true));
        bin(t, Mnemonic.PSUBUSB, (a, b) -> SseInt.subSat(a, b, 8, false));
        bin(t, Mnemonic.PSUBUSW, (a, b) -> SseInt.subSat(a, b, 16, false));
        fast(t, Mnemonic.PMINUB, MINU, 8);
        fast(t, Mnemonic.PMAXUB, MAXU, 8);
        bin(t, Mnemonic.PMINSW, (a, b) -> SseInt.mapSigned(a, b, 16, Math::min));
        bin(t, Mnemonic.PMAXSW, (a, b) -> SseInt.mapSigned(a, b, 16, Math::max));
        bin(t, Mnemonic.PAVGB, (a, b) -> SseInt.map(a, b, 8, (x, y) -> (x + y + 1) >> 1));
        bin(t, Mnemonic.PAVGW, (a, b) -> SseInt.map(a, b, 16, (x, y) -> (x + y + 1) >> 1));
        bin(t, Mnemonic.PMULLW, (a, b) -> SseInt.mulWords(a, b, 0));
        bin(t, Mnemonic.PMULHW, (a, b) -> SseInt.mulWords(a, b, 1));
        bin(t, Mnemonic.PMULHUW, (a, b) -> SseInt.mulWords(a, b, 2));
        bin(t, Mnemonic.PMULUDQ, SseInt::pmuludq);
        bin(t, Mnemonic.PMADDWD, SseInt::pmaddwd);
        bin(t, Mnemonic.PSADBW, SseInt::psadbw);
        fast(t, Mnemonic.PACKSSWB, SseInt.PACKSS, 16);
        fast(t, Mnemonic.PACKSSDW, SseInt.PACKSS, 32);
        fast(t, Mnemonic.PACKUSWB, SseInt.PACKUS, 16);
    }

    /** Shuffles and byte shifts with an immediate (PSHUFB takes its control from a register). */
    private static void shuffles(Handler[] t) {
        bin(t, Mnemonic.PSHUFB, SseInt::pshufb);
        fast(t, Mnemonic.PSHUFD, PSHUFD, 32);
        t[Mnemonic.PSHUFLW.ordinal()] = (c, i) -> Vec.store(c, i.op(0), SseInt.pshufw(Vec.load(c, i.op(1)), imm(i), false), true);
        t[Mnemonic.PSHUFHW.ordinal()] = (c, i) -> Vec.store(c, i.op(0), SseInt.pshufw(Vec.load(c, i.op(1)), imm(i), true), true);
        t[Mnemonic.SHUFPS.ordinal()] = (c, i) -> Vec.store(c, i.op(0), SseInt.shufps(Vec.load(c, i.op(0)), Vec.load(c, i.op(1)), imm(i)), true);
        t[Mnemonic.SHUFPD.ordinal()] = (c, i) -> Vec.store(c, i.op(0), SseInt.shufpd(Vec.load(c, i.op(0)), Vec.load(c, i.op(1)), imm(i)), true);
        t[Mnemonic.PALIGNR.ordinal()] = (c, i) -> {
            long[] y = c.cpu.ymm;
            int d = Vec.xmm(i.op(0)) * 4, n = imm(i);
            Vec.withSource(c, i.op(1), true, (lo, hi) -> SseInt.palignr(y, d, lo, hi, n));
        };
        t[Mnemonic.PSLLDQ.ordinal()] = (c, i) -> SseInt.byteShift(c.cpu.ymm, Vec.xmm(i.op(0)) * 4, imm(i), true);
        t[Mnemonic.PSRLDQ.ordinal()] = (c, i) -> SseInt.byteShift(c.cpu.ymm, Vec.xmm(i.op(0)) * 4, imm(i), false);
    }

    private static void shifts(Handler[] t) {
        String[] kinds = {"PSLL", "PSRL", "PSRA"};
        String[] sfx = {"W", "D", "Q"};
        for (int k = 0; k < 3; k++) {
            for (int w = 0; w < 3; w++) {
                if (k == 2 && w == 2) continue; // no PSRAQ before AVX-512
                int kind = k, bits = 16 << w;
                t[Mnemonic.valueOf(kinds[k] + sfx[w]).ordinal()] = (c, i) -> {
                    Operand src = i.op(1);
                    if (Vec.isXmm(i.op(0)) && !(src instanceof Operand.Mem)) { // no arrays on the common forms
                        long[] y = c.cpu.ymm;
                        int d = Vec.xmm(i.op(0)) * 4;
                        long count = src instanceof Operand.Imm im ? im.value() & 0xFF : y[Vec.xmm(src) * 4];
                        y[d] = SseInt.shiftWord(y[d], count, bits, kind);
                        y[d + 1] = SseInt.shiftWord(y[d + 1], count, bits, kind);
                        return;
                    }
                    long count = src instanceof Operand.Imm im ? im.value() & 0xFF : Vec.load(c, src)[0];
                    Vec.store(c, i.op(0), SseInt.shift(Vec.load(c, i.op(0)), count, bits, kind), true);
                };
            }
        }
    }

    private static final int ADD = SseInt.ADD, SUB = SseInt.SUB, CMPEQ = SseInt.CMPEQ, CMPGT = SseInt.CMPGT,
            AND = SseInt.AND, ANDN = SseInt.ANDN, OR = SseInt.OR, XOR = SseInt.XOR, UNPACK_LOW = SseInt.UNPACK_LOW,
            UNPACK_HIGH = SseInt.UNPACK_HIGH, PSHUFD = SseInt.PSHUFD, MINU = SseInt.MINU, MAXU = SseInt.MAXU;

    /** Installs {@code op} on lanes of {@code bits}: destination XMM register, source XMM register or aligned m128 ({@link SseInt#words}). */
    private static void fast(Handler[] t, Mnemonic m, int op, int bits) {
        t[m.ordinal()] = (c, i) -> {
            long[] y = c.cpu.ymm;
            int d = Vec.xmm(i.op(0)) * 4, arg = op == PSHUFD ? imm(i) : bits;
            Operand s = i.op(1);
            if (s instanceof Operand.Mem) {
                Vec.withSource(c, s, true, (lo, hi) -> SseInt.words(op, arg, y, d, lo, hi));
            } else {
                int n = Vec.xmm(s) * 4;
                SseInt.words(op, arg, y, d, y[n], y[n + 1]);
            }
        };
    }

    private static void bin(Handler[] t, Mnemonic m, BinaryOperator<long[]> f) {
        t[m.ordinal()] = (c, i) -> Vec.store(c, i.op(0), f.apply(Vec.load(c, i.op(0)), Vec.load(c, i.op(1))), true);
    }

    static int imm(Instruction i) {
        return (int) ((Operand.Imm) i.op(i.operandCount() - 1)).value() & 0xFF;
    }

    static void pinsrw(ExecContext c, Instruction i) {
        long[] v = Vec.load(c, i.op(0));
        SseInt.setLane(v, imm(i) & 7, 16, Operands.read(c, i.op(1)));
        Vec.store(c, i.op(0), v, true);
    }
}

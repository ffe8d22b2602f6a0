package dev.jvmx.runtime.exec;

import static dev.jvmx.runtime.exec.Insn.gpr;
import static dev.jvmx.runtime.exec.Insn.imm;

import dev.jvmx.x86.Mnemonic;
import dev.jvmx.x86.Operand;
import dev.jvmx.x86.Prefix;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generates differential cases for the integer ISA with operand values biased to edges
 * (0, ±1, sign boundaries of every width, all-ones) and random status flags. Register roles:
 * destination RBX, source RSI, count CL, accumulator pair RDX:RAX, string pointers RSI/RDI into
 * the harness data area, RSP inside it.
 */
final class DiffCases {
    static final long FLAGS_COMPARED = 0xCD5; // CF PF AF ZF SF DF OF
    private static final long[] EDGES = {0, 1, 2, 3, 0x7F, 0x80, 0xFF, 0x100, 0x7FFF, 0x8000, 0xFFFF, 0x1_0000,
        0x7FFF_FFFFL, 0x8000_0000L, 0xFFFF_FFFFL, 0x1_0000_0000L, Long.MAX_VALUE, Long.MIN_VALUE, -1, -2,
        0x5555_5555_5555_5555L, 0xAAAA_AAAA_AAAA_AAAAL};
    private static final int[] SIZES = {8, 16, 32, 64};

    private final Random rnd;
    private final List<DiffCase> cases = new ArrayList<>();

    DiffCases(long seed) {
        rnd = new Random(seed);
    }

    List<DiffCase> cases() { return cases; }

    long value() {
        long v = rnd.nextInt(3) == 0 ? rnd.nextLong() : EDGES[rnd.nextInt(EDGES.length)];
        if (rnd.nextInt(4) == 0) v ^= rnd.nextLong() & 0xFFFF_FFFF_0000_0000L; // junk above the operand
        if (rnd.nextInt(6) == 0) v = -v;
        return v;
    }

    long[] regs() {
        long[] g = new long[16];
        for (int i = 0; i < 16; i++) g[i] = value();
        g[4] = HostHarness.DATA_ADDR + 0x1000; // RSP
        return g;
    }

    long flags() {
        return 0x202 | (rnd.nextLong() & 0x8D5);
    }

    void add(long[] g, Insn insn) {
        cases.add(new DiffCase(g, flags(), insn, false));
    }

    DiffCases alu(int perForm) {
        Mnemonic[] ms = {Mnemonic.ADD, Mnemonic.OR, Mnemonic.ADC, Mnemonic.SBB, Mnemonic.AND, Mnemonic.SUB,
            Mnemonic.XOR, Mnemonic.CMP, Mnemonic.TEST};
        for (Mnemonic m : ms) {
            for (int size : SIZES) {
                for (int k = 0; k < perForm; k++) {
                    long[] g = regs();
                    if (k % 4 == 0) g[6] = g[3]; // equal operands
                    add(g, Insn.of(m, gpr(3, size), gpr(6, size)));
                    if (m != Mnemonic.TEST && k % 3 == 0) {
                        int isz = size == 8 ? 8 : 32;
                        long iv = (value() << (64 - isz)) >> (64 - isz);
                        add(regs(), Insn.of(m, gpr(3, size), imm(size == 64 ? iv : iv & dev.jvmx.runtime.cpu.LazyFlags.mask(size), size)));
                    }
                }
            }
        }
        for (Mnemonic m : new Mnemonic[] {Mnemonic.INC, Mnemonic.DEC, Mnemonic.NEG, Mnemonic.NOT}) {
            for (int size : SIZES) for (int k = 0; k < perForm; k++) add(regs(), Insn.of(m, gpr(3, size)));
        }
        return this;
    }

    DiffCases shifts(int perForm) {
        Mnemonic[] ms = {Mnemonic.ROL, Mnemonic.ROR, Mnemonic.RCL, Mnemonic.RCR, Mnemonic.SHL, Mnemonic.SHR, Mnemonic.SAR};
        int[] counts = {0, 1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 255};
        for (Mnemonic m : ms) {
            for (int size : SIZES) {
                for (int k = 0; k < perForm; k++) {
                    long[] g = regs();
                    int count = counts[rnd.nextInt(counts.length)];
                    g[1] = (g[1] & ~0xFFL) | count;
                    add(g, Insn.of(m, gpr(3, size), gpr(1, 8)));
                    if (k % 3 == 0) add(regs(), Insn.of(m, gpr(3, size), imm(count & 0xFF, 8)));
                }
            }
        }
        for (Mnemonic m : new Mnemonic[] {Mnemonic.SHLD, Mnemonic.SHRD}) {
            for (int size : new int[] {16, 32, 64}) {
                for (int k = 0; k < perForm; k++) {
                    long[] g = regs();
                    int count = counts[rnd.nextInt(counts.length)];
                    g[1] = (g[1] & ~0xFFL) | count;
                    add(g, Insn.of(m, gpr(3, size), gpr(6, size), gpr(1, 8)));
                }
            }
        }
        return this;
    }

    DiffCases mulDiv(int perForm) {
        for (int size : SIZES) {
            for (int k = 0; k < perForm; k++) {
                add(regs(), Insn.of(Mnemonic.MUL, gpr(6, size)));
                add(regs(), Insn.of(Mnemonic.IMUL, gpr(6, size)));
                if (size > 8) {
                    add(regs(), Insn.of(Mnemonic.IMUL, gpr(3, size), gpr(6, size)));
                    long iv = (int) value();
                    add(regs(), Insn.of(Mnemonic.IMUL, gpr(3, size), gpr(6, size), imm(size == 16 ? (short) iv & 0xFFFF : size == 32 ? iv & 0xFFFF_FFFFL : iv, size)));
                }
                for (Mnemonic m : new Mnemonic[] {Mnemonic.DIV, Mnemonic.IDIV}) {
                    long[] g = regs();
                    if (k % 2 == 0) g[2] = rnd.nextBoolean() ? 0 : -1; // mostly non-overflowing dividends
                    if (k % 5 == 0) g[6] = 0;                         // #DE
                    add(g, Insn.of(m, gpr(6, size)));
                }
            }
        }
        return this;
    }

    DiffCases bits(int perForm) {
        for (int size : new int[] {16, 32, 64}) {
            for (int k = 0; k < perForm; k++) {
                for (Mnemonic m : new Mnemonic[] {Mnemonic.BT, Mnemonic.BTS, Mnemonic.BTR, Mnemonic.BTC}) {
                    add(regs(), Insn.of(m, gpr(3, size), gpr(6, size)));
                    if (k % 2 == 0) add(regs(), Insn.of(m, gpr(3, size), imm(rnd.nextInt(256), 8)));
                }
                for (Mnemonic m : new Mnemonic[] {Mnemonic.BSF, Mnemonic.BSR, Mnemonic.POPCNT}) {
                    long[] g = regs();
                    if (k % 3 == 0) g[6] = 0;
                    add(g, Insn.of(m, gpr(3, size), gpr(6, size)));
                }
                long[] g = regs();
                if (k % 2 == 0) g[0] = g[3];
                add(g, Insn.of(Mnemonic.CMPXCHG, gpr(3, size), gpr(6, size)));
                add(regs(), Insn.of(Mnemonic.XADD, gpr(3, size), gpr(6, size)));
            }
            add(regs(), Insn.of(Mnemonic.BSWAP, gpr(3, size == 16 ? 32 : size)));
        }
        for (int k = 0; k < perForm; k++) {
            long[] g = regs();
            if (k % 2 == 0) g[0] = g[3];
            add(g, Insn.of(Mnemonic.CMPXCHG, gpr(3, 8), gpr(6, 8)));
            add(regs(), Insn.of(Mnemonic.XADD, gpr(3, 8), gpr(6, 8)));
        }
        return this;
    }

    DiffCases conditions(int perForm) {
        for (int cc = 0; cc < 16; cc++) {
            for (int k = 0; k < perForm; k++) {
                Mnemonic set = Mnemonic.values()[Mnemonic.SETO.ordinal() + cc];
                Mnemonic cmov = Mnemonic.values()[Mnemonic.CMOVO.ordinal() + cc];
                add(regs(), new Insn(set, 8, cc, 0, gpr(3, 8)));
                add(regs(), new Insn(cmov, 32, cc, 0, gpr(3, 32), gpr(6, 32)));
                add(regs(), new Insn(cmov, 64, cc, 0, gpr(3, 64), gpr(6, 64)));
            }
        }
        for (Mnemonic m : new Mnemonic[] {Mnemonic.CBW, Mnemonic.CWDE, Mnemonic.CDQE, Mnemonic.CWD, Mnemonic.CDQ,
                Mnemonic.CQO, Mnemonic.LAHF, Mnemonic.SAHF, Mnemonic.CLC, Mnemonic.STC, Mnemonic.CMC}) {
            for (int k = 0; k < perForm; k++) add(regs(), Insn.of(m));
        }
        return this;
    }

    /** String instructions over the data area, with and without REP prefixes and DF. */
    DiffCases strings(int perForm) {
        String[] kinds = {"MOVS", "STOS", "LODS", "CMPS", "SCAS"};
        String[] sfx = {"B", "W", "D", "Q"};
        for (String kind : kinds) {
            for (int w = 0; w < 4; w++) {
                Mnemonic m = Mnemonic.valueOf(kind + sfx[w]);
                for (int k = 0; k < perForm; k++) {
                    long[] g = regs();
                    g[6] = HostHarness.DATA_ADDR + 0x100 + rnd.nextInt(0x600);
                    g[7] = HostHarness.DATA_ADDR + 0x900 + rnd.nextInt(0x600);
                    if (kind.equals("CMPS") && k % 2 == 0) g[7] = g[6]; // equal data: same pointers
                    g[1] = rnd.nextInt(5) == 0 ? 0 : rnd.nextInt(40);
                    int prefix = switch (k % 3) { case 0 -> 0; case 1 -> Prefix.REP; default -> Prefix.REPNE; };
                    if ((kind.equals("MOVS") || kind.equals("STOS") || kind.equals("LODS")) && prefix == Prefix.REPNE) prefix = Prefix.REP;
                    long fl = flags() | (k % 4 == 3 ? 0x400 : 0);
                    cases.add(new DiffCase(g, fl, new Insn(m, 8 << w, -1, prefix), true));
                }
            }
        }
        return this;
    }

    /** ALU and shifts with a memory destination in the data area. */
    DiffCases memory(int perForm) {
        for (int k = 0; k < perForm; k++) {
            long[] g = regs();
            g[7] = HostHarness.DATA_ADDR + 0x200 + rnd.nextInt(0x100);
            int size = SIZES[rnd.nextInt(4)];
            Operand mem = Insn.mem(7, rnd.nextInt(64), size);
            Mnemonic m = new Mnemonic[] {Mnemonic.ADD, Mnemonic.SUB, Mnemonic.XOR, Mnemonic.ADC, Mnemonic.SBB}[k % 5];
            cases.add(new DiffCase(g, flags(), Insn.of(m, mem, gpr(6, size)), true));
            cases.add(new DiffCase(g, flags(), Insn.of(Mnemonic.SHL, mem, imm(1 + rnd.nextInt(5), 8)), true));
            cases.add(new DiffCase(g, flags(), Insn.of(Mnemonic.XCHG, mem, gpr(6, size)), true));
            if (size > 8) {
                long[] b = g.clone();
                b[6] = rnd.nextInt(2000) - 1000; // bit offsets reaching below and above the operand
                cases.add(new DiffCase(b, flags(), Insn.of(Mnemonic.BTS, Insn.mem(7, 0x100, size), gpr(6, size)), true));
            }
        }
        return this;
    }

    private static final long[] DOUBLES = {0, 0x8000_0000_0000_0000L, 0x3FF0_0000_0000_0000L, 0xBFF0_0000_0000_0000L,
        0x7FF0_0000_0000_0000L, 0xFFF0_0000_0000_0000L, 0x7FF8_0000_0000_0000L, 0x7FF4_0000_0000_0001L,
        0xFFF8_0000_0000_1234L, 0x0000_0000_0000_0001L, 0x000F_FFFF_FFFF_FFFFL, 0x7FEF_FFFF_FFFF_FFFFL,
        0x0010_0000_0000_0000L, 0x41DF_FFFF_FFC0_0000L, 0xC1E0_0000_0000_0000L, 0x43E0_0000_0000_0000L,
        0x4000_0000_0000_0000L, 0x3FE0_0000_0000_0000L, 0x4004_0000_0000_0000L, 0xC00C_0000_0000_0000L};
    private static final int[] FLOATS = {0, 0x8000_0000, 0x3F80_0000, 0xBF80_0000, 0x7F80_0000, 0xFF80_0000,
        0x7FC0_0000, 0x7FA0_0001, 0xFFC0_1234, 1, 0x007F_FFFF, 0x7F7F_FFFF, 0x0080_0000, 0x4EFF_FFFF, 0xCF00_0000,
        0x5F00_0000, 0x4000_0000, 0x3F00_0000, 0x4020_0000, 0xC060_0000};

    long xmmWord(boolean fp) {
        if (fp) {
            return switch (rnd.nextInt(3)) {
                case 0 -> DOUBLES[rnd.nextInt(DOUBLES.length)];
                case 1 -> (FLOATS[rnd.nextInt(FLOATS.length)] & 0xFFFF_FFFFL) | (long) FLOATS[rnd.nextInt(FLOATS.length)] << 32;
                default -> Double.doubleToRawLongBits((rnd.nextDouble() - 0.5) * Math.pow(2, rnd.nextInt(80) - 40));
            };
        }
        long v = 0;
        for (int k = 0; k < 8; k++) {
            long b = switch (rnd.nextInt(6)) { case 0 -> 0; case 1 -> 0x7F; case 2 -> 0x80; case 3 -> 0xFF; default -> rnd.nextInt(256); };
            v |= b << (8 * k);
        }
        return rnd.nextInt(5) == 0 ? rnd.nextLong() : v;
    }

    private void sseCase(Insn insn, boolean fp) {
        long[] x = new long[8];
        for (int i = 0; i < 8; i++) x[i] = xmmWord(fp);
        if (rnd.nextInt(4) == 0) { x[2] = x[0]; x[3] = x[1]; } // equal operands
        long[] g = regs();
        cases.add(new DiffCase(g, flags(), x, fp ? mxcsr() : 0x1F80, insn, false));
    }

    /** Random rounding control, sometimes FTZ/DAZ, sticky flags already set, or one exception unmasked. */
    int mxcsr() {
        int m = 0x1F80 | rnd.nextInt(4) << 13;
        if (rnd.nextInt(4) == 0) m |= 0x8000;  // FTZ
        if (rnd.nextInt(4) == 0) m |= 0x40;    // DAZ
        if (rnd.nextInt(4) == 0) m |= rnd.nextInt(64);
        if (rnd.nextInt(6) == 0) m &= ~(0x80 << rnd.nextInt(6)); // one exception unmasked: #XM
        return m;
    }

    /** SSE/SSE2 (and SSSE3 PSHUFB/PALIGNR) register forms on xmm0 (destination) and xmm1. */
    DiffCases sse(int perForm) {
        Operand x0 = Insn.xmm(0), x1 = Insn.xmm(1);
        List<Mnemonic> ints = new ArrayList<>(List.of(Mnemonic.PXOR, Mnemonic.POR, Mnemonic.PAND, Mnemonic.PANDN,
            Mnemonic.XORPS, Mnemonic.ANDPD, Mnemonic.ANDNPS, Mnemonic.ORPD, Mnemonic.PADDSB, Mnemonic.PADDSW,
            Mnemonic.PADDUSB, Mnemonic.PADDUSW, Mnemonic.PSUBSB, Mnemonic.PSUBSW, Mnemonic.PSUBUSB, Mnemonic.PSUBUSW,
            Mnemonic.PMINUB, Mnemonic.PMAXUB, Mnemonic.PMINSW, Mnemonic.PMAXSW, Mnemonic.PAVGB, Mnemonic.PAVGW,
            Mnemonic.PMULLW, Mnemonic.PMULHW, Mnemonic.PMULHUW, Mnemonic.PMULUDQ, Mnemonic.PMADDWD, Mnemonic.PSADBW,
            Mnemonic.PACKSSWB, Mnemonic.PACKSSDW, Mnemonic.PACKUSWB, Mnemonic.PUNPCKLQDQ, Mnemonic.PUNPCKHQDQ,
            Mnemonic.UNPCKLPS, Mnemonic.UNPCKHPS, Mnemonic.UNPCKLPD, Mnemonic.UNPCKHPD, Mnemonic.PSHUFB,
            Mnemonic.MOVHLPS, Mnemonic.MOVLHPS, Mnemonic.MOVSS, Mnemonic.MOVSD_SSE, Mnemonic.MOVQ, Mnemonic.MOVDQA));
        for (String w : new String[] {"B", "W", "D", "Q"}) {
            ints.add(Mnemonic.valueOf("PADD" + w));
            ints.add(Mnemonic.valueOf("PSUB" + w));
            if (!w.equals("Q")) {
                ints.add(Mnemonic.valueOf("PCMPEQ" + w));
                ints.add(Mnemonic.valueOf("PCMPGT" + w));
            }
        }
        for (String w : new String[] {"BW", "WD", "DQ"}) {
            ints.add(Mnemonic.valueOf("PUNPCKL" + w));
            ints.add(Mnemonic.valueOf("PUNPCKH" + w));
        }
        for (Mnemonic m : ints) for (int k = 0; k < perForm; k++) sseCase(new Insn(m, 128, -1, 0, x0, x1), false);
        return sseImmediateAndGpr(perForm);
    }

    private DiffCases sseImmediateAndGpr(int perForm) {
        Operand x0 = Insn.xmm(0), x1 = Insn.xmm(1);
        for (int k = 0; k < perForm; k++) {
            int imm = rnd.nextInt(256);
            for (Mnemonic m : new Mnemonic[] {Mnemonic.PSHUFD, Mnemonic.PSHUFLW, Mnemonic.PSHUFHW, Mnemonic.SHUFPS, Mnemonic.SHUFPD}) {
                sseCase(new Insn(m, 128, -1, 0, x0, x1, imm(imm, 8)), false);
            }
            sseCase(new Insn(Mnemonic.PALIGNR, 128, -1, 0, x0, x1, imm(rnd.nextInt(40), 8)), false);
            sseCase(new Insn(Mnemonic.PSLLDQ, 128, -1, 0, x0, imm(rnd.nextInt(20), 8)), false);
            sseCase(new Insn(Mnemonic.PSRLDQ, 128, -1, 0, x0, imm(rnd.nextInt(20), 8)), false);
            for (String kind : new String[] {"PSLL", "PSRL", "PSRA"}) {
                for (String w : new String[] {"W", "D", "Q"}) {
                    if (kind.equals("PSRA") && w.equals("Q")) continue;
                    Mnemonic m = Mnemonic.valueOf(kind + w);
                    sseCase(new Insn(m, 128, -1, 0, x0, imm(rnd.nextInt(70), 8)), false);
                    long[] x = {xmmWord(false), xmmWord(false), rnd.nextInt(3) == 0 ? rnd.nextLong() : rnd.nextInt(70), rnd.nextLong(), 0, 0, 0, 0};
                    cases.add(new DiffCase(regs(), flags(), x, new Insn(m, 128, -1, 0, x0, x1), false));
                }
            }
            sseCase(new Insn(Mnemonic.PMOVMSKB, 32, -1, 0, gpr(3, 32), x1), false);
            sseCase(new Insn(Mnemonic.MOVMSKPS, 32, -1, 0, gpr(3, 32), x1), true);
            sseCase(new Insn(Mnemonic.MOVMSKPD, 32, -1, 0, gpr(3, 32), x1), true);
            sseCase(new Insn(Mnemonic.PEXTRW, 32, -1, 0, gpr(3, 32), x1, imm(rnd.nextInt(8), 8)), false);
            sseCase(new Insn(Mnemonic.PINSRW, 128, -1, 0, x0, gpr(3, 32), imm(rnd.nextInt(8), 8)), false);
            sseCase(new Insn(Mnemonic.MOVD, 128, -1, 0, x0, gpr(3, 32)), false);
            sseCase(new Insn(Mnemonic.MOVQ, 128, -1, 0, x0, gpr(3, 64)), false);
            sseCase(new Insn(Mnemonic.MOVD, 32, -1, 0, gpr(3, 32), x1), false);
            sseCase(new Insn(Mnemonic.MOVQ, 64, -1, 0, gpr(3, 64), x1), false);
        }
        return sseFloat(perForm);
    }

    private DiffCases sseFloat(int perForm) {
        Operand x0 = Insn.xmm(0), x1 = Insn.xmm(1);
        for (String op : new String[] {"ADD", "SUB", "MUL", "DIV", "MIN", "MAX", "SQRT"}) {
            for (String t : new String[] {"SD", "SS", "PD", "PS"}) {
                for (int k = 0; k < perForm; k++) sseCase(new Insn(Mnemonic.valueOf(op + t), 128, -1, 0, x0, x1), true);
            }
        }
        for (int k = 0; k < perForm; k++) {
            for (Mnemonic m : new Mnemonic[] {Mnemonic.CMPSD_SSE, Mnemonic.CMPSS, Mnemonic.CMPPD, Mnemonic.CMPPS}) {
                sseCase(new Insn(m, 128, -1, 0, x0, x1, imm(rnd.nextInt(8), 8)), true);
            }
            for (Mnemonic m : new Mnemonic[] {Mnemonic.COMISD, Mnemonic.UCOMISD, Mnemonic.COMISS, Mnemonic.UCOMISS,
                    Mnemonic.CVTSS2SD, Mnemonic.CVTSD2SS, Mnemonic.CVTDQ2PD, Mnemonic.CVTDQ2PS, Mnemonic.CVTPS2PD,
                    Mnemonic.CVTPD2PS, Mnemonic.CVTTPD2DQ, Mnemonic.CVTTPS2DQ, Mnemonic.CVTPS2DQ, Mnemonic.CVTPD2DQ}) {
                sseCase(new Insn(m, 128, -1, 0, x0, x1), true);
            }
            for (int size : new int[] {32, 64}) {
                sseCase(new Insn(Mnemonic.CVTSI2SD, 128, -1, 0, x0, gpr(3, size)), true);
                sseCase(new Insn(Mnemonic.CVTSI2SS, 128, -1, 0, x0, gpr(3, size)), true);
                for (Mnemonic m : new Mnemonic[] {Mnemonic.CVTTSD2SI, Mnemonic.CVTSD2SI, Mnemonic.CVTTSS2SI, Mnemonic.CVTSS2SI}) {
                    sseCase(new Insn(m, size, -1, 0, gpr(3, size), x1), true);
                }
            }
        }
        return this;
    }

    /**
     * Moves, address arithmetic and the stack: MOVZX/MOVSX/MOVSXD, LEA, PUSH/POP, PUSHFQ, XCHG,
     * CMPXCHG8B/16B. (POPFQ is left to InterpreterAsmTest: the popped pattern would set AC/TF on the host.)
     */
    DiffCases misc(int perForm) {
        for (int k = 0; k < perForm; k++) {
            for (int size : new int[] {16, 32, 64}) {
                add(regs(), Insn.of(Mnemonic.MOVZX, gpr(3, size), gpr(6, 8)));
                add(regs(), Insn.of(Mnemonic.MOVSX, gpr(3, size), gpr(6, 8)));
                if (size > 16) {
                    add(regs(), Insn.of(Mnemonic.MOVZX, gpr(3, size), gpr(6, 16)));
                    add(regs(), Insn.of(Mnemonic.MOVSX, gpr(3, size), gpr(6, 16)));
                }
                Operand.Mem ea = new Operand.Mem(dev.jvmx.x86.Seg.DS, false, 6, 7, 1 << rnd.nextInt(4), (int) value(), 0, 64);
                add(regs(), new Insn(Mnemonic.LEA, size, -1, 0, gpr(3, size), ea));
                add(regs(), Insn.of(Mnemonic.XCHG, gpr(3, size), gpr(6, size)));
            }
            add(regs(), Insn.of(Mnemonic.MOVSXD, gpr(3, 64), gpr(6, 32)));
            add(regs(), Insn.of(Mnemonic.XCHG, gpr(3, 8), new Operand.Reg(dev.jvmx.x86.RegClass.GPR8H, 2, 8)));
            cases.add(new DiffCase(regs(), flags(), Insn.of(Mnemonic.PUSH, gpr(3, 64)), true));
            cases.add(new DiffCase(regs(), flags(), Insn.of(Mnemonic.POP, gpr(3, 64)), true));
            cases.add(new DiffCase(regs(), flags(), Insn.of(Mnemonic.PUSH, gpr(3, 16)), true));
            cases.add(new DiffCase(regs(), flags(), new Insn(Mnemonic.PUSH, 64, -1, 0, imm((int) value(), 64)), true));
            cases.add(new DiffCase(regs(), flags(), new Insn(Mnemonic.PUSHFQ, 64, -1, 0), true));
            long[] m = regs();
            m[7] = HostHarness.DATA_ADDR + 0x400 + 16 * rnd.nextInt(32);
            if (k % 2 == 0) { m[0] = pattern(m[7]); m[2] = pattern(m[7] + 8); } // equal: the exchange happens
            cases.add(new DiffCase(m, flags(), Insn.of(Mnemonic.CMPXCHG8B, Insn.mem(7, 0, 64)), true));
            int bsize = new int[] {16, 32, 64}[k % 3];
            cases.add(new DiffCase(m, flags(), Insn.of(Mnemonic.MOVBE, gpr(3, bsize), Insn.mem(7, k, bsize)), true));
            cases.add(new DiffCase(m, flags(), Insn.of(Mnemonic.MOVBE, Insn.mem(7, k, bsize), gpr(6, bsize)), true));
            cases.add(new DiffCase(m, flags(), Insn.of(Mnemonic.CMPXCHG16B, Insn.mem(7, 0, 128)), true));
        }
        return this;
    }

    /** The quadword the harness's fill pattern puts at {@code addr}. */
    static long pattern(long addr) {
        long v = 0;
        for (int i = 7; i >= 0; i--) v = v << 8 | ((addr - HostHarness.DATA_ADDR + i) * 131 + 7) & 0xFF;
        return v;
    }
}

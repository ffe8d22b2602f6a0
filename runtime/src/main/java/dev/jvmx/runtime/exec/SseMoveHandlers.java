package dev.jvmx.runtime.exec;

import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.cpu.SseInt;
import dev.jvmx.x86.Instruction;
import dev.jvmx.x86.Mnemonic;
import dev.jvmx.x86.Operand;

/**
 * SSE/SSE2 data movement: MOVD/MOVQ, the 128-bit moves (aligned and unaligned), MOVSS/MOVSD
 * (scalar), MOVLPS/MOVHPS/MOVLPD/MOVHPD/MOVHLPS/MOVLHPS, and the sign-mask extractions.
 */
final class SseMoveHandlers {
    private SseMoveHandlers() {}

    static void register(Handler[] t) {
        for (Mnemonic m : new Mnemonic[] {Mnemonic.MOVDQA, Mnemonic.MOVAPS, Mnemonic.MOVAPD, Mnemonic.MOVNTDQ,
                Mnemonic.MOVNTPS, Mnemonic.MOVNTPD, Mnemonic.MOVNTDQA}) {
            t[m.ordinal()] = (c, i) -> Vec.move(c, i.op(0), i.op(1), true);
        }
        for (Mnemonic m : new Mnemonic[] {Mnemonic.MOVDQU, Mnemonic.MOVUPS, Mnemonic.MOVUPD, Mnemonic.LDDQU}) {
            t[m.ordinal()] = (c, i) -> Vec.move(c, i.op(0), i.op(1), false);
        }
        t[Mnemonic.MOVD.ordinal()] = SseMoveHandlers::movdq;
        t[Mnemonic.MOVQ.ordinal()] = SseMoveHandlers::movdq;
        t[Mnemonic.MOVSS.ordinal()] = (c, i) -> scalar(c, i, 32);
        t[Mnemonic.MOVSD_SSE.ordinal()] = (c, i) -> scalar(c, i, 64);
        t[Mnemonic.MOVLPS.ordinal()] = (c, i) -> half(c, i, 0);
        t[Mnemonic.MOVLPD.ordinal()] = (c, i) -> half(c, i, 0);
        t[Mnemonic.MOVHPS.ordinal()] = (c, i) -> half(c, i, 1);
        t[Mnemonic.MOVHPD.ordinal()] = (c, i) -> half(c, i, 1);
        t[Mnemonic.MOVHLPS.ordinal()] = (c, i) -> c.cpu.ymm[Vec.xmm(i.op(0)) * 4] = c.cpu.ymm[Vec.xmm(i.op(1)) * 4 + 1];
        t[Mnemonic.MOVLHPS.ordinal()] = (c, i) -> c.cpu.ymm[Vec.xmm(i.op(0)) * 4 + 1] = c.cpu.ymm[Vec.xmm(i.op(1)) * 4];
        t[Mnemonic.PMOVMSKB.ordinal()] = (c, i) -> Vec.withSource(c, i.op(1), true, (lo, hi) -> Operands.write(c, i.op(0), SseInt.pmovmskb(lo, hi)));
        t[Mnemonic.MOVMSKPS.ordinal()] = (c, i) -> Operands.write(c, i.op(0), SseInt.movmsk(Vec.load(c, i.op(1)), 32));
        t[Mnemonic.MOVMSKPD.ordinal()] = (c, i) -> Operands.write(c, i.op(0), SseInt.movmsk(Vec.load(c, i.op(1)), 64));
    }

    /**
     * MOVD/MOVQ in all directions: to an XMM register the value is zero-extended to 128 bits; from
     * an XMM register the low 32/64 bits go to a GPR (32-bit writes zero-extend) or memory.
     */
    static void movdq(ExecContext c, Instruction i) {
        Operand d = i.op(0), s = i.op(1);
        if (Vec.isXmm(d)) {
            int bits = Vec.isXmm(s) ? 64 : s.size();
            Vec.setXmm(c.cpu, Vec.xmm(d), Vec.loadLow(c, s, bits), 0);
        } else {
            long v = c.cpu.ymm[Vec.xmm(s) * 4];
            Operands.write(c, d, d.size() == 64 ? v : v & 0xFFFF_FFFFL);
        }
    }

    /** MOVSS/MOVSD: register to register merges the low lane; a load zeroes the rest; a store writes the lane. */
    static void scalar(ExecContext c, Instruction i, int bits) {
        Operand d = i.op(0), s = i.op(1);
        long m = bits == 64 ? -1L : 0xFFFF_FFFFL;
        if (d instanceof Operand.Mem) {
            Operands.write(c, d, c.cpu.ymm[Vec.xmm(s) * 4] & m);
        } else if (s instanceof Operand.Mem) {
            Vec.setXmm(c.cpu, Vec.xmm(d), Vec.loadLow(c, s, bits), 0);
        } else {
            CpuState st = c.cpu;
            int dn = Vec.xmm(d) * 4;
            st.ymm[dn] = (st.ymm[dn] & ~m) | (st.ymm[Vec.xmm(s) * 4] & m);
        }
    }

    /** MOVLPx/MOVHPx: one 64-bit half between an XMM register and memory. */
    static void half(ExecContext c, Instruction i, int which) {
        Operand d = i.op(0), s = i.op(1);
        if (d instanceof Operand.Mem) Operands.write(c, d, c.cpu.ymm[Vec.xmm(s) * 4 + which]);
        else c.cpu.ymm[Vec.xmm(d) * 4 + which] = Vec.loadLow(c, s, 64);
    }
}

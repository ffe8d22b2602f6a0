package dev.jvmx.runtime.exec;

import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.cpu.F80;
import dev.jvmx.runtime.cpu.F80Convert;
import dev.jvmx.runtime.cpu.X87;
import dev.jvmx.x86.Instruction;
import dev.jvmx.x86.Mnemonic;
import dev.jvmx.x86.Operand;
import dev.jvmx.x86.RegClass;

/**
 * x87 data movement: FLD/FST/FSTP (ST(i), m32, m64, m80), FILD/FIST/FISTP/FISTTP, FXCH,
 * FCMOVcc, the constants, FCHS/FABS, FFREE/FINCSTP/FDECSTP, FXAM. Arithmetic and compares are in
 * {@link X87ArithHandlers}. Operands follow the SDM forms (ST0/STi registers, Md/Mq/Mt/Mw memory).
 */
final class X87Handlers {
    private X87Handlers() {}

    /** FLDPI, FLDL2E, FLDL2T, FLDLG2, FLDLN2 as loaded under round-to-nearest (SDM Vol. 1 §8.3.8). */
    static final F80 PI = new F80(0x4000, 0xC90F_DAA2_2168_C235L), L2E = new F80(0x3FFF, 0xB8AA_3B29_5C17_F0BCL),
            L2T = new F80(0x4000, 0xD49A_784B_CD1B_8AFEL), LG2 = new F80(0x3FFD, 0x9A20_9A84_FBCF_F799L),
            LN2 = new F80(0x3FFE, 0xB172_17F7_D1CF_79ACL);

    static void register(Handler[] t) {
        t[Mnemonic.FLD.ordinal()] = (c, i) -> X87.push(c.cpu, load(c, i.op(0)));
        t[Mnemonic.FST.ordinal()] = (c, i) -> store(c, i.op(0));
        t[Mnemonic.FSTP.ordinal()] = (c, i) -> { store(c, i.op(0)); X87.pop(c.cpu); };
        t[Mnemonic.FILD.ordinal()] = (c, i) -> X87.push(c.cpu, F80Convert.fromLong(Operands.readSigned(c, i.op(0))));
        t[Mnemonic.FIST.ordinal()] = (c, i) -> storeInt(c, i, X87.rc(c.cpu));
        t[Mnemonic.FISTP.ordinal()] = (c, i) -> { storeInt(c, i, X87.rc(c.cpu)); X87.pop(c.cpu); };
        t[Mnemonic.FISTTP.ordinal()] = (c, i) -> { storeInt(c, i, 3); X87.pop(c.cpu); };
        t[Mnemonic.FXCH.ordinal()] = X87Handlers::fxch;
        constant(t, Mnemonic.FLDZ, F80.ZERO);
        constant(t, Mnemonic.FLD1, F80.ONE);
        constant(t, Mnemonic.FLDPI, PI);
        constant(t, Mnemonic.FLDL2E, L2E);
        constant(t, Mnemonic.FLDL2T, L2T);
        constant(t, Mnemonic.FLDLG2, LG2);
        constant(t, Mnemonic.FLDLN2, LN2);
        // an empty ST0 (stack underflow, masked) gives the indefinite itself, not its negation
        t[Mnemonic.FCHS.ordinal()] = (c, i) -> X87.set(c.cpu, 0, X87.isEmpty(c.cpu, 0) ? X87.st(c.cpu, 0) : X87.st(c.cpu, 0).negate());
        t[Mnemonic.FABS.ordinal()] = (c, i) -> X87.set(c.cpu, 0, X87.isEmpty(c.cpu, 0) ? X87.st(c.cpu, 0) : X87.st(c.cpu, 0).abs());
        t[Mnemonic.FFREE.ordinal()] = (c, i) -> X87.free(c.cpu, sti(i.op(0)));
        t[Mnemonic.FFREEP.ordinal()] = (c, i) -> { X87.free(c.cpu, sti(i.op(0))); X87.pop(c.cpu); };
        t[Mnemonic.FINCSTP.ordinal()] = (c, i) -> X87.incTop(c.cpu, 1);
        t[Mnemonic.FDECSTP.ordinal()] = (c, i) -> X87.incTop(c.cpu, -1);
        t[Mnemonic.FNOP.ordinal()] = (c, i) -> { };
        t[Mnemonic.FXAM.ordinal()] = (c, i) -> X87.examine(c.cpu);
        for (Mnemonic m : new Mnemonic[] {Mnemonic.FCMOVB, Mnemonic.FCMOVE, Mnemonic.FCMOVBE, Mnemonic.FCMOVU,
                Mnemonic.FCMOVNB, Mnemonic.FCMOVNE, Mnemonic.FCMOVNBE, Mnemonic.FCMOVNU}) {
            t[m.ordinal()] = (c, i) -> {
                if (dev.jvmx.runtime.cpu.Cond.test(c.cpu, i.cond())) X87.set(c.cpu, 0, X87.st(c.cpu, sti(i.op(1))));
            };
        }
        X87ArithHandlers.register(t);
        X87EnvHandlers.register(t);
        X87TranscendentalHandlers.register(t);
    }

    private static void constant(Handler[] t, Mnemonic m, F80 v) {
        t[m.ordinal()] = (c, i) -> X87.push(c.cpu, v);
    }

    static int sti(Operand o) {
        return ((Operand.Reg) o).num();
    }

    static boolean isSt(Operand o) {
        return o instanceof Operand.Reg r && r.cls() == RegClass.ST;
    }

    /** An x87 source: ST(i), or a float/double/extended memory operand. */
    static F80 load(ExecContext c, Operand o) {
        if (isSt(o)) return X87.st(c.cpu, sti(o));
        Operand.Mem m = (Operand.Mem) o;
        long a = Operands.linear(c.cpu, m);
        return switch (m.size()) {
            case 32 -> F80Convert.fromFloat(c.mem.read32(a));
            case 64 -> F80Convert.fromDouble(c.mem.read64(a));
            default -> new F80(c.mem.read16(a + 8) & 0xFFFF, c.mem.read64(a));
        };
    }

    /** FST/FSTP destination: ST(i) or memory, rounded by the control word's RC. */
    static void store(ExecContext c, Operand o) {
        CpuState s = c.cpu;
        F80 v = X87.st(s, 0);
        if (isSt(o)) {
            X87.set(s, sti(o), v);
            return;
        }
        Operand.Mem m = (Operand.Mem) o;
        long a = Operands.linear(s, m);
        switch (m.size()) {
            case 32 -> c.mem.write32(a, F80Convert.toFloat(v, X87.rc(s)));
            case 64 -> c.mem.write64(a, F80Convert.toDouble(v, X87.rc(s)));
            default -> {
                c.mem.write16(a + 8, (short) v.se()); // the high part first: a fault leaves memory untouched
                c.mem.write64(a, v.sig());
            }
        }
    }

    static void storeInt(ExecContext c, Instruction i, int rc) {
        Operand o = i.op(0);
        Operands.write(c, o, F80Convert.toInt(X87.st(c.cpu, 0), o.size(), rc));
    }

    static void fxch(ExecContext c, Instruction i) {
        int k = i.operandCount() > 0 ? sti(i.op(i.operandCount() - 1)) : 1;
        F80 a = X87.st(c.cpu, 0), b = X87.st(c.cpu, k);
        X87.set(c.cpu, 0, b);
        X87.set(c.cpu, k, a);
    }
}

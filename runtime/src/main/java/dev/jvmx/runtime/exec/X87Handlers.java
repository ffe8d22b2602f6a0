package dev.jvmx.runtime.exec;

import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.cpu.F80;
import dev.jvmx.runtime.cpu.F80Convert;
import dev.jvmx.runtime.cpu.F80Env;
import dev.jvmx.runtime.mem.GuestFault;
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
    /** The same constants rounded the other way (their next bits: pi C4C6.., l2e BE87.., l2t 492B.., lg2 8F89.., ln2 C9E3..). */
    static final F80 PI_DOWN = new F80(0x4000, 0xC90F_DAA2_2168_C234L), L2E_DOWN = new F80(0x3FFF, 0xB8AA_3B29_5C17_F0BBL),
            L2T_UP = new F80(0x4000, 0xD49A_784B_CD1B_8AFFL), LG2_DOWN = new F80(0x3FFD, 0x9A20_9A84_FBCF_F798L),
            LN2_DOWN = new F80(0x3FFE, 0xB172_17F7_D1CF_79ABL);

    static void register(Handler[] t) {
        Handler[] before = t.clone();
        t[Mnemonic.FLD.ordinal()] = X87Handlers::fld;
        t[Mnemonic.FST.ordinal()] = (c, i) -> store(c, i.op(0), false);
        t[Mnemonic.FSTP.ordinal()] = (c, i) -> store(c, i.op(0), true);
        t[Mnemonic.FILD.ordinal()] = (c, i) -> pushValue(c, F80Convert.fromLong(Operands.readSigned(c, i.op(0))));
        t[Mnemonic.FIST.ordinal()] = (c, i) -> storeInt(c, i, -1, false);
        t[Mnemonic.FISTP.ordinal()] = (c, i) -> storeInt(c, i, -1, true);
        t[Mnemonic.FISTTP.ordinal()] = (c, i) -> storeInt(c, i, 3, true);
        t[Mnemonic.FBLD.ordinal()] = X87Handlers::fbld;
        t[Mnemonic.FBSTP.ordinal()] = X87Handlers::fbstp;
        t[Mnemonic.FXCH.ordinal()] = X87Handlers::fxch;
        constant(t, Mnemonic.FLDZ, F80.ZERO, F80.ZERO);
        constant(t, Mnemonic.FLD1, F80.ONE, F80.ONE);
        constant(t, Mnemonic.FLDPI, PI, PI_DOWN);
        constant(t, Mnemonic.FLDL2E, L2E, L2E_DOWN);
        constant(t, Mnemonic.FLDL2T, L2T, L2T_UP);
        constant(t, Mnemonic.FLDLG2, LG2, LG2_DOWN);
        constant(t, Mnemonic.FLDLN2, LN2, LN2_DOWN);
        t[Mnemonic.FCHS.ordinal()] = (c, i) -> unary(c, F80::negate);
        t[Mnemonic.FABS.ordinal()] = (c, i) -> unary(c, F80::abs);
        t[Mnemonic.FFREE.ordinal()] = (c, i) -> X87.free(c.cpu, sti(i.op(0)));
        t[Mnemonic.FFREEP.ordinal()] = (c, i) -> { X87.free(c.cpu, sti(i.op(0))); X87.pop(c.cpu); };
        t[Mnemonic.FINCSTP.ordinal()] = (c, i) -> { X87.incTop(c.cpu, 1); c.cpu.fpuStatus &= ~X87.C1; };
        t[Mnemonic.FDECSTP.ordinal()] = (c, i) -> { X87.incTop(c.cpu, -1); c.cpu.fpuStatus &= ~X87.C1; };
        t[Mnemonic.FNOP.ordinal()] = (c, i) -> { };
        t[Mnemonic.FXAM.ordinal()] = (c, i) -> X87.examine(c.cpu);
        for (Mnemonic m : new Mnemonic[] {Mnemonic.FCMOVB, Mnemonic.FCMOVE, Mnemonic.FCMOVBE, Mnemonic.FCMOVU,
                Mnemonic.FCMOVNB, Mnemonic.FCMOVNE, Mnemonic.FCMOVNBE, Mnemonic.FCMOVNU}) {
            t[m.ordinal()] = X87Handlers::fcmov;
        }
        X87ArithHandlers.register(t);
        X87EnvHandlers.register(t);
        X87TranscendentalHandlers.register(t);
        for (int k = 0; k < t.length; k++) if (t[k] != before[k]) t[k] = waiting(t[k]);
        for (Mnemonic m : new Mnemonic[] {Mnemonic.FWAIT, Mnemonic.WAIT, Mnemonic.FLDCW}) t[m.ordinal()] = waiting(t[m.ordinal()]);
    }

    /**
     * A waiting x87 instruction: a pending unmasked exception (ES set) raises #MF before it executes
     * (SDM Vol. 1 §8.6, §8.7). FNINIT, FNCLEX, FNSTSW, FNSTCW, FNSTENV, FNSAVE do not wait.
     */
    static Handler waiting(Handler h) {
        return (c, i) -> {
            if (X87.pending(c.cpu)) throw GuestFault.of(GuestFault.MF);
            h.exec(c, i);
        };
    }

    /** FLD m32/m64/m80/ST(i): the source's exceptions (IE for SNaN, DE) and a stack overflow. */
    static void fld(ExecContext c, Instruction i) {
        F80Env env = F80Env.of(c.cpu.fpuControl, false);
        F80 v = load(c, i.op(0), env);
        X87.push(c.cpu, v, env); // m80 and ST(i) sources are copied as they are, SNaNs included
        // a stack overflow outranks the source's denormal: the value is never loaded (host-checked)
        if ((env.flags & F80Env.SF) != 0) env.flags &= ~F80Env.DE;
        X87.commit(c.cpu, env);
    }

    static void pushValue(ExecContext c, F80 v) {
        F80Env env = F80Env.of(c.cpu.fpuControl, false);
        X87.push(c.cpu, v, env);
        X87.commit(c.cpu, env);
    }

    /**
     * The constants are held with more precision than 64 bits and rounded by RC (SDM Vol. 1 §8.3.8):
     * {@code down} is the value for RC down and toward zero (or up, for L2T, whose nearest value is
     * the one below).
     */
    private static void constant(Handler[] t, Mnemonic m, F80 nearest, F80 other) {
        boolean otherIsUp = m == Mnemonic.FLDL2T;
        t[m.ordinal()] = (c, i) -> {
            int rc = X87.rc(c.cpu);
            boolean useOther = otherIsUp ? rc == 2 : rc == 1 || rc == 3;
            pushValue(c, useOther ? other : nearest);
        };
    }

    /** FCHS/FABS: sign operations raise only stack underflow; masked, the indefinite is stored unchanged. */
    static void unary(ExecContext c, java.util.function.UnaryOperator<F80> f) {
        F80Env env = F80Env.of(c.cpu.fpuControl, false);
        boolean empty = X87.isEmpty(c.cpu, 0);
        F80 v = X87.st(c.cpu, 0, env);
        if (!env.faulted()) X87.set(c.cpu, 0, empty ? v : f.apply(v));
        X87.commit(c.cpu, env);
    }

    static void fcmov(ExecContext c, Instruction i) {
        F80Env env = F80Env.of(c.cpu.fpuControl, false);
        X87.st(c.cpu, 0, env);
        F80 src = X87.st(c.cpu, sti(i.op(1)), env);
        if (env.faulted()) {
            X87.commit(c.cpu, env);
            return;
        }
        // masked stack underflow: ST0 becomes the indefinite whether or not the condition holds (host-checked)
        if ((env.flags & F80Env.SF) != 0) X87.set(c.cpu, 0, F80.INDEFINITE);
        else if (dev.jvmx.runtime.cpu.Cond.test(c.cpu, i.cond())) X87.set(c.cpu, 0, src);
        X87.commit(c.cpu, env);
    }

    static int sti(Operand o) {
        return ((Operand.Reg) o).num();
    }

    static boolean isSt(Operand o) {
        return o instanceof Operand.Reg r && r.cls() == RegClass.ST;
    }

    /** An x87 source: ST(i), or a float/double/extended memory operand. */
    static F80 load(ExecContext c, Operand o) {
        return load(c, o, F80Env.masked(0));
    }

    static F80 load(ExecContext c, Operand o, F80Env env) {
        if (isSt(o)) return X87.st(c.cpu, sti(o), env);
        Operand.Mem m = (Operand.Mem) o;
        long a = Operands.linear(c.cpu, m);
        return switch (m.size()) {
            case 32 -> F80Convert.fromFloat(c.mem.read32(a), env);
            case 64 -> F80Convert.fromDouble(c.mem.read64(a), env);
            default -> new F80(c.mem.read16(a + 8) & 0xFFFF, c.mem.read64(a));
        };
    }

    /**
     * FST/FSTP to ST(i) (a raw copy) or memory (rounded by RC, with IE/OE/UE/PE; SDM "FST"). An
     * unmasked exception other than PE stores nothing and does not pop (SDM Vol. 1 §8.5.4, §8.5.5).
     */
    static void store(ExecContext c, Operand o, boolean pop) {
        CpuState s = c.cpu;
        F80Env env = F80Env.of(s.fpuControl, false);
        F80 v = X87.st(s, 0, env);
        if (isSt(o)) {
            if (!env.faulted()) X87.set(s, sti(o), v);
        } else {
            Operand.Mem m = (Operand.Mem) o;
            long a = Operands.linear(s, m);
            switch (m.size()) {
                case 32 -> { int r = F80Convert.toFloat(v, env); if (!suppressed(env)) c.mem.write32(a, r); }
                case 64 -> { long r = F80Convert.toDouble(v, env); if (!suppressed(env)) c.mem.write64(a, r); }
                default -> {
                    if (!env.faulted()) { // an unmasked stack underflow stores nothing (host-checked)
                        dev.jvmx.runtime.mem.SplitStore.check(c.mem, a, 10); // a fault on either page leaves memory untouched
                        c.mem.write64(a, v.sig());
                        c.mem.write16(a + 8, (short) v.se());
                    }
                }
            }
        }
        if (pop && !suppressed(env)) X87.pop(s);
        X87.commit(s, env);
    }

    /** A memory store is suppressed by an unmasked IE/DE/ZE, and by an unmasked OE or UE. */
    static boolean suppressed(F80Env env) {
        return env.faulted() || (env.flags & ~env.masks & (F80Env.OE | F80Env.UE)) != 0;
    }

    /** FIST/FISTP ({@code rc} -1: the control word's) and FISTTP ({@code rc} 3). */
    static void storeInt(ExecContext c, Instruction i, int rc, boolean pop) {
        CpuState s = c.cpu;
        F80Env env = F80Env.of(s.fpuControl, false);
        Operand o = i.op(0);
        long v = F80Convert.toInt(X87.st(s, 0, env), o.size(), rc < 0 ? env.rc : rc, env);
        if (env.faulted()) {
            X87.commit(s, env);
            return;
        }
        Operands.write(c, o, v);
        if (pop) X87.pop(s);
        X87.commit(s, env);
    }

    /** The largest magnitude a packed-BCD integer holds: 18 decimal digits. */
    private static final long BCD_MAX = 999_999_999_999_999_999L;

    /**
     * FBLD m80bcd (SDM Vol. 2A "FBLD", Vol. 1 §4.7 Figure 4-9): 18 digits, two a byte from the
     * lowest, the sign in bit 7 of byte 9; -0 loads as -0.0. Exact, so only a stack overflow can
     * raise. Digits above 9 are undefined in the SDM; they are weighted like valid ones.
     */
    static void fbld(ExecContext c, Instruction i) {
        long a = Operands.linear(c.cpu, (Operand.Mem) i.op(0));
        long v = 0;
        for (int k = 8; k >= 0; k--) {
            int b = c.mem.read8(a + k) & 0xFF;
            v = v * 100 + (b >> 4) * 10 + (b & 15);
        }
        boolean negative = (c.mem.read8(a + 9) & 0x80) != 0;
        F80 f = F80Convert.fromLong(v);
        pushValue(c, negative ? new F80(f.se() | 0x8000, f.sig()) : f);
    }

    /**
     * FBSTP m80bcd (SDM Vol. 2A "FBSTP"): ST(0) rounded by RC to an integer, stored as packed BCD,
     * then popped. A NaN, infinity, unsupported value or one beyond 18 digits raises IE and, masked,
     * stores the packed-BCD indefinite (FFFF C000 0000 0000 0000h); inexact raises PE (C1 = rounded
     * up). The sign byte is the source's sign (-0.4 stores as -0).
     */
    static void fbstp(ExecContext c, Instruction i) {
        CpuState s = c.cpu;
        F80Env env = F80Env.of(s.fpuControl, false);
        F80 st = X87.st(s, 0, env);
        long r = F80Convert.toInt(st, 64, env.rc);
        boolean invalid = st.isNaN() || st.isInf() || st.isUnsupported() || r == Long.MIN_VALUE || Math.abs(r) > BCD_MAX;
        if (invalid) env.flags |= F80Env.IE;
        else F80Convert.toInt(st, 64, env.rc, env);                 // PE and C1 when inexact
        if (env.faulted()) {
            X87.commit(s, env);
            return;
        }
        byte[] bcd = new byte[10];
        if (invalid) {
            bcd[7] = (byte) 0xC0;
            bcd[8] = (byte) 0xFF;
            bcd[9] = (byte) 0xFF;
        } else {
            long m = Math.abs(r);
            for (int k = 0; k < 9; k++, m /= 100) bcd[k] = (byte) ((m % 100 / 10) << 4 | m % 10);
            bcd[9] = (byte) (st.sign() ? 0x80 : 0);
        }
        c.mem.write(Operands.linear(s, (Operand.Mem) i.op(0)), bcd, 0, 10);
        X87.pop(s);
        X87.commit(s, env);
    }

    /** FXCH: empty registers raise stack underflow; masked, they become the indefinite (SDM "FXCH"). */
    static void fxch(ExecContext c, Instruction i) {
        int k = i.operandCount() > 0 ? sti(i.op(i.operandCount() - 1)) : 1;
        F80Env env = F80Env.of(c.cpu.fpuControl, false);
        F80 a = X87.st(c.cpu, 0, env), b = X87.st(c.cpu, k, env);
        if (!env.faulted()) {
            X87.set(c.cpu, 0, b);
            X87.set(c.cpu, k, a);
        }
        X87.commit(c.cpu, env);
    }
}

package dev.jvmx.runtime.exec;

import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.cpu.F80;
import dev.jvmx.runtime.cpu.F80Convert;
import dev.jvmx.runtime.cpu.F80Env;
import dev.jvmx.runtime.cpu.F80Math;
import dev.jvmx.runtime.cpu.F80Math.Op;
import dev.jvmx.runtime.cpu.X87;
import dev.jvmx.x86.Flags;
import dev.jvmx.x86.Instruction;
import dev.jvmx.x86.Mnemonic;
import dev.jvmx.x86.Operand;

/**
 * x87 arithmetic and compares. Forms (SDM "FADD" etc.): one memory operand (ST0 = ST0 op m32/m64,
 * FIxxx: op m16/m32 integer), {@code ST0, STi}, {@code STi, ST0} (destination first; the R forms
 * reverse the operands), and the popping P forms ({@code STi, ST0}, default ST1).
 */
final class X87ArithHandlers {
    private X87ArithHandlers() {}

    static void register(Handler[] t) {
        arith(t, Op.ADD, Mnemonic.FADD, Mnemonic.FADDP, Mnemonic.FIADD);
        arith(t, Op.SUB, Mnemonic.FSUB, Mnemonic.FSUBP, Mnemonic.FISUB);
        arith(t, Op.SUBR, Mnemonic.FSUBR, Mnemonic.FSUBRP, Mnemonic.FISUBR);
        arith(t, Op.MUL, Mnemonic.FMUL, Mnemonic.FMULP, Mnemonic.FIMUL);
        arith(t, Op.DIV, Mnemonic.FDIV, Mnemonic.FDIVP, Mnemonic.FIDIV);
        arith(t, Op.DIVR, Mnemonic.FDIVR, Mnemonic.FDIVRP, Mnemonic.FIDIVR);
        t[Mnemonic.FSQRT.ordinal()] = (c, i) -> unary(c, true, F80Math::sqrt);
        t[Mnemonic.FPREM.ordinal()] = (c, i) -> prem(c, false);
        t[Mnemonic.FPREM1.ordinal()] = (c, i) -> prem(c, true);
        t[Mnemonic.FRNDINT.ordinal()] = (c, i) -> unary(c, false, F80Math::roundToInt);
        t[Mnemonic.FCOM.ordinal()] = (c, i) -> fcom(c, i, 0, true);
        t[Mnemonic.FUCOM.ordinal()] = (c, i) -> fcom(c, i, 0, false);
        t[Mnemonic.FCOMP.ordinal()] = (c, i) -> fcom(c, i, 1, true);
        t[Mnemonic.FUCOMP.ordinal()] = (c, i) -> fcom(c, i, 1, false);
        t[Mnemonic.FCOMPP.ordinal()] = (c, i) -> fcom(c, i, 2, true);
        t[Mnemonic.FUCOMPP.ordinal()] = (c, i) -> fcom(c, i, 2, false);
        t[Mnemonic.FICOM.ordinal()] = (c, i) -> ficom(c, i, false);
        t[Mnemonic.FICOMP.ordinal()] = (c, i) -> ficom(c, i, true);
        t[Mnemonic.FTST.ordinal()] = X87ArithHandlers::ftst;
        t[Mnemonic.FCOMI.ordinal()] = (c, i) -> fcomi(c, i, false, true);
        t[Mnemonic.FUCOMI.ordinal()] = (c, i) -> fcomi(c, i, false, false);
        t[Mnemonic.FCOMIP.ordinal()] = (c, i) -> fcomi(c, i, true, true);
        t[Mnemonic.FUCOMIP.ordinal()] = (c, i) -> fcomi(c, i, true, false);
    }

    private static void arith(Handler[] t, Op op, Mnemonic plain, Mnemonic popping, Mnemonic integer) {
        t[plain.ordinal()] = (c, i) -> binary(c, i, op, false);
        t[popping.ordinal()] = (c, i) -> binary(c, i, op, true);
        t[integer.ordinal()] = (c, i) -> {
            F80 src = F80Convert.fromLong(Operands.readSigned(c, i.op(0)));
            F80Env env = F80Env.of(c.cpu.fpuControl, true);
            deliver(c.cpu, 0, F80Math.apply(op, X87.st(c.cpu, 0, env), src, env), env, false);
        };
    }

    /**
     * Writes an arithmetic result to ST(dst) and pops if asked, unless an unmasked pre-computation
     * exception (IE, DE, ZE) suppresses the instruction (SDM Vol. 1 §8.5: operands left unchanged);
     * then records the exceptions.
     */
    static void deliver(CpuState s, int dst, F80 r, F80Env env, boolean pop) {
        if (!env.faulted()) {
            X87.set(s, dst, (env.flags & F80Env.SF) != 0 ? F80.INDEFINITE : r); // a stack fault outranks NaN operands
            if (pop) X87.pop(s);
        }
        X87.commit(s, env);
    }

    /** ST0 = f(ST0) for FSQRT ({@code pc}: precision control applies) and FRNDINT. */
    static void unary(ExecContext c, boolean pc, java.util.function.BiFunction<F80, F80Env, F80> f) {
        F80Env env = F80Env.of(c.cpu.fpuControl, pc);
        F80 a = X87.st(c.cpu, 0, env);
        deliver(c.cpu, 0, env.faulted() ? a : f.apply(a, env), env, false);
    }

    /** dst = dst op src, where dst/src are (ST0, mem), (ST0, STi) or (STi, ST0); P forms pop after. */
    static void binary(ExecContext c, Instruction i, Op op, boolean pop) {
        CpuState s = c.cpu;
        F80Env env = F80Env.of(s.fpuControl, true);
        int dst;
        F80 src;
        if (i.operandCount() == 0) {
            dst = 1;
            src = X87.st(s, 0, env);
        } else if (i.operandCount() == 1) {
            dst = 0;
            F80Env memEnv = F80Env.of(s.fpuControl, false);
            src = X87Handlers.load(c, i.op(0), memEnv);
            // an SNaN operand stays signalling for the NaN rules: SNaN and QNaN give the QNaN (SDM Table 4-7)
            if ((memEnv.flags & F80Env.IE) != 0) src = new F80(src.se(), src.sig() & ~(1L << 62));
            F80 d = X87.st(s, 0, env);
            // a denormal dividend divided by a zero ST0 raises ZE alone, no DE (host-checked: FDIVR m32 with ST0 = -0)
            if (op == Op.DIVR && d.isZero()) memEnv.flags &= ~F80Env.DE;
            memoryOperandFlags(d, memEnv.flags, env);
            deliver(s, 0, env.faulted() ? d : F80Math.apply(op, d, src, env), env, pop);
            return;
        } else {
            dst = X87Handlers.sti(i.op(0));
            src = X87.st(s, X87Handlers.sti(i.op(1)), env);
        }
        F80 d = X87.st(s, dst, env);
        deliver(s, dst, env.faulted() ? d : F80Math.apply(op, d, src, env), env, pop);
    }

    /**
     * Exceptions of an m32/m64 operand (its SNaN IE comes from the arithmetic itself): its DE only
     * if ST0 is not a NaN, unsupported or empty, which outrank a denormal (SDM Vol. 1 §4.9.2, host-checked).
     */
    static void memoryOperandFlags(F80 st0, int memFlags, F80Env env) {
        boolean outranked = st0.isNaN() || st0.isUnsupported() || (env.flags & F80Env.SF) != 0;
        if ((memFlags & F80Env.DE) != 0 && !outranked) env.flags |= F80Env.DE;
    }

    /** FCOM/FUCOM (+P, PP): C3 C2 C0 from ST0 vs the operand (default ST1); set even when IE is unmasked (host-checked). */
    static void fcom(ExecContext c, Instruction i, int pops, boolean ordered) {
        F80Env env = F80Env.of(c.cpu.fpuControl, false);
        Operand o = i.operandCount() == 0 ? null : i.op(i.operandCount() - 1);
        if (o instanceof Operand.Mem) {
            // as for arithmetic: an empty or NaN ST0 outranks the memory operand's DE (host-checked)
            F80Env memEnv = F80Env.of(c.cpu.fpuControl, false);
            F80 src = X87Handlers.load(c, o, memEnv);
            if ((memEnv.flags & F80Env.IE) != 0) src = new F80(src.se(), src.sig() & ~(1L << 62)); // stays signalling
            F80 a = X87.st(c.cpu, 0, env);
            memoryOperandFlags(a, memEnv.flags, env);
            compareAndPop(c.cpu, a, src, ordered, env, pops);
            return;
        }
        F80 a = X87.st(c.cpu, 0, env);
        F80 src = o == null ? X87.st(c.cpu, 1, env) : X87Handlers.load(c, o, env);
        compareAndPop(c.cpu, a, src, ordered, env, pops);
    }

    private static void compareAndPop(CpuState s, F80 a, F80 b, boolean ordered, F80Env env, int pops) {
        int cmp = F80Math.compare(a, b, ordered, env);
        if (!env.faulted()) {
            X87.setCompareCodes(s, cmp);
            for (int k = 0; k < pops; k++) X87.pop(s);
        } else {
            X87.setCompareCodes(s, cmp); // unlike the SDM's text, Intel still reports the codes; nothing is popped (host-checked)
        }
        X87.commit(s, env);
    }

    static void ficom(ExecContext c, Instruction i, boolean pop) {
        F80 src = F80Convert.fromLong(Operands.readSigned(c, i.op(0)));
        F80Env env = F80Env.of(c.cpu.fpuControl, false);
        compareAndPop(c.cpu, X87.st(c.cpu, 0, env), src, true, env, pop ? 1 : 0);
    }

    static void ftst(ExecContext c, Instruction i) {
        F80Env env = F80Env.of(c.cpu.fpuControl, false);
        compareAndPop(c.cpu, X87.st(c.cpu, 0, env), F80.ZERO, true, env, 0);
    }

    /** FCOMI/FUCOMI (+P): ZF PF CF = 000 greater, 001 less, 100 equal, 111 unordered; OF SF AF cleared. */
    static void fcomi(ExecContext c, Instruction i, boolean pop, boolean ordered) {
        Operand o = i.op(i.operandCount() - 1);
        F80Env env = F80Env.of(c.cpu.fpuControl, false);
        F80 a = X87.st(c.cpu, 0, env), b = X87.st(c.cpu, X87Handlers.sti(o), env);
        int cmp = F80Math.compare(a, b, ordered, env);
        // the flags are written even when an exception is unmasked: "unordered" for IE, the result for DE (host-checked)
        int f = switch (cmp) {
            case -1 -> Flags.CF;
            case 0 -> Flags.ZF;
            case 1 -> 0;
            default -> Flags.ZF | Flags.PF | Flags.CF;
        };
        c.cpu.setStatus(Flags.STATUS, f);
        if (pop && !env.faulted()) X87.pop(c.cpu);
        X87.commit(c.cpu, env);
    }

    static void prem(ExecContext c, boolean nearest) {
        F80Env env = F80Env.of(c.cpu.fpuControl, false);
        F80 a = X87.st(c.cpu, 0, env), b = X87.st(c.cpu, 1, env);
        Object[] r = env.faulted() ? new Object[] {a, 0}
                : (env.flags & F80Env.SF) != 0 ? new Object[] {F80.INDEFINITE, 0} : F80Math.prem(a, b, nearest, env);
        if (!env.faulted()) {
            X87.set(c.cpu, 0, (F80) r[0]);
            c.cpu.fpuStatus = (c.cpu.fpuStatus & ~(X87.C0 | X87.C2 | X87.C3)) | ((int) r[1] & ~X87.C1);
            if (((int) r[1] & X87.C1) != 0) env.flags |= X87.C1;
        }
        X87.commit(c.cpu, env);
    }
}

package dev.jvmx.runtime.exec;

import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.cpu.F80;
import dev.jvmx.runtime.cpu.F80Convert;
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
        t[Mnemonic.FSQRT.ordinal()] = (c, i) -> X87.set(c.cpu, 0, F80Math.sqrt(X87.st(c.cpu, 0), X87.rc(c.cpu)));
        t[Mnemonic.FPREM.ordinal()] = (c, i) -> prem(c, false);
        t[Mnemonic.FPREM1.ordinal()] = (c, i) -> prem(c, true);
        t[Mnemonic.FRNDINT.ordinal()] = (c, i) -> X87.set(c.cpu, 0, F80Math.roundToInt(X87.st(c.cpu, 0), X87.rc(c.cpu)));
        for (Mnemonic m : new Mnemonic[] {Mnemonic.FCOM, Mnemonic.FUCOM}) t[m.ordinal()] = (c, i) -> fcom(c, i, 0);
        for (Mnemonic m : new Mnemonic[] {Mnemonic.FCOMP, Mnemonic.FUCOMP}) t[m.ordinal()] = (c, i) -> fcom(c, i, 1);
        for (Mnemonic m : new Mnemonic[] {Mnemonic.FCOMPP, Mnemonic.FUCOMPP}) t[m.ordinal()] = (c, i) -> fcom(c, i, 2);
        t[Mnemonic.FICOM.ordinal()] = (c, i) -> ficom(c, i, false);
        t[Mnemonic.FICOMP.ordinal()] = (c, i) -> ficom(c, i, true);
        t[Mnemonic.FTST.ordinal()] = (c, i) -> X87.setCompareCodes(c.cpu, F80Math.compare(X87.st(c.cpu, 0), F80.ZERO));
        for (Mnemonic m : new Mnemonic[] {Mnemonic.FCOMI, Mnemonic.FUCOMI}) t[m.ordinal()] = (c, i) -> fcomi(c, i, false);
        for (Mnemonic m : new Mnemonic[] {Mnemonic.FCOMIP, Mnemonic.FUCOMIP}) t[m.ordinal()] = (c, i) -> fcomi(c, i, true);
    }

    private static void arith(Handler[] t, Op op, Mnemonic plain, Mnemonic popping, Mnemonic integer) {
        t[plain.ordinal()] = (c, i) -> binary(c, i, op, false);
        t[popping.ordinal()] = (c, i) -> binary(c, i, op, true);
        t[integer.ordinal()] = (c, i) -> {
            F80 src = F80Convert.fromLong(Operands.readSigned(c, i.op(0)));
            X87.set(c.cpu, 0, F80Math.apply(op, X87.st(c.cpu, 0), src, X87.rc(c.cpu)));
        };
    }

    /** dst = dst op src, where dst/src are (ST0, mem), (ST0, STi) or (STi, ST0); P forms pop after. */
    static void binary(ExecContext c, Instruction i, Op op, boolean pop) {
        CpuState s = c.cpu;
        int dst;
        F80 src;
        if (i.operandCount() == 0) {
            dst = 1;
            src = X87.st(s, 0);
        } else if (i.operandCount() == 1) {
            dst = 0;
            src = X87Handlers.load(c, i.op(0));
        } else {
            dst = X87Handlers.sti(i.op(0));
            src = X87.st(s, X87Handlers.sti(i.op(1)));
        }
        X87.set(s, dst, F80Math.apply(op, X87.st(s, dst), src, X87.rc(s)));
        if (pop) X87.pop(s);
    }

    /** FCOM/FUCOM (+P, PP): C3 C2 C0 from ST0 vs the operand (default ST1). */
    static void fcom(ExecContext c, Instruction i, int pops) {
        F80 src = i.operandCount() == 0 ? X87.st(c.cpu, 1) : X87Handlers.load(c, i.op(i.operandCount() - 1));
        X87.setCompareCodes(c.cpu, F80Math.compare(X87.st(c.cpu, 0), src));
        for (int k = 0; k < pops; k++) X87.pop(c.cpu);
    }

    static void ficom(ExecContext c, Instruction i, boolean pop) {
        F80 src = F80Convert.fromLong(Operands.readSigned(c, i.op(0)));
        X87.setCompareCodes(c.cpu, F80Math.compare(X87.st(c.cpu, 0), src));
        if (pop) X87.pop(c.cpu);
    }

    /** FCOMI/FUCOMI (+P): ZF PF CF = 000 greater, 001 less, 100 equal, 111 unordered; OF SF AF cleared. */
    static void fcomi(ExecContext c, Instruction i, boolean pop) {
        Operand o = i.op(i.operandCount() - 1);
        int cmp = F80Math.compare(X87.st(c.cpu, 0), X87.st(c.cpu, X87Handlers.sti(o)));
        int f = switch (cmp) {
            case -1 -> Flags.CF;
            case 0 -> Flags.ZF;
            case 1 -> 0;
            default -> Flags.ZF | Flags.PF | Flags.CF;
        };
        c.cpu.setStatus(Flags.STATUS, f);
        c.cpu.fpuStatus &= ~X87.C1;
        if (pop) X87.pop(c.cpu);
    }

    static void prem(ExecContext c, boolean nearest) {
        Object[] r = F80Math.prem(X87.st(c.cpu, 0), X87.st(c.cpu, 1), nearest);
        X87.set(c.cpu, 0, (F80) r[0]);
        c.cpu.fpuStatus = (c.cpu.fpuStatus & ~(X87.C0 | X87.C1 | X87.C2 | X87.C3)) | (int) r[1];
    }
}

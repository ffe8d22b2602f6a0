package dev.jvmx.runtime.exec;

import static dev.jvmx.runtime.cpu.LazyFlags.mask;

import dev.jvmx.runtime.cpu.Alu;
import dev.jvmx.runtime.cpu.AluOp;
import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.cpu.MulDiv;
import dev.jvmx.x86.Flags;
import dev.jvmx.x86.Instruction;
import dev.jvmx.x86.Mnemonic;
import dev.jvmx.x86.Operand;

/**
 * Integer arithmetic and logic: the ALU group, INC/DEC/NEG/NOT/TEST, multiply and divide,
 * XADD/CMPXCHG/CMPXCHG8B/16B. LOCK is accepted and, with one guest thread per interpreter,
 * needs nothing more yet (cross-thread atomicity comes with the multi-threaded process work).
 */
final class IntegerHandlers {
    private IntegerHandlers() {}

    /** 8086 DIV/IDIV r/m8 (AX by it) or r/m16 (DX:AX by it), microcode-exact (see {@link dev.jvmx.runtime.cpu.Divide8086}). */
    static void divide8086(ExecContext c, dev.jvmx.x86.Instruction i, boolean signed) {
        dev.jvmx.runtime.cpu.CpuState s = c.cpu;
        int size = i.op(0).size();
        long divisor = Operands.read(c, i.op(0));
        boolean rep = i.has(dev.jvmx.x86.Prefix.REP) || i.has(dev.jvmx.x86.Prefix.REPNE);
        long hi = size == 8 ? s.gpr[0] >>> 8 : s.gpr[2];
        long r = dev.jvmx.runtime.cpu.Divide8086.divide(s, hi, s.gpr[0], divisor, size, signed, rep);
        if (size == 8) {
            Operands.writeGpr(s, 0, r & 0xFFFF, 16);
        } else {
            Operands.writeGpr(s, 0, r, 16);
            Operands.writeGpr(s, 2, r >>> 16, 16);
        }
    }

    static void register(Handler[] t) {
        for (AluOp op : AluOp.values()) t[Mnemonic.valueOf(op.name()).ordinal()] = (c, i) -> alu(c, i, op);
        t[Mnemonic.TEST.ordinal()] = IntegerHandlers::test;
        t[Mnemonic.INC.ordinal()] = (c, i) -> Operands.write(c, i.op(0), Alu.inc(c.cpu, Operands.read(c, i.op(0)), i.op(0).size()));
        t[Mnemonic.DEC.ordinal()] = (c, i) -> Operands.write(c, i.op(0), Alu.dec(c.cpu, Operands.read(c, i.op(0)), i.op(0).size()));
        t[Mnemonic.NEG.ordinal()] = (c, i) -> Operands.write(c, i.op(0), Alu.neg(c.cpu, Operands.read(c, i.op(0)), i.op(0).size()));
        t[Mnemonic.NOT.ordinal()] = (c, i) -> Operands.write(c, i.op(0), ~Operands.read(c, i.op(0)));
        t[Mnemonic.MUL.ordinal()] = (c, i) -> MulDiv.mul(c.cpu, Operands.read(c, i.op(0)), i.op(0).size());
        t[Mnemonic.DIV.ordinal()] = (c, i) -> {
            if (c.cpu.generation == dev.jvmx.runtime.cpu.CpuGeneration.I8086) divide8086(c, i, false);
            else MulDiv.div(c.cpu, Operands.read(c, i.op(0)), i.op(0).size());
        };
        t[Mnemonic.IDIV.ordinal()] = (c, i) -> {
            if (c.cpu.generation == dev.jvmx.runtime.cpu.CpuGeneration.I8086) divide8086(c, i, true);
            else MulDiv.idiv(c.cpu, Operands.read(c, i.op(0)), i.op(0).size());
        };
        t[Mnemonic.IMUL.ordinal()] = IntegerHandlers::imul;
        t[Mnemonic.XADD.ordinal()] = IntegerHandlers::xadd;
        t[Mnemonic.CMPXCHG.ordinal()] = IntegerHandlers::cmpxchg;
        t[Mnemonic.CMPXCHG8B.ordinal()] = (c, i) -> cmpxchgDouble(c, i, 32);
        t[Mnemonic.CMPXCHG16B.ordinal()] = (c, i) -> cmpxchgDouble(c, i, 64);
    }

    static void alu(ExecContext c, Instruction i, AluOp op) {
        Operand d = i.op(0);
        long a = Operands.read(c, d);
        long b = Operands.read(c, i.op(1));
        long r = Alu.exec(c.cpu, op, a, b, d.size());
        if (op.writesResult()) Operands.write(c, d, r);
    }

    static void test(ExecContext c, Instruction i) {
        Alu.logic(c.cpu, Operands.read(c, i.op(0)) & Operands.read(c, i.op(1)), i.op(0).size());
    }

    static void imul(ExecContext c, Instruction i) {
        if (i.operandCount() == 1) {
            MulDiv.imul1(c.cpu, Operands.read(c, i.op(0)), i.op(0).size());
            return;
        }
        Operand d = i.op(0);
        long a = Operands.read(c, i.operandCount() == 3 ? i.op(1) : d);
        long b = Operands.read(c, i.operandCount() == 3 ? i.op(2) : i.op(1));
        Operands.write(c, d, MulDiv.imul(c.cpu, a, b, d.size()));
    }

    /**
     * XADD dst, src: tmp = dst + src; src = dst; dst = tmp. A memory destination is written first (a
     * fault commits nothing); a register destination last, so {@code xadd eax, eax} leaves the sum.
     */
    static void xadd(ExecContext c, Instruction i) {
        Operand d = i.op(0), s = i.op(1);
        long a = Operands.read(c, d), b = Operands.read(c, s);
        long sum = Alu.add(c.cpu, a, b, d.size());
        if (d instanceof Operand.Mem) {
            Operands.write(c, d, sum);
            Operands.write(c, s, a);
        } else {
            Operands.write(c, s, a);
            Operands.write(c, d, sum);
        }
    }

    /**
     * CMPXCHG dst, src: compare accumulator with dst; equal: dst = src, else accumulator = dst.
     * A memory destination is written in both cases (SDM: the processor writes back the old value);
     * a register destination is left alone on a mismatch (a 32-bit one is not zero-extended; host-checked).
     */
    static void cmpxchg(ExecContext c, Instruction i) {
        Operand d = i.op(0);
        int size = d.size();
        long old = Operands.read(c, d);
        long acc = c.cpu.gpr[0] & mask(size);
        Alu.sub(c.cpu, acc, old, size);
        if (acc == old) {
            Operands.write(c, d, Operands.read(c, i.op(1)));
        } else {
            if (d instanceof Operand.Mem) Operands.write(c, d, old);
            Operands.writeGpr(c.cpu, 0, old, size);
        }
    }

    /** CMPXCHG8B/16B m: EDX:EAX (RDX:RAX) against memory; equal: store ECX:EBX (RCX:RBX). ZF only. */
    static void cmpxchgDouble(ExecContext c, Instruction i, int half) {
        CpuState s = c.cpu;
        Operand.Mem m = (Operand.Mem) i.op(0);
        long addr = Operands.linear(s, m);
        if (half == 64 && (addr & 15) != 0) throw dev.jvmx.runtime.mem.GuestFault.of(dev.jvmx.runtime.mem.GuestFault.GP, 0);
        int bytes = half / 8;
        long lo = Operands.load(c.mem, addr, half), hi = Operands.load(c.mem, addr + bytes, half);
        boolean eq = lo == (s.gpr[0] & mask(half)) && hi == (s.gpr[2] & mask(half));
        if (eq) {
            Operands.store(c.mem, addr, s.gpr[3], half);
            Operands.store(c.mem, addr + bytes, s.gpr[1], half);
        } else {
            Operands.store(c.mem, addr, lo, half);
            Operands.store(c.mem, addr + bytes, hi, half);
            Operands.writeGpr(s, 0, lo, half);
            Operands.writeGpr(s, 2, hi, half);
        }
        s.setStatus(Flags.ZF, eq ? Flags.ZF : 0);
    }
}

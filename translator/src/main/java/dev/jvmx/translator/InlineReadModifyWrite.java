package dev.jvmx.translator;

import static dev.jvmx.translator.OperandCode.isGpr;
import static dev.jvmx.translator.OperandCode.isMem;
import static org.objectweb.asm.Opcodes.*;

import dev.jvmx.runtime.cpu.AluOp;
import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.cpu.LazyFlags;
import dev.jvmx.x86.Instruction;
import dev.jvmx.x86.Mnemonic;
import dev.jvmx.x86.Operand;
import dev.jvmx.x86.Operand.Imm;
import dev.jvmx.x86.Operand.Mem;
import dev.jvmx.x86.Operand.Reg;
import dev.jvmx.x86.RegClass;
import org.objectweb.asm.Label;

/**
 * Inline bytecode for the read-modify-write memory forms: the ALU group, INC/DEC, NOT and NEG of
 * memory, CMPXCHG/XADD (memory or register destination), XCHG with memory, and (for {@link
 * InlineShifts}) the shifts and rotates of memory. The memory operand is read, the result
 * computed once, stored, and only then are the flags written ({@link BlockEmitter#storeThen}, whose rest also runs on
 * the exit after a store that changed translated code): a faulting store leaves them as they
 * were, as the interpreter's rollback does. The flags go through the same lazy record as the
 * register forms ({@link FlagCode}).
 */
final class InlineReadModifyWrite extends ContextEmitter {
    InlineReadModifyWrite(EmitContext c) {
        super(c);
    }

    /**
     * ALU m, r/imm (the register and CMP forms are {@link InlineForms}): memory into X, the source
     * into Y, the result computed once into local RESULT (ADC/SBB: the carry in read once, into
     * CARRY_IN) and stored, then the flag record as the register form writes it.
     */
    boolean alu(Instruction i, int k, AluOp aluOp) {
        Operand d = i.op(0), s = i.op(1);
        if (!isMem(d) || !(isGpr(s) || isHigh(s) || s instanceof Imm)) return false;
        int size = d.size();
        block.faultable(k);
        op.read(d);
        mv.visitVarInsn(LSTORE, RegisterCache.X);
        readAny(s);
        mv.visitVarInsn(LSTORE, RegisterCache.Y);
        flags.aluResult(aluOp, size, CARRY_IN);
        readModifyWrite((Mem) d, () -> flags.aluRecord(aluOp, size, CARRY_IN));
        return true;
    }

    /** Locals of a read-modify-write form: its result, and ADC/SBB's incoming carry (both free across a store). */
    static final int RESULT = RegisterCache.TARGET, CARRY_IN = RegisterCache.SP;

    /**
     * The result on the stack into RESULT, stored to {@code d}, then {@code record} with RESULT
     * pushed (it pops nothing; the result is dropped after it): a faulting store writes no flags.
     */
    void readModifyWrite(Mem d, Runnable record) {
        readModifyWrite(d, record, () -> {});
    }

    /**
     * As above, then {@code then} (a register the form also writes, XADD's source): inside
     * {@link BlockEmitter#storeThen}'s rest, so the exit after a store that changed translated
     * code completes it too.
     */
    private void readModifyWrite(Mem d, Runnable record, Runnable then) {
        mv.visitVarInsn(LSTORE, RESULT);
        block.storeThen(() -> op.store(d, () -> mv.visitVarInsn(LLOAD, RESULT)), () -> {
            mv.visitVarInsn(LLOAD, RESULT);
            record.run();
            mv.visitInsn(POP2);
            then.run();
        });
    }

    /** INC/DEC/NOT/NEG m: as {@link #alu}; NOT writes no flags, NEG is 0 - m. */
    boolean unary(Instruction i, int k, Mnemonic m) {
        Operand d = i.op(0);
        if (!isMem(d)) return false;
        int size = d.size();
        block.faultable(k);
        op.read(d);
        if (m == Mnemonic.NOT) {
            mv.visitVarInsn(LSTORE, RegisterCache.X);
            op.store((Mem) d, () -> {
                mv.visitVarInsn(LLOAD, RegisterCache.X);
                op.pushLong(-1);
                mv.visitInsn(LXOR);
            });
            return true;
        }
        if (m == Mnemonic.NEG) {
            mv.visitVarInsn(LSTORE, RegisterCache.Y);
            mv.visitInsn(LCONST_0);
            mv.visitVarInsn(LSTORE, RegisterCache.X);
            flags.arithResult(LazyFlags.SUB, size, CARRY_IN);
            readModifyWrite((Mem) d, () -> flags.arithRecord(LazyFlags.SUB, size, CARRY_IN));
            return true;
        }
        mv.visitVarInsn(LSTORE, RegisterCache.X);
        boolean inc = m == Mnemonic.INC;
        flags.incDecResult(inc, size);
        readModifyWrite((Mem) d, () -> flags.incDecRecord(inc, size));
        return true;
    }

    /**
     * CMPXCHG m, r (SDM Vol. 2A "CMPXCHG"; LOCK or not, as {@code IntegerHandlers.cmpxchg}: one
     * guest thread per interpreter): the accumulator compared with the destination (the flags of
     * that subtraction); equal, the source stored; not, the old value stored back and loaded into
     * the accumulator. The store comes first, then the flags, then the accumulator.
     */
    boolean compareExchange(Instruction i, int k) {
        if (isGpr(i.op(0)) && isGpr(i.op(1))) return compareExchangeRegisters(i);
        if (!memoryAndRegister(i, k, RegisterCache.Y, RESULT)) return false;
        Operand d = i.op(0);
        int size = d.size();
        op.read(new Reg(RegClass.GPR, CpuState.RAX, size));
        mv.visitVarInsn(LSTORE, RegisterCache.X);
        Label differ = new Label();
        block.storeThen(() -> op.store((Mem) d, () -> {
            Label stored = new Label();
            mv.visitVarInsn(LLOAD, RegisterCache.X);
            mv.visitVarInsn(LLOAD, RegisterCache.Y);
            mv.visitInsn(LCMP);
            mv.visitJumpInsn(IFNE, differ);
            mv.visitVarInsn(LLOAD, RESULT);
            mv.visitJumpInsn(GOTO, stored);
            mv.visitLabel(differ);
            mv.visitVarInsn(LLOAD, RegisterCache.Y);
            mv.visitLabel(stored);
        }), () -> { // also on the exit after a store that changed translated code: the whole instruction
            flags.arith(LazyFlags.SUB, size);
            mv.visitInsn(POP2);
            Label accumulatorDone = new Label();
            mv.visitVarInsn(LLOAD, RegisterCache.X);
            mv.visitVarInsn(LLOAD, RegisterCache.Y);
            mv.visitInsn(LCMP);
            mv.visitJumpInsn(IFEQ, accumulatorDone);
            op.writeGpr(new Reg(RegClass.GPR, CpuState.RAX, size), () -> mv.visitVarInsn(LLOAD, RegisterCache.Y));
            mv.visitLabel(accumulatorDone);
        });
        return true;
    }

    /** A form m, r: false (nothing emitted) for other operands; else the memory read into {@code memorySlot}, the register into {@code registerSlot}. */
    private boolean memoryAndRegister(Instruction i, int k, int memorySlot, int registerSlot) {
        if (!isMem(i.op(0)) || !isGpr(i.op(1))) return false;
        block.faultable(k);
        op.read(i.op(0));
        mv.visitVarInsn(LSTORE, memorySlot);
        op.read(i.op(1));
        mv.visitVarInsn(LSTORE, registerSlot);
        return true;
    }

    /**
     * XADD m, r (SDM Vol. 2A "XADD"; LOCK or not, as {@code IntegerHandlers.xadd}): the sum stored,
     * then the flags of that ADD, then the source register given the old value.
     */
    boolean exchangeAdd(Instruction i, int k) {
        if (isGpr(i.op(0)) && isGpr(i.op(1))) return exchangeAddRegisters(i);
        if (!memoryAndRegister(i, k, RegisterCache.X, RegisterCache.Y)) return false;
        Operand d = i.op(0), s = i.op(1);
        int size = d.size();
        flags.arithResult(LazyFlags.ADD, size, CARRY_IN);
        readModifyWrite((Mem) d, () -> flags.arithRecord(LazyFlags.ADD, size, CARRY_IN),
                () -> op.writeGpr((Reg) s, () -> mv.visitVarInsn(LLOAD, RegisterCache.X)));
        return true;
    }

    /**
     * CMPXCHG r, r (as {@code IntegerHandlers.cmpxchg}): the flags of accumulator - destination;
     * equal, the source written to the destination; not, the destination's value to the
     * accumulator, the destination left alone (a 32-bit one not zero-extended). Nothing faults.
     */
    private boolean compareExchangeRegisters(Instruction i) {
        Operand d = i.op(0), s = i.op(1);
        int size = d.size();
        Reg accumulator = new Reg(RegClass.GPR, CpuState.RAX, size);
        op.read(accumulator);
        mv.visitVarInsn(LSTORE, RegisterCache.X);
        op.read(d);
        mv.visitVarInsn(LSTORE, RegisterCache.Y);
        flags.arith(LazyFlags.SUB, size);
        mv.visitInsn(POP2);
        Label differ = new Label(), done = new Label();
        mv.visitVarInsn(LLOAD, RegisterCache.X);
        mv.visitVarInsn(LLOAD, RegisterCache.Y);
        mv.visitInsn(LCMP);
        mv.visitJumpInsn(IFNE, differ);
        op.writeGpr((Reg) d, () -> op.read(s));
        mv.visitJumpInsn(GOTO, done);
        mv.visitLabel(differ);
        op.writeGpr(accumulator, () -> mv.visitVarInsn(LLOAD, RegisterCache.Y));
        mv.visitLabel(done);
        return true;
    }

    /**
     * XADD r, r (as {@code IntegerHandlers.xadd}): the flags of the sum, the source register given
     * the destination's value, then the destination the sum (so {@code xadd eax, eax} leaves the sum).
     */
    private boolean exchangeAddRegisters(Instruction i) {
        Operand d = i.op(0), s = i.op(1);
        op.read(d);
        mv.visitVarInsn(LSTORE, RegisterCache.X);
        op.read(s);
        mv.visitVarInsn(LSTORE, RegisterCache.Y);
        flags.arith(LazyFlags.ADD, d.size());
        mv.visitVarInsn(LSTORE, RESULT);
        op.writeGpr((Reg) s, () -> mv.visitVarInsn(LLOAD, RegisterCache.X));
        op.writeGpr((Reg) d, () -> mv.visitVarInsn(LLOAD, RESULT));
        return true;
    }

    /**
     * XCHG m, r or r, m (SDM Vol. 2B "XCHG": locked whether or not LOCK is given; as {@code
     * MoveHandlers.xchg}, with one guest thread per interpreter the exchange is atomic as it is
     * there): the memory read, the register's value stored, then the register given the old
     * memory value (inside {@link BlockEmitter#storeThen}'s rest): a faulting store changes
     * nothing. No flags. The split-lock VM exit never meets this: {@code Vcpu} does not translate
     * while VMM bus-lock detection is on.
     */
    boolean exchange(Instruction i, int k) {
        Operand a = i.op(0), b = i.op(1);
        Operand memory = isMem(a) ? a : b, register = isMem(a) ? b : a;
        if (!isMem(memory) || !isGpr(register)) return false;
        block.faultable(k);
        op.read(memory);
        mv.visitVarInsn(LSTORE, RegisterCache.X);
        op.read(register);
        mv.visitVarInsn(LSTORE, RegisterCache.Y);
        block.storeThen(() -> op.store((Mem) memory, () -> mv.visitVarInsn(LLOAD, RegisterCache.Y)),
                () -> op.writeGpr((Reg) register, () -> mv.visitVarInsn(LLOAD, RegisterCache.X)));
        return true;
    }
}

package dev.jvmx.translator;

import static dev.jvmx.translator.RegisterCache.CC_A;
import static dev.jvmx.translator.RegisterCache.CC_AUX;
import static dev.jvmx.translator.RegisterCache.CC_B;
import static dev.jvmx.translator.RegisterCache.CC_OP;
import static dev.jvmx.translator.RegisterCache.CC_RES;
import static dev.jvmx.translator.RegisterCache.CC_SIZE;
import static dev.jvmx.translator.RegisterCache.X;
import static dev.jvmx.translator.RegisterCache.Y;
import static org.objectweb.asm.Opcodes.*;

import dev.jvmx.runtime.cpu.LazyFlags;
import dev.jvmx.x86.Flags;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Type;

/**
 * Bytecode that writes and reads the lazy-flag record held in locals ({@link RegisterCache}): the
 * record an inline ADD/SUB/CMP/AND/OR/XOR/TEST/INC/DEC leaves is exactly the one {@code Alu}'s
 * {@code LazyFlags.set} would leave (operands and result masked to the size; the table in
 * {@link LazyFlags}), but in locals, so a record overwritten before anything reads it is dead code
 * to C2. Conditions and the carry are read from the locals through {@link FusedConditions}, which
 * C2 folds when the record's kind is a constant (the common compare-and-branch). Forms that keep
 * calling a shared helper which reads or sets flags in {@code CpuState} are bracketed by
 * {@link #aroundHelper}.
 */
final class FlagCode {
    private static final String FUSED = Type.getInternalName(FusedConditions.class);
    private static final String RECORD_ARGS = "IIJJJJ";

    private final MethodVisitor mv;
    private final OperandCode op;
    private final RegisterCache regs;

    FlagCode(MethodVisitor mv, OperandCode op, RegisterCache regs) {
        this.mv = mv;
        this.op = op;
        this.regs = regs;
    }

    /**
     * ADD, ADC, SUB (CMP) or SBB of the operands in locals {@code X} and {@code Y} at {@code size}
     * bits: the record is written and the masked result pushed. {@code X} must hold the
     * destination's value zero-extended (as {@link OperandCode#read} gives it); {@code Y} is masked
     * here. ADC and SBB take the incoming carry from the record before it.
     */
    void arith(int lazyOp, int size) {
        boolean withCarry = lazyOp == LazyFlags.ADC || lazyOp == LazyFlags.SBB;
        boolean add = lazyOp == LazyFlags.ADD || lazyOp == LazyFlags.ADC;
        maskLocal(Y, size);
        if (withCarry) carry();
        else mv.visitInsn(LCONST_0);
        mv.visitVarInsn(LSTORE, CC_AUX);
        mv.visitVarInsn(LLOAD, X);
        mv.visitVarInsn(LLOAD, Y);
        mv.visitInsn(add ? LADD : LSUB);
        if (withCarry) {
            mv.visitVarInsn(LLOAD, CC_AUX);
            mv.visitInsn(add ? LADD : LSUB);
        }
        result(size);
        mv.visitVarInsn(LLOAD, X);
        mv.visitVarInsn(LSTORE, CC_A);
        mv.visitVarInsn(LLOAD, Y);
        mv.visitVarInsn(LSTORE, CC_B);
        kind(lazyOp, size);
        mv.visitVarInsn(LLOAD, CC_RES);
    }

    /**
     * An instruction whose flags are deferred ({@link FusedConditions#DEFERRED_SHL}...): its
     * inputs in {@code X} and {@code Y} become the record, {@code value} pushes its result (masked
     * here), which is pushed.
     */
    void deferred(int kind, int size, Runnable value) {
        value.run();
        result(size);
        mv.visitVarInsn(LLOAD, X);
        mv.visitVarInsn(LSTORE, CC_A);
        mv.visitVarInsn(LLOAD, Y);
        mv.visitVarInsn(LSTORE, CC_B);
        mv.visitInsn(LCONST_0);
        mv.visitVarInsn(LSTORE, CC_AUX);
        kind(kind, size);
        mv.visitVarInsn(LLOAD, CC_RES);
    }

    /**
     * ROL/ROR (SDM Vol. 2B "RCL/RCR/ROL/ROR": CF, and OF, written; SF/ZF/AF/PF kept) of the value
     * in local {@code valueSlot} giving the result in local {@code resultSlot}: the record before
     * stays and is marked {@link FusedConditions#ROTATED}, {@code ccAux} takes CF (the bit rotated
     * into bit 0 for ROL, the result's MSB for ROR) and, unless {@code keepOf}, OF (as for a count
     * of 1: MSB xor the next bit of the value for ROL, its LSB xor MSB for ROR), exactly
     * {@code Shifts.rolFlags/rorFlags}. Plain arithmetic on locals, no call: dead code to C2 when
     * nothing reads the flags, even where the method is too big for it to inline anything.
     */
    void rotated(boolean left, int size, boolean keepOf, int valueSlot, int resultSlot) {
        int written = keepOf ? Flags.CF : Flags.CF | Flags.OF;
        Label merge = new Label();
        mv.visitVarInsn(ILOAD, CC_OP);
        op.pushInt(FusedConditions.ROTATED);
        mv.visitInsn(IAND);
        mv.visitJumpInsn(IFNE, merge);
        mv.visitVarInsn(ILOAD, CC_OP);
        op.pushInt(FusedConditions.ROTATED);
        mv.visitInsn(IOR);
        mv.visitVarInsn(ISTORE, CC_OP);
        mv.visitInsn(LCONST_0);
        mv.visitVarInsn(LSTORE, CC_AUX);
        mv.visitLabel(merge);
        mv.visitVarInsn(LLOAD, CC_AUX);
        op.pushLong(~(long) written);
        mv.visitInsn(LAND);
        mv.visitVarInsn(LLOAD, resultSlot); // CF
        if (!left) {
            op.pushInt(size - 1);
            mv.visitInsn(LUSHR);
        }
        mv.visitInsn(LCONST_1);
        mv.visitInsn(LAND);
        mv.visitInsn(LOR);
        if (!keepOf) { // OF
            mv.visitVarInsn(LLOAD, valueSlot);
            op.pushInt(size - 1);
            mv.visitInsn(LUSHR);
            mv.visitVarInsn(LLOAD, valueSlot);
            if (left) {
                op.pushInt(size - 2);
                mv.visitInsn(LUSHR);
            }
            mv.visitInsn(LXOR);
            mv.visitInsn(LCONST_1);
            mv.visitInsn(LAND);
            op.pushInt(Integer.numberOfTrailingZeros(Flags.OF));
            mv.visitInsn(LSHL);
            mv.visitInsn(LOR);
        }
        op.pushLong((long) written << 32);
        mv.visitInsn(LOR);
        mv.visitVarInsn(LSTORE, CC_AUX);
    }

    /** AND, OR, XOR (TEST) of {@code X} and {@code Y}: CF = OF = 0, the record holds the result only. */
    void logic(int insn, int size) {
        mv.visitVarInsn(LLOAD, X);
        mv.visitVarInsn(LLOAD, Y);
        mv.visitInsn(insn);
        result(size);
        mv.visitInsn(LCONST_0);
        mv.visitInsn(DUP2);
        mv.visitVarInsn(LSTORE, CC_A);
        mv.visitVarInsn(LSTORE, CC_B);
        mv.visitInsn(LCONST_0);
        mv.visitVarInsn(LSTORE, CC_AUX);
        kind(LazyFlags.LOGIC, size);
        mv.visitVarInsn(LLOAD, CC_RES);
    }

    /** INC or DEC of {@code X} (zero-extended): CF kept, as the incoming carry in {@code ccAux}. */
    void incDec(boolean inc, int size) {
        carry();
        mv.visitVarInsn(LSTORE, CC_AUX);
        mv.visitVarInsn(LLOAD, X);
        mv.visitInsn(LCONST_1);
        mv.visitInsn(inc ? LADD : LSUB);
        result(size);
        mv.visitVarInsn(LLOAD, X);
        mv.visitVarInsn(LSTORE, CC_A);
        mv.visitInsn(LCONST_1);
        mv.visitVarInsn(LSTORE, CC_B);
        kind(inc ? LazyFlags.INC : LazyFlags.DEC, size);
        mv.visitVarInsn(LLOAD, CC_RES);
    }

    /** Pushes condition {@code tttn} (int, 0 or 1) of the record in the locals. */
    void condition(int tttn) {
        mv.visitVarInsn(ALOAD, BlockEmitter.CPU);
        op.pushInt(tttn);
        pushRecord();
        mv.visitMethodInsn(INVOKESTATIC, FUSED, "test", "(L" + OperandCode.CPU + ";I" + RECORD_ARGS + ")Z", false);
    }

    /** Pushes CF of the record in the locals as a long 0 or 1. */
    void carry() {
        mv.visitVarInsn(ALOAD, BlockEmitter.CPU);
        pushRecord();
        mv.visitMethodInsn(INVOKESTATIC, FUSED, "carry", "(L" + OperandCode.CPU + ";" + RECORD_ARGS + ")J", false);
    }

    /** A call to a shared helper that reads or sets flags in {@code CpuState}: the record goes there and back. */
    void aroundHelper(Runnable call) {
        regs.writeBackFlags();
        call.run();
        regs.loadFlags();
    }

    private void pushRecord() {
        mv.visitVarInsn(ILOAD, CC_OP);
        mv.visitVarInsn(ILOAD, CC_SIZE);
        mv.visitVarInsn(LLOAD, CC_A);
        mv.visitVarInsn(LLOAD, CC_B);
        mv.visitVarInsn(LLOAD, CC_RES);
        mv.visitVarInsn(LLOAD, CC_AUX);
    }

    private void result(int size) {
        if (size < 64) {
            op.pushLong(LazyFlags.mask(size));
            mv.visitInsn(LAND);
        }
        mv.visitVarInsn(LSTORE, CC_RES);
    }

    private void kind(int lazyOp, int size) {
        op.pushInt(lazyOp);
        mv.visitVarInsn(ISTORE, CC_OP);
        op.pushInt(size);
        mv.visitVarInsn(ISTORE, CC_SIZE);
    }

    private void maskLocal(int slot, int size) {
        if (size == 64) return;
        mv.visitVarInsn(LLOAD, slot);
        op.pushLong(LazyFlags.mask(size));
        mv.visitInsn(LAND);
        mv.visitVarInsn(LSTORE, slot);
    }
}

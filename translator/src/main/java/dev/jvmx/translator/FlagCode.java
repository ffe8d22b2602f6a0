package dev.jvmx.translator;

import static dev.jvmx.translator.RegisterCache.CC_A;
import static dev.jvmx.translator.RegisterCache.CC_AUX;
import static dev.jvmx.translator.RegisterCache.CC_B;
import static dev.jvmx.translator.RegisterCache.CC_OP;
import static dev.jvmx.translator.RegisterCache.CC_RES;
import static dev.jvmx.translator.RegisterCache.X;
import static dev.jvmx.translator.RegisterCache.Y;
import static org.objectweb.asm.Opcodes.*;

import dev.jvmx.runtime.cpu.AluOp;
import dev.jvmx.runtime.cpu.LazyFlags;
import dev.jvmx.x86.Instruction;
import dev.jvmx.x86.Mnemonic;
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
    private static final String RECORD_ARGS = "IJJJJ";

    private final MethodVisitor mv;
    private final OperandCode op;
    private final RegisterCache regs;

    /**
     * The kind and size of the record in the locals where the translator knows them: set by the
     * producer emitted last in straight-line code, kept by the inline forms that write no flags,
     * forgotten at a segment start (a jump target), after anything else and after a helper. With
     * the kind known, a condition or the carry is plain bytecode ({@link #condition}, {@link
     * #carry}) instead of a call to {@link FusedConditions}, which C2 cannot inline in a method
     * near the bytecode cap (DesiredMethodLimit) and which, not inlined, it cannot drop either.
     */
    private int known = UNKNOWN, knownSize;
    private boolean produced;
    private static final int UNKNOWN = -1;

    FlagCode(MethodVisitor mv, OperandCode op, RegisterCache regs) {
        this.mv = mv;
        this.op = op;
        this.regs = regs;
    }

    /** Before an instruction; {@code jumpTarget}: it starts a segment, so other paths may arrive with other records. */
    void before(boolean jumpTarget) {
        if (jumpTarget) known = UNKNOWN;
        produced = false;
    }

    /**
     * After instruction {@code i} ({@code inlined}: by the inline forms): the record stays known
     * across a form that writes no flags and calls nothing that reloads them, and after a producer.
     */
    void after(Instruction i, boolean inlined) {
        if (produced) return;
        if (!inlined || !keepsRecord(i)) known = UNKNOWN;
    }

    /** An inline form of {@code i} writes no flags and calls nothing that reloads them. */
    static boolean keepsRecord(Instruction i) {
        return switch (i.mnemonic()) {
            case MOV, LEA, MOVZX, MOVSX, MOVSXD, NOT, BSWAP, PUSH, POP, NOP, ENDBR64, ENDBR32, PAUSE -> true;
            default -> InlineIntegers.writesNoFlags(i);
        };
    }

    /** Emits {@code code} on a side path (it leaves the method): what it tells about the record is dropped after it. */
    void aside(Runnable code) {
        int k = known, size = knownSize;
        boolean p = produced;
        code.run();
        known = k;
        knownSize = size;
        produced = p;
    }

    /** The record is no longer known (an inline form wrote it on one path only). */
    void forget() {
        produced(UNKNOWN, 0);
    }

    private void produced(int kind, int size) {
        known = kind;
        knownSize = size;
        produced = true;
    }

    /**
     * ADD, ADC, SUB (CMP) or SBB of the operands in locals {@code X} and {@code Y} at {@code size}
     * bits: the masked result pushed and the record written ({@link #arithResult}, then {@link
     * #arithRecord}).
     */
    void arith(int lazyOp, int size) {
        arithResult(lazyOp, size, CC_AUX);
        arithRecord(lazyOp, size, CC_AUX);
    }

    /**
     * Pushes the masked result of ADD, ADC, SUB or SBB of {@code X} and {@code Y} at {@code size}
     * bits, writing no record field, so a store may come between it and {@link #arithRecord}
     * (a read-modify-write form). {@code X} must hold the destination's value zero-extended (as
     * {@link OperandCode#read} gives it); {@code Y} is masked here, in its local. ADC and SBB read
     * the incoming carry from the record before, once, into local {@code carrySlot}.
     */
    void arithResult(int lazyOp, int size, int carrySlot) {
        boolean withCarry = withCarry(lazyOp);
        boolean add = lazyOp == LazyFlags.ADD || lazyOp == LazyFlags.ADC;
        maskLocal(Y, size);
        if (withCarry) {
            carry();
            mv.visitVarInsn(LSTORE, carrySlot);
        }
        mv.visitVarInsn(LLOAD, X);
        mv.visitVarInsn(LLOAD, Y);
        mv.visitInsn(add ? LADD : LSUB);
        if (withCarry) {
            mv.visitVarInsn(LLOAD, carrySlot);
            mv.visitInsn(add ? LADD : LSUB);
        }
        masked(size);
    }

    /**
     * The record of {@link #arithResult}, whose result is on the stack and stays there (the
     * compact layout, {@link FusedConditions#IN_CPU}); {@code carrySlot} as given there.
     */
    void arithRecord(int lazyOp, int size, int carrySlot) {
        boolean withCarry = withCarry(lazyOp);
        storeResult(FusedConditions.storesResult(lazyOp));
        mv.visitVarInsn(LLOAD, X);
        mv.visitVarInsn(LSTORE, CC_A);
        mv.visitVarInsn(LLOAD, Y);
        mv.visitVarInsn(LSTORE, CC_B);
        if (!withCarry) {
            mv.visitInsn(LCONST_0);
            mv.visitVarInsn(LSTORE, CC_AUX);
        } else if (carrySlot != CC_AUX) {
            mv.visitVarInsn(LLOAD, carrySlot);
            mv.visitVarInsn(LSTORE, CC_AUX);
        }
        kind(lazyOp, size);
    }

    private static boolean withCarry(int lazyOp) {
        return lazyOp == LazyFlags.ADC || lazyOp == LazyFlags.SBB;
    }

    /** The ALU group's result of {@code X} and {@code Y} ({@link #arithResult}, {@link #logicResult}). */
    void aluResult(AluOp aluOp, int size, int carrySlot) {
        int logic = logicInsn(aluOp);
        if (logic != 0) logicResult(logic, size);
        else arithResult(lazyKind(aluOp), size, carrySlot);
    }

    /** The ALU group's record after {@link #aluResult} (the result on the stack stays). */
    void aluRecord(AluOp aluOp, int size, int carrySlot) {
        if (logicInsn(aluOp) != 0) logicRecord(size);
        else arithRecord(lazyKind(aluOp), size, carrySlot);
    }

    /** The ALU group's result pushed and its record written, for a register destination (or none: CMP). */
    void alu(AluOp aluOp, int size) {
        aluResult(aluOp, size, CC_AUX);
        aluRecord(aluOp, size, CC_AUX);
    }

    private static int logicInsn(AluOp aluOp) {
        return switch (aluOp) {
            case OR -> LOR;
            case AND -> LAND;
            case XOR -> LXOR;
            default -> 0;
        };
    }

    private static int lazyKind(AluOp aluOp) {
        return switch (aluOp) {
            case ADD -> LazyFlags.ADD;
            case ADC -> LazyFlags.ADC;
            case SBB -> LazyFlags.SBB;
            default -> LazyFlags.SUB; // SUB, CMP
        };
    }

    /**
     * An instruction whose flags are deferred ({@link FusedConditions#DEFERRED_SHL}...): its
     * inputs in {@code X} and {@code Y} become the record, {@code value} pushes its result (masked
     * here), which is pushed.
     */
    void deferred(int kind, int size, Runnable value) {
        value.run();
        masked(size);
        deferredRecord(kind, size);
    }

    /**
     * The record of {@link #deferred} for the masked result on the stack (it stays), its inputs in
     * {@code X} and {@code Y}: apart from it, so a store may come between (a memory shift).
     */
    void deferredRecord(int kind, int size) {
        storeResult(true);
        mv.visitVarInsn(LLOAD, X);
        mv.visitVarInsn(LSTORE, CC_A);
        mv.visitVarInsn(LLOAD, Y);
        mv.visitVarInsn(LSTORE, CC_B);
        mv.visitInsn(LCONST_0);
        mv.visitVarInsn(LSTORE, CC_AUX);
        kind(kind, size);
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
        if (known == UNKNOWN) {
            mv.visitVarInsn(ILOAD, CC_OP);
            op.pushInt(FusedConditions.ROTATED);
            mv.visitInsn(IAND);
            mv.visitJumpInsn(IFNE, merge);
        }
        if (known < FusedConditions.ROTATED) { // a record not rotated yet (or not known): mark it
            mv.visitVarInsn(ILOAD, CC_OP);
            op.pushInt(FusedConditions.ROTATED);
            mv.visitInsn(IOR);
            mv.visitVarInsn(ISTORE, CC_OP);
            mv.visitInsn(LCONST_0);
            mv.visitVarInsn(LSTORE, CC_AUX);
        }
        mv.visitLabel(merge);
        if (known != UNKNOWN) produced(known | FusedConditions.ROTATED, knownSize);
        else produced(UNKNOWN, 0);
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
        logicResult(insn, size);
        logicRecord(size);
    }

    /** Pushes AND, OR or XOR ({@code insn}) of {@code X} and {@code Y}, masked; no record field written. */
    void logicResult(int insn, int size) {
        mv.visitVarInsn(LLOAD, X);
        mv.visitVarInsn(LLOAD, Y);
        mv.visitInsn(insn);
        masked(size);
    }

    /** The record of a logic result on the stack (it stays). */
    void logicRecord(int size) {
        storeResult(true);
        mv.visitInsn(LCONST_0);
        mv.visitInsn(DUP2);
        mv.visitVarInsn(LSTORE, CC_A);
        mv.visitVarInsn(LSTORE, CC_B);
        mv.visitInsn(LCONST_0);
        mv.visitVarInsn(LSTORE, CC_AUX);
        kind(LazyFlags.LOGIC, size);
    }

    /** INC or DEC of {@code X} (zero-extended): CF kept, as the incoming carry in {@code ccAux}. */
    void incDec(boolean inc, int size) {
        incDecResult(inc, size);
        incDecRecord(inc, size);
    }

    /** Pushes {@code X} plus or minus 1, masked; no record field written. */
    void incDecResult(boolean inc, int size) {
        mv.visitVarInsn(LLOAD, X);
        mv.visitInsn(LCONST_1);
        mv.visitInsn(inc ? LADD : LSUB);
        masked(size);
    }

    /** The record of an INC or DEC result on the stack (it stays): the carry of the record before kept in {@code ccAux}. */
    void incDecRecord(boolean inc, int size) {
        carry();
        mv.visitVarInsn(LSTORE, CC_AUX);
        storeResult(true); // the operands (result -/+ 1, and 1) are computed where read
        mv.visitInsn(LCONST_0);
        mv.visitInsn(DUP2);
        mv.visitVarInsn(LSTORE, CC_A);
        mv.visitVarInsn(LSTORE, CC_B);
        kind(inc ? LazyFlags.INC : LazyFlags.DEC, size);
    }

    /** Pushes condition {@code tttn} (int, 0 or 1) of the record in the locals. */
    void condition(int tttn) {
        if (known != UNKNOWN && knownCondition(known, tttn)) return;
        mv.visitVarInsn(ALOAD, BlockEmitter.CPU);
        op.pushInt(tttn);
        pushRecord();
        mv.visitMethodInsn(INVOKESTATIC, FUSED, "test", "(L" + OperandCode.CPU + ";I" + RECORD_ARGS + ")Z", false);
    }

    /** Pushes CF of the record in the locals as a long 0 or 1. */
    void carry() {
        if (known != UNKNOWN && knownCarry()) return;
        mv.visitVarInsn(ALOAD, BlockEmitter.CPU);
        pushRecord();
        mv.visitMethodInsn(INVOKESTATIC, FUSED, "carry", "(L" + OperandCode.CPU + ";" + RECORD_ARGS + ")J", false);
    }

    /** A call to a shared helper that reads or sets flags in {@code CpuState}: the record goes there and back. */
    void aroundHelper(Runnable call) {
        regs.writeBackFlags();
        call.run();
        regs.flagsInCpu();
        produced(UNKNOWN, 0);
    }

    /**
     * Condition {@code tttn} of a record of the known kind {@code kind} as plain bytecode, the
     * rules of {@link FusedConditions#test} (SUB: from the operands; LOGIC: from the result; any
     * other kind but IMUL and the bit scans: ZF and SF from the result; a rotate: CF from {@code ccAux}, ZF and SF
     * from the record before); false (nothing emitted) for the rest (OF, PF, and CF of most kinds).
     */
    private boolean knownCondition(int kind, int tttn) {
        int t = tttn >> 1, shift = 64 - knownSize;
        boolean not = (tttn & 1) != 0;
        if (kind >= FusedConditions.ROTATED) {
            if (t == 1) {
                longTest(() -> lowBit(CC_AUX), LCONST_0, IFNE, not);
                return true;
            }
            return (t == 2 || t == 4) && knownCondition(kind & ~FusedConditions.ROTATED, tttn);
        }
        if (kind == LazyFlags.SUB) {
            switch (t) {
                case 1, 3 -> longTest(() -> unsignedOrdered(CC_A), () -> unsignedOrdered(CC_B), t == 1 ? IFLT : IFLE, not);
                case 2 -> longTest(() -> mv.visitVarInsn(LLOAD, CC_A), () -> mv.visitVarInsn(LLOAD, CC_B), IFEQ, not);
                case 4 -> longTest(() -> {
                    mv.visitVarInsn(LLOAD, CC_A);
                    mv.visitVarInsn(LLOAD, CC_B);
                    mv.visitInsn(LSUB);
                    shiftLeft(shift);
                }, LCONST_0, IFLT, not);
                case 6, 7 -> longTest(() -> shifted(CC_A, shift), () -> shifted(CC_B, shift), t == 6 ? IFLT : IFLE, not);
                default -> { return false; }
            }
            return true;
        }
        if (kind == LazyFlags.LOGIC) {
            switch (t) {
                case 0, 1 -> mv.visitInsn(not ? ICONST_1 : ICONST_0);
                case 2, 3 -> longTest(() -> mv.visitVarInsn(LLOAD, CC_RES), LCONST_0, IFEQ, not);
                case 4, 6 -> longTest(() -> shifted(CC_RES, shift), LCONST_0, IFLT, not);
                case 7 -> longTest(() -> shifted(CC_RES, shift), LCONST_0, IFLE, not);
                default -> { return false; }
            }
            return true;
        }
        if (kind >= FusedConditions.DEFERRED_IMUL || (t != 2 && t != 4)) return false; // IMUL, bit scans: not from the result
        if (t == 2) longTest(() -> pushResult(kind), LCONST_0, IFEQ, not);
        else longTest(() -> {
            pushResult(kind);
            shiftLeft(shift);
        }, LCONST_0, IFLT, not);
        return true;
    }

    /** CF of a record of the known kind as a long 0 or 1 in plain bytecode ({@link FusedConditions#carry}); false for other kinds. */
    private boolean knownCarry() {
        int kind = known;
        if (kind >= FusedConditions.ROTATED || kind == LazyFlags.INC || kind == LazyFlags.DEC) {
            lowBit(CC_AUX); // INC/DEC keep the carry before them there; CF is the low bit
            return true;
        }
        switch (kind) {
            case LazyFlags.LOGIC -> mv.visitInsn(LCONST_0);
            case LazyFlags.SUB -> longTest(() -> unsignedOrdered(CC_A), () -> unsignedOrdered(CC_B), IFLT, false);
            case LazyFlags.ADD -> longTest(() -> {
                pushResult(kind);
                toUnsignedOrder();
            }, () -> unsignedOrdered(CC_A), IFLT, false);
            default -> { return false; }
        }
        if (kind != LazyFlags.LOGIC) mv.visitInsn(I2L);
        return true;
    }

    /** Pushes int 1 when {@code left <cmp> right} (signed longs; {@code right} a constant opcode or code), else 0; inverted by {@code not}. */
    private void longTest(Runnable left, Runnable right, int cmp, boolean not) {
        Label yes = new Label(), done = new Label();
        left.run();
        right.run();
        mv.visitInsn(LCMP);
        mv.visitJumpInsn(cmp, yes);
        mv.visitInsn(not ? ICONST_1 : ICONST_0);
        mv.visitJumpInsn(GOTO, done);
        mv.visitLabel(yes);
        mv.visitInsn(not ? ICONST_0 : ICONST_1);
        mv.visitLabel(done);
    }

    private void longTest(Runnable left, int rightConstant, int cmp, boolean not) {
        longTest(left, () -> mv.visitInsn(rightConstant), cmp, not);
    }

    /** Pushes local {@code slot} (a value masked to the known size) so that signed order is unsigned order. */
    private void unsignedOrdered(int slot) {
        mv.visitVarInsn(LLOAD, slot);
        toUnsignedOrder();
    }

    private void toUnsignedOrder() {
        if (knownSize == 64) {
            op.pushLong(Long.MIN_VALUE);
            mv.visitInsn(LXOR);
        }
    }

    private void shifted(int slot, int shift) {
        mv.visitVarInsn(LLOAD, slot);
        shiftLeft(shift);
    }

    private void shiftLeft(int shift) {
        if (shift == 0) return;
        op.pushInt(shift);
        mv.visitInsn(LSHL);
    }

    private void lowBit(int slot) {
        mv.visitVarInsn(LLOAD, slot);
        mv.visitInsn(LCONST_1);
        mv.visitInsn(LAND);
    }

    /**
     * Pushes the result of a record of the known kind {@code kind} (not rotated): stored, or for
     * ADD and SUB computed from the operands ({@link FusedConditions#storesResult}), as {@link FusedConditions#result}.
     */
    private void pushResult(int kind) {
        if (FusedConditions.storesResult(kind)) {
            mv.visitVarInsn(LLOAD, CC_RES);
            return;
        }
        mv.visitVarInsn(LLOAD, CC_A);
        mv.visitVarInsn(LLOAD, CC_B);
        mv.visitInsn(kind == LazyFlags.ADD ? LADD : LSUB);
        if (knownSize < 64) {
            op.pushLong(LazyFlags.mask(knownSize));
            mv.visitInsn(LAND);
        }
    }

    private void pushRecord() {
        mv.visitVarInsn(ILOAD, CC_OP);
        mv.visitVarInsn(LLOAD, CC_A);
        mv.visitVarInsn(LLOAD, CC_B);
        mv.visitVarInsn(LLOAD, CC_RES);
        mv.visitVarInsn(LLOAD, CC_AUX);
    }

    /** Masks the long on the stack to {@code size} bits. */
    private void masked(int size) {
        if (size < 64) {
            op.pushLong(LazyFlags.mask(size));
            mv.visitInsn(LAND);
        }
    }

    /** The result on the stack stays there; {@code ccRes} takes it ({@code stored}) or zero (a kind whose result is computed where read). */
    private void storeResult(boolean stored) {
        if (stored) {
            mv.visitInsn(DUP2);
        } else {
            mv.visitInsn(LCONST_0);
        }
        mv.visitVarInsn(LSTORE, CC_RES);
    }

    /** The kind and size, one int local ({@link FusedConditions#code}). */
    private void kind(int lazyOp, int size) {
        produced(lazyOp, size);
        op.pushInt(FusedConditions.code(lazyOp, size));
        mv.visitVarInsn(ISTORE, CC_OP);
    }

    private void maskLocal(int slot, int size) {
        if (size == 64) return;
        mv.visitVarInsn(LLOAD, slot);
        op.pushLong(LazyFlags.mask(size));
        mv.visitInsn(LAND);
        mv.visitVarInsn(LSTORE, slot);
    }
}

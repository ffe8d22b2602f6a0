package dev.jvmx.translator;

import static dev.jvmx.translator.OperandCode.isGpr;
import static dev.jvmx.translator.OperandCode.isMem;
import static dev.jvmx.translator.OperandCode.readable;
import static org.objectweb.asm.Opcodes.*;

import dev.jvmx.runtime.cpu.Alu;
import dev.jvmx.runtime.cpu.AluOp;
import dev.jvmx.runtime.cpu.CpuModel;
import dev.jvmx.runtime.cpu.LazyFlags;
import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.cpu.MulDiv;
import dev.jvmx.runtime.cpu.ShiftOp;
import dev.jvmx.runtime.exec.Stack;
import dev.jvmx.x86.Instruction;
import dev.jvmx.x86.Mode;
import dev.jvmx.x86.Operand;
import dev.jvmx.x86.Operand.Imm;
import dev.jvmx.x86.Operand.Mem;
import dev.jvmx.x86.Operand.Reg;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Type;

/**
 * Inline bytecode for the hottest simple forms: MOV, MOVZX/MOVSX/MOVSXD, LEA, the ALU group, TEST,
 * INC/DEC, NOT/NEG of registers, IMUL (two and three operands), shifts and rotates of registers, BSWAP, the bit scans and POPCNT, PUSH/POP, the NOP family.
 * The ALU group, TEST, INC/DEC compute inline and leave the lazy-flag record {@link Alu} would leave
 * (in locals, {@link FlagCode}); IMUL computes inline and defers its flags ({@link
 * FusedConditions#status}); shifts and rotates are {@link InlineShifts}; narrow PUSH/POP call
 * {@link Stack}. The tier differential tests and
 * {@code FusedConditionsTest} hold these equal to the interpreter. Each form keeps the
 * interpreter's order (reads, then flags, then the register write) so a fault commits nothing. A
 * form that does not fit returns false before emitting, and the instruction goes to its handler.
 */
final class InlineForms extends ContextEmitter {
    private static final String STACK = Type.getInternalName(Stack.class);

    private final InlineSse sse;
    private final InlineAvx avx;
    private final InlineShifts shifts;
    private final InlineIntegers integers;

    InlineForms(MethodVisitor mv, OperandCode op, BlockEmitter block, CpuModel model, RegisterCache regs, FlagCode flags) {
        this(new EmitContext(mv, op, block, model, regs, flags));
    }

    private InlineForms(EmitContext c) {
        super(c);
        this.sse = new InlineSse(mv, op, block, flags, regs.xmm());
        this.avx = new InlineAvx(mv, op, block, model);
        this.shifts = new InlineShifts(c);
        this.integers = new InlineIntegers(c);
    }

    /**
     * Emits instruction {@code k} inline if it has a fast form; false (nothing emitted) otherwise.
     * Instructions the interpreter's pre-execution gate could reject (a LOCK prefix, a form whose
     * CPUID feature the CPU model lacks) are never inlined, so the gate sees them.
     */
    boolean tryEmit(Instruction i, int k) {
        if (i.has(dev.jvmx.x86.Prefix.VEX)) return avx.tryEmit(i, k) || integers.tryEmitVex(i, k); // the VEX gate has a run-time part: InlineAvx
        if (!clearsGate(i)) return false;
        return emitForm(i, k) || integers.tryEmit(i, k);
    }

    private boolean emitForm(Instruction i, int k) {
        return switch (i.mnemonic()) {
            case NOP, ENDBR64, ENDBR32, PAUSE -> true;
            case MOV -> mov(i, k);
            case LEA -> isGpr(i.op(0)) && i.op(1) instanceof Mem m && lea((Reg) i.op(0), m);
            case ADD, OR, ADC, SBB, AND, SUB, XOR, CMP -> alu(i, k, AluOp.valueOf(i.mnemonic().name()));
            case TEST -> test(i, k);
            case INC, DEC -> incDec(i);
            case NOT -> not(i);
            case NEG -> neg(i);
            case MOVZX -> extend(i, k, false);
            case MOVSX, MOVSXD -> extend(i, k, true);
            case IMUL -> imul(i, k);
            case ROL, ROR, RCL, RCR, SHL, SHR, SAL, SAR -> shifts.emit(i, k, ShiftOp.valueOf(i.mnemonic().name()));
            case BSWAP -> shifts.bswap(i);
            case BSF, BSR, TZCNT, LZCNT, POPCNT -> shifts.scan(i, k);
            case PUSH -> push(i, k);
            case POP -> pop(i, k);
            default -> sse.tryEmit(i, k);
        };
    }

    /** True when the interpreter's pre-execution gate cannot reject {@code i}: it may be emitted inline. */
    boolean clearsGate(Instruction i) {
        return dev.jvmx.runtime.exec.Interpreter.gateCannotReject(model, i);
    }

    private boolean mov(Instruction i, int k) {
        Operand d = i.op(0), s = i.op(1);
        if (isGpr(d) && readable(s)) {
            if (s instanceof Mem) block.faultable(k);
            op.writeGpr((Reg) d, () -> op.read(s));
            return true;
        }
        if (isMem(d) && (isGpr(s) || s instanceof Imm)) {
            block.faultable(k);
            op.store((Mem) d, () -> op.read(s));
            return true;
        }
        return false;
    }

    private boolean lea(Reg d, Mem m) {
        op.writeGpr(d, () -> op.offset(m));
        return true;
    }

    /** ALU d, s: d a GPR (or memory for CMP, which stores nothing); one memory operand at most. */
    private boolean alu(Instruction i, int k, AluOp aluOp) {
        Operand d = i.op(0), s = i.op(1);
        boolean destOk = isGpr(d) || (!aluOp.writesResult() && isMem(d));
        if (!destOk || !readable(s) || (d instanceof Mem && s instanceof Mem)) return false;
        if (d instanceof Mem || s instanceof Mem) block.faultable(k);
        Runnable value = () -> aluValue(aluOp, d, s);
        if (aluOp.writesResult()) {
            op.writeGpr((Reg) d, value);
        } else {
            value.run();
            mv.visitInsn(POP2);
        }
        return true;
    }

    private void aluValue(AluOp aluOp, Operand d, Operand s) {
        operands(d, s);
        flags.alu(aluOp, d.size());
    }

    /** Reads {@code d} into local X and {@code s} into local Y (reads first: a fault commits nothing). */
    private void operands(Operand d, Operand s) {
        op.read(d);
        mv.visitVarInsn(LSTORE, RegisterCache.X);
        op.read(s);
        mv.visitVarInsn(LSTORE, RegisterCache.Y);
    }

    private boolean test(Instruction i, int k) {
        Operand d = i.op(0), s = i.op(1);
        if (!(isGpr(d) || isMem(d)) || !(isGpr(s) || s instanceof Imm)) return false;
        if (d instanceof Mem) block.faultable(k);
        operands(d, s);
        flags.logic(LAND, d.size());
        mv.visitInsn(POP2);
        return true;
    }

    private boolean incDec(Instruction i) {
        return unaryGpr(i, d -> {
            op.read(d);
            mv.visitVarInsn(LSTORE, RegisterCache.X);
            flags.incDec(i.mnemonic() == dev.jvmx.x86.Mnemonic.INC, d.size());
        });
    }

    /** NOT r: the complement, written at the register's size; flags untouched. */
    private boolean not(Instruction i) {
        return unaryGpr(i, d -> {
            op.read(d);
            op.pushLong(-1);
            mv.visitInsn(LXOR);
        });
    }

    /** NEG r: 0 - r with the flags of that subtraction ({@code Alu.neg}). */
    private boolean neg(Instruction i) {
        return unaryGpr(i, d -> {
            mv.visitInsn(LCONST_0);
            mv.visitVarInsn(LSTORE, RegisterCache.X);
            op.read(d);
            mv.visitVarInsn(LSTORE, RegisterCache.Y);
            flags.arith(LazyFlags.SUB, d.size());
        });
    }

    /** A one-operand form of a GPR (the memory forms go to their handlers): {@code value} pushes the new value of {@code d}. */
    private boolean unaryGpr(Instruction i, java.util.function.Consumer<Operand> value) {
        Operand d = i.op(0);
        if (!isGpr(d)) return false;
        op.writeGpr((Reg) d, () -> value.accept(d));
        return true;
    }

    /** MOVZX/MOVSX/MOVSXD r, r/m: the source zero- or sign-extended from its size, then a GPR write. */
    private boolean extend(Instruction i, int k, boolean signed) {
        Operand d = i.op(0), s = i.op(1);
        if (!isGpr(d) || !(isGpr(s) || isMem(s))) return false;
        if (s instanceof Mem) block.faultable(k);
        op.writeGpr((Reg) d, () -> {
            op.read(s);
            if (signed && s.size() < 64) {
                op.pushInt(64 - s.size());
                mv.visitInsn(LSHL);
                op.pushInt(64 - s.size());
                mv.visitInsn(LSHR);
            }
        });
        return true;
    }

    /** IMUL r, r/m and IMUL r, r/m, imm through {@code MulDiv.imul} (the one-operand form goes to its handler). */
    private boolean imul(Instruction i, int k) {
        if (i.operandCount() < 2 || !isGpr(i.op(0))) return false;
        Operand d = i.op(0);
        Operand a = i.operandCount() == 3 ? i.op(1) : d, b = i.operandCount() == 3 ? i.op(2) : i.op(1);
        if (!readable(a) || !readable(b)) return false;
        if (a instanceof Mem || b instanceof Mem) block.faultable(k);
        int size = d.size();
        op.writeGpr((Reg) d, () -> {
            operands(a, b);
            flags.deferred(FusedConditions.DEFERRED_IMUL, size, () -> {
                shifts.signExtended(RegisterCache.X, size);
                shifts.signExtended(RegisterCache.Y, size);
                mv.visitInsn(LMUL);
            });
        });
        return true;
    }

    /**
     * PUSH r / PUSH imm: memory is written before RSP moves, so a fault changes nothing. A 64-bit
     * push in 64-bit mode is inline stack arithmetic (RSP stays in its local); others call {@link Stack#push}.
     */
    private boolean push(Instruction i, int k) {
        Operand o = i.op(0);
        if (!isGpr(o) && !(o instanceof Imm)) return false;
        block.faultable(k);
        int size = o instanceof Imm ? i.opSize() : o.size();
        if (size == 64 && op.mode() == Mode.BITS64) {
            push64(() -> op.read(o));
            return true;
        }
        regs.writeBack(CpuState.RSP); // the stack helper moves RSP in cpu.gpr
        mv.visitVarInsn(ALOAD, BlockEmitter.CTX);
        op.read(o);
        op.pushInt(size);
        mv.visitMethodInsn(INVOKESTATIC, STACK, "push", "(L" + OperandCode.CTX + ";JI)V", false);
        regs.load(CpuState.RSP);
        block.afterStore(true);
        return true;
    }

    /** 64-bit mode, 8 bytes (SS base 0, SDM Vol. 3A §3.4.4): [RSP - 8] = value, then RSP -= 8. */
    void push64(Runnable value) {
        op.loadGpr(CpuState.RSP);
        op.pushLong(8);
        mv.visitInsn(LSUB);
        mv.visitVarInsn(LSTORE, RegisterCache.SP);
        op.storeAt(() -> mv.visitVarInsn(LLOAD, RegisterCache.SP), value, 64, op.stackWindow());
        op.setGpr64(CpuState.RSP, () -> mv.visitVarInsn(LLOAD, RegisterCache.SP));
    }

    /** 64-bit mode: pushes [RSP] (may fault, nothing moved then), then RSP += 8 + {@code extra}. */
    void pop64(long extra) {
        op.loadAt(() -> op.loadGpr(CpuState.RSP), 64, op.stackWindow());
        op.setGpr64(CpuState.RSP, () -> {
            op.loadGpr(CpuState.RSP);
            op.pushLong(8 + extra);
            mv.visitInsn(LADD);
        });
    }

    /** POP r: RSP moves first, then the register is written (POP RSP keeps the popped value). */
    private boolean pop(Instruction i, int k) {
        Operand o = i.op(0);
        if (!isGpr(o)) return false;
        block.faultable(k);
        if (o.size() == 64 && op.mode() == Mode.BITS64) {
            op.writeGpr((Reg) o, () -> pop64(0));
            return true;
        }
        op.writeGpr((Reg) o, () -> {
            regs.writeBack(CpuState.RSP);
            mv.visitVarInsn(ALOAD, BlockEmitter.CTX);
            op.pushInt(o.size());
            mv.visitMethodInsn(INVOKESTATIC, STACK, "pop", "(L" + OperandCode.CTX + ";I)J", false);
            regs.load(CpuState.RSP);
        });
        return true;
    }
}

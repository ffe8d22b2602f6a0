package dev.jvmx.translator;

import static dev.jvmx.translator.OperandCode.isGpr;
import static dev.jvmx.translator.OperandCode.isMem;
import static dev.jvmx.translator.OperandCode.readable;
import static org.objectweb.asm.Opcodes.*;

import dev.jvmx.runtime.cpu.Alu;
import dev.jvmx.runtime.cpu.AluOp;
import dev.jvmx.runtime.cpu.CpuModel;
import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.cpu.MulDiv;
import dev.jvmx.runtime.cpu.ShiftOp;
import dev.jvmx.runtime.cpu.Shifts;
import dev.jvmx.runtime.exec.Stack;
import dev.jvmx.x86.Instruction;
import dev.jvmx.x86.Operand;
import dev.jvmx.x86.Operand.Imm;
import dev.jvmx.x86.Operand.Mem;
import dev.jvmx.x86.Operand.Reg;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Type;

/**
 * Inline bytecode for the hottest simple forms: MOV, MOVZX/MOVSX/MOVSXD, LEA, the ALU group, TEST,
 * INC/DEC, IMUL (two and three operands), shifts and rotates of registers, PUSH/POP, the NOP family.
 * Values are computed with the shared semantics' own static methods ({@link Alu}, {@link MulDiv},
 * {@link Shifts}, {@link Stack}), so lazy flags are recorded exactly as the interpreter records them; only operand
 * access is inlined. Each form keeps the interpreter's order (reads, then flags, then the register
 * write) so a fault commits nothing. A form that does not fit returns false before emitting, and
 * the instruction goes to its handler.
 */
final class InlineForms {
    private static final String ALU = Type.getInternalName(Alu.class);
    private static final String STACK = Type.getInternalName(Stack.class);

    private final MethodVisitor mv;
    private final OperandCode op;
    private final BlockEmitter block;
    private final CpuModel model;
    private final RegisterCache regs;

    InlineForms(MethodVisitor mv, OperandCode op, BlockEmitter block, CpuModel model, RegisterCache regs) {
        this.mv = mv;
        this.op = op;
        this.block = block;
        this.model = model;
        this.regs = regs;
    }

    /**
     * Emits instruction {@code k} inline if it has a fast form; false (nothing emitted) otherwise.
     * Instructions the interpreter's pre-execution gate could reject (a LOCK prefix, a form whose
     * CPUID feature the CPU model lacks) are never inlined, so the gate sees them.
     */
    boolean tryEmit(Instruction i, int k) {
        if (!clearsGate(i)) return false;
        return switch (i.mnemonic()) {
            case NOP, ENDBR64, ENDBR32, PAUSE -> true;
            case MOV -> mov(i, k);
            case LEA -> isGpr(i.op(0)) && i.op(1) instanceof Mem m && lea((Reg) i.op(0), m);
            case ADD, OR, ADC, SBB, AND, SUB, XOR, CMP -> alu(i, k, AluOp.valueOf(i.mnemonic().name()));
            case TEST -> test(i, k);
            case INC, DEC -> incDec(i);
            case MOVZX -> extend(i, k, false);
            case MOVSX, MOVSXD -> extend(i, k, true);
            case IMUL -> imul(i, k);
            case ROL, ROR, RCL, RCR, SHL, SHR, SAL, SAR -> shift(i, ShiftOp.valueOf(i.mnemonic().name()));
            case PUSH -> push(i, k);
            case POP -> pop(i, k);
            default -> false;
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
        mv.visitVarInsn(ALOAD, BlockEmitter.CPU);
        op.read(d);
        op.read(s);
        String cpu = "L" + OperandCode.CPU + ";";
        switch (aluOp) {
            case OR, AND, XOR -> {
                mv.visitInsn(aluOp == AluOp.OR ? LOR : aluOp == AluOp.AND ? LAND : LXOR);
                op.pushInt(d.size());
                mv.visitMethodInsn(INVOKESTATIC, ALU, "logic", "(" + cpu + "JI)J", false);
            }
            default -> {
                op.pushInt(d.size());
                String name = switch (aluOp) {
                    case ADD -> "add";
                    case ADC -> "adc";
                    case SBB -> "sbb";
                    default -> "sub"; // SUB, CMP
                };
                mv.visitMethodInsn(INVOKESTATIC, ALU, name, "(" + cpu + "JJI)J", false);
            }
        }
    }

    private boolean test(Instruction i, int k) {
        Operand d = i.op(0), s = i.op(1);
        if (!(isGpr(d) || isMem(d)) || !(isGpr(s) || s instanceof Imm)) return false;
        if (d instanceof Mem) block.faultable(k);
        mv.visitVarInsn(ALOAD, BlockEmitter.CPU);
        op.read(d);
        op.read(s);
        mv.visitInsn(LAND);
        op.pushInt(d.size());
        mv.visitMethodInsn(INVOKESTATIC, ALU, "logic", "(L" + OperandCode.CPU + ";JI)J", false);
        mv.visitInsn(POP2);
        return true;
    }

    private boolean incDec(Instruction i) {
        Operand d = i.op(0);
        if (!isGpr(d)) return false;
        String name = i.mnemonic().name().toLowerCase(java.util.Locale.ROOT);
        op.writeGpr((Reg) d, () -> {
            mv.visitVarInsn(ALOAD, BlockEmitter.CPU);
            op.read(d);
            op.pushInt(d.size());
            mv.visitMethodInsn(INVOKESTATIC, ALU, name, "(L" + OperandCode.CPU + ";JI)J", false);
        });
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
        op.writeGpr((Reg) d, () -> {
            mv.visitVarInsn(ALOAD, BlockEmitter.CPU);
            op.read(a);
            op.read(b);
            op.pushInt(d.size());
            mv.visitMethodInsn(INVOKESTATIC, Type.getInternalName(MulDiv.class), "imul", "(L" + OperandCode.CPU + ";JJI)J", false);
        });
        return true;
    }

    /** Group-2 shift or rotate of a GPR by 1, an immediate or CL; the register is written even for count 0. */
    private boolean shift(Instruction i, ShiftOp shiftOp) {
        Operand d = i.op(0);
        Operand count = i.operandCount() > 1 ? i.op(1) : null;
        if (!isGpr(d) || (count != null && !isGpr(count) && !(count instanceof Imm))) return false;
        String shiftOpDesc = Type.getDescriptor(ShiftOp.class);
        op.writeGpr((Reg) d, () -> {
            mv.visitVarInsn(ALOAD, BlockEmitter.CPU);
            mv.visitFieldInsn(GETSTATIC, Type.getInternalName(ShiftOp.class), shiftOp.name(), shiftOpDesc);
            op.read(d);
            if (count == null) op.pushLong(1);
            else op.read(count);
            op.pushInt(d.size());
            mv.visitInsn(count instanceof Imm ? ICONST_1 : ICONST_0);
            mv.visitMethodInsn(INVOKESTATIC, Type.getInternalName(Shifts.class), "exec",
                    "(L" + OperandCode.CPU + ";" + shiftOpDesc + "JJIZ)J", false);
        });
        return true;
    }

    /** PUSH r / PUSH imm: {@link Stack#push} writes memory before RSP, so a fault changes nothing. */
    private boolean push(Instruction i, int k) {
        Operand o = i.op(0);
        if (!isGpr(o) && !(o instanceof Imm)) return false;
        block.faultable(k);
        regs.writeBack(CpuState.RSP); // the stack helper moves RSP in cpu.gpr
        mv.visitVarInsn(ALOAD, BlockEmitter.CTX);
        op.read(o);
        op.pushInt(o instanceof Imm ? i.opSize() : o.size());
        mv.visitMethodInsn(INVOKESTATIC, STACK, "push", "(L" + OperandCode.CTX + ";JI)V", false);
        regs.load(CpuState.RSP);
        return true;
    }

    /** POP r: RSP moves first, then the register is written (POP RSP keeps the popped value). */
    private boolean pop(Instruction i, int k) {
        Operand o = i.op(0);
        if (!isGpr(o)) return false;
        block.faultable(k);
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

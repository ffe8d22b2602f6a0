package dev.jvmx.translator;

import static org.objectweb.asm.Opcodes.*;

import dev.jvmx.runtime.cpu.Cond;
import dev.jvmx.runtime.exec.Exit;
import dev.jvmx.runtime.exec.Handler;
import dev.jvmx.runtime.exec.HandlerTable;
import dev.jvmx.runtime.mem.GuestFault;
import dev.jvmx.x86.Instruction;
import dev.jvmx.x86.Mnemonic;
import dev.jvmx.x86.Mode;
import dev.jvmx.x86.Operand;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Type;

/**
 * Emits the body of one block method, {@code static Exit block(ExecContext)}: the context of one
 * translation (its method visitor, class data and fault map). Per instruction either an inline form
 * ({@link InlineForms}), a branch at the block end, or a call to the interpreter's own handler
 * (Blink's approach: the tiers cannot disagree). The handler call does what {@code
 * Interpreter.step} does around it: RIP to the next instruction first, the flags saved so a fault
 * can restore them, the exit request taken afterwards.
 *
 * <pre>
 *   locals: 0 ctx (ExecContext)  1 cpu (CpuState)  2 gpr (long[])  3 index of the instruction that
 *           may fault  4 the GuestFault in the handler
 *   try { instructions } catch (GuestFault f) { return BlockSupport.fault(cpu, faultMap, index, f); }
 * </pre>
 */
final class BlockEmitter {
    static final int CTX = 0, CPU = 1, GPR = 2, INDEX = 3, FAULT = 4;
    private static final String EXIT_DESC = Type.getDescriptor(Exit.class);
    private static final String HANDLER = Type.getInternalName(Handler.class);
    private static final String INS_DESC = Type.getDescriptor(Instruction.class);

    private final MethodVisitor mv;
    private final ClassData data;
    private final Instruction[] ins;
    private final int count;
    private final OperandCode op;
    private final InlineForms inline;
    private final FaultMap faultMap;
    private int lastIndexStored = -1;

    BlockEmitter(MethodVisitor mv, ClassData data, Instruction[] ins, int count, Mode mode) {
        this.mv = mv;
        this.data = data;
        this.ins = ins;
        this.count = count;
        this.op = new OperandCode(mv, data, mode);
        this.inline = new InlineForms(mv, op, this);
        long[] addresses = new long[count];
        for (int k = 0; k < count; k++) addresses[k] = ins[k].address();
        this.faultMap = new FaultMap(addresses, new boolean[count]);
    }

    void emit() {
        mv.visitCode();
        mv.visitVarInsn(ALOAD, CTX);
        mv.visitFieldInsn(GETFIELD, OperandCode.CTX, "cpu", "L" + OperandCode.CPU + ";");
        mv.visitVarInsn(ASTORE, CPU);
        mv.visitVarInsn(ALOAD, CPU);
        mv.visitFieldInsn(GETFIELD, OperandCode.CPU, "gpr", "[J");
        mv.visitVarInsn(ASTORE, GPR);
        mv.visitInsn(ICONST_0);
        mv.visitVarInsn(ISTORE, INDEX);
        Label start = new Label(), end = new Label(), onFault = new Label();
        mv.visitTryCatchBlock(start, end, onFault, Type.getInternalName(GuestFault.class));
        mv.visitLabel(start);
        for (int k = 0; k < count; k++) instruction(k);
        mv.visitLabel(end);
        mv.visitLabel(onFault);
        mv.visitVarInsn(ASTORE, FAULT);
        mv.visitVarInsn(ALOAD, CPU);
        mv.visitLdcInsn(data.constant(faultMap, FaultMap.class));
        mv.visitVarInsn(ILOAD, INDEX);
        mv.visitVarInsn(ALOAD, FAULT);
        mv.visitMethodInsn(INVOKESTATIC, Type.getInternalName(BlockSupport.class), "fault",
                "(L" + OperandCode.CPU + ";" + Type.getDescriptor(FaultMap.class) + "I" + Type.getDescriptor(GuestFault.class) + ")" + EXIT_DESC, false);
        mv.visitInsn(ARETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    /** Records that instruction {@code k} may fault: the index local must name it when it does. */
    void faultable(int k) {
        if (lastIndexStored == k) return;
        op.pushInt(k);
        mv.visitVarInsn(ISTORE, INDEX);
        lastIndexStored = k;
    }

    private void instruction(int k) {
        Instruction i = ins[k];
        boolean last = k == count - 1;
        if (last && direct(i)) return;
        if (!inline.tryEmit(i, k)) {
            handlerCall(i, k);
        } else if (last) {
            setRip(i.next());
        }
        if (last) {
            mv.visitInsn(ACONST_NULL);
            mv.visitInsn(ARETURN);
        }
    }

    /** JMP rel and Jcc rel ending the block: RIP from a constant or a condition, then return. */
    private boolean direct(Instruction i) {
        if (i.operandCount() != 1 || !(i.op(0) instanceof Operand.Rel rel)) return false;
        if (i.mnemonic() == Mnemonic.JMP) {
            returnAt(rel.target());
            return true;
        }
        if (!isJcc(i)) return false;
        Label notTaken = new Label();
        mv.visitVarInsn(ALOAD, CPU);
        op.pushInt(i.cond());
        mv.visitMethodInsn(INVOKESTATIC, Type.getInternalName(Cond.class), "test", "(L" + OperandCode.CPU + ";I)Z", false);
        mv.visitJumpInsn(IFEQ, notTaken);
        returnAt(rel.target());
        mv.visitLabel(notTaken);
        returnAt(i.next());
        return true;
    }

    static boolean isJcc(Instruction i) {
        String n = i.mnemonic().name();
        return i.cond() >= 0 && n.length() <= 3 && n.startsWith("J") && i.mnemonic() != Mnemonic.JMP;
    }

    private void returnAt(long rip) {
        setRip(rip);
        mv.visitInsn(ACONST_NULL);
        mv.visitInsn(ARETURN);
    }

    private void setRip(long rip) {
        mv.visitVarInsn(ALOAD, CPU);
        op.pushLong(rip);
        mv.visitFieldInsn(PUTFIELD, OperandCode.CPU, "rip", "J");
    }

    /** The interpreter's handler, framed the way {@code Interpreter.step} frames it. */
    private void handlerCall(Instruction i, int k) {
        setRip(i.next());
        mv.visitVarInsn(ALOAD, CPU);
        mv.visitMethodInsn(INVOKEVIRTUAL, OperandCode.CPU, "saveFlags", "()V", false);
        faultMap.restoresFlags()[k] = true;
        faultable(k);
        mv.visitLdcInsn(data.constant(HandlerTable.handler(i.mnemonic()), Handler.class));
        mv.visitVarInsn(ALOAD, CTX);
        mv.visitLdcInsn(data.constant(i, Instruction.class));
        mv.visitMethodInsn(INVOKEINTERFACE, HANDLER, "exec", "(L" + OperandCode.CTX + ";" + INS_DESC + ")V", true);
        Label go = new Label();
        mv.visitVarInsn(ALOAD, CTX);
        mv.visitFieldInsn(GETFIELD, OperandCode.CTX, "exit", EXIT_DESC);
        mv.visitJumpInsn(IFNULL, go);
        mv.visitVarInsn(ALOAD, CTX);
        mv.visitMethodInsn(INVOKESTATIC, Type.getInternalName(BlockSupport.class), "takeExit", "(L" + OperandCode.CTX + ";)" + EXIT_DESC, false);
        mv.visitInsn(ARETURN);
        mv.visitLabel(go);
    }
}

package dev.jvmx.translator;

import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Counts an upper bound of the bytecode size of the method passing through it, so the translator
 * can keep every block method under HotSpot's 8000-byte compile limit ({@code HugeMethodLimit}).
 * Each visit adds the longest encoding of its instruction (wide locals, ldc_w, goto_w).
 */
final class CodeSizeCounter extends MethodVisitor {
    private int size;

    CodeSizeCounter(MethodVisitor delegate) {
        super(Opcodes.ASM9, delegate);
    }

    int size() { return size; }

    @Override public void visitInsn(int opcode) { size += 1; super.visitInsn(opcode); }

    @Override public void visitIntInsn(int opcode, int operand) { size += opcode == Opcodes.SIPUSH ? 3 : 2; super.visitIntInsn(opcode, operand); }

    @Override public void visitVarInsn(int opcode, int var) { size += var < 4 ? 1 : var < 256 ? 2 : 4; super.visitVarInsn(opcode, var); }

    @Override public void visitTypeInsn(int opcode, String type) { size += 3; super.visitTypeInsn(opcode, type); }

    @Override public void visitFieldInsn(int opcode, String owner, String name, String desc) { size += 3; super.visitFieldInsn(opcode, owner, name, desc); }

    @Override
    public void visitMethodInsn(int opcode, String owner, String name, String desc, boolean itf) {
        size += opcode == Opcodes.INVOKEINTERFACE ? 5 : 3;
        super.visitMethodInsn(opcode, owner, name, desc, itf);
    }

    @Override
    public void visitInvokeDynamicInsn(String name, String desc, Handle bsm, Object... args) {
        size += 5;
        super.visitInvokeDynamicInsn(name, desc, bsm, args);
    }

    @Override public void visitJumpInsn(int opcode, Label label) { size += 8; super.visitJumpInsn(opcode, label); }

    /** Opcode, up to 3 bytes of alignment padding, default, low, high, one offset per case. */
    @Override
    public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
        size += 1 + 3 + 12 + 4 * labels.length;
        super.visitTableSwitchInsn(min, max, dflt, labels);
    }

    /** Opcode, up to 3 bytes of alignment padding, default, pair count, a key and offset per case. */
    @Override
    public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
        size += 1 + 3 + 8 + 8 * labels.length;
        super.visitLookupSwitchInsn(dflt, keys, labels);
    }

    @Override public void visitLdcInsn(Object value) { size += 3; super.visitLdcInsn(value); }

    @Override public void visitIincInsn(int var, int increment) { size += 6; super.visitIincInsn(var, increment); }
}

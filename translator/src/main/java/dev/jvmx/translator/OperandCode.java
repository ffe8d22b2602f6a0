package dev.jvmx.translator;

import static org.objectweb.asm.Opcodes.*;

import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.cpu.LazyFlags;
import dev.jvmx.runtime.exec.ExecContext;
import dev.jvmx.runtime.exec.Operands;
import dev.jvmx.runtime.mem.GuestMemory;
import dev.jvmx.x86.Mode;
import dev.jvmx.x86.Operand;
import dev.jvmx.x86.Operand.Imm;
import dev.jvmx.x86.Operand.Mem;
import dev.jvmx.x86.Operand.Reg;
import dev.jvmx.x86.RegClass;
import dev.jvmx.x86.Seg;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Type;

/**
 * Bytecode for operand reads and writes, mirroring {@link Operands} value for value: reads push a
 * long zero-extended from the operand size; a 32-bit GPR write zero-extends, 8- and 16-bit writes
 * merge (through {@link Operands#writeGpr}); memory goes through {@link Operands#load}/{@link
 * Operands#store} on the context's {@link GuestMemory}. Only the shapes {@link #readable} accepts
 * are emitted; everything else is left to the instruction's handler.
 */
final class OperandCode {
    static final String CPU = Type.getInternalName(CpuState.class);
    static final String CTX = Type.getInternalName(ExecContext.class);
    static final String OPERANDS = Type.getInternalName(Operands.class);
    static final String MEM_DESC = Type.getDescriptor(GuestMemory.class);

    private final MethodVisitor mv;
    private final ClassData data;
    private final Mode mode;

    OperandCode(MethodVisitor mv, ClassData data, Mode mode) {
        this.mv = mv;
        this.data = data;
        this.mode = mode;
    }

    static boolean isGpr(Operand o) {
        return o instanceof Reg r && r.cls() == RegClass.GPR;
    }

    static boolean isMem(Operand o) {
        return o instanceof Mem m && (m.size() == 8 || m.size() == 16 || m.size() == 32 || m.size() == 64);
    }

    /** GPR, immediate, or an 8..64-bit memory operand. */
    static boolean readable(Operand o) {
        return isGpr(o) || o instanceof Imm || isMem(o);
    }

    /** Pushes the operand's value (long). A memory read may fault. */
    void read(Operand o) {
        switch (o) {
            case Reg r -> {
                gprElement(r.num());
                mv.visitInsn(LALOAD);
                mask(r.size());
            }
            case Imm imm -> pushLong(imm.value() & LazyFlags.mask(imm.size()));
            case Mem m -> {
                memory();
                linear(m);
                pushInt(m.size());
                mv.visitMethodInsn(INVOKESTATIC, OPERANDS, "load", "(" + MEM_DESC + "JI)J", false);
            }
            default -> throw new IllegalArgumentException("not inlinable: " + o);
        }
    }

    /** Writes the long {@code value} pushes to GPR {@code r} (SDM Vol. 1 §3.4.1.1 sizes). */
    void writeGpr(Reg r, Runnable value) {
        if (r.size() == 64 || r.size() == 32) {
            gprElement(r.num());
            value.run();
            mask(r.size());
            mv.visitInsn(LASTORE);
        } else {
            mv.visitVarInsn(ALOAD, BlockEmitter.CPU);
            pushInt(r.num());
            value.run();
            pushInt(r.size());
            mv.visitMethodInsn(INVOKESTATIC, OPERANDS, "writeGpr", "(L" + CPU + ";IJI)V", false);
        }
    }

    /** Stores the long {@code value} pushes to memory operand {@code m} (may fault; nothing is written then). */
    void store(Mem m, Runnable value) {
        memory();
        linear(m);
        value.run();
        pushInt(m.size());
        mv.visitMethodInsn(INVOKESTATIC, OPERANDS, "store", "(" + MEM_DESC + "JJI)V", false);
    }

    /** Effective address ({@link Operands#offset}): disp + base + index * scale, masked to the address size. */
    void offset(Mem m) {
        if (m.base() == Mem.RIP) {
            pushLong(m.disp());
            return;
        }
        boolean any = false;
        if (m.base() != Mem.NONE) {
            gprElement(m.base());
            mv.visitInsn(LALOAD);
            any = true;
        }
        if (m.index() != Mem.NONE) {
            gprElement(m.index());
            mv.visitInsn(LALOAD);
            if (m.scale() > 1) {
                pushInt(Integer.numberOfTrailingZeros(m.scale()));
                mv.visitInsn(LSHL);
            }
            if (any) mv.visitInsn(LADD);
            any = true;
        }
        if (m.disp() != 0 || !any) {
            pushLong(m.disp());
            if (any) mv.visitInsn(LADD);
        }
        mask(m.addrSize());
    }

    /** Linear address ({@link Operands#linear}): inline in 64-bit mode without FS/GS, else the shared method. */
    void linear(Mem m) {
        if (mode == Mode.BITS64 && m.seg() != Seg.FS && m.seg() != Seg.GS) {
            offset(m);
            return;
        }
        mv.visitVarInsn(ALOAD, BlockEmitter.CPU);
        mv.visitLdcInsn(data.constant(m, Mem.class));
        mv.visitMethodInsn(INVOKESTATIC, OPERANDS, "linear", "(L" + CPU + ";" + Type.getDescriptor(Mem.class) + ")J", false);
    }

    private void memory() {
        mv.visitVarInsn(ALOAD, BlockEmitter.CTX);
        mv.visitFieldInsn(GETFIELD, CTX, "mem", MEM_DESC);
    }

    private void gprElement(int num) {
        mv.visitVarInsn(ALOAD, BlockEmitter.GPR);
        pushInt(num);
    }

    private void mask(int size) {
        if (size >= 64) return;
        pushLong(LazyFlags.mask(size));
        mv.visitInsn(LAND);
    }

    void pushInt(int v) {
        if (v >= -1 && v <= 5) mv.visitInsn(ICONST_0 + v);
        else if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) mv.visitIntInsn(BIPUSH, v);
        else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) mv.visitIntInsn(SIPUSH, v);
        else mv.visitLdcInsn(v);
    }

    void pushLong(long v) {
        if (v == 0 || v == 1) mv.visitInsn(LCONST_0 + (int) v);
        else mv.visitLdcInsn(v);
    }
}

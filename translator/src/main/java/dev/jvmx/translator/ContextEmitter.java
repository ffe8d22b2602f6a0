package dev.jvmx.translator;

import static org.objectweb.asm.Opcodes.LAND;
import static org.objectweb.asm.Opcodes.LUSHR;

import dev.jvmx.runtime.cpu.CpuModel;
import dev.jvmx.x86.Operand;
import dev.jvmx.x86.Operand.Reg;
import dev.jvmx.x86.RegClass;
import org.objectweb.asm.MethodVisitor;

/**
 * An inline-form emitter working in one {@link EmitContext}: its parts as fields, taken from the
 * context in one place ({@link InlineForms}, {@link InlineIntegers}, {@link InlineReadModifyWrite},
 * {@link InlineShifts} extend it), and the operand helper they share for AH..BH.
 */
abstract class ContextEmitter {
    final MethodVisitor mv;
    final OperandCode op;
    final BlockEmitter block;
    final CpuModel model;
    final RegisterCache regs;
    final FlagCode flags;

    ContextEmitter(EmitContext c) {
        this.mv = c.mv();
        this.op = c.op();
        this.block = c.block();
        this.model = c.model();
        this.regs = c.regs();
        this.flags = c.flags();
    }

    /** Whether {@code o} is AH, CH, DH or BH (encodable only without REX, so the others are legacy byte operands). */
    static boolean isHigh(Operand o) {
        return o instanceof Reg r && r.cls() == RegClass.GPR8H;
    }

    /** Pushes {@code o}'s value as {@link OperandCode#read} does; AH..BH are bits 15:8 of RAX..RBX (SDM Vol. 1 §3.4.1.1). */
    void readAny(Operand o) {
        if (!isHigh(o)) {
            op.read(o);
            return;
        }
        op.loadGpr(((Reg) o).num());
        op.pushInt(8);
        mv.visitInsn(LUSHR);
        op.pushLong(0xFF);
        mv.visitInsn(LAND);
    }
}

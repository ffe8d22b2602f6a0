package dev.jvmx.translator;

import static dev.jvmx.translator.OperandCode.isGpr;
import static org.objectweb.asm.Opcodes.*;

import dev.jvmx.runtime.cpu.LazyFlags;
import dev.jvmx.runtime.cpu.ShiftOp;
import dev.jvmx.runtime.cpu.Shifts;
import dev.jvmx.x86.Instruction;
import dev.jvmx.x86.Mnemonic;
import dev.jvmx.x86.Mode;
import dev.jvmx.x86.Operand;
import dev.jvmx.x86.Operand.Imm;
import dev.jvmx.x86.Operand.Mem;
import dev.jvmx.x86.Operand.Reg;
import org.objectweb.asm.Label;
import org.objectweb.asm.Type;

/**
 * Group-2 shifts and rotates of a GPR or memory (SDM Vol. 2B "SAL/SAR/SHL/SHR", "RCL/RCR/ROL/ROR"), the
 * inline forms in 64-bit mode (CpuGeneration.MODERN there: counts masked to 5 bits, 6 with a
 * 64-bit operand; OF of a multi-bit count from the first step):
 * <ul>
 *   <li>SHL/SAL/SHR/SAR by a non-zero immediate or by CL: the value inline, the flags deferred
 *       ({@link FusedConditions#DEFERRED_SHL}...); by CL, a count that masks to 0 leaves the
 *       record (a branch).</li>
 *   <li>ROL/ROR by 1, an immediate or CL: the value inline (shifts and an OR, which C2 makes the
 *       host's rotate), and the record before kept and marked {@link FusedConditions#ROTATED}
 *       with CF from the rotate, and OF too unless the count is an immediate other than 1
 *       ({@code Shifts}: the host keeps OF then; {@link FlagCode#rotated}). A count that masks to
 *       0 leaves the record as it was (with CL: a branch).</li>
 *   <li>SHL/SAL/SHR/SAR/ROL/ROR of memory by 1, an immediate or CL: the same value and flags, the
 *       flags written after the store ({@link #memoryForm}).</li>
 * </ul>
 * BSWAP r32/r64 and the bit scans (BSF/BSR/TZCNT/LZCNT/POPCNT, flags deferred as
 * {@link FusedConditions#DEFERRED_BSF}...) are here too, in every mode.
 * The rest of group 2 (RCL/RCR of a register, other modes) call {@link Shifts} with the
 * record committed around the call; RCL/RCR of memory go to their handler. The register is
 * written even for count 0 (a 32-bit one is zero-extended), as {@code ShiftBitHandlers.shift} does.
 */
final class InlineShifts extends ContextEmitter {
    private static final String SHIFT_OP = Type.getDescriptor(ShiftOp.class);

    private final InlineReadModifyWrite memory;

    InlineShifts(EmitContext c) {
        super(c);
        this.memory = new InlineReadModifyWrite(c);
    }

    /** Emits the shift or rotate {@code i} of a GPR; false (nothing emitted) for other operands. */
    boolean emit(Instruction i, int k, ShiftOp shiftOp) {
        Operand d = i.op(0);
        Operand count = i.operandCount() > 1 ? i.op(1) : null;
        if (count != null && !isGpr(count) && !(count instanceof Imm)) return false;
        int size = d.size();
        int c = (int) (count == null ? 1 : count instanceof Imm imm ? imm.value() : 0) & Shifts.countMask(size);
        boolean modern = op.mode() == Mode.BITS64;
        int kind = deferredKind(shiftOp);
        if (d instanceof Mem m && modern) return memoryForm(m, k, shiftOp, count, c);
        if (!isGpr(d)) return false;
        if (kind >= 0 && modern && count instanceof Reg) {
            op.writeGpr((Reg) d, () -> shiftByRegister(d, count, kind));
            return true;
        }
        if (kind >= 0 && c != 0 && modern) {
            op.writeGpr((Reg) d, () -> deferredShift(d, kind, c));
            return true;
        }
        if ((shiftOp == ShiftOp.ROL || shiftOp == ShiftOp.ROR) && modern) {
            boolean left = shiftOp == ShiftOp.ROL;
            op.writeGpr((Reg) d, () -> {
                if (count instanceof Reg) rotateByRegister(d, count, left);
                else rotateByConstant(d, c, left, count instanceof Imm && c != 1);
            });
            return true;
        }
        op.writeGpr((Reg) d, () -> flags.aroundHelper(() -> {
            mv.visitVarInsn(ALOAD, BlockEmitter.CPU);
            mv.visitFieldInsn(GETSTATIC, Type.getInternalName(ShiftOp.class), shiftOp.name(), SHIFT_OP);
            op.read(d);
            if (count == null) op.pushLong(1);
            else op.read(count);
            op.pushInt(d.size());
            mv.visitInsn(count instanceof Imm ? ICONST_1 : ICONST_0);
            mv.visitMethodInsn(INVOKESTATIC, Type.getInternalName(Shifts.class), "exec",
                    "(L" + OperandCode.CPU + ";" + SHIFT_OP + "JJIZ)J", false);
        }));
        return true;
    }

    /** The deferred-flag kind of SHL/SAL/SHR/SAR ({@link FusedConditions#DEFERRED_SHL}...); -1 for the rotates. */
    private static int deferredKind(ShiftOp shiftOp) {
        return switch (shiftOp) {
            case SHL, SAL -> FusedConditions.DEFERRED_SHL;
            case SHR -> FusedConditions.DEFERRED_SHR;
            case SAR -> FusedConditions.DEFERRED_SAR;
            default -> -1;
        };
    }

    /**
     * SHL/SAL/SHR/SAR/ROL/ROR m by 1, an immediate or CL (64-bit mode): the value computed as the
     * register form's from the memory read (local X) and the masked count (local Y), stored, and
     * only then the flags, as the register form writes them ({@link
     * InlineReadModifyWrite#readModifyWrite}: a faulting store writes none). A count that masks to
     * 0 stores nothing and leaves the flags, as {@code ShiftBitHandlers.shift} (its read may still
     * fault): by CL a branch around it; a constant such count (rare) and RCL/RCR stay out of line.
     */
    private boolean memoryForm(Mem d, int k, ShiftOp shiftOp, Operand count, int c) {
        int kind = deferredKind(shiftOp), size = d.size();
        boolean rotate = shiftOp == ShiftOp.ROL || shiftOp == ShiftOp.ROR, left = shiftOp == ShiftOp.ROL;
        boolean byRegister = count instanceof Reg;
        if ((kind < 0 && !rotate) || (!byRegister && c == 0)) return false;
        block.faultable(k);
        Runnable shiftCount = byRegister ? this::count : () -> op.pushInt(c);
        if (byRegister) {
            maskedCount(d, count);
        } else {
            op.read(d);
            mv.visitVarInsn(LSTORE, RegisterCache.X);
            op.pushLong(c);
            mv.visitVarInsn(LSTORE, RegisterCache.Y);
        }
        Label same = new Label();
        if (byRegister) {
            count();
            mv.visitJumpInsn(IFEQ, same);
        }
        if (rotate) {
            rotated(size, left, shiftCount);
            boolean keepOf = count instanceof Imm && c != 1;
            memory.readModifyWrite(d, () -> flags.rotated(left, size, keepOf, RegisterCache.X, InlineReadModifyWrite.RESULT));
        } else {
            shifted(kind, size, shiftCount);
            op.pushLong(LazyFlags.mask(size));
            mv.visitInsn(LAND);
            memory.readModifyWrite(d, () -> flags.deferredRecord(kind, size));
        }
        if (byRegister) {
            mv.visitLabel(same);
            flags.forget();
        }
        return true;
    }

    /** SHL/SHR/SAR of {@code d} by {@code c} (1..63): pushes the result, the flags deferred. */
    private void deferredShift(Operand d, int kind, int c) {
        int size = d.size();
        op.read(d);
        mv.visitVarInsn(LSTORE, RegisterCache.X);
        op.pushLong(c);
        mv.visitVarInsn(LSTORE, RegisterCache.Y);
        flags.deferred(kind, size, () -> shifted(kind, size, () -> op.pushInt(c)));
    }

    /**
     * SHL/SHR/SAR of {@code d} by CL (masked): pushes the result; the flags deferred, a count of 0
     * keeping the record (SDM: "if the count is 0, the flags are not affected").
     */
    private void shiftByRegister(Operand d, Operand count, int kind) {
        int size = d.size();
        byRegister(d, count, () -> {
            shifted(kind, size, this::count);
            op.pushLong(LazyFlags.mask(size));
            mv.visitInsn(LAND);
        }, () -> {
            flags.deferred(kind, size, () -> mv.visitVarInsn(LLOAD, RegisterCache.TMP));
            mv.visitInsn(POP2);
        });
    }

    /**
     * A shift or rotate of {@code d} by CL: {@code value} pushes the result from locals X (the
     * value) and Y (the masked count), which is pushed; {@code record} writes the flag record,
     * the result in local TMP, unless the count is 0.
     */
    private void byRegister(Operand d, Operand count, Runnable value, Runnable record) {
        maskedCount(d, count);
        value.run();
        mv.visitVarInsn(LSTORE, RegisterCache.TMP);
        Label same = new Label();
        count();
        mv.visitJumpInsn(IFEQ, same);
        record.run();
        mv.visitLabel(same);
        flags.forget();
        mv.visitVarInsn(LLOAD, RegisterCache.TMP);
    }

    /** Pushes the masked count in local Y as an int. */
    private void count() {
        mv.visitVarInsn(LLOAD, RegisterCache.Y);
        mv.visitInsn(L2I);
    }

    /** Reads {@code d} into local X and the count in {@code count}, masked, into local Y. */
    private void maskedCount(Operand d, Operand count) {
        op.read(d);
        mv.visitVarInsn(LSTORE, RegisterCache.X);
        op.read(count);
        op.pushLong(Shifts.countMask(d.size()));
        mv.visitInsn(LAND);
        mv.visitVarInsn(LSTORE, RegisterCache.Y);
    }

    /** Pushes local X shifted as {@code kind} says by the int {@code count} pushes (SAR: sign-extended first). */
    private void shifted(int kind, int size, Runnable count) {
        if (kind == FusedConditions.DEFERRED_SAR) signExtended(RegisterCache.X, size);
        else mv.visitVarInsn(LLOAD, RegisterCache.X);
        count.run();
        mv.visitInsn(kind == FusedConditions.DEFERRED_SHL ? LSHL : kind == FusedConditions.DEFERRED_SHR ? LUSHR : LSHR);
    }

    /** ROL/ROR of {@code d} by the masked constant count {@code c}: pushes the result. */
    private void rotateByConstant(Operand d, int c, boolean left, boolean keepOf) {
        int size = d.size();
        op.read(d);
        if (c == 0) return; // nothing changes, flags included
        mv.visitVarInsn(LSTORE, RegisterCache.X);
        rotated(size, left, () -> op.pushInt(c));
        mv.visitVarInsn(LSTORE, RegisterCache.TMP);
        flags.rotated(left, size, keepOf, RegisterCache.X, RegisterCache.TMP);
        mv.visitVarInsn(LLOAD, RegisterCache.TMP);
    }

    /** ROL/ROR of {@code d} by CL (masked): pushes the result; a count of 0 keeps the record. */
    private void rotateByRegister(Operand d, Operand count, boolean left) {
        int size = d.size();
        byRegister(d, count, () -> rotated(size, left, this::count),
                () -> flags.rotated(left, size, false, RegisterCache.X, RegisterCache.TMP));
    }

    /**
     * Pushes local X (zero-extended, {@code size} bits) rotated by the masked count {@code count}
     * pushes (an int), modulo {@code size}, masked to {@code size}: {@code x << n | x >>> (size - n)}
     * (C2 makes it the host's rotate at 32 and 64 bits, where the JVM's shift masks the count).
     */
    private void rotated(int size, boolean left, Runnable count) {
        int shl = size == 32 ? ISHL : LSHL, ushr = size == 32 ? IUSHR : LUSHR;
        count.run();
        if (size < 32) { // n = count mod size; x >>> size is 0
            op.pushInt(size - 1);
            mv.visitInsn(IAND);
        }
        mv.visitVarInsn(ISTORE, RegisterCache.TMP);
        mv.visitVarInsn(LLOAD, RegisterCache.X);
        if (size == 32) mv.visitInsn(L2I);
        mv.visitVarInsn(ILOAD, RegisterCache.TMP);
        mv.visitInsn(left ? shl : ushr);
        mv.visitVarInsn(LLOAD, RegisterCache.X);
        if (size == 32) mv.visitInsn(L2I);
        op.pushInt(size);
        mv.visitVarInsn(ILOAD, RegisterCache.TMP);
        mv.visitInsn(ISUB);
        mv.visitInsn(left ? ushr : shl);
        mv.visitInsn(size == 32 ? IOR : LOR);
        if (size == 32) {
            mv.visitInsn(I2L);
            op.pushLong(0xFFFF_FFFFL);
            mv.visitInsn(LAND);
        } else if (size < 32) {
            op.pushLong((1L << size) - 1);
            mv.visitInsn(LAND);
        }
    }

    /**
     * BSF/BSR/TZCNT/LZCNT/POPCNT r, r/m (16..64 bits; SDM Vol. 2A): the count inline
     * ({@code Long.numberOfTrailingZeros}... , the host's instructions under C2), the flags
     * deferred ({@link FusedConditions#DEFERRED_BSF}...). TZCNT/LZCNT on a model without BMI1/ABM
     * run as BSF/BSR, as their handlers do. BSF/BSR of a zero source write no register (Intel
     * leaves even the upper half of a 64-bit one), so the write is behind a branch.
     */
    boolean scan(Instruction i, int k) {
        Operand d = i.op(0), s = i.op(1);
        if (!isGpr(d) || !(isGpr(s) || OperandCode.isMem(s)) || d.size() < 16) return false;
        Mnemonic m = i.mnemonic();
        if (m == Mnemonic.TZCNT && !model.hasBmi1()) m = Mnemonic.BSF;
        if (m == Mnemonic.LZCNT && !model.hasLzcnt()) m = Mnemonic.BSR;
        int size = d.size();
        if (s instanceof Operand.Mem) block.faultable(k);
        op.read(s);
        mv.visitVarInsn(LSTORE, RegisterCache.X);
        mv.visitInsn(LCONST_0); // the record's b: unused by the scans
        mv.visitVarInsn(LSTORE, RegisterCache.Y);
        Mnemonic scan = m;
        int kind = switch (scan) {
            case BSF -> FusedConditions.DEFERRED_BSF;
            case BSR -> FusedConditions.DEFERRED_BSR;
            case TZCNT -> FusedConditions.DEFERRED_TZCNT;
            case LZCNT -> FusedConditions.DEFERRED_LZCNT;
            default -> FusedConditions.DEFERRED_POPCNT;
        };
        flags.deferred(kind, size, () -> {
            mv.visitVarInsn(LLOAD, RegisterCache.X);
            switch (scan) {
                case BSF, TZCNT -> { // TZCNT of 0 is the size: a bit just above the source
                    if (scan == Mnemonic.TZCNT && size < 64) {
                        op.pushLong(1L << size);
                        mv.visitInsn(LOR);
                    }
                    mv.visitMethodInsn(INVOKESTATIC, "java/lang/Long", "numberOfTrailingZeros", "(J)I", false);
                }
                case BSR, LZCNT -> { // LZCNT: leading zeros of the 64-bit value less the 64 - size above the source
                    mv.visitMethodInsn(INVOKESTATIC, "java/lang/Long", "numberOfLeadingZeros", "(J)I", false);
                    op.pushInt(scan == Mnemonic.BSR ? 63 : 64 - size);
                    if (scan == Mnemonic.BSR) mv.visitInsn(SWAP);
                    mv.visitInsn(ISUB);
                }
                default -> mv.visitMethodInsn(INVOKESTATIC, "java/lang/Long", "bitCount", "(J)I", false);
            }
            mv.visitInsn(I2L);
        });
        mv.visitVarInsn(LSTORE, RegisterCache.TMP);
        Label skip = new Label();
        if (scan == Mnemonic.BSF || scan == Mnemonic.BSR) {
            mv.visitVarInsn(LLOAD, RegisterCache.X);
            mv.visitInsn(LCONST_0);
            mv.visitInsn(LCMP);
            mv.visitJumpInsn(IFEQ, skip);
        }
        op.writeGpr((Reg) d, () -> mv.visitVarInsn(LLOAD, RegisterCache.TMP));
        mv.visitLabel(skip);
        return true;
    }

    /**
     * BSWAP r32/r64 (SDM Vol. 2A "BSWAP"; flags unchanged): {@code Integer/Long.reverseBytes},
     * the host's BSWAP under C2. The 16-bit form (undefined result) goes to its handler.
     */
    boolean bswap(Instruction i) {
        Operand d = i.op(0);
        if (!isGpr(d) || (d.size() != 32 && d.size() != 64)) return false;
        op.writeGpr((Reg) d, () -> {
            op.read(d);
            if (d.size() == 64) {
                mv.visitMethodInsn(INVOKESTATIC, "java/lang/Long", "reverseBytes", "(J)J", false);
                return;
            }
            mv.visitInsn(L2I);
            mv.visitMethodInsn(INVOKESTATIC, "java/lang/Integer", "reverseBytes", "(I)I", false);
            mv.visitInsn(I2L);
            op.pushLong(0xFFFF_FFFFL);
            mv.visitInsn(LAND);
        });
        return true;
    }

    /** Pushes the local {@code slot} sign-extended from {@code size} bits (MulDiv's sx). */
    void signExtended(int slot, int size) {
        mv.visitVarInsn(LLOAD, slot);
        if (size < 64) {
            op.pushInt(64 - size);
            mv.visitInsn(LSHL);
            op.pushInt(64 - size);
            mv.visitInsn(LSHR);
        }
    }
}

package dev.jvmx.translator;

import static dev.jvmx.translator.OperandCode.isGpr;
import static dev.jvmx.translator.OperandCode.isMem;
import static dev.jvmx.translator.OperandCode.readable;
import static org.objectweb.asm.Opcodes.*;

import dev.jvmx.runtime.cpu.AluOp;
import dev.jvmx.runtime.cpu.BitOps;
import dev.jvmx.runtime.cpu.Bmi;
import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.cpu.MulDiv;
import dev.jvmx.runtime.cpu.Shifts;
import dev.jvmx.runtime.exec.Interpreter;
import dev.jvmx.runtime.exec.StringHandlers;
import dev.jvmx.x86.Instruction;
import dev.jvmx.x86.Mnemonic;
import dev.jvmx.x86.Operand;
import dev.jvmx.x86.Operand.Imm;
import dev.jvmx.x86.Operand.Mem;
import dev.jvmx.x86.Operand.Reg;
import dev.jvmx.x86.Prefix;
import dev.jvmx.x86.RegClass;
import org.objectweb.asm.Label;
import org.objectweb.asm.Type;

/**
 * Inline bytecode for the integer forms the workloads' hot regions ran out of line (counted with
 * {@link OutOfLineCounts}): CMOVcc and SETcc, the accumulator sign extensions (CBW..CQO), XCHG of
 * two registers, the one-operand MUL/IMUL/DIV/IDIV (DIV r/m32 and r/m64 with EDX/RDX zero inline),
 * SHLD/SHRD of registers, BT*, the forms with AH..BH (MOV, MOVZX/MOVSX, the ALU group, TEST), the
 * BMI1/BMI2 GPR forms and the bulk part of REP MOVS/STOS; the read-modify-write memory forms, XCHG
 * with memory and CMPXCHG/XADD are {@link InlineReadModifyWrite}'s. Each keeps the interpreter's
 * semantics by construction: flags through the same lazy record as the register forms ({@link
 * FlagCode}), or through the very {@link MulDiv}/{@link Bmi}/{@link Shifts} function the
 * interpreter's handler calls ({@link FlagCode#aroundHelper}).
 */
final class InlineIntegers extends ContextEmitter {
    private static final String MUL_DIV = Type.getInternalName(MulDiv.class);
    private static final String BMI = Type.getInternalName(Bmi.class);
    private static final String BIT_OPS = Type.getInternalName(BitOps.class);
    private static final String SHIFTS = Type.getInternalName(Shifts.class);
    private static final String CPU_DESC = "L" + OperandCode.CPU + ";";

    private final InlineReadModifyWrite memory;

    InlineIntegers(EmitContext c) {
        super(c);
        this.memory = new InlineReadModifyWrite(c);
    }

    /** Emits {@code i} (past the interpreter's gate) if it is one of the forms above; false, nothing emitted, otherwise. */
    boolean tryEmit(Instruction i, int k) {
        Mnemonic m = i.mnemonic();
        if (hasHighByte(i)) return highByte(i, k, m);
        if (m.isCmovcc()) return cmov(i, k);
        if (m.isSetcc()) return set(i, k);
        return switch (m) {
            case CBW, CWDE, CDQE, CWD, CDQ, CQO -> accumulatorExtension(m);
            case XCHG -> xchg(i) || memory.exchange(i, k);
            case ADD, OR, ADC, SBB, AND, SUB, XOR -> memory.alu(i, k, AluOp.valueOf(m.name()));
            case INC, DEC, NOT, NEG -> memory.unary(i, k, m);
            case MUL, IMUL, DIV, IDIV -> i.operandCount() == 1 && multiplyDivide(i, k, m);
            case BT, BTS, BTR, BTC -> bitTest(i, k, m);
            case SHLD, SHRD -> doubleShift(i, m);
            case CMPXCHG -> memory.compareExchange(i, k);
            case XADD -> memory.exchangeAdd(i, k);
            default -> StringHandlers.bulkForm(m) && repString(i);
        };
    }

    /** Whether {@code i}, emitted here, leaves the flag record in the locals as it was (for {@link FlagCode#after}). */
    static boolean writesNoFlags(Instruction i) {
        Mnemonic m = i.mnemonic();
        return m.isCmovcc() || m.isSetcc() || switch (m) {
            case CBW, CWDE, CDQE, CWD, CDQ, CQO, XCHG, NOT, SHLX, SHRX, SARX, RORX -> true;
            default -> false;
        };
    }

    /**
     * CMOVcc r, r/m (SDM Vol. 2A "CMOVcc"): the source is read whatever the condition (a fault
     * commits nothing); a false condition still writes the destination's own value, which
     * zero-extends a 32-bit one in 64-bit mode, as {@code MoveHandlers.cmov} does.
     */
    private boolean cmov(Instruction i, int k) {
        Operand d = i.op(0), s = i.op(1);
        if (!isGpr(d) || !readable(s) || s instanceof Imm) return false;
        if (s instanceof Mem) block.faultable(k);
        op.read(s);
        mv.visitVarInsn(LSTORE, RegisterCache.Y);
        Label take = new Label();
        flags.condition(i.cond());
        mv.visitJumpInsn(IFNE, take);
        op.read(d);
        mv.visitVarInsn(LSTORE, RegisterCache.Y);
        mv.visitLabel(take);
        op.writeGpr((Reg) d, () -> mv.visitVarInsn(LLOAD, RegisterCache.Y));
        return true;
    }

    /** SETcc r8/m8 (SDM Vol. 2B "SETcc"): 1 or 0 by the condition. */
    private boolean set(Instruction i, int k) {
        Operand d = i.op(0);
        Runnable value = () -> {
            flags.condition(i.cond());
            mv.visitInsn(I2L);
        };
        if (isGpr(d)) {
            op.writeGpr((Reg) d, value);
            return true;
        }
        if (!isMem(d)) return false;
        block.faultable(k);
        op.store((Mem) d, value);
        return true;
    }

    /**
     * CBW/CWDE/CDQE: the accumulator's lower half sign-extended into all of it; CWD/CDQ/CQO: its
     * sign copied into DX/EDX/RDX (SDM Vol. 2A "CBW/CWDE/CDQE", "CWD/CDQ/CQO"). No flags.
     */
    private boolean accumulatorExtension(Mnemonic m) {
        int size = switch (m) {
            case CBW, CWD -> 16;
            case CWDE, CDQ -> 32;
            default -> 64;
        };
        boolean intoDx = m == Mnemonic.CWD || m == Mnemonic.CDQ || m == Mnemonic.CQO;
        int from = intoDx ? size : size / 2;
        op.writeGpr(new Reg(RegClass.GPR, intoDx ? CpuState.RDX : CpuState.RAX, size), () -> {
            op.loadGpr(CpuState.RAX);
            if (from < 64) {
                op.pushInt(64 - from);
                mv.visitInsn(LSHL);
                op.pushInt(64 - from);
                mv.visitInsn(LSHR);
            }
            if (intoDx) {
                op.pushInt(63);
                mv.visitInsn(LSHR);
            }
        });
        return true;
    }

    /** XCHG r, r ({@code MoveHandlers.xchg}: the second written first); with memory: {@link InlineReadModifyWrite#exchange}. */
    private boolean xchg(Instruction i) {
        Operand a = i.op(0), b = i.op(1);
        if (!isGpr(a) || !isGpr(b)) return false;
        op.read(a);
        mv.visitVarInsn(LSTORE, RegisterCache.X);
        op.read(b);
        mv.visitVarInsn(LSTORE, RegisterCache.Y);
        op.writeGpr((Reg) b, () -> mv.visitVarInsn(LLOAD, RegisterCache.X));
        op.writeGpr((Reg) a, () -> mv.visitVarInsn(LLOAD, RegisterCache.Y));
        return true;
    }

    /** Whether an operand of {@code i} is AH, CH, DH or BH (encodable only without REX, so the others are legacy byte operands). */
    private static boolean hasHighByte(Instruction i) {
        for (int j = 0; j < i.operandCount(); j++) if (isHigh(i.op(j))) return true;
        return false;
    }

    /** Writes {@code value} to the byte register {@code r}: for AH..BH, bits 15:8 of the whole register, the rest kept. */
    private void writeAny(Reg r, Runnable value) {
        if (!isHigh(r)) {
            op.writeGpr(r, value);
            return;
        }
        op.writeGpr(new Reg(RegClass.GPR, r.num(), 64), () -> {
            op.loadGpr(r.num());
            op.pushLong(~0xFF00L);
            mv.visitInsn(LAND);
            value.run();
            op.pushLong(0xFF);
            mv.visitInsn(LAND);
            op.pushInt(8);
            mv.visitInsn(LSHL);
            mv.visitInsn(LOR);
        });
    }

    /**
     * The forms with AH, CH, DH or BH the compilers emit (MOV, MOVZX/MOVSX, the ALU group and TEST;
     * a read-modify-write memory destination as {@link InlineReadModifyWrite#alu}): the register forms'
     * semantics with the byte read from and merged into bits 15:8 ({@link #readAny}, {@link #writeAny}).
     */
    private boolean highByte(Instruction i, int k, Mnemonic m) {
        if (i.operandCount() != 2) return false;
        Operand d = i.op(0), s = i.op(1);
        if (m == Mnemonic.MOVZX || m == Mnemonic.MOVSX) {
            if (!isGpr(d) || !isHigh(s)) return false;
            op.writeGpr((Reg) d, () -> {
                readAny(s);
                if (m == Mnemonic.MOVSX) {
                    op.pushInt(56);
                    mv.visitInsn(LSHL);
                    op.pushInt(56);
                    mv.visitInsn(LSHR);
                }
            });
            return true;
        }
        boolean byteDest = isGpr(d) || isHigh(d) || isMem(d), byteSource = isGpr(s) || isHigh(s) || isMem(s) || s instanceof Imm;
        if (!byteDest || !byteSource || (d instanceof Mem && s instanceof Mem) || d.size() != 8) return false;
        AluOp aluOp = switch (m) {
            case ADD, OR, ADC, SBB, AND, SUB, XOR, CMP -> AluOp.valueOf(m.name());
            case TEST -> AluOp.AND;
            default -> null;
        };
        if (aluOp == null && m != Mnemonic.MOV) return false;
        if (s instanceof Mem || d instanceof Mem) block.faultable(k);
        if (m == Mnemonic.MOV) {
            if (d instanceof Mem mem) op.store(mem, () -> readAny(s));
            else writeAny((Reg) d, () -> readAny(s));
            return true;
        }
        boolean writes = m != Mnemonic.TEST && aluOp.writesResult();
        if (writes && d instanceof Mem) return memory.alu(i, k, aluOp);
        Runnable value = () -> {
            readAny(d);
            mv.visitVarInsn(LSTORE, RegisterCache.X);
            readAny(s);
            mv.visitVarInsn(LSTORE, RegisterCache.Y);
            flags.alu(aluOp, 8);
        };
        if (writes) {
            writeAny((Reg) d, value);
        } else {
            value.run();
            mv.visitInsn(POP2);
        }
        return true;
    }

    /**
     * SHLD/SHRD r, r, imm8/CL (SDM Vol. 2B "SHLD", "SHRD"): the interpreter's own {@link Shifts}
     * function (its flags, the undefined AF and OF of a count above 1 included, and a 16-bit count
     * above 16 shifting the destination in again) around the flag record; the register written even
     * for a count of 0, as the handler writes it (a 32-bit one zero-extended). A memory destination
     * stays with its handler (the function sets the flags before the store could fault).
     */
    private boolean doubleShift(Instruction i, Mnemonic m) {
        if (i.operandCount() != 3 || !isGpr(i.op(0)) || !isGpr(i.op(1)) || !(isGpr(i.op(2)) || i.op(2) instanceof Imm)) return false;
        Operand d = i.op(0);
        op.writeGpr((Reg) d, () -> flags.aroundHelper(() -> {
            mv.visitVarInsn(ALOAD, BlockEmitter.CPU);
            op.read(d);
            op.read(i.op(1));
            op.read(i.op(2));
            op.pushInt(d.size());
            mv.visitMethodInsn(INVOKESTATIC, SHIFTS, m == Mnemonic.SHLD ? "shld" : "shrd", "(" + CPU_DESC + "JJJI)J", false);
        }));
        return true;
    }

    /**
     * MUL/IMUL/DIV/IDIV r/m: the source read (may fault), then the interpreter's own {@link MulDiv}
     * function on the accumulator pair in {@code CpuState} (RAX and RDX written back and reloaded,
     * the flag record around it). A #DE it raises leaves every register and flag as it was.
     */
    private boolean multiplyDivide(Instruction i, int k, Mnemonic m) {
        Operand s = i.op(0);
        if (!readable(s) || s instanceof Imm) return false;
        boolean divides = m == Mnemonic.DIV || m == Mnemonic.IDIV;
        if (s instanceof Mem || divides) block.faultable(k);
        op.read(s);
        mv.visitVarInsn(LSTORE, RegisterCache.X);
        Label done = new Label();
        boolean fast = m == Mnemonic.DIV && s.size() >= 32;
        if (fast) quotientFastPath(s.size(), done);
        String name = switch (m) {
            case MUL -> "mul";
            case IMUL -> "imul1";
            case DIV -> "div";
            default -> "idiv";
        };
        Runnable call = () -> {
            regs.writeBack(CpuState.RAX);
            regs.writeBack(CpuState.RDX);
            flags.aroundHelper(() -> {
                mv.visitVarInsn(ALOAD, BlockEmitter.CPU);
                mv.visitVarInsn(LLOAD, RegisterCache.X);
                op.pushInt(s.size());
                mv.visitMethodInsn(INVOKESTATIC, MUL_DIV, name, "(" + CPU_DESC + "JI)V", false);
            });
            regs.load(CpuState.RAX);
            regs.load(CpuState.RDX);
        };
        if (fast) regs.mayBeSkipped(call); // the quotient fast path jumps over it with RAX, RDX dirty
        else call.run();
        mv.visitLabel(done);
        return true;
    }

    /**
     * DIV r/m32 and r/m64 when EDX/RDX is 0 and the divisor (in X) is not (SDM Vol. 2A "DIV":
     * the quotient then fits, no #DE): RAX and RDX from {@code Long.divideUnsigned/remainderUnsigned}
     * of the accumulator at {@code size} bits, zero-extended as {@code MulDiv.div} writes them, the
     * flags untouched (it only materialises them); to {@code done}. Otherwise falls through to the call.
     */
    private void quotientFastPath(int size, Label done) {
        Label slow = new Label();
        op.loadGpr(CpuState.RDX);
        if (size == 32) {
            op.pushLong(0xFFFF_FFFFL);
            mv.visitInsn(LAND);
        }
        mv.visitInsn(LCONST_0);
        mv.visitInsn(LCMP);
        mv.visitJumpInsn(IFNE, slow);
        mv.visitVarInsn(LLOAD, RegisterCache.X);
        mv.visitInsn(LCONST_0);
        mv.visitInsn(LCMP);
        mv.visitJumpInsn(IFEQ, slow);
        op.loadGpr(CpuState.RAX);
        if (size == 32) {
            op.pushLong(0xFFFF_FFFFL);
            mv.visitInsn(LAND);
        }
        mv.visitVarInsn(LSTORE, RegisterCache.Y);
        for (int n : new int[] {CpuState.RAX, CpuState.RDX}) {
            op.writeGpr(new Reg(RegClass.GPR, n, 64), () -> {
                mv.visitVarInsn(LLOAD, RegisterCache.Y);
                mv.visitVarInsn(LLOAD, RegisterCache.X);
                mv.visitMethodInsn(INVOKESTATIC, "java/lang/Long", n == CpuState.RAX ? "divideUnsigned" : "remainderUnsigned", "(JJ)J", false);
            });
        }
        mv.visitJumpInsn(GOTO, done);
        mv.visitLabel(slow);
    }

    /**
     * BT/BTS/BTR/BTC r, r/imm and m, imm (SDM Vol. 2A "BT": the offset modulo the operand size;
     * a register offset with a memory operand addresses the bit string beyond it and stays out of
     * line): CF = the bit, the other status flags kept, as {@code BitOps.bitTest} (the record
     * before marked as rotated, {@link FlagCode#rotated}, with CF only); the changed value written
     * back, to memory before the flags.
     */
    private boolean bitTest(Instruction i, int k, Mnemonic m) {
        Operand d = i.op(0), s = i.op(1);
        if (!(isGpr(d) || isMem(d)) || !(isGpr(s) || s instanceof Imm) || (d instanceof Mem && !(s instanceof Imm))) return false;
        int size = d.size();
        if (d instanceof Mem) block.faultable(k);
        op.read(d);
        mv.visitVarInsn(LSTORE, RegisterCache.X);
        op.read(s);
        op.pushLong(size - 1);
        mv.visitInsn(LAND);
        mv.visitVarInsn(LSTORE, RegisterCache.Y);
        Runnable flag = () -> { // the tested bit in TARGET's low bit, as a rotate's result would carry it
            mv.visitVarInsn(LLOAD, RegisterCache.X);
            mv.visitVarInsn(LLOAD, RegisterCache.Y);
            mv.visitInsn(L2I);
            mv.visitInsn(LUSHR);
            mv.visitVarInsn(LSTORE, RegisterCache.TARGET);
            flags.rotated(true, size, true, RegisterCache.X, RegisterCache.TARGET);
        };
        if (m == Mnemonic.BT) {
            flag.run();
            return true;
        }
        String rule = switch (m) {
            case BTS -> "bts";
            case BTR -> "btr";
            default -> "btc";
        };
        Runnable value = () -> { // BitOps' own rule, a one-line method (C2 inlines it within the method's inlining budget)
            mv.visitVarInsn(LLOAD, RegisterCache.X);
            mv.visitVarInsn(LLOAD, RegisterCache.Y);
            mv.visitInsn(L2I);
            mv.visitMethodInsn(INVOKESTATIC, BIT_OPS, rule, "(JI)J", false);
        };
        if (d instanceof Mem mem) {
            block.storeThen(() -> op.store(mem, value), flag);
        } else {
            flag.run();
            op.writeGpr((Reg) d, value);
        }
        return true;
    }

    /**
     * REP MOVS/STOS ({@code StringHandlers.bulkForm}): rCX, rSI, rDI and the accumulator
     * written back, the stretches of TLB hits copied or filled in bulk ({@code
     * StringHandlers.repStretches}, which cannot fault), rCX/rSI/rDI reloaded; when iterations
     * remain (a TLB miss, an overlap, machine mode) the handler runs the rest as the interpreter
     * would, faults included. The flags are neither read nor written.
     */
    private boolean repString(Instruction i) {
        if (!i.has(Prefix.REP) && !i.has(Prefix.REPNE)) return false;
        int[] used = {CpuState.RAX, CpuState.RCX, CpuState.RSI, CpuState.RDI};
        for (int n : used) regs.writeBack(n);
        mv.visitVarInsn(ALOAD, BlockEmitter.CTX);
        mv.visitLdcInsn(block.constant(i, Instruction.class));
        mv.visitMethodInsn(INVOKESTATIC, Type.getInternalName(StringHandlers.class), "repStretches",
                "(L" + OperandCode.CTX + ";" + Type.getDescriptor(Instruction.class) + ")Z", false);
        for (int n = 1; n < used.length; n++) regs.load(used[n]); // the accumulator is only read
        Label done = new Label();
        mv.visitJumpInsn(IFNE, done);
        regs.mayBeSkipped(() -> block.handlerCall(i));
        mv.visitLabel(done);
        return true;
    }

    /**
     * The BMI1/BMI2 GPR forms (VEX-encoded; {@code BmiHandlers} order and functions): SHLX/SHRX/SARX
     * and RORX are pure ({@link Bmi#shiftx}, {@link Bmi#rorx}: no flags); ANDN, BEXTR, BZHI and the
     * BLS* forms call their {@link Bmi} function, which sets the status flags, around the record.
     * Their gate is static: the CPU model's feature bit, no OSXSAVE/XCR0 dependence (SDM Vol. 2A §2.5.1).
     */
    boolean tryEmitVex(Instruction i, int k) {
        if (!Interpreter.gateCannotReject(model, i)) return false; // the AVX forms' gate is InlineAvx's
        Mnemonic m = i.mnemonic();
        int n = i.operandCount();
        if (n < 2 || !isGpr(i.op(0)) || (i.op(0).size() != 32 && i.op(0).size() != 64)) return false;
        for (int j = 1; j < n; j++) if (!(isGpr(i.op(j)) || isMem(i.op(j)) || (j == 2 && m == Mnemonic.RORX && i.op(j) instanceof Imm))) return false;
        int size = i.op(0).size();
        Reg d = (Reg) i.op(0);
        switch (m) {
            case SHLX, SHRX, SARX -> {
                faultableIfMemory(i, k);
                int kind = m == Mnemonic.SHLX ? 0 : m == Mnemonic.SHRX ? 1 : 2;
                op.writeGpr(d, () -> {
                    op.read(i.op(1));
                    op.read(i.op(2));
                    op.pushInt(size);
                    op.pushInt(kind);
                    mv.visitMethodInsn(INVOKESTATIC, BMI, "shiftx", "(JJII)J", false);
                });
            }
            case RORX -> {
                if (!(i.op(2) instanceof Imm imm)) return false;
                faultableIfMemory(i, k);
                op.writeGpr(d, () -> {
                    op.read(i.op(1));
                    op.pushInt((int) imm.value());
                    op.pushInt(size);
                    mv.visitMethodInsn(INVOKESTATIC, BMI, "rorx", "(JII)J", false);
                });
            }
            case ANDN, BEXTR, BZHI -> {
                if (n != 3) return false;
                flagHelper(i, k, m.name().toLowerCase(), 2);
            }
            case BLSI, BLSMSK, BLSR -> flagHelper(i, k, m.name().toLowerCase(), 1);
            default -> {
                return false;
            }
        }
        return true;
    }

    private void faultableIfMemory(Instruction i, int k) {
        for (int j = 1; j < i.operandCount(); j++) if (i.op(j) instanceof Mem) block.faultable(k);
    }

    /** {@code Bmi.<name>(cpu, op1[, op2], size)} into X around the flag record, then the destination written. */
    private void flagHelper(Instruction i, int k, String name, int sources) {
        faultableIfMemory(i, k);
        op.read(i.op(1));
        mv.visitVarInsn(LSTORE, RegisterCache.X);
        if (sources == 2) {
            op.read(i.op(2));
            mv.visitVarInsn(LSTORE, RegisterCache.Y);
        }
        int size = i.op(0).size();
        flags.aroundHelper(() -> {
            mv.visitVarInsn(ALOAD, BlockEmitter.CPU);
            mv.visitVarInsn(LLOAD, RegisterCache.X);
            if (sources == 2) mv.visitVarInsn(LLOAD, RegisterCache.Y);
            op.pushInt(size);
            mv.visitMethodInsn(INVOKESTATIC, BMI, name, "(" + CPU_DESC + (sources == 2 ? "JJ" : "J") + "I)J", false);
            mv.visitVarInsn(LSTORE, RegisterCache.X);
        });
        op.writeGpr((Reg) i.op(0), () -> mv.visitVarInsn(LLOAD, RegisterCache.X));
    }
}

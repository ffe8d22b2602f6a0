package dev.jvmx.translator;

import static org.objectweb.asm.Opcodes.*;

import dev.jvmx.runtime.cpu.LazyFlags;
import dev.jvmx.runtime.cpu.SseFast;
import dev.jvmx.runtime.cpu.SseFloat;
import dev.jvmx.x86.Flags;
import dev.jvmx.x86.Instruction;
import dev.jvmx.x86.Mnemonic;
import dev.jvmx.x86.Operand;
import dev.jvmx.x86.Operand.Imm;
import dev.jvmx.x86.Operand.Mem;
import dev.jvmx.x86.Operand.Reg;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Type;

/**
 * The scalar and packed double forms as bytecode with their common case computed in the method
 * (no call): C2 turns each into a few host instructions, where a call to {@link SseFast} (too big
 * to inline into a large region) costs a call and the register spills around it.
 *
 * <p>Arithmetic (ADD/SUB/MUL/DIV/SQRT SD and PD) runs on Java's {@code double}, which is IEEE 754
 * binary64 with round-to-nearest-even, exactly SSE's result under MXCSR.RC = nearest without DAZ
 * and FTZ (SDM Vol. 1 §4.8.4, §10.2.3). A guard sends everything else to the exact helper
 * ({@code SseFast.sd}/{@code pd}, which carries every MXCSR rule):
 * <ul>
 * <li>MXCSR bits 15:5 must be 0x1FA0: FTZ = 0, RC = nearest, all six exceptions masked, DAZ = 0 and
 *     PE already set, so an inexact result changes nothing (SDM Vol. 1 §11.5.2: the flags are sticky);
 * <li>each operand's exponent field must be nonzero: no denormal (DE, DAZ) and no zero (a zero
 *     divisor is ZE, 0/0 and 0*x reach the result check anyway);
 * <li>the result's exponent field must be 2..0x7FE: not a NaN (IE, or the NaN rules of Table 4-7),
 *     not an infinity (OE, or an infinite operand), not tiny or zero (UE is detected before
 *     rounding, §11.5.2.5: a result of exponent field 2 or more cannot have been tiny). NaN and
 *     infinite operands always give such results, so they need no operand check.
 * </ul>
 * Under those conditions no MXCSR flag can change and the rounded IEEE result is SSE's.
 * MIN/MAX SD and PD need no MXCSR condition: with operands that are normal or zero (no NaN, no
 * denormal) they raise no flag and return the first operand when it is less (greater), else the
 * second (SDM Vol. 2B "MINSD"). COMISD/UCOMISD of such operands set ZF PF CF inline (OF SF AF
 * cleared) straight into RFLAGS, the lazy record NONE; CVTSI2SD of an integer below 2^53 in
 * magnitude is exact; CVTTSD2SI of a normal value below 2^31 in magnitude truncates inline,
 * setting PE when inexact and masked. The logic forms, 64-bit unpacks, half moves, SHUFPD and
 * MOVDDUP are plain quadword moves.
 *
 * <p>Every form reads all its sources (a fault commits nothing) before it writes a destination;
 * the slow path is given the operands as read. The tier differential tests hold these equal to
 * the handlers, the host differential to the CPU.
 */
final class InlineDouble {
    private static final String FAST = Type.getInternalName(SseFast.class);
    private static final String CPU = OperandCode.CPU;
    private static final String OP = Type.getInternalName(SseFloat.Op.class);
    private static final String OP_DESC = Type.getDescriptor(SseFloat.Op.class);
    private static final String DOUBLE = "java/lang/Double";
    private static final long EXPONENT = 0x7FF0_0000_0000_0000L;
    /** MXCSR bits 15:5 under which the arithmetic fast path holds, and the bits compared. */
    private static final int SETTLED = 0x1FA0, SETTLED_MASK = 0xFFE0;
    /** MXCSR.PE and MXCSR.PM (SDM Vol. 1 §10.2.3). */
    private static final int PE = 0x20, PM = 0x1000;
    /** Scratch longs of one instruction: the destination's quadwords, the source's, the results. */
    static final int A0 = 100, A1 = 102, B0 = 104, B1 = 106, R0 = 108, R1 = 110;

    private final MethodVisitor mv;
    private final OperandCode op;
    private final BlockEmitter block;
    private final InlineSse sse;

    InlineDouble(MethodVisitor mv, OperandCode op, BlockEmitter block, InlineSse sse) {
        this.mv = mv;
        this.op = op;
        this.block = block;
        this.sse = sse;
    }

    /** Emits instruction {@code k} if it is one of the forms above; false (nothing emitted) otherwise. */
    boolean tryEmit(Instruction i, int k) {
        Operand d = i.op(0), s = i.op(1);
        return switch (i.mnemonic()) {
            case ADDSD -> scalar(d, s, k, SseFloat.Op.ADD);
            case SUBSD -> scalar(d, s, k, SseFloat.Op.SUB);
            case MULSD -> scalar(d, s, k, SseFloat.Op.MUL);
            case DIVSD -> scalar(d, s, k, SseFloat.Op.DIV);
            case SQRTSD -> scalar(d, s, k, SseFloat.Op.SQRT);
            case MINSD -> scalar(d, s, k, SseFloat.Op.MIN);
            case MAXSD -> scalar(d, s, k, SseFloat.Op.MAX);
            case ADDPD -> packed(d, s, k, SseFloat.Op.ADD);
            case SUBPD -> packed(d, s, k, SseFloat.Op.SUB);
            case MULPD -> packed(d, s, k, SseFloat.Op.MUL);
            case DIVPD -> packed(d, s, k, SseFloat.Op.DIV);
            case SQRTPD -> packed(d, s, k, SseFloat.Op.SQRT);
            case MINPD -> packed(d, s, k, SseFloat.Op.MIN);
            case MAXPD -> packed(d, s, k, SseFloat.Op.MAX);
            case COMISD, UCOMISD -> comi(d, s, k, i.mnemonic() == Mnemonic.COMISD);
            case CVTSI2SD -> cvtsi2sd(d, s, k);
            case CVTTSD2SI -> cvttsd2si(d, s, k);
            case PXOR, XORPS, XORPD -> logic(d, s, k, LXOR, false);
            case POR, ORPS, ORPD -> logic(d, s, k, LOR, false);
            case PAND, ANDPS, ANDPD -> logic(d, s, k, LAND, false);
            case PANDN, ANDNPS, ANDNPD -> logic(d, s, k, LAND, true);
            case PUNPCKLQDQ, UNPCKLPD -> unpack(d, s, k, false);
            case PUNPCKHQDQ, UNPCKHPD -> unpack(d, s, k, true);
            case MOVLPD, MOVLPS -> half(d, s, k, 0);
            case MOVHPD, MOVHPS -> half(d, s, k, 1);
            case MOVHLPS -> quadMove(d, s, 0, 1);
            case MOVLHPS -> quadMove(d, s, 1, 0);
            case SHUFPD -> i.operandCount() == 3 && i.op(2) instanceof Imm imm && shufpd(d, s, k, (int) imm.value());
            case MOVDDUP -> movddup(d, s, k);
            default -> false;
        };
    }

    // ---- arithmetic ---------------------------------------------------------------------------

    /** ADD/SUB/MUL/DIV/SQRT/MIN/MAX SD: the low quadword, bits 127:64 kept. */
    private boolean scalar(Operand d, Operand s, int k, SseFloat.Op o) {
        if (!InlineSse.isXmm(d) || !InlineSse.scalar(s, 64)) return false;
        int x = InlineSse.xmm(d);
        block.faultable(k); // a memory source, and #XM from the slow path
        sse.sourceLow(s, 64, k);
        mv.visitVarInsn(LSTORE, B0);
        sse.quad(x, 0);
        mv.visitVarInsn(LSTORE, A0);
        Label slow = new Label(), done = new Label();
        if (!minMax(o)) settled(slow);
        lane(o, A0, B0, R0, slow);
        storeQuad(x, 0, R0);
        mv.visitJumpInsn(GOTO, done);
        mv.visitLabel(slow);
        sse.ymm();
        op.pushInt(x * 4);
        mv.visitVarInsn(ALOAD, BlockEmitter.CPU);
        floatOp(o);
        mv.visitVarInsn(LLOAD, A0);
        mv.visitVarInsn(LLOAD, B0);
        mv.visitMethodInsn(INVOKESTATIC, FAST, "sd", "(L" + CPU + ";" + OP_DESC + "JJ)J", false);
        mv.visitInsn(LASTORE);
        mv.visitLabel(done);
        return true;
    }

    /** ADD/SUB/MUL/DIV/SQRT/MIN/MAX PD: both lanes fast, or both through {@code SseFast.pd}. */
    private boolean packed(Operand d, Operand s, int k, SseFloat.Op o) {
        if (!InlineSse.isXmm(d) || !InlineSse.vector(s)) return false;
        int x = InlineSse.xmm(d);
        block.faultable(k);
        source128(s, k);
        sse.quad(x, 0);
        mv.visitVarInsn(LSTORE, A0);
        sse.quad(x, 1);
        mv.visitVarInsn(LSTORE, A1);
        Label slow = new Label(), done = new Label();
        if (!minMax(o)) settled(slow);
        lane(o, A0, B0, R0, slow);
        lane(o, A1, B1, R1, slow);
        storeQuad(x, 0, R0);
        storeQuad(x, 1, R1);
        mv.visitJumpInsn(GOTO, done);
        mv.visitLabel(slow);
        mv.visitVarInsn(ALOAD, BlockEmitter.CPU);
        floatOp(o);
        op.pushInt(x * 4);
        mv.visitVarInsn(LLOAD, B0);
        mv.visitVarInsn(LLOAD, B1);
        mv.visitMethodInsn(INVOKESTATIC, FAST, "pd", "(L" + CPU + ";" + OP_DESC + "IJJ)V", false);
        mv.visitLabel(done);
        return true;
    }

    private static boolean minMax(SseFloat.Op o) {
        return o == SseFloat.Op.MIN || o == SseFloat.Op.MAX;
    }

    private void floatOp(SseFloat.Op o) {
        mv.visitFieldInsn(GETSTATIC, OP, o.name(), OP_DESC);
    }

    /** To {@code slow} unless MXCSR bits 15:5 are {@link #SETTLED}. */
    private void settled(Label slow) {
        mv.visitVarInsn(ALOAD, BlockEmitter.CPU);
        mv.visitFieldInsn(GETFIELD, CPU, "mxcsr", "I");
        op.pushInt(SETTLED_MASK);
        mv.visitInsn(IAND);
        op.pushInt(SETTLED);
        mv.visitJumpInsn(IF_ICMPNE, slow);
    }

    /** Local {@code r} := local {@code a} op local {@code b} (raw double bits), or to {@code slow} where the fast path does not hold. */
    private void lane(SseFloat.Op o, int a, int b, int r, Label slow) {
        if (minMax(o)) {
            normalOrZero(a, slow);
            normalOrZero(b, slow);
            Label second = new Label(), done = new Label();
            asDouble(a);
            asDouble(b);
            // MIN: a < b ? a : b;  MAX: a > b ? a : b (no NaN here; equal values and zeros give b)
            mv.visitInsn(o == SseFloat.Op.MIN ? DCMPG : DCMPL);
            mv.visitJumpInsn(o == SseFloat.Op.MIN ? IFGE : IFLE, second);
            mv.visitVarInsn(LLOAD, a);
            mv.visitJumpInsn(GOTO, done);
            mv.visitLabel(second);
            mv.visitVarInsn(LLOAD, b);
            mv.visitLabel(done);
            mv.visitVarInsn(LSTORE, r);
            return;
        }
        if (o != SseFloat.Op.SQRT) nonzeroExponent(a, slow);
        nonzeroExponent(b, slow);
        if (o == SseFloat.Op.SQRT) {
            asDouble(b);
            mv.visitMethodInsn(INVOKESTATIC, "java/lang/Math", "sqrt", "(D)D", false);
        } else {
            asDouble(a);
            asDouble(b);
            mv.visitInsn(switch (o) {
                case ADD -> DADD;
                case SUB -> DSUB;
                case MUL -> DMUL;
                default -> DDIV;
            });
        }
        mv.visitMethodInsn(INVOKESTATIC, DOUBLE, "doubleToRawLongBits", "(D)J", false);
        mv.visitVarInsn(LSTORE, r);
        // exponent field e in 2..0x7FE <=> ((e + 1) & 0x7FF) >= 3 (the sign bit above it drops out)
        exponentPlusOne(r);
        op.pushInt(3);
        mv.visitJumpInsn(IF_ICMPLT, slow);
    }

    private void asDouble(int slot) {
        mv.visitVarInsn(LLOAD, slot);
        mv.visitMethodInsn(INVOKESTATIC, DOUBLE, "longBitsToDouble", "(J)D", false);
    }

    /** To {@code slow} when the double in local {@code slot} is a zero or a denormal (exponent field 0). */
    private void nonzeroExponent(int slot, Label slow) {
        mv.visitVarInsn(LLOAD, slot);
        op.pushLong(EXPONENT);
        mv.visitInsn(LAND);
        mv.visitInsn(LCONST_0);
        mv.visitInsn(LCMP);
        mv.visitJumpInsn(IFEQ, slow);
    }

    /** To {@code slow} unless the double in local {@code slot} is normal or a zero (not a NaN, infinity or denormal). */
    private void normalOrZero(int slot, Label slow) {
        Label ok = new Label();
        exponentPlusOne(slot); // 0 for exponent field 0x7FF, 1 for 0
        op.pushInt(2);
        mv.visitJumpInsn(IF_ICMPGE, ok);
        mv.visitVarInsn(LLOAD, slot);
        mv.visitInsn(ICONST_1);
        mv.visitInsn(LSHL);
        mv.visitInsn(LCONST_0);
        mv.visitInsn(LCMP);
        mv.visitJumpInsn(IFNE, slow); // a zero passes; a NaN, an infinity or a denormal does not
        mv.visitLabel(ok);
    }

    /** Pushes (exponent field + 1) & 0x7FF of the double in local {@code slot} (int). */
    private void exponentPlusOne(int slot) {
        mv.visitVarInsn(LLOAD, slot);
        op.pushInt(52);
        mv.visitInsn(LUSHR);
        mv.visitInsn(L2I);
        mv.visitInsn(ICONST_1);
        mv.visitInsn(IADD);
        op.pushInt(0x7FF);
        mv.visitInsn(IAND);
    }

    // ---- compares and conversions -------------------------------------------------------------

    /**
     * COMISD/UCOMISD: of two normal-or-zero operands ZF PF CF inline (unordered cannot occur; no
     * MXCSR flag), else {@link SseFast#comi}. Either way all six status flags are in RFLAGS and the
     * lazy record is NONE: the instruction sets all of them (OF SF AF cleared, SDM Vol. 2A
     * "COMISD"), so the record before it is dropped, not committed; a #XM from the helper leaves
     * RFLAGS as it was and the fault handler commits the record then.
     */
    private boolean comi(Operand d, Operand s, int k, boolean signalling) {
        if (!InlineSse.isXmm(d) || !InlineSse.scalar(s, 64)) return false;
        block.faultable(k);
        sse.quad(InlineSse.xmm(d), 0);
        mv.visitVarInsn(LSTORE, A0);
        sse.sourceLow(s, 64, k);
        mv.visitVarInsn(LSTORE, B0);
        Label slow = new Label(), done = new Label(), notLess = new Label(), greater = new Label(), have = new Label();
        normalOrZero(A0, slow);
        normalOrZero(B0, slow);
        mv.visitVarInsn(ALOAD, BlockEmitter.CPU);
        asDouble(A0);
        asDouble(B0);
        mv.visitInsn(DCMPL);
        mv.visitInsn(DUP);
        mv.visitJumpInsn(IFGE, notLess);
        mv.visitInsn(POP);
        op.pushInt(Flags.CF);
        mv.visitJumpInsn(GOTO, have);
        mv.visitLabel(notLess);
        mv.visitJumpInsn(IFNE, greater);
        op.pushInt(Flags.ZF);
        mv.visitJumpInsn(GOTO, have);
        mv.visitLabel(greater);
        mv.visitInsn(ICONST_0);
        mv.visitLabel(have);
        mv.visitMethodInsn(INVOKEVIRTUAL, CPU, "replaceStatus", "(I)V", false);
        mv.visitJumpInsn(GOTO, done);
        mv.visitLabel(slow);
        mv.visitVarInsn(ALOAD, BlockEmitter.CPU);
        mv.visitVarInsn(LLOAD, A0);
        mv.visitVarInsn(LLOAD, B0);
        op.pushInt(64);
        mv.visitInsn(signalling ? ICONST_1 : ICONST_0);
        mv.visitMethodInsn(INVOKESTATIC, FAST, "comi", "(L" + CPU + ";JJIZ)V", false);
        mv.visitLabel(done);
        op.pushInt(LazyFlags.NONE);
        mv.visitVarInsn(ISTORE, RegisterCache.CC_OP);
        return true;
    }

    /** CVTSI2SD xmm, r/m32 or r/m64: a 32-bit integer always converts exactly; a 64-bit one when below 2^53 in magnitude. */
    private boolean cvtsi2sd(Operand d, Operand s, int k) {
        boolean src = OperandCode.isGpr(s) && (s.size() == 32 || s.size() == 64) || InlineSse.isMem(s, 32) || InlineSse.isMem(s, 64);
        if (!InlineSse.isXmm(d) || !src) return false;
        block.faultable(k);
        op.read(s);
        if (s.size() == 32) {
            mv.visitInsn(L2I);
            mv.visitInsn(I2L);
        }
        mv.visitVarInsn(LSTORE, B0);
        Label slow = new Label(), done = new Label();
        if (s.size() == 64) { // (v >> 53) is 0 or -1: |v| <= 2^53, exact
            mv.visitVarInsn(LLOAD, B0);
            op.pushInt(53);
            mv.visitInsn(LSHR);
            mv.visitInsn(LCONST_1);
            mv.visitInsn(LADD);
            mv.visitInsn(ICONST_1);
            mv.visitInsn(LUSHR);
            mv.visitInsn(LCONST_0);
            mv.visitInsn(LCMP);
            mv.visitJumpInsn(IFNE, slow);
        }
        mv.visitVarInsn(LLOAD, B0);
        mv.visitInsn(L2D);
        mv.visitMethodInsn(INVOKESTATIC, DOUBLE, "doubleToRawLongBits", "(D)J", false);
        mv.visitVarInsn(LSTORE, R0);
        mv.visitJumpInsn(GOTO, done);
        mv.visitLabel(slow);
        mv.visitVarInsn(ALOAD, BlockEmitter.CPU);
        mv.visitVarInsn(LLOAD, B0);
        mv.visitMethodInsn(INVOKESTATIC, FAST, "cvtsi2sd", "(L" + CPU + ";J)J", false);
        mv.visitVarInsn(LSTORE, R0);
        mv.visitLabel(done);
        storeQuad(InlineSse.xmm(d), 0, R0);
        return true;
    }

    /**
     * CVTTSD2SI r32/r64, xmm/m64: a normal source below 2^31 in magnitude truncates inline; an
     * inexact one sets PE when PM masks it (SDM Vol. 1 §11.5.2.3), else the helper raises #XM.
     */
    private boolean cvttsd2si(Operand d, Operand s, int k) {
        if (!OperandCode.isGpr(d) || (d.size() != 32 && d.size() != 64) || !InlineSse.scalar(s, 64)) return false;
        block.faultable(k);
        sse.sourceLow(s, 64, k);
        mv.visitVarInsn(LSTORE, B0);
        Label slow = new Label(), exact = new Label(), done = new Label();
        absCompare(0x1p31, DCMPG, IFGE, slow); // also a NaN
        absCompare(Double.MIN_NORMAL, DCMPL, IFLT, slow);
        asDouble(B0);
        mv.visitInsn(D2L);
        mv.visitVarInsn(LSTORE, R0);
        mv.visitVarInsn(LLOAD, R0);
        mv.visitInsn(L2D);
        asDouble(B0);
        mv.visitInsn(DCMPL);
        mv.visitJumpInsn(IFEQ, exact);
        mv.visitVarInsn(ALOAD, BlockEmitter.CPU);
        mv.visitFieldInsn(GETFIELD, CPU, "mxcsr", "I");
        op.pushInt(PM);
        mv.visitInsn(IAND);
        mv.visitJumpInsn(IFEQ, slow);
        mv.visitVarInsn(ALOAD, BlockEmitter.CPU);
        mv.visitInsn(DUP);
        mv.visitFieldInsn(GETFIELD, CPU, "mxcsr", "I");
        op.pushInt(PE);
        mv.visitInsn(IOR);
        mv.visitFieldInsn(PUTFIELD, CPU, "mxcsr", "I");
        mv.visitLabel(exact);
        mv.visitJumpInsn(GOTO, done);
        mv.visitLabel(slow);
        mv.visitVarInsn(ALOAD, BlockEmitter.CPU);
        mv.visitVarInsn(LLOAD, B0);
        op.pushInt(d.size());
        mv.visitInsn(ICONST_1);
        mv.visitMethodInsn(INVOKESTATIC, FAST, "cvtsd2si", "(L" + CPU + ";JIZ)J", false);
        mv.visitVarInsn(LSTORE, R0);
        mv.visitLabel(done);
        op.writeGpr((Reg) d, () -> mv.visitVarInsn(LLOAD, R0));
        return true;
    }

    /** To {@code slow} when |local B0 as double| compared ({@code cmp}) with {@code bound} satisfies {@code jump}. */
    private void absCompare(double bound, int cmp, int jump, Label slow) {
        asDouble(B0);
        mv.visitMethodInsn(INVOKESTATIC, "java/lang/Math", "abs", "(D)D", false);
        mv.visitLdcInsn(bound);
        mv.visitInsn(cmp);
        mv.visitJumpInsn(jump, slow);
    }

    // ---- quadword moves ------------------------------------------------------------------------

    /** PXOR/POR/PAND/PANDN and their PS/PD spellings: each quadword of the destination op the source's ({@code not}: the destination inverted first). */
    private boolean logic(Operand d, Operand s, int k, int insn, boolean not) {
        if (!InlineSse.isXmm(d) || !InlineSse.vector(s)) return false;
        int x = InlineSse.xmm(d);
        source128(s, k);
        for (int q = 0; q < 2; q++) {
            sse.ymm();
            op.pushInt(x * 4 + q);
            sse.quad(x, q);
            if (not) {
                op.pushLong(-1L);
                mv.visitInsn(LXOR);
            }
            mv.visitVarInsn(LLOAD, q == 0 ? B0 : B1);
            mv.visitInsn(insn);
            mv.visitInsn(LASTORE);
        }
        return true;
    }

    /** UNPCKLPD/PUNPCKLQDQ: high := source low. UNPCKHPD/PUNPCKHQDQ ({@code high}): low := high, high := source high. */
    private boolean unpack(Operand d, Operand s, int k, boolean high) {
        if (!InlineSse.isXmm(d) || !InlineSse.vector(s)) return false;
        int x = InlineSse.xmm(d);
        source128(s, k);
        if (high) {
            sse.ymm();
            op.pushInt(x * 4);
            sse.quad(x, 1);
            mv.visitInsn(LASTORE);
        }
        storeQuad(x, 1, high ? B1 : B0);
        return true;
    }

    /** MOVLPx/MOVHPx: quadword {@code which} of an XMM register from an m64, or to one. */
    private boolean half(Operand d, Operand s, int k, int which) {
        if (InlineSse.isXmm(d) && InlineSse.isMem(s, 64)) {
            sse.sourceLow(s, 64, k);
            mv.visitVarInsn(LSTORE, B0);
            storeQuad(InlineSse.xmm(d), which, B0);
            return true;
        }
        if (InlineSse.isMem(d, 64) && InlineSse.isXmm(s)) {
            block.faultable(k);
            op.store((Mem) d, () -> sse.quad(InlineSse.xmm(s), which));
            return true;
        }
        return false;
    }

    /** MOVHLPS (quadword 0 := source's 1) and MOVLHPS (1 := source's 0), register to register. */
    private boolean quadMove(Operand d, Operand s, int to, int from) {
        if (!InlineSse.isXmm(d) || !InlineSse.isXmm(s)) return false;
        sse.ymm();
        op.pushInt(InlineSse.xmm(d) * 4 + to);
        sse.quad(InlineSse.xmm(s), from);
        mv.visitInsn(LASTORE);
        return true;
    }

    /** SHUFPD xmm, xmm/m128, imm8: low := destination quadword imm[0], high := source quadword imm[1]. */
    private boolean shufpd(Operand d, Operand s, int k, int imm) {
        if (!InlineSse.isXmm(d) || !InlineSse.vector(s)) return false;
        int x = InlineSse.xmm(d);
        source128(s, k);
        sse.ymm();
        op.pushInt(x * 4);
        sse.quad(x, imm & 1);
        mv.visitInsn(LASTORE);
        storeQuad(x, 1, (imm & 2) != 0 ? B1 : B0);
        return true;
    }

    /** MOVDDUP xmm, xmm/m64: both quadwords := the source's low one. */
    private boolean movddup(Operand d, Operand s, int k) {
        if (!InlineSse.isXmm(d) || !InlineSse.scalar(s, 64)) return false;
        sse.sourceLow(s, 64, k);
        mv.visitVarInsn(LSTORE, B0);
        storeQuad(InlineSse.xmm(d), 0, B0);
        storeQuad(InlineSse.xmm(d), 1, B0);
        return true;
    }

    /** The 128-bit source (an aligned m128: #GP(0) otherwise) into locals B0 (low) and B1. */
    private void source128(Operand s, int k) {
        sse.source128(s, true, k);
        mv.visitVarInsn(LSTORE, B1);
        mv.visitVarInsn(LSTORE, B0);
    }

    /** Quadword {@code q} of XMM register {@code x} := the long in local {@code slot}. */
    private void storeQuad(int x, int q, int slot) {
        sse.ymm();
        op.pushInt(x * 4 + q);
        mv.visitVarInsn(LLOAD, slot);
        mv.visitInsn(LASTORE);
    }
}

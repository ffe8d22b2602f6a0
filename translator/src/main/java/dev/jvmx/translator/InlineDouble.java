package dev.jvmx.translator;

import static org.objectweb.asm.Opcodes.*;

import dev.jvmx.runtime.cpu.LazyFlags;
import dev.jvmx.runtime.cpu.SseFast;
import dev.jvmx.runtime.cpu.SseFloat;
import dev.jvmx.x86.Instruction;
import dev.jvmx.x86.Mnemonic;
import dev.jvmx.x86.Operand;
import dev.jvmx.x86.Operand.Imm;
import dev.jvmx.x86.Operand.Mem;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Type;

/**
 * The scalar and packed double forms the double workloads run: scalar forms as one call to a
 * per-operation entry of {@link SseFast} ({@code mulsd}..., {@code comisd}) small enough for C2 to
 * inline into a large region (a shared entry taking the operation as an argument compiles to code
 * too big to inline, so each form was a real call with the register spills around it); packed
 * forms as SseFast's lane helpers per lane with the stores inline and one shared exact entry
 * ({@link SseFast#pdExact}) off the fast path; plain quadword moves with no call at all (logic,
 * 64-bit unpacks, half moves, SHUFPD, MOVDDUP).
 *
 * <p>Each entry computes its common case on Java's {@code double}, which is IEEE 754 binary64 with
 * round-to-nearest-even, exactly SSE's result under MXCSR.RC = nearest without DAZ and FTZ (SDM
 * Vol. 1 §4.8.4, §10.2.3), behind a guard that sends everything else to the exact form (every
 * MXCSR rule, #XM before any write):
 * <ul>
 * <li>MXCSR bits 15:5 must be 0x1FA0: FTZ = 0, RC = nearest, all six exceptions masked, DAZ = 0 and
 *     PE already set, so an inexact result changes nothing (SDM Vol. 1 §11.5.2: the flags are sticky);
 * <li>no operand may be a denormal (DE, DAZ);
 * <li>the result's exponent field must be 2..0x7FE: not a NaN (IE, or the NaN rules of Table 4-7),
 *     not an infinity (OE, or an infinite operand; x/0 is ZE and infinite), not tiny (UE is
 *     detected before rounding, §11.5.2.5: a result of exponent field 2 or more cannot have been
 *     tiny); or a zero where it is exact: ADD/SUB, or MUL/DIV/SQRT with a zero operand.
 * </ul>
 * MIN/MAX and COMISD/UCOMISD of operands that are normal or zero need no MXCSR condition (no flag
 * can arise); COMISD writes all six status flags, so the lazy record before it is dropped, not
 * committed, and the record after it is NONE. The branch between fast and exact is profiled in
 * the entry, once for every site, so a rare slow case does not deoptimise each region.
 *
 * <p>Every form reads all its sources (a fault commits nothing) before it writes a destination.
 * {@code InlineDoubleTest} holds these equal to the interpreter, the host differential to the CPU.
 */
final class InlineDouble {
    private static final String FAST = Type.getInternalName(SseFast.class);
    private static final String CPU = OperandCode.CPU;
    /** Scratch longs of one instruction (InlineSse's): the source's quadwords. */
    private static final int B0 = RegisterCache.X, B1 = RegisterCache.Y;
    /** The two lane results of a packed form before they are stored. */
    private static final int R0 = RegisterCache.TARGET, R1 = RegisterCache.SP;

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
            case ADDSD, SUBSD, MULSD, DIVSD, SQRTSD, MINSD, MAXSD -> scalar(i.mnemonic(), d, s, k);
            case ADDPD -> packed(SseFloat.Op.ADD, d, s, k);
            case SUBPD -> packed(SseFloat.Op.SUB, d, s, k);
            case MULPD -> packed(SseFloat.Op.MUL, d, s, k);
            case DIVPD -> packed(SseFloat.Op.DIV, d, s, k);
            case SQRTPD -> packed(SseFloat.Op.SQRT, d, s, k);
            case MINPD -> packed(SseFloat.Op.MIN, d, s, k);
            case MAXPD -> packed(SseFloat.Op.MAX, d, s, k);
            case COMISD, UCOMISD -> comi(d, s, k, i.mnemonic() == Mnemonic.COMISD);
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

    /** The {@link SseFast} entry of mnemonic {@code m}: its name in lower case ({@code mulsd}). */
    private static String entry(Mnemonic m) {
        return m.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** ADD/SUB/MUL/DIV/SQRT/MIN/MAX SD: the low quadword := entry(cpu, low quadword, source); bits 127:64 kept. */
    private boolean scalar(Mnemonic m, Operand d, Operand s, int k) {
        if (!InlineSse.isXmm(d) || !InlineSse.scalar(s, 64)) return false;
        int x = InlineSse.xmm(d);
        block.faultable(k); // a memory source, and #XM from the exact form
        sse.store(x, 0, () -> {
            mv.visitVarInsn(ALOAD, BlockEmitter.CPU);
            sse.quad(x, 0);
            sse.sourceLow(s, 64, k);
            mv.visitMethodInsn(INVOKESTATIC, FAST, entry(m), "(L" + CPU + ";JJ)J", false);
        });
        return true;
    }

    /**
     * ADD/SUB/MUL/DIV/SQRT/MIN/MAX PD: each lane through {@link SseFast}'s lane helper (add, mul...),
     * both results stored when MXCSR is settled and {@link SseFast#sumExact} or {@link
     * SseFast#productExact} holds for each lane (MIN/MAX: any MXCSR, neither lane {@link
     * SseFast#SLOW}); else {@link SseFast#pdExact}(cpu, operation, register index, source low, source high), the exact
     * form on {@code ymm} (all of MXCSR, #XM before any write).
     */
    private boolean packed(SseFloat.Op o, Operand d, Operand s, int k) {
        if (!InlineSse.isXmm(d) || !InlineSse.vector(s)) return false;
        block.faultable(k);
        int x = InlineSse.xmm(d);
        source128(s, k);
        String lane = o.name().toLowerCase(java.util.Locale.ROOT); // SseFast.add, .sqrt...
        boolean minMax = o == SseFloat.Op.MIN || o == SseFloat.Op.MAX, unary = o == SseFloat.Op.SQRT;
        Label slow = new Label(), done = new Label();
        if (!minMax) {
            mv.visitVarInsn(ALOAD, BlockEmitter.CPU);
            mv.visitMethodInsn(INVOKESTATIC, FAST, "settled", "(L" + CPU + ";)Z", false);
            mv.visitJumpInsn(IFEQ, slow);
        }
        for (int q = 0; q < 2; q++) {
            int b = q == 0 ? B0 : B1, r = q == 0 ? R0 : R1;
            sse.quad(x, q);
            mv.visitVarInsn(LLOAD, b);
            mv.visitMethodInsn(INVOKESTATIC, FAST, lane, "(JJ)J", false);
            if (minMax) { // SLOW when the lane is not decided
                mv.visitInsn(DUP2);
                mv.visitVarInsn(LSTORE, r);
                op.pushLong(SseFast.SLOW);
                mv.visitInsn(LCMP);
                mv.visitJumpInsn(IFEQ, slow);
                continue;
            }
            mv.visitVarInsn(LSTORE, r); // the raw result, then whether it is SSE's
            if (unary) mv.visitVarInsn(LLOAD, b);
            else sse.quad(x, q);
            mv.visitVarInsn(LLOAD, b);
            mv.visitVarInsn(LLOAD, r);
            String exact = o == SseFloat.Op.ADD || o == SseFloat.Op.SUB ? "sumExact" : "productExact";
            mv.visitMethodInsn(INVOKESTATIC, FAST, exact, "(JJJ)Z", false);
            mv.visitJumpInsn(IFEQ, slow);
        }
        storeQuad(x, 0, R0);
        storeQuad(x, 1, R1);
        mv.visitJumpInsn(GOTO, done);
        mv.visitLabel(slow);
        sse.onArray(x, () -> { // the entry reads and writes the destination in ymm
            String opClass = Type.getInternalName(SseFloat.Op.class);
            mv.visitVarInsn(ALOAD, BlockEmitter.CPU);
            mv.visitFieldInsn(GETSTATIC, opClass, o.name(), "L" + opClass + ";");
            op.pushInt(x * 4);
            mv.visitVarInsn(LLOAD, B0);
            mv.visitVarInsn(LLOAD, B1);
            mv.visitMethodInsn(INVOKESTATIC, FAST, "pdExact", "(L" + CPU + ";L" + opClass + ";IJJ)V", false);
        });
        mv.visitLabel(done);
        sse.dirtied(x); // the fast path wrote the locals
        return true;
    }

    /** COMISD/UCOMISD through {@link SseFast#comisd}: all six status flags in RFLAGS, the lazy record NONE. */
    private boolean comi(Operand d, Operand s, int k, boolean signalling) {
        if (!InlineSse.isXmm(d) || !InlineSse.scalar(s, 64)) return false;
        block.faultable(k);
        mv.visitVarInsn(ALOAD, BlockEmitter.CPU);
        sse.quad(InlineSse.xmm(d), 0);
        sse.sourceLow(s, 64, k);
        mv.visitInsn(signalling ? ICONST_1 : ICONST_0);
        mv.visitMethodInsn(INVOKESTATIC, FAST, "comisd", "(L" + CPU + ";JJZ)V", false);
        op.pushInt(LazyFlags.NONE); // a #XM above leaves the record before it in the locals, for the fault handler
        mv.visitVarInsn(ISTORE, RegisterCache.CC_OP);
        return true;
    }

    // ---- quadword moves ------------------------------------------------------------------------

    /** PXOR/POR/PAND/PANDN and their PS/PD spellings: each quadword of the destination op the source's ({@code not}: the destination inverted first). */
    private boolean logic(Operand d, Operand s, int k, int insn, boolean not) {
        if (!InlineSse.isXmm(d) || !InlineSse.vector(s)) return false;
        int x = InlineSse.xmm(d);
        source128(s, k);
        for (int q = 0; q < 2; q++) {
            int quadword = q;
            sse.store(x, q, () -> {
                sse.quad(x, quadword);
                if (not) {
                    op.pushLong(-1L);
                    mv.visitInsn(LXOR);
                }
                mv.visitVarInsn(LLOAD, quadword == 0 ? B0 : B1);
                mv.visitInsn(insn);
            });
        }
        return true;
    }

    /** UNPCKLPD/PUNPCKLQDQ: high := source low. UNPCKHPD/PUNPCKHQDQ ({@code high}): low := high, high := source high. */
    private boolean unpack(Operand d, Operand s, int k, boolean high) {
        if (!InlineSse.isXmm(d) || !InlineSse.vector(s)) return false;
        int x = InlineSse.xmm(d);
        source128(s, k);
        if (high) sse.store(x, 0, () -> sse.quad(x, 1));
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
        sse.store(InlineSse.xmm(d), to, () -> sse.quad(InlineSse.xmm(s), from));
        return true;
    }

    /** SHUFPD xmm, xmm/m128, imm8: low := destination quadword imm[0], high := source quadword imm[1]. */
    private boolean shufpd(Operand d, Operand s, int k, int imm) {
        if (!InlineSse.isXmm(d) || !InlineSse.vector(s)) return false;
        int x = InlineSse.xmm(d);
        source128(s, k);
        sse.store(x, 0, () -> sse.quad(x, imm & 1));
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
        sse.store(x, q, () -> mv.visitVarInsn(LLOAD, slot));
    }
}

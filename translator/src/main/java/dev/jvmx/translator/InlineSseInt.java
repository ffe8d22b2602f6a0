package dev.jvmx.translator;

import static org.objectweb.asm.Opcodes.*;

import dev.jvmx.runtime.cpu.SseInt;
import dev.jvmx.x86.Instruction;
import dev.jvmx.x86.Operand;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Type;

/**
 * The SSE2/SSSE3 packed-integer forms as plain long arithmetic on the two quadwords of the
 * registers ({@link InlineSse#quad}, {@link InlineSse#store}: locals when the method caches them,
 * {@link XmmCache}), so C2 sees shifts, masks and adds instead of a call through {@code ymm}:
 * every form but the shifts by an immediate is a call per result quadword to {@link SseInt}'s
 * one-quadword rule, which takes and returns longs and which the interpreter's handlers share (one
 * owner per rule): the constant arguments (lane width, immediate, quadword index) fold once C2
 * inlines it, so PSHUFD or PALIGNR become a few shifts and ors of quadwords. PSLL/PSRL/PSRA by an
 * immediate stay spelled out (one shift and a mask; why: {@link #shift}). The semantics are {@link SseInt}'s (the interpreter's),
 * SDM Vol. 2 per instruction; {@code InlineSseIntTest} holds them equal in both tiers.
 *
 * <p>Order: the source (an m128 needs 16-byte alignment, SDM Vol. 1 §10.4.1.1) is read first,
 * then both result quadwords are computed into scratch locals from the old destination, then the
 * destination is written: a fault writes nothing, and a result may read either old quadword.
 */
final class InlineSseInt {
    private static final String INT = Type.getInternalName(SseInt.class);
    /** The source's quadwords (InlineSse's scratch), and the two results before they are stored. */
    private static final int LO = RegisterCache.X, HI = RegisterCache.Y, R0 = RegisterCache.TARGET, R1 = RegisterCache.SP;

    /** Pushes result quadword {@code q} (0 or 1). */
    private interface Quad {
        void emit(int q);
    }

    private final MethodVisitor mv;
    private final OperandCode op;
    private final InlineSse sse;
    /** The destination register of the form being emitted. */
    private int x;

    InlineSseInt(MethodVisitor mv, OperandCode op, InlineSse sse) {
        this.mv = mv;
        this.op = op;
        this.sse = sse;
    }

    // ---- the forms ------------------------------------------------------------------------------

    /** A lane rule of {@link SseInt} taking (a, b, bits): {@code addWord}, {@code subWord}, {@code cmpeqWord}, {@code cmpgtWord}. */
    boolean lanes(Instruction i, int k, String function, int bits) {
        return withSource(i, k, q -> {
            a(q);
            b(q);
            op.pushInt(bits);
            mv.visitMethodInsn(INVOKESTATIC, INT, function, "(JJI)J", false);
        });
    }

    /** PMINUB ({@code min}) / PMAXUB. */
    boolean minMaxBytes(Instruction i, int k, boolean min) {
        return withSource(i, k, q -> {
            a(q);
            b(q);
            mv.visitInsn(min ? ICONST_1 : ICONST_0);
            mv.visitMethodInsn(INVOKESTATIC, INT, "minMaxUnsignedBytes", "(JJZ)J", false);
        });
    }

    /** PACKSS/PACKUS ({@code unsigned}) of source lanes of {@code bits}: the destination's lanes, then the source's. */
    boolean pack(Instruction i, int k, int bits, boolean unsigned) {
        return withSource(i, k, q -> {
            if (q == 0) {
                a(0);
                a(1);
            } else {
                b(0);
                b(1);
            }
            op.pushInt(bits);
            mv.visitInsn(unsigned ? ICONST_1 : ICONST_0);
            mv.visitMethodInsn(INVOKESTATIC, INT, "packWord", "(JJIZ)J", false);
        });
    }

    /** PUNPCKL/PUNPCKH ({@code high}) B/W/D (and UNPCKL/HPS): the lanes of one half of each interleaved ({@link SseInt#interleaveWord} of the half's dword q). */
    boolean unpack(Instruction i, int k, int bits, boolean high) {
        int h = high ? 1 : 0;
        return withSource(i, k, q -> {
            a(h);
            dword(q);
            b(h);
            dword(q);
            op.pushInt(bits);
            mv.visitMethodInsn(INVOKESTATIC, INT, "interleaveWord", "(JJI)J", false);
        });
    }

    /** The long on the stack := its dword {@code q} in the low 32 bits (interleaveWord reads only those). */
    private void dword(int q) {
        if (q == 0) return;
        op.pushInt(32);
        mv.visitInsn(LUSHR);
    }

    /** PSHUFD xmm, xmm/m128, imm8: dword j of the result = source dword (imm >> 2j) & 3 ({@link SseInt#pshufdLow}). */
    boolean pshufd(Instruction i, int k, int imm) {
        return withSource(i, k, q -> {
            b(0);
            b(1);
            op.pushInt(imm >> (4 * q));
            mv.visitMethodInsn(INVOKESTATIC, INT, "pshufdLow", "(JJI)J", false);
        });
    }

    /** PALIGNR xmm, xmm/m128, imm8: the low 128 bits of (destination:source) >> (imm * 8) ({@link SseInt#alignrWord}). */
    boolean palignr(Instruction i, int k, int imm) {
        return withSource(i, k, q -> {
            b(0);
            b(1);
            a(0);
            a(1);
            op.pushInt(imm);
            op.pushInt(q);
            mv.visitMethodInsn(INVOKESTATIC, INT, "alignrWord", "(JJJJII)J", false);
        });
    }

    /** PSLLDQ ({@code left}) / PSRLDQ xmm, imm8: the whole register shifted by bytes; counts above 15 clear it ({@link SseInt#byteShiftWord}). */
    boolean byteShift(Operand d, int count, boolean left) {
        if (!InlineSse.isXmm(d)) return false;
        x = InlineSse.xmm(d);
        results(q -> {
            a(0);
            a(1);
            op.pushInt(count);
            mv.visitInsn(left ? ICONST_1 : ICONST_0);
            op.pushInt(q);
            mv.visitMethodInsn(INVOKESTATIC, INT, "byteShiftWord", "(JJIZI)J", false);
        });
        return true;
    }

    /**
     * PSLL/PSRL/PSRA (kind 0/1/2) W/D/Q xmm, imm8: {@link SseInt#shiftWord} with the count known
     * here, spelled out as one shift and a constant mask per quadword (and the sign fill of PSRA).
     * Kept in bytecode beside the rule: a call of shiftWord (171 bytes) is not inlined at most sites
     * of sha256's region (too large for C1, over C2's DesiredMethodLimit), sha256 150 user CPU 5.8
     * to 7.7 s. {@code InlineSseIntTest} holds the two equal.
     */
    boolean shift(Operand d, long count, int kind, int bits) {
        if (!InlineSse.isXmm(d)) return false;
        x = InlineSse.xmm(d);
        boolean big = count > bits - 1;
        int n = big ? bits - 1 : (int) count;
        long m = bits == 64 ? -1L : (1L << bits) - 1;
        results(q -> {
            if (big && kind != 2) {
                mv.visitInsn(LCONST_0);
                return;
            }
            a(q);
            op.pushInt(n);
            if (bits == 64) {
                mv.visitInsn(kind == 0 ? LSHL : kind == 1 ? LUSHR : LSHR);
                return;
            }
            mv.visitInsn(kind == 0 ? LSHL : LUSHR);
            lc(SseInt.everyLane(kind == 0 ? m << n : m >>> n, bits));
            mv.visitInsn(LAND);
            if (kind != 2) return;
            a(q); // each lane's sign bit widened to the lane, kept in the n vacated top bits
            lc(SseInt.everyLane(1L << (bits - 1), bits));
            mv.visitInsn(LAND);
            op.pushInt(bits - 1);
            mv.visitInsn(LUSHR);
            lc(m);
            mv.visitInsn(LMUL);
            lc(SseInt.everyLane(~(m >>> n), bits));
            mv.visitInsn(LAND);
            mv.visitInsn(LOR);
        });
        return true;
    }

    // ---- the frame ------------------------------------------------------------------------------

    /** Destination XMM, source XMM or aligned m128 read into LO/HI, then the two results. */
    private boolean withSource(Instruction i, int k, Quad f) {
        Operand d = i.op(0), s = i.op(1);
        if (!InlineSse.isXmm(d) || !InlineSse.vector(s)) return false;
        x = InlineSse.xmm(d);
        sse.source128(s, true, k);
        mv.visitVarInsn(LSTORE, HI);
        mv.visitVarInsn(LSTORE, LO);
        results(f);
        return true;
    }

    /** Both result quadwords computed (from the old destination) before either is stored. */
    private void results(Quad f) {
        f.emit(0);
        mv.visitVarInsn(LSTORE, R0);
        f.emit(1);
        mv.visitVarInsn(LSTORE, R1);
        int dst = x;
        sse.store(dst, 0, () -> mv.visitVarInsn(LLOAD, R0));
        sse.store(dst, 1, () -> mv.visitVarInsn(LLOAD, R1));
    }

    /** Destination quadword {@code q} (its value before the instruction). */
    private void a(int q) {
        sse.quad(x, q);
    }

    /** Source quadword {@code q}. */
    private void b(int q) {
        mv.visitVarInsn(LLOAD, q == 0 ? LO : HI);
    }

    private void lc(long v) {
        op.pushLong(v);
    }
}

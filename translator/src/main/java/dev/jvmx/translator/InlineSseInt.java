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
 * PADD/PSUB B/W/D as carry-stopping SWAR adds (the lane tops added apart), PSLL/PSRL/PSRA by an
 * immediate as one shift and a constant mask per quadword, PSHUFD, PALIGNR, PSLLDQ/PSRLDQ and the
 * unpacks as shifts, masks and ors of quadwords picked at translation time. The rarer lane rules
 * (compares, packs, PMINUB/PMAXUB) call {@link SseInt}'s one-quadword
 * functions, which take and return longs. The semantics are {@link SseInt}'s (the interpreter's),
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

    /** PUNPCKL/PUNPCKH ({@code high}) B/W/D (and UNPCKL/HPS): the lanes of one half of each interleaved. */
    boolean unpack(Instruction i, int k, int bits, boolean high) {
        int h = high ? 1 : 0;
        return withSource(i, k, q -> {
            if (bits == 32) { // q0 = x.d0 | z.d0 << 32, q1 = x.d1 | z.d1 << 32
                a(h);
                if (q == 0) {
                    lc(0xFFFF_FFFFL);
                    mv.visitInsn(LAND);
                } else {
                    op.pushInt(32);
                    mv.visitInsn(LUSHR);
                }
                b(h);
                if (q == 0) {
                    op.pushInt(32);
                    mv.visitInsn(LSHL);
                } else {
                    lc(0xFFFF_FFFF_0000_0000L);
                    mv.visitInsn(LAND);
                }
                mv.visitInsn(LOR);
                return;
            }
            // SseInt.interleaveWord of the half's dword q: each source's lanes spread to every other lane, z's one lane up
            a(h);
            spread(q, bits);
            b(h);
            spread(q, bits);
            op.pushInt(bits);
            mv.visitInsn(LSHL);
            mv.visitInsn(LOR);
        });
    }

    /** The long on the stack := its dword {@code q}'s lanes of {@code bits} (8 or 16) spread to the even lanes of a quadword, zeros between. */
    private void spread(int q, int bits) {
        if (q == 1) {
            op.pushInt(32);
            mv.visitInsn(LUSHR);
        } else {
            lc(0xFFFF_FFFFL);
            mv.visitInsn(LAND);
        }
        spreadStep(16, 0x0000_FFFF_0000_FFFFL);
        if (bits == 8) spreadStep(8, 0x00FF_00FF_00FF_00FFL);
    }

    /** t := (t | t << by) & mask, t on the stack. */
    private void spreadStep(int by, long mask) {
        mv.visitInsn(DUP2);
        op.pushInt(by);
        mv.visitInsn(LSHL);
        mv.visitInsn(LOR);
        lc(mask);
        mv.visitInsn(LAND);
    }

    /** PSHUFD xmm, xmm/m128, imm8: dword j of the result = source dword (imm >> 2j) & 3. */
    boolean pshufd(Instruction i, int k, int imm) {
        return withSource(i, k, q -> {
            int low = (imm >> (4 * q)) & 3, high = (imm >> (4 * q + 2)) & 3;
            b(low >> 1);
            if ((low & 1) != 0) {
                op.pushInt(32);
                mv.visitInsn(LUSHR);
            } else {
                lc(0xFFFF_FFFFL);
                mv.visitInsn(LAND);
            }
            b(high >> 1);
            if ((high & 1) != 0) {
                lc(0xFFFF_FFFF_0000_0000L);
                mv.visitInsn(LAND);
            } else {
                op.pushInt(32);
                mv.visitInsn(LSHL);
            }
            mv.visitInsn(LOR);
        });
    }

    /** PALIGNR xmm, xmm/m128, imm8: the low 128 bits of (destination:source) >> (imm * 8). */
    boolean palignr(Instruction i, int k, int imm) {
        int first = imm >>> 3, bit = (imm & 7) * 8;
        return withSource(i, k, q -> funnel(first + q, bit));
    }

    /** Pushes quadword {@code j} of the 256-bit value destination:source (zero above) shifted right by {@code bit} within j, j+1. */
    private void funnel(int j, int bit) {
        concat(j);
        if (bit == 0) return;
        op.pushInt(bit);
        mv.visitInsn(LUSHR);
        concat(j + 1);
        op.pushInt(64 - bit);
        mv.visitInsn(LSHL);
        mv.visitInsn(LOR);
    }

    /** Quadword {@code j} of destination:source (source low): 0, 1 the source's, 2, 3 the destination's, above 0. */
    private void concat(int j) {
        if (j < 2) b(j);
        else if (j < 4) a(j - 2);
        else mv.visitInsn(LCONST_0);
    }

    /** PSLLDQ ({@code left}) / PSRLDQ xmm, imm8: the whole register shifted by bytes; counts above 15 clear it. */
    boolean byteShift(Operand d, int count, boolean left) {
        if (!InlineSse.isXmm(d)) return false;
        int sh = count > 15 ? 128 : count * 8;
        x = InlineSse.xmm(d);
        results(q -> {
            // left: bit position p of the result is bit p - sh of the register; right: p + sh
            int from = left ? q * 64 - sh : q * 64 + sh; // where this quadword's bit 0 comes from
            quadAt(from);
        });
        return true;
    }

    /** Pushes the 64 bits of the destination starting at bit {@code from} (zeros outside 0..127). */
    private void quadAt(int from) {
        if (from <= -64 || from >= 128) {
            mv.visitInsn(LCONST_0);
            return;
        }
        int j = Math.floorDiv(from, 64), bit = Math.floorMod(from, 64);
        if (bit == 0) {
            a(j);
            return;
        }
        boolean low = j >= 0, high = j + 1 <= 1;
        if (low) {
            a(j);
            op.pushInt(bit);
            mv.visitInsn(LUSHR);
        }
        if (high) {
            a(j + 1);
            op.pushInt(64 - bit);
            mv.visitInsn(LSHL);
        }
        if (low && high) mv.visitInsn(LOR);
    }

    /** PSLL/PSRL/PSRA (kind 0/1/2) W/D/Q xmm, imm8 ({@link SseInt#shiftWord}): counts past the lane clear it, or fill it with the sign. */
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
            lc(tops(bits));
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

    /** The top bit of every {@code bits}-wide lane of a quadword. */
    private static long tops(int bits) {
        return SseInt.everyLane(1L << (bits - 1), bits);
    }
}

package dev.jvmx.translator;

import static org.objectweb.asm.Opcodes.*;

import dev.jvmx.runtime.cpu.SseFast;
import dev.jvmx.runtime.cpu.SseFloat;
import dev.jvmx.runtime.cpu.SseInt;
import dev.jvmx.x86.Instruction;
import dev.jvmx.x86.Mnemonic;
import dev.jvmx.x86.Operand;
import dev.jvmx.x86.Operand.Imm;
import dev.jvmx.x86.Operand.Mem;
import dev.jvmx.x86.Operand.Reg;
import dev.jvmx.x86.RegClass;
import java.util.EnumMap;
import java.util.Map;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Type;

/**
 * Inline bytecode for the common legacy SSE/SSE2 forms (SSSE3 PALIGNR), in place of a call to
 * their handler through {@code Interpreter.stepPastGate}: the XMM registers are in locals where
 * the method loops ({@link XmmCache}) and in {@code CpuState.ymm} otherwise, GPRs in the method's
 * locals, memory operands go through the context's {@code GuestMemory}; the packed-integer forms
 * are plain long arithmetic ({@link InlineSseInt}), the others moves or one static call to the
 * semantics the handlers use ({@link SseInt}, {@link SseFast}): no handler wrapper, no
 * register write-back, no lane lambda. Floating-point forms call {@link SseFast}, which carries
 * MXCSR exactly (rounding control, DAZ/FTZ, sticky flags, NaN rules, #XM for an unmasked
 * exception before any destination is written). Interpreter order holds: every source
 * (including both quadwords of an m128, and its 16-byte alignment check, SDM Vol. 1 §10.4.1.1)
 * is read before anything is written, so a fault commits nothing. Legacy SSE writes leave bits
 * 255:128 of the YMM register alone. The tier differential tests hold these equal to the handlers.
 *
 * <p>Forms: the 128-bit moves (MOVDQA/MOVAPS/MOVAPD aligned, MOVDQU/MOVUPS/MOVUPD), MOVSD/MOVSS,
 * MOVD/MOVQ with an XMM register; logic (PAND/PANDN/POR/PXOR and the PS/PD spellings), PADD/PSUB
 * B/W/D/Q, PCMPEQ/PCMPGT B/W/D, the unpacks, the packs, PMINUB/PMAXUB, PSHUFD, PALIGNR, PMOVMSKB,
 * shifts and byte shifts by an immediate; ADD/SUB/MUL/DIV/MIN/MAX/SQRT in SD/SS/PD/PS, COMIS/UCOMIS, CVTSI2SD and
 * CVT(T)SD2SI. Anything else (MMX operands, VEX, other shapes) returns false before emitting.
 */
final class InlineSse {
    private static final String CPU = OperandCode.CPU;
    private static final String FAST = Type.getInternalName(SseFast.class);
    private static final String INT = Type.getInternalName(SseInt.class);
    private static final String OP = Type.getInternalName(SseFloat.Op.class);
    private static final String OP_DESC = Type.getDescriptor(SseFloat.Op.class);
    /** Scratch longs (only within one instruction): a memory operand's linear address, a source's two quadwords. */
    private static final int ADDR = RegisterCache.TARGET, LO = RegisterCache.X, HI = RegisterCache.Y;

    /** The SS/PS arithmetic mnemonics: their operation, and the form (S_S, P_S). */
    private static final Map<Mnemonic, SseFloat.Op> FLOAT_OPS = new EnumMap<>(Mnemonic.class);
    private static final Map<Mnemonic, Integer> FLOAT_FORMS = new EnumMap<>(Mnemonic.class);
    private static final int S_S = 0, P_S = 1;
    /** The SD and PD forms are {@link InlineDouble}'s. */
    private static final String[] SUFFIXES = {"SS", "PS"};

    static {
        for (SseFloat.Op o : SseFloat.Op.values()) {
            for (int f = 0; f < SUFFIXES.length; f++) {
                Mnemonic m = Mnemonic.valueOf(o.name() + SUFFIXES[f]);
                FLOAT_OPS.put(m, o);
                FLOAT_FORMS.put(m, f);
            }
        }
    }

    private final MethodVisitor mv;
    private final OperandCode op;
    private final BlockEmitter block;
    private final FlagCode flags;
    /** The double forms with their common case computed in the method. */
    private final InlineDouble doubles;
    /** The packed-integer forms. */
    private final InlineSseInt ints;
    /** Where the XMM registers are: locals in a method that loops, else {@code ymm}. */
    private final XmmCache xmms;

    InlineSse(MethodVisitor mv, OperandCode op, BlockEmitter block, FlagCode flags, XmmCache xmms) {
        this.mv = mv;
        this.op = op;
        this.block = block;
        this.flags = flags;
        this.xmms = xmms;
        this.doubles = new InlineDouble(mv, op, block, this);
        this.ints = new InlineSseInt(mv, op, this);
    }

    /** Emits instruction {@code k} inline if it is one of the forms above; false (nothing emitted) otherwise. The gate was cleared by the caller. */
    boolean tryEmit(Instruction i, int k) {
        if (i.operandCount() < 2) return false;
        if (doubles.tryEmit(i, k)) return true;
        Operand d = i.op(0), s = i.op(1);
        Mnemonic m = i.mnemonic();
        return switch (m) {
            case MOVDQA, MOVAPS, MOVAPD -> move128(d, s, k, true);
            case MOVDQU, MOVUPS, MOVUPD -> move128(d, s, k, false);
            case MOVSD_SSE -> scalarMove(d, s, k, 64);
            case MOVSS -> scalarMove(d, s, k, 32);
            case MOVD, MOVQ -> movdq(d, s, k);
            case PADDB, PADDW, PADDD, PADDQ -> ints.lanes(i, k, "addWord", laneBits(m));
            case PSUBB, PSUBW, PSUBD, PSUBQ -> ints.lanes(i, k, "subWord", laneBits(m));
            case PCMPEQB, PCMPEQW, PCMPEQD -> ints.lanes(i, k, "cmpeqWord", laneBits(m));
            case PCMPGTB, PCMPGTW, PCMPGTD -> ints.lanes(i, k, "cmpgtWord", laneBits(m));
            case PUNPCKLBW -> ints.unpack(i, k, 8, false);
            case PUNPCKLWD -> ints.unpack(i, k, 16, false);
            case PUNPCKLDQ, UNPCKLPS -> ints.unpack(i, k, 32, false);
            case PUNPCKHBW -> ints.unpack(i, k, 8, true);
            case PUNPCKHWD -> ints.unpack(i, k, 16, true);
            case PUNPCKHDQ, UNPCKHPS -> ints.unpack(i, k, 32, true);
            case PACKSSWB -> ints.pack(i, k, 16, false);
            case PACKSSDW -> ints.pack(i, k, 32, false);
            case PACKUSWB -> ints.pack(i, k, 16, true);
            case PSLLDQ, PSRLDQ -> s instanceof Imm imm && ints.byteShift(d, (int) imm.value() & 0xFF, m == Mnemonic.PSLLDQ);
            case PMINUB -> ints.minMaxBytes(i, k, true);
            case PMAXUB -> ints.minMaxBytes(i, k, false);
            case PSHUFD -> i.operandCount() == 3 && i.op(2) instanceof Imm imm && ints.pshufd(i, k, (int) imm.value() & 0xFF);
            case PALIGNR -> i.operandCount() == 3 && i.op(2) instanceof Imm imm && ints.palignr(i, k, (int) imm.value() & 0xFF);
            case PSLLW, PSLLD, PSLLQ -> s instanceof Imm imm && ints.shift(d, imm.value() & 0xFF, 0, laneBits(m));
            case PSRLW, PSRLD, PSRLQ -> s instanceof Imm imm && ints.shift(d, imm.value() & 0xFF, 1, laneBits(m));
            case PSRAW, PSRAD -> s instanceof Imm imm && ints.shift(d, imm.value() & 0xFF, 2, laneBits(m));
            case PMOVMSKB -> pmovmskb(d, s);
            case COMISS, UCOMISS -> comiss(d, s, k, m == Mnemonic.COMISS);
            case CVTSI2SD -> cvtsi2sd(d, s, k);
            case CVTTSD2SI, CVTSD2SI -> cvtsd2si(d, s, k, m == Mnemonic.CVTTSD2SI);
            default -> FLOAT_OPS.containsKey(m) && arithmetic(d, s, k, FLOAT_OPS.get(m), FLOAT_FORMS.get(m));
        };
    }

    /** Lane width from the mnemonic's last letter: B W D Q. */
    private static int laneBits(Mnemonic m) {
        return switch (m.name().charAt(m.name().length() - 1)) {
            case 'B' -> 8;
            case 'W' -> 16;
            case 'D' -> 32;
            default -> 64;
        };
    }

    static int xmm(Operand o) {
        return o instanceof Reg r && r.cls() == RegClass.XMM ? r.num() : -1;
    }

    static boolean isXmm(Operand o) {
        return xmm(o) >= 0;
    }

    static boolean isMem(Operand o, int size) {
        return o instanceof Mem m && m.size() == size;
    }

    /** An XMM register or an m128. */
    static boolean vector(Operand o) {
        return isXmm(o) || isMem(o, 128);
    }

    /** An XMM register or a memory operand of {@code bits}: a scalar source. */
    static boolean scalar(Operand o, int bits) {
        return isXmm(o) || isMem(o, bits);
    }

    /** Pushes quadword {@code q} (0 or 1) of XMM register {@code x}. */
    void quad(int x, int q) {
        xmms.push(x, q);
    }

    /** Quadword {@code q} of XMM register {@code x} := the long {@code value} pushes. */
    void store(int x, int q, Runnable value) {
        xmms.store(x, q, value);
    }

    /** Marks XMM register {@code x} dirty (a path that joins one that stored it). */
    void dirtied(int x) {
        xmms.dirtied(x);
    }

    /** Around a helper that reads and writes XMM register {@code x} in {@code ymm} itself ({@link XmmCache}). */
    void onArray(int x, Runnable call) {
        xmms.beforeArrayWrite(x);
        call.run();
        xmms.afterArrayWrite(x);
    }

    /** Computes the linear address of {@code m} into local ADDR (16-byte aligned when {@code aligned}, else #GP(0)). */
    private void address(Mem m, boolean aligned, int k) {
        block.faultable(k);
        op.linear(m);
        if (aligned) mv.visitMethodInsn(INVOKESTATIC, FAST, "aligned16", "(J)J", false);
        mv.visitVarInsn(LSTORE, ADDR);
    }

    /** Before a store of {@code len} bytes at ADDR that may cross a page end: its fault first, nothing written ({@code mem.SplitStore}, as the interpreter's {@code Vec.store}). */
    private void splitCheck(int len) {
        mv.visitVarInsn(ALOAD, RegisterCache.MEMORY);
        mv.visitVarInsn(LLOAD, ADDR);
        op.pushInt(len);
        mv.visitMethodInsn(INVOKESTATIC, "dev/jvmx/runtime/mem/SplitStore", "check", "(" + OperandCode.MEM_DESC + "JI)V", false);
    }

    private void atAddress(int offset) {
        mv.visitVarInsn(LLOAD, ADDR);
        if (offset != 0) {
            op.pushLong(offset);
            mv.visitInsn(LADD);
        }
    }

    /** Pushes the 128-bit source {@code s} as two longs, lo then hi (memory: both read, low first). */
    void source128(Operand s, boolean aligned, int k) {
        if (s instanceof Mem m) {
            address(m, aligned, k);
            op.loadAt(() -> atAddress(0), 64, op.windowOf(m));
            op.loadAt(() -> atAddress(8), 64, op.windowOf(m));
        } else {
            quad(xmm(s), 0);
            quad(xmm(s), 1);
        }
    }

    /** Pushes the low {@code bits} (32 or 64) of an XMM register or the memory operand, zero-extended. */
    void sourceLow(Operand s, int bits, int k) {
        if (s instanceof Mem m) {
            block.faultable(k);
            op.loadAt(() -> op.linear(m), bits, op.windowOf(m));
        } else {
            quad(xmm(s), 0);
            if (bits == 32) {
                op.pushLong(0xFFFF_FFFFL);
                mv.visitInsn(LAND);
            }
        }
    }

    /** XMM register {@code x} := the long in local {@code lo} : the long in local {@code hi} (or 0 when hi is -1). */
    private void setXmm(int x, int lo, int hi) {
        store(x, 0, () -> mv.visitVarInsn(LLOAD, lo));
        store(x, 1, () -> {
            if (hi < 0) mv.visitInsn(LCONST_0);
            else mv.visitVarInsn(LLOAD, hi);
        });
    }

    /** MOVDQA/MOVAPS/MOVAPD ({@code aligned}) and MOVDQU/MOVUPS/MOVUPD: xmm <- xmm/m128, m128 <- xmm. */
    private boolean move128(Operand d, Operand s, int k, boolean aligned) {
        if (isXmm(d) && vector(s)) {
            source128(s, aligned, k);
            mv.visitVarInsn(LSTORE, HI);
            mv.visitVarInsn(LSTORE, LO);
            setXmm(xmm(d), LO, HI);
            return true;
        }
        if (isMem(d, 128) && isXmm(s)) {
            address((Mem) d, aligned, k);
            if (!aligned) splitCheck(16); // an aligned store (checked by aligned16) stays in one page
            // both quadwords before the method may leave for a store that changed translated code
            op.storeAt(() -> atAddress(0), () -> quad(xmm(s), 0), 64, op.windowOf((Mem) d), false);
            op.storeAt(() -> atAddress(8), () -> quad(xmm(s), 1), 64, op.windowOf((Mem) d), false);
            op.leaveIfCodeChanged();
            return true;
        }
        return false;
    }

    /** MOVSD/MOVSS: register to register merges the low lane; a load zeroes the rest; a store writes the lane. */
    private boolean scalarMove(Operand d, Operand s, int k, int bits) {
        if (isMem(d, bits) && isXmm(s)) {
            block.faultable(k);
            op.store((Mem) d, () -> quad(xmm(s), 0));
            return true;
        }
        if (!isXmm(d) || !scalar(s, bits)) return false;
        int x = xmm(d);
        if (s instanceof Mem) {
            sourceLow(s, bits, k);
            mv.visitVarInsn(LSTORE, LO);
            setXmm(x, LO, -1);
            return true;
        }
        store(x, 0, () -> {
            if (bits == 32) {
                quad(x, 0);
                op.pushLong(0xFFFF_FFFF_0000_0000L);
                mv.visitInsn(LAND);
                sourceLow(s, 32, k);
                mv.visitInsn(LOR);
            } else {
                quad(xmm(s), 0);
            }
        });
        return true;
    }

    /** MOVD/MOVQ with an XMM register: into it zero-extended to 128 bits; out of it the low 32/64 bits to a GPR or memory. */
    private boolean movdq(Operand d, Operand s, int k) {
        if (isXmm(d)) {
            if (isXmm(s)) {
                quad(xmm(s), 0);
            } else if (OperandCode.isGpr(s) && (s.size() == 32 || s.size() == 64)) {
                op.read(s);
            } else if (isMem(s, 32) || isMem(s, 64)) {
                sourceLow(s, s.size(), k);
            } else {
                return false;
            }
            mv.visitVarInsn(LSTORE, LO);
            setXmm(xmm(d), LO, -1);
            return true;
        }
        if (!isXmm(s)) return false;
        if (OperandCode.isGpr(d) && (d.size() == 32 || d.size() == 64)) {
            op.writeGpr((Reg) d, () -> quad(xmm(s), 0));
            return true;
        }
        if (isMem(d, 32) || isMem(d, 64)) {
            block.faultable(k);
            op.store((Mem) d, () -> quad(xmm(s), 0));
            return true;
        }
        return false;
    }

    /** PMOVMSKB r32/r64, xmm. */
    private boolean pmovmskb(Operand d, Operand s) {
        if (!OperandCode.isGpr(d) || (d.size() != 32 && d.size() != 64) || !isXmm(s)) return false;
        op.writeGpr((Reg) d, () -> {
            quad(xmm(s), 0);
            quad(xmm(s), 1);
            mv.visitMethodInsn(INVOKESTATIC, INT, "pmovmskb", "(JJ)J", false);
        });
        return true;
    }

    private void floatOp(SseFloat.Op o) {
        mv.visitFieldInsn(GETSTATIC, OP, o.name(), OP_DESC);
    }

    /** ADD/SUB/MUL/DIV/MIN/MAX/SQRT in SS (low lane, the rest kept) and PS through {@link SseFast} (SD, PD: {@link InlineDouble}). */
    private boolean arithmetic(Operand d, Operand s, int k, SseFloat.Op o, int form) {
        boolean isScalar = form == S_S;
        if (!isXmm(d) || !(isScalar ? scalar(s, 32) : vector(s))) return false;
        int x = xmm(d);
        block.faultable(k); // #XM when an exception is unmasked
        if (isScalar) {
            store(x, 0, () -> {
                mv.visitVarInsn(ALOAD, BlockEmitter.CPU);
                floatOp(o);
                quad(x, 0);
                sourceLow(s, 32, k);
                mv.visitMethodInsn(INVOKESTATIC, FAST, "ss", "(L" + CPU + ";" + OP_DESC + "JJ)J", false);
            });
            return true;
        }
        source128(s, true, k);
        mv.visitVarInsn(LSTORE, HI);
        mv.visitVarInsn(LSTORE, LO);
        onArray(x, () -> {
            mv.visitVarInsn(ALOAD, BlockEmitter.CPU);
            floatOp(o);
            op.pushInt(x * 4);
            mv.visitVarInsn(LLOAD, LO);
            mv.visitVarInsn(LLOAD, HI);
            mv.visitMethodInsn(INVOKESTATIC, FAST, "ps", "(L" + CPU + ";" + OP_DESC + "IJJ)V", false);
        });
        return true;
    }

    /** COMISS/UCOMISS: RFLAGS from {@link SseFast#comi}, the lazy-flag record around it (COMISD/UCOMISD: {@link InlineDouble}). */
    private boolean comiss(Operand d, Operand s, int k, boolean signalling) {
        if (!isXmm(d) || !scalar(s, 32)) return false;
        block.faultable(k);
        flags.aroundHelper(() -> {
            mv.visitVarInsn(ALOAD, BlockEmitter.CPU);
            quad(xmm(d), 0);
            sourceLow(s, 32, k);
            op.pushInt(32);
            mv.visitInsn(signalling ? ICONST_1 : ICONST_0);
            mv.visitMethodInsn(INVOKESTATIC, FAST, "comi", "(L" + CPU + ";JJIZ)V", false);
        });
        return true;
    }

    /** CVTSI2SD xmm, r/m32 or r/m64: the signed integer (32-bit sources sign-extended). */
    private boolean cvtsi2sd(Operand d, Operand s, int k) {
        boolean src = OperandCode.isGpr(s) && (s.size() == 32 || s.size() == 64) || isMem(s, 32) || isMem(s, 64);
        if (!isXmm(d) || !src) return false;
        block.faultable(k);
        store(xmm(d), 0, () -> {
            mv.visitVarInsn(ALOAD, BlockEmitter.CPU);
            op.read(s);
            if (s.size() == 32) {
                mv.visitInsn(L2I);
                mv.visitInsn(I2L);
            }
            mv.visitMethodInsn(INVOKESTATIC, FAST, "cvtsi2sd", "(L" + CPU + ";J)J", false);
        });
        return true;
    }

    /** CVTTSD2SI / CVTSD2SI r32/r64, xmm/m64. */
    private boolean cvtsd2si(Operand d, Operand s, int k, boolean truncate) {
        if (!OperandCode.isGpr(d) || (d.size() != 32 && d.size() != 64) || !scalar(s, 64)) return false;
        block.faultable(k);
        op.writeGpr((Reg) d, () -> {
            mv.visitVarInsn(ALOAD, BlockEmitter.CPU);
            sourceLow(s, 64, k);
            op.pushInt(d.size());
            mv.visitInsn(truncate ? ICONST_1 : ICONST_0);
            mv.visitMethodInsn(INVOKESTATIC, FAST, "cvtsd2si", "(L" + CPU + ";JIZ)J", false);
        });
        return true;
    }
}

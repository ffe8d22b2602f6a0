package dev.jvmx.translator;

import static org.objectweb.asm.Opcodes.*;

import dev.jvmx.x86.Instruction;
import dev.jvmx.x86.Operand;
import dev.jvmx.x86.Prefix;
import dev.jvmx.x86.RegClass;

/**
 * The XMM part of {@link RegisterCache}: in a method that loops, bits 127:0 of each XMM register
 * the legacy SSE forms name live in two long locals (quadword 0, quadword 1), with the same
 * protocol as the cached GPRs. They are loaded from {@code CpuState.ymm} at method entry and after
 * every call that may change them ({@code Interpreter.step}), written back only when dirty before
 * such a call and at exits on the straight path, and all of them at the shared exit and in the
 * fault handler (which is why they are set before the guarded range, and why every inline form
 * writes its destination locals only after everything that can fault: at a fault the locals hold
 * the instruction boundary's values, SDM Vol. 3A §6.6 fault precision). Bits 255:128 stay in
 * {@code ymm}: legacy SSE leaves them alone (SDM Vol. 1 §14.1.3).
 *
 * <p>A register some VEX instruction of the method names is not cached, nor any when the method
 * has a VZEROALL: {@link InlineAvx} works on {@code ymm} directly (VZEROUPPER leaves bits 127:0,
 * the cached ones, alone). Tried and not taken (session 6, commit efcd1ee): VEX-named registers
 * whole in four long locals each, {@code InlineAvx} spelled out on them, was slower on strings
 * (15.3 to 17.7 s user at 10000 rounds): a region entry loads and an exit after a label stores four
 * quadwords a register, and every call C2 does not inline spills them. An inline form whose helper writes {@code ymm} itself (the packed float
 * entries of {@code SseFast}) brackets the call with {@link #beforeArrayWrite} and
 * {@link #afterArrayWrite}.
 *
 * <pre>
 *   slot: FIRST + 4x: XMM x quadword 0, FIRST + 4x + 2: quadword 1 (x in {@link #mask})
 * </pre>
 */
final class XmmCache {
    /** The first local of the XMM slots: after {@link RegisterCache}'s own. */
    static final int FIRST = RegisterCache.FIRST_XMM;

    private final org.objectweb.asm.MethodVisitor mv;
    private final int mask;
    /**
     * The cached registers an inline form of the method may store: those some instruction names as
     * its destination (operand 0). Only these can be dirty where paths join, so an exit after a
     * label writes back only them.
     */
    private final int written;
    /** Cached registers whose locals may differ from {@code ymm} here (the GPR rule: {@link RegisterCache}). */
    private int dirty;

    private XmmCache(org.objectweb.asm.MethodVisitor mv, int mask, int written) {
        this.mv = mv;
        this.mask = mask;
        this.written = written & mask;
    }

    static XmmCache none(org.objectweb.asm.MethodVisitor mv) {
        return new XmmCache(mv, 0, 0);
    }

    /** Caches every XMM register a legacy (non-VEX) instruction of {@code segments} names and no VEX instruction does. */
    static XmmCache of(org.objectweb.asm.MethodVisitor mv, Segment[] segments) {
        int named = 0, vex = 0, written = 0;
        for (Segment s : segments) {
            for (Instruction i : s.instructions()) {
                if (i.operandCount() > 0 && i.op(0) instanceof Operand.Reg d && (d.cls() == RegClass.XMM || d.cls() == RegClass.YMM)) written |= 1 << d.num();
                int r = 0;
                for (int k = 0; k < i.operandCount(); k++) {
                    if (i.op(k) instanceof Operand.Reg reg && (reg.cls() == RegClass.XMM || reg.cls() == RegClass.YMM)) r |= 1 << reg.num();
                }
                if (i.mnemonic() == dev.jvmx.x86.Mnemonic.VZEROALL) vex = 0xFFFF; // InlineAvx zeroes every register in ymm
                if (i.has(Prefix.VEX) || i.has(Prefix.EVEX)) vex |= r;
                else named |= r;
            }
        }
        return new XmmCache(mv, named & ~vex & 0xFFFF, written);
    }

    boolean cached(int x) {
        return x < 16 && (mask & (1 << x)) != 0;
    }

    private static int slot(int x, int q) {
        return FIRST + 4 * x + 2 * q;
    }

    private void ymm() {
        mv.visitVarInsn(ALOAD, BlockEmitter.CPU);
        mv.visitFieldInsn(GETFIELD, OperandCode.CPU, "ymm", "[J");
    }

    private void index(int x, int q) {
        mv.visitIntInsn(BIPUSH, x * 4 + q);
    }

    /** Pushes quadword {@code q} (0 or 1) of XMM register {@code x}. */
    void push(int x, int q) {
        if (cached(x)) {
            mv.visitVarInsn(LLOAD, slot(x, q));
            return;
        }
        ymm();
        index(x, q);
        mv.visitInsn(LALOAD);
    }

    /** Quadword {@code q} of XMM register {@code x} := the long {@code value} pushes. */
    void store(int x, int q, Runnable value) {
        if (cached(x) && (written & (1 << x)) == 0) throw new IllegalStateException("XMM" + x + " stored by an instruction that does not name it first");
        if (cached(x)) {
            value.run();
            mv.visitVarInsn(LSTORE, slot(x, q));
            dirty |= 1 << x;
            return;
        }
        ymm();
        index(x, q);
        value.run();
        mv.visitInsn(LASTORE);
    }

    /** Every cached register from {@code ymm} (method entry, after a call that may write them): none dirty after it. */
    void loadAll() {
        for (int x = 0; x < 16; x++) if (cached(x)) load(x);
        dirty = 0;
    }

    /** A label a jump may reach from elsewhere: any cached register may be dirty there. */
    void joined() {
        dirty = written;
    }

    void writeBackAll() {
        writeBackSet(mask);
    }

    void writeBackDirty() {
        writeBackSet(dirty);
    }

    /** Where paths join and one of them stored XMM register {@code x}: it may be dirty. */
    void dirtied(int x) {
        if (cached(x)) dirty |= (1 << x) & written;
    }

    /** Before a helper that writes XMM register {@code x} in {@code ymm} (and reads it there): its value in {@code ymm}. */
    void beforeArrayWrite(int x) {
        if ((dirty & mask & (1 << x)) != 0) writeBackSet(1 << x);
    }

    /** After that helper: the locals from {@code ymm} again, clean. */
    void afterArrayWrite(int x) {
        if (!cached(x)) return;
        load(x);
        dirty &= ~(1 << x);
    }

    private void load(int x) {
        for (int q = 0; q < 2; q++) {
            ymm();
            index(x, q);
            mv.visitInsn(LALOAD);
            mv.visitVarInsn(LSTORE, slot(x, q));
        }
    }

    private void writeBackSet(int which) {
        for (int x = 0; x < 16; x++) {
            if ((which & mask & (1 << x)) == 0) continue;
            for (int q = 0; q < 2; q++) {
                ymm();
                index(x, q);
                mv.visitVarInsn(LLOAD, slot(x, q));
                mv.visitInsn(LASTORE);
            }
        }
    }
}

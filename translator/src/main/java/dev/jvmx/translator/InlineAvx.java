package dev.jvmx.translator;

import static org.objectweb.asm.Opcodes.*;

import dev.jvmx.runtime.cpu.AvxFast;
import dev.jvmx.runtime.cpu.CpuModel;
import dev.jvmx.runtime.cpu.SseInt;
import dev.jvmx.x86.Feature;
import dev.jvmx.x86.Instruction;
import dev.jvmx.x86.Mnemonic;
import dev.jvmx.x86.Operand;
import dev.jvmx.x86.Operand.Mem;
import dev.jvmx.x86.Operand.Reg;
import dev.jvmx.x86.Prefix;
import dev.jvmx.x86.RegClass;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Type;

/**
 * Inline bytecode for the AVX/AVX2 forms glibc's {@code *_avx2} string functions live on, in place
 * of {@code Interpreter.step} through the interpreter's lane adapter ({@code exec.VexLegacy}):
 * VMOVDQU/VMOVDQA (and the PS/PD spellings) between YMM/XMM registers and m256/m128,
 * VPCMPEQB/W/D/Q, VPCMPGTB/W/D, VPMINUB/VPMAXUB, VPADDB..Q, VPSUBB..Q, VPAND/VPANDN/VPOR/VPXOR
 * (and the PS/PD logic spellings) {@code V, H, W}, VPMOVMSKB, VPBROADCASTB/W/D/Q, VMOVD/VMOVQ
 * between an XMM register and a GPR or memory, and VZEROUPPER/VZEROALL.
 *
 * <p>Each form is one or two static calls to {@link AvxFast}, which works on {@code CpuState.ymm}
 * (four longs a register, low first) quadword by quadword with the SWAR rules of {@link SseInt}
 * ({@code SseInt.word}: every operation here works within 64-bit words), and which the interpreter
 * shares: C2 inlines the calls and folds the constant arguments, so a 256-bit compare becomes a
 * few long operations, while the method stays small (C1 could not compile region methods with the
 * quadwords spelled out in bytecode: "out of virtual registers", so they never reached C2). A memory
 * operand is read completely before anything is written ({@link AvxFast#load}: one software-TLB
 * compare, from the method's locals, for all 32 bytes when they stay in a page, else the
 * interpreter's {@code read64} sequence), so a fault commits nothing; a memory W goes to the
 * non-architectural 17th register first. Stores write in the interpreter's order
 * ({@link AvxFast#store}) and, after the slow path, leave if they changed translated code. A
 * VEX.128 destination register has bits 255:128 zeroed (VLMAX zeroing, SDM Vol. 1 §14.1.3).
 *
 * <p>The #UD gate: the CPUID part (the form's feature and AVX, no LOCK) is decided here at
 * translation time, exactly as {@code Interpreter.checkForm} decides it with the same model; the
 * run-time part (CR4.OSXSAVE and XCR0, SDM Vol. 2A §2.3.10.1) is {@link AvxFast#requireEnabled}
 * before the form, which faults as the interpreter does (RIP at the instruction, nothing changed).
 * Anything else (VEX forms not listed, other operand shapes, BMI) returns false before emitting.
 */
final class InlineAvx {
    private static final String CPU = OperandCode.CPU;
    private static final String FAST = Type.getInternalName(AvxFast.class);
    private static final String MEMORY_ARGS = OperandCode.MEM_DESC + "[JJ";
    /** The 17th YMM register of {@code CpuState.ymm}: not architectural, where a memory W is read to. */
    private static final int SCRATCH = 16;

    private final MethodVisitor mv;
    private final OperandCode op;
    private final BlockEmitter block;
    private final CpuModel model;

    InlineAvx(MethodVisitor mv, OperandCode op, BlockEmitter block, CpuModel model) {
        this.mv = mv;
        this.op = op;
        this.block = block;
        this.model = model;
    }

    /**
     * The CPUID part of the VEX gate ({@code Interpreter.checkForm}, {@code Avx.allowed}) for a form
     * that needs the AVX state, settled now with the same model; in process mode the AVX state is
     * enabled exactly when the model has XSAVE and AVX ({@code Xsave.avxStateEnabled}).
     */
    private boolean staticGate(Instruction i) {
        return i.form() != null && i.has(Prefix.VEX) && !i.has(Prefix.LOCK) && CpuModel.vexNeedsAvx(i.feature())
                && model.supports(i.feature()) && model.supports(Feature.AVX) && model.supports(Feature.XSAVE);
    }

    /** Emits VEX instruction {@code k} inline if it is one of the forms above; false (nothing emitted) otherwise. */
    boolean tryEmit(Instruction i, int k) {
        if (!staticGate(i) || !fits(i)) return false;
        gate(k);
        Mnemonic m = i.mnemonic();
        switch (m) {
            case VZEROUPPER, VZEROALL -> zero(m == Mnemonic.VZEROUPPER ? 2 : 0);
            case MOVDQU, MOVUPS, MOVUPD -> move(i, k, false);
            case MOVDQA, MOVAPS, MOVAPD -> move(i, k, true);
            case PMOVMSKB -> pmovmskb(i);
            case VPBROADCASTB, VPBROADCASTW, VPBROADCASTD, VPBROADCASTQ -> broadcast(i, k, broadcastBits(m));
            case MOVD, MOVQ -> movdq(i, k);
            default -> binary(i, k, m);
        }
        return true;
    }

    /** Whether {@code i} has one of the inline forms' shapes (checked before anything is emitted). */
    private static boolean fits(Instruction i) {
        Mnemonic m = i.mnemonic();
        int n = i.operandCount();
        return switch (m) {
            case VZEROUPPER, VZEROALL -> n == 0;
            case MOVDQU, MOVUPS, MOVUPD, MOVDQA, MOVAPS, MOVAPD -> n == 2
                    && (isVec(i.op(0)) && (isVec(i.op(1)) || isVecMem(i.op(1), i.op(0).size()))
                        || isVecMem(i.op(0), i.op(1).size()) && isVec(i.op(1)));
            case PMOVMSKB -> n == 2 && OperandCode.isGpr(i.op(0)) && (i.op(0).size() == 32 || i.op(0).size() == 64) && isVec(i.op(1));
            case VPBROADCASTB, VPBROADCASTW, VPBROADCASTD, VPBROADCASTQ -> n == 2 && isVec(i.op(0))
                    && (isVec(i.op(1)) || i.op(1) instanceof Mem s && s.size() == broadcastBits(m));
            case MOVD, MOVQ -> n == 2 && movdqShape(i.op(0), i.op(1));
            default -> n == 3 && AvxFast.quadwordOp(m) >= 0 && isVec(i.op(0)) && isVec(i.op(1)) && i.op(1).size() == i.op(0).size()
                    && (isVec(i.op(2)) && i.op(2).size() == i.op(0).size() || isVecMem(i.op(2), i.op(0).size()));
        };
    }

    // ---- operation tables -------------------------------------------------------------------------

    private static int broadcastBits(Mnemonic m) {
        return switch (m) {
            case VPBROADCASTB -> 8;
            case VPBROADCASTW -> 16;
            case VPBROADCASTD -> 32;
            default -> 64;
        };
    }

    // ---- operand shapes ---------------------------------------------------------------------------

    /** An XMM or YMM register. */
    private static boolean isVec(Operand o) {
        return o instanceof Reg r && (r.cls() == RegClass.XMM || r.cls() == RegClass.YMM);
    }

    /** An m128 or m256 of the register's size {@code bits}. */
    private static boolean isVecMem(Operand o, int bits) {
        return o instanceof Mem m && m.size() == bits && (bits == 128 || bits == 256);
    }

    private static boolean movdqShape(Operand d, Operand s) {
        boolean gprOrMem = (OperandCode.isGpr(s) || s instanceof Mem) && (s.size() == 32 || s.size() == 64);
        if (isVec(d) && d.size() == 128) return gprOrMem || isVec(s) && s.size() == 128;
        boolean out = (OperandCode.isGpr(d) || d instanceof Mem) && (d.size() == 32 || d.size() == 64);
        return out && isVec(s) && s.size() == 128;
    }

    private static int num(Operand o) {
        return ((Reg) o).num();
    }

    /** Quadwords of a register or memory operand (2 or 4). */
    private static int quads(Operand o) {
        return o.size() / 64;
    }

    // ---- emitting ----------------------------------------------------------------------------------

    /**
     * The run-time part of the #UD gate, before anything else of instruction {@code k}: only in
     * system mode, where CR4.OSXSAVE and XCR0 are the guest's; in process mode they are Linux's,
     * fixed by the model ({@code Xsave.osxsave}, {@code Xsave.xcr0}), and {@link #staticGate}
     * settled them.
     */
    private void gate(int k) {
        block.faultable(k); // not inside the branch: the index store must be on every path that follows
        if (block.processOnly()) return; // staticGate settled it: process mode's CR4/XCR0 are the model's
        Label done = new Label();
        mv.visitVarInsn(ALOAD, BlockEmitter.CPU);
        mv.visitFieldInsn(GETFIELD, CPU, "systemMode", "Z");
        mv.visitJumpInsn(IFEQ, done);
        mv.visitVarInsn(ALOAD, BlockEmitter.CPU);
        mv.visitVarInsn(ALOAD, BlockEmitter.CTX);
        mv.visitFieldInsn(GETFIELD, OperandCode.CTX, "model", Type.getDescriptor(CpuModel.class));
        mv.visitMethodInsn(INVOKESTATIC, FAST, "requireEnabled", "(L" + CPU + ";" + Type.getDescriptor(CpuModel.class) + ")V", false);
        mv.visitLabel(done);
    }

    private void ymm() {
        mv.visitVarInsn(ALOAD, BlockEmitter.CPU);
        mv.visitFieldInsn(GETFIELD, CPU, "ymm", "[J");
    }

    /** Pushes bits 63:0 of vector register {@code x} (what VPBROADCAST and VMOVD/VMOVQ read). */
    private void low(int x) {
        ymm();
        op.pushInt(x * 4);
        mv.visitInsn(LALOAD);
    }

    /**
     * Reads memory operand {@code m} into {@code y[at..]} ({@link AvxFast#load}: all of it before
     * anything is written; the software-TLB arrays from the method's locals); {@code aligned}: to
     * its whole size, else #GP(0) first.
     */
    private void load(Mem m, boolean aligned, int k, int at) {
        block.faultable(k);
        memoryArgs(RegisterCache.READ_TAGS, m, aligned);
        ymm();
        op.pushInt(at);
        op.pushInt(quads(m));
        mv.visitMethodInsn(INVOKESTATIC, FAST, "load", "(" + MEMORY_ARGS + "[JII)V", false);
    }

    /** Pushes the memory, its TLB entries {@code tags} and the operand's linear address. */
    private void memoryArgs(int tags, Mem m, boolean aligned) {
        mv.visitVarInsn(ALOAD, RegisterCache.MEMORY);
        mv.visitVarInsn(ALOAD, tags);
        op.linear(m);
        if (aligned) {
            op.pushInt(m.size() / 8);
            mv.visitMethodInsn(INVOKESTATIC, FAST, "aligned", "(JI)J", false);
        }
    }

    /** VZEROUPPER ({@code from} 2) / VZEROALL (0). */
    private void zero(int from) {
        mv.visitVarInsn(ALOAD, BlockEmitter.CPU);
        op.pushInt(from);
        op.pushInt(op.mode() == dev.jvmx.x86.Mode.BITS64 ? 16 : 8);
        mv.visitMethodInsn(INVOKESTATIC, FAST, "zero", "(L" + CPU + ";II)V", false);
    }

    /** VMOVDQU/VMOVDQA... register from register or memory ({@link AvxFast#move}, {@link AvxFast#load}), memory from register ({@link AvxFast#store}). */
    private void move(Instruction i, int k, boolean aligned) {
        Operand d = i.op(0), s = i.op(1);
        if (d instanceof Mem md) {
            block.faultable(k);
            memoryArgs(RegisterCache.WRITE_TAGS, md, aligned);
            ymm();
            op.pushInt(num(s) * 4);
            op.pushInt(quads(md));
            mv.visitMethodInsn(INVOKESTATIC, FAST, "store", "(" + MEMORY_ARGS + "[JII)Z", false);
            mv.visitInsn(POP);
            block.afterStore(true); // a store that went the slow way may have changed translated code
            return;
        }
        if (s instanceof Mem ms) {
            load(ms, aligned, k, num(d) * 4);
            return;
        }
        ymm();
        op.pushInt(num(d) * 4);
        op.pushInt(num(s) * 4);
        op.pushInt(quads(d));
        mv.visitMethodInsn(INVOKESTATIC, FAST, "move", "([JIII)V", false);
    }

    /** V := op(H, W) quadword by quadword ({@link AvxFast#words}, or its own method for the hottest: {@link AvxFast#specialised}); a memory W is read into the scratch register first. */
    private void binary(Instruction i, int k, Mnemonic m) {
        Operand d = i.op(0), h = i.op(1), w = i.op(2);
        int wAt = w instanceof Mem ? SCRATCH * 4 : num(w) * 4;
        if (w instanceof Mem mw) load(mw, false, k, wAt);
        int operation = AvxFast.quadwordOp(m), bits = AvxFast.laneBits(m);
        String own = AvxFast.specialised(operation, bits);
        if (own == null) {
            op.pushInt(operation);
            op.pushInt(bits);
        }
        ymm();
        op.pushInt(num(d) * 4);
        op.pushInt(num(h) * 4);
        op.pushInt(wAt);
        op.pushInt(quads(d));
        if (own == null) mv.visitMethodInsn(INVOKESTATIC, FAST, "words", "(II[JIIII)V", false);
        else mv.visitMethodInsn(INVOKESTATIC, FAST, own, "([JIIII)V", false);
    }

    /** VPMOVMSKB r32/r64, xmm/ymm: the bytes' sign bits, zero-extended ({@link AvxFast#pmovmskb}). */
    private void pmovmskb(Instruction i) {
        Operand s = i.op(1);
        op.writeGpr((Reg) i.op(0), () -> {
            ymm();
            op.pushInt(num(s) * 4);
            op.pushInt(quads(s));
            mv.visitMethodInsn(INVOKESTATIC, FAST, "pmovmskb", "([JII)J", false);
        });
    }

    /** VPBROADCASTB/W/D/Q xmm/ymm, xmm/m: the source's low element in every element ({@link AvxFast#broadcast}). */
    private void broadcast(Instruction i, int k, int bits) {
        Operand d = i.op(0), s = i.op(1);
        ymm();
        op.pushInt(num(d) * 4);
        if (s instanceof Mem ms) {
            block.faultable(k);
            op.loadAt(() -> op.linear(ms), bits);
        } else {
            low(num(s));
        }
        op.pushInt(bits);
        op.pushInt(quads(d));
        mv.visitMethodInsn(INVOKESTATIC, FAST, "broadcast", "([JIJII)V", false);
    }

    /** VMOVD/VMOVQ: into an XMM register zero-extended to 256 bits ({@link AvxFast#setLow}); out of one its low 32/64 bits. */
    private void movdq(Instruction i, int k) {
        Operand d = i.op(0), s = i.op(1);
        if (isVec(d)) {
            ymm();
            op.pushInt(num(d) * 4);
            if (isVec(s)) {
                low(num(s));
            } else {
                if (s instanceof Mem) block.faultable(k);
                op.read(s);
            }
            mv.visitMethodInsn(INVOKESTATIC, FAST, "setLow", "([JIJ)V", false);
            return;
        }
        Runnable low = () -> {
            low(num(s));
            if (d.size() == 32) {
                op.pushLong(0xFFFF_FFFFL);
                mv.visitInsn(LAND);
            }
        };
        if (d instanceof Mem md) {
            block.faultable(k);
            op.store(md, low);
        } else {
            op.writeGpr((Reg) d, low);
        }
    }
}

package dev.jvmx.translator;

import static org.objectweb.asm.Opcodes.*;

import dev.jvmx.x86.Instruction;
import dev.jvmx.x86.Operand;
import org.objectweb.asm.MethodVisitor;

/**
 * Guest state held in JVM locals for the life of one generated method: GPRs in long locals (tier
 * 2's register allocation, used where code loops inside its method: regions and blocks that loop
 * on themselves) and, in every method, the lazy-flag record ({@code CpuState.ccOp, ccSize, ccA,
 * ccB, ccRes, ccAux}), so a flag-setting inline form writes locals that C2 drops when a later
 * form overwrites them before anything reads them: flags are computed only where read (DESIGN.md,
 * flag liveness), and committed at exits. {@code CpuState} is the authority outside the method and
 * for everything the method calls, so the cache is written back before each call that reads guest
 * registers or flags ({@code Interpreter.step}, the stack, shift and multiply helpers,
 * {@code Cond.test}) and at every exit, and reloaded after each call that may write them. Locals
 * are set at the top of the method, before the guarded range, so the fault handler can write them
 * back: inline forms write flags and registers last, after anything that can fault, so at a fault
 * the locals hold the state of the instruction boundary.
 *
 * <pre>
 *   slot: 6-7 scratch long   8 + 2n  GPR n (for the n in {@link #mask})
 *         40 ccOp  41 ccSize  42 ccA  44 ccB  46 ccRes  48 ccAux   50.. scratch longs (TARGET, SP, X, Y)
 *         58 the instruction budget left (RunBudget.left)
 *         60 the GuestMemory  61 its read entries  62 write entries (DirectTlb)
 *         64 a memory access's address  66 the value it stores  68 its TLB entry's byte offset
 *         70.. the cached XMM registers, two longs each ({@link XmmCache}: loaded, written back and
 *              marked dirty at the same points as the GPRs)
 * </pre>
 * With no GPR cached (tier-1 blocks) every register access stays on the {@code gpr} array.
 *
 * <p>Dirty registers: while the emitter goes through a segment's instructions in order, the cache
 * knows which cached GPRs may differ from {@code cpu.gpr} ({@link #dirty}): none after the
 * method-entry load or the reload after a handler call, every cached one at a segment's label (a
 * jump may arrive there from anywhere), plus each one written since. Exits on that straight path
 * and handler calls write back only those ({@link #writeBackDirty}); the shared exit path and the
 * fault handler, reached from anywhere, write back all of them ({@link #writeBackAll}).
 */
final class RegisterCache {
    static final int TMP = 6, FIRST = 8;
    static final int CC_OP = 40, CC_SIZE = 41, CC_A = 42, CC_B = 44, CC_RES = 46, CC_AUX = 48;
    /** Scratch longs: an indirect branch target, a new stack pointer, two operand values. */
    static final int TARGET = 50, SP = 52, X = 54, Y = 56;
    /** {@code RunBudget.left} while the method runs (internal jumps charge it), written back at every exit. */
    static final int LEFT = 58;
    /** The memory and its software-TLB entry arrays ({@code DirectTlb}), set at entry for the memory fast path. */
    static final int MEMORY = 60, READ_TAGS = 61, WRITE_TAGS = 62;
    /** A memory access's linear address, the value it stores, its TLB entry's byte offset ({@code DirectTlb.offset}). */
    static final int ADDR = 64, VALUE = 66, TLB_OFFSET = 68;
    private static final String BUDGET = org.objectweb.asm.Type.getInternalName(RunBudget.class);
    private static final String[] LONG_FIELDS = {"ccA", "ccB", "ccRes", "ccAux"};

    private final MethodVisitor mv;
    private final int mask;
    /** The XMM registers held in locals the same way ({@link XmmCache}). */
    private final XmmCache xmm;
    /** Cached GPRs whose local may differ from {@code cpu.gpr} at the point being emitted (see the class doc). */
    private int dirty;

    private RegisterCache(MethodVisitor mv, int mask, XmmCache xmm) {
        this.mv = mv;
        this.mask = mask;
        this.xmm = xmm;
    }

    /** No GPR cached (the flag record always is). */
    static RegisterCache flagsOnly(MethodVisitor mv) {
        return new RegisterCache(mv, 0, XmmCache.none(mv));
    }

    /** Caches every GPR an operand of {@code segments} names. */
    static RegisterCache of(MethodVisitor mv, Segment[] segments) {
        int m = 0;
        for (Segment s : segments) {
            for (Instruction i : s.instructions()) {
                for (int k = 0; k < i.operandCount(); k++) m |= registers(i.op(k));
                if (usesStack(i)) m |= 1 << dev.jvmx.runtime.cpu.CpuState.RSP;
            }
        }
        return new RegisterCache(mv, m, XmmCache.of(mv, segments));
    }

    private static int registers(Operand o) {
        return switch (o) {
            case Operand.Reg r when r.cls() == dev.jvmx.x86.RegClass.GPR -> 1 << r.num();
            case Operand.Mem m -> (m.base() >= 0 && m.base() < 16 ? 1 << m.base() : 0) | (m.index() >= 0 ? 1 << m.index() : 0);
            default -> 0;
        };
    }

    private static boolean usesStack(Instruction i) {
        return switch (i.mnemonic()) {
            case PUSH, POP, CALL, RET -> true;
            default -> false;
        };
    }

    XmmCache xmm() { return xmm; }

    boolean cached(int n) { return (mask & (1 << n)) != 0; }

    int slot(int n) { return FIRST + 2 * n; }

    /** Every cached GPR and the flag record from {@code CpuState}: nothing is dirty after it. */
    void loadAll() {
        for (int n = 0; n < 16; n++) if (cached(n)) load(n);
        loadFlags();
        xmm.loadAll();
        dirty = 0;
    }

    /** The method is about to emit GPR {@code n}'s local being set. */
    void written(int n) {
        if (cached(n)) dirty |= 1 << n;
    }

    /** A label a jump may reach from elsewhere in the method: any cached GPR may be dirty there. */
    void joined() {
        xmm.joined();
        dirty = mask;
    }

    /** Every cached GPR, the flag record and the budget back (paths reached from anywhere: the shared exit, the fault handler). */
    void writeBackAll() {
        xmm.writeBackAll();
        writeBackSet(mask);
    }

    /** The cached GPRs that may be dirty here, the flag record and the budget back (an exit or a call on the straight path). */
    void writeBackDirty() {
        xmm.writeBackDirty();
        writeBackSet(dirty);
    }

    private void writeBackSet(int which) {
        for (int n = 0; n < 16; n++) if ((which & (1 << n)) != 0) writeBack(n);
        writeBackFlags();
        mv.visitVarInsn(ALOAD, BlockEmitter.BUDGET);
        mv.visitVarInsn(LLOAD, LEFT);
        mv.visitFieldInsn(PUTFIELD, BUDGET, "left", "J");
    }

    /** The budget local from {@code RunBudget.left} (method entry; no call the method makes changes it). */
    void loadBudget() {
        mv.visitVarInsn(ALOAD, BlockEmitter.BUDGET);
        mv.visitFieldInsn(GETFIELD, BUDGET, "left", "J");
        mv.visitVarInsn(LSTORE, LEFT);
    }

    /** The flag-record locals from {@code CpuState} (method entry, after a call that may set flags). */
    void loadFlags() {
        flagField(GETFIELD, "ccOp", "I");
        mv.visitVarInsn(ISTORE, CC_OP);
        flagField(GETFIELD, "ccSize", "I");
        mv.visitVarInsn(ISTORE, CC_SIZE);
        for (int f = 0; f < 4; f++) {
            flagField(GETFIELD, LONG_FIELDS[f], "J");
            mv.visitVarInsn(LSTORE, CC_A + 2 * f);
        }
    }

    /** The flag record to {@code CpuState} (exits, before a call that reads flags): {@link FusedConditions#commit}. */
    void writeBackFlags() {
        mv.visitVarInsn(ALOAD, BlockEmitter.CPU);
        mv.visitVarInsn(ILOAD, CC_OP);
        mv.visitVarInsn(ILOAD, CC_SIZE);
        for (int f = 0; f < 4; f++) mv.visitVarInsn(LLOAD, CC_A + 2 * f);
        mv.visitMethodInsn(INVOKESTATIC, org.objectweb.asm.Type.getInternalName(FusedConditions.class), "commit",
                "(L" + OperandCode.CPU + ";IIJJJJ)V", false);
    }

    private void flagField(int opcode, String name, String desc) {
        mv.visitVarInsn(ALOAD, BlockEmitter.CPU);
        mv.visitFieldInsn(opcode, OperandCode.CPU, name, desc);
    }

    /** Local of GPR {@code n} from {@code cpu.gpr} (after a call that may have changed it). */
    void load(int n) {
        if (!cached(n)) return;
        mv.visitVarInsn(ALOAD, BlockEmitter.GPR);
        mv.visitIntInsn(BIPUSH, n);
        mv.visitInsn(LALOAD);
        mv.visitVarInsn(LSTORE, slot(n));
    }

    /** {@code cpu.gpr[n]} from its local (before a call that reads it, or an exit). */
    void writeBack(int n) {
        if (!cached(n)) return;
        mv.visitVarInsn(ALOAD, BlockEmitter.GPR);
        mv.visitIntInsn(BIPUSH, n);
        mv.visitVarInsn(LLOAD, slot(n));
        mv.visitInsn(LASTORE);
    }
}

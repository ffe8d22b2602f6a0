package dev.jvmx.translator;

import static org.objectweb.asm.Opcodes.*;

import dev.jvmx.x86.Instruction;
import dev.jvmx.x86.Operand;
import org.objectweb.asm.MethodVisitor;

/**
 * Guest state held in JVM locals for the life of one generated method: GPRs in long locals (tier
 * 2's register allocation, used where code loops inside its method: regions and blocks that loop
 * on themselves) and, in every method, the lazy-flag record ({@code CpuState.ccOp, ccSize, ccA,
 * ccB, ccRes, ccAux}; kind and size in one int, fields that follow from the others kept zero:
 * {@link FusedConditions#IN_CPU}), so a flag-setting inline form writes locals that C2 drops when
 * a later form overwrites them before anything reads them: flags are computed only where read
 * (DESIGN.md, flag liveness), and committed at exits. {@code CpuState} is the authority outside
 * the method and for everything the method calls, so the cache is written back before each call
 * that reads guest registers or flags ({@code Interpreter.step}, the stack, shift and multiply
 * helpers, {@code Cond.test}) and at every exit; after each call that may write them the GPRs are
 * reloaded and the flag record is marked as {@code CpuState}'s (nothing loaded: constants in the
 * record locals, so a loop entered with the record in {@code CpuState} carries no loaded value
 * round its back edge, only what its own producers leave). Locals
 * are set at the top of the method, before the guarded range, so the fault handler can write them
 * back: inline forms write flags and registers last, after anything that can fault, so at a fault
 * the locals hold the state of the instruction boundary.
 *
 * <pre>
 *   slot: 6-7 scratch long   8 + 2n  GPR n (for the n in {@link #mask})
 *         40 kind | size &lt;&lt; 8  42 ccA  44 ccB  46 ccRes  48 ccAux   50.. scratch longs (TARGET, SP, X, Y)
 *         58 the instruction budget left (RunBudget.left)
 *         60 the GuestMemory  61 its read entries  62 write entries (DirectTlb)
 *         64 a memory access's address  66 the value it stores  68 its TLB entry's byte offset
 *         70 + 6k memory window k: base, addend, limit ({@link OperandCode#windowHit})
 *         70 + 6 * MAX_WINDOWS.. (88 with the default two data windows) the cached XMM registers,
 *              two longs each ({@link XmmCache}: loaded, written back and
 *              marked dirty at the same points as the GPRs)
 * </pre>
 * With no GPR cached (tier-1 blocks) every register access stays on the {@code gpr} array.
 *
 * <p>Dirty registers: while the emitter goes through a segment's instructions in order, the cache
 * knows which cached GPRs may differ from {@code cpu.gpr} ({@link #dirty}): none after the
 * method-entry load or the reload after a handler call, every cached one at a segment's label (a
 * jump may arrive there from anywhere), plus each one written since. Exits on that straight path
 * and handler calls write back only those ({@link #writeBackDirty}); the shared exit path and the
 * fault handler, reached from anywhere, write back all of them ({@link #writeBackAll}). A helper
 * that reads or moves a few registers in {@code cpu.gpr} (MUL/DIV, the stack helpers, REP strings)
 * has them stored only if dirty ({@link #writeBack}) and reloaded after it ({@link #load}): both
 * leave the register clean. The set only shrinks on straight-line code (a reload, a write-back);
 * where a jump skips such code the two paths' sets are joined ({@link #mayBeSkipped}).
 *
 * <p>C2 register pressure (session 7, fib's region with hsdis): the guest registers, RSP, the
 * budget and the flag record are what C2 spills round the loops; the three window locals are
 * read-only there, and a constant window limit (measured with an inexact sentinel for the empty
 * window, so only the measure) gave fib 41 3.55 -> 3.51 s user CPU: no gain worth a second
 * way of emptying a window.
 */
final class RegisterCache {
    static final int TMP = 6, FIRST = 8;
    static final int CC_OP = 40, CC_A = 42, CC_B = 44, CC_RES = 46, CC_AUX = 48;
    /** Scratch longs: an indirect branch target, a new stack pointer, two operand values. */
    static final int TARGET = 50, SP = 52, X = 54, Y = 56;
    /** {@code RunBudget.left} while the method runs (internal jumps charge it), written back at every exit. */
    static final int LEFT = 58;
    /** The memory and its software-TLB entry arrays ({@code DirectTlb}), set at entry for the memory fast path. */
    static final int MEMORY = 60, READ_TAGS = 61, WRITE_TAGS = 62;
    /** A memory access's linear address, the value it stores, its TLB entry's byte offset ({@code DirectTlb.offset}). */
    static final int ADDR = 64, VALUE = 66, TLB_OFFSET = 68;
    /** Memory windows ({@link OperandCode#windowHit}): RSP's, then one per address shape (base and index register) given one, the first at {@link #windowSlot}. */
    private static final int FIRST_WINDOW = 70;
    /**
     * At most this many memory windows (RSP's and {@link #DATA_WINDOWS} for other base registers);
     * the XMM locals follow them ({@link XmmCache#FIRST}).
     */
    private static final int MAX_WINDOWS = 1 + OperandCode.DATA_WINDOWS;
    static final int FIRST_XMM = FIRST_WINDOW + 6 * MAX_WINDOWS;
    private static final String BUDGET = org.objectweb.asm.Type.getInternalName(RunBudget.class);

    private final MethodVisitor mv;
    private final int mask;
    /** The address shape ({@link #windowKey}) of each memory window (looping methods), by window. */
    private final int[] windowBases;
    /** The XMM registers held in locals the same way ({@link XmmCache}). */
    private final XmmCache xmm;
    /** Cached GPRs whose local may differ from {@code cpu.gpr} at the point being emitted (see the class doc). */
    private int dirty;

    private RegisterCache(MethodVisitor mv, int mask, int[] windowBases, XmmCache xmm) {
        this.mv = mv;
        this.mask = mask;
        this.windowBases = windowBases;
        this.xmm = xmm;
    }

    /** No GPR cached (the flag record always is), no memory window. */
    static RegisterCache flagsOnly(MethodVisitor mv) {
        return new RegisterCache(mv, 0, new int[0], XmmCache.none(mv));
    }

    /**
     * Caches every GPR an operand of {@code segments} names, and gives RSP a memory window when
     * the stack forms or RSP-based operands access memory ({@link OperandCode#windowHit}), and up
     * to {@link OperandCode#DATA_WINDOWS} other address shapes one each ({@link #windowKey}: base
     * and index register), those of the most memory operands (at least two) whose base register no
     * instruction the method emits writes ({@link #destinations}, implicit writes included) and whose index, if any, is bounded
     * ({@link #bounds}): a table at a fixed base indexed by a byte or word, as crc32's
     * {@code [r8 + rdx*4]}, whose accesses stay on one or two pages. Left out: a moving cursor
     * ({@code [rax]}, incremented) misses whenever two loops share it (sort's partition scans
     * {@code a[i]} and {@code a[j]} through one register; sort 4 user CPU 3.77 → 4.15 s with it,
     * machine load 13), and a strided index (sieve's {@code [rcx + rax]}, {@code rax += p}) misses
     * every few stores at a branch the TLB path does not have (sieve 50: 3.77 → 4.07 s, within
     * that load's noise). With {@link OperandCode#SPANS} the first rule goes (a window over a
     * whole span keeps a moving cursor inside it: matmul's columns, list's chase), the index rule
     * stays (sort 12 with windows on its {@code [r14 + rcx*4]} partition shapes: user CPU
     * 4.00 -> 4.28 s, 3 alternating pairs at load 2). The choice only decides speed: every window
     * access checks its address against the window. Counted over each segment's whole block, also
     * where the method emits its tail as another segment (a region's run stops there,
     * {@code BlockEmitter}): a shape in a tail that two blocks share counts once for each. That
     * weighting is what gives crc32's table its window (its one access sits in the inner-loop
     * block and in the tail of the outer block that falls into it); counting each emitted
     * instruction once dropped it (crc32 100 user CPU 1.43 -> 1.60 s, medians of 3 alternating
     * pairs, load 12). Writes counted there are emitted in the other segment anyway, so the
     * written-base rule is the same either way.
     */
    static RegisterCache of(MethodVisitor mv, Segment[] segments) {
        return of(mv, segments, OperandCode.SPANS);
    }

    /** {@link #of} with span windows on or off ({@code spans}: a written base may keep its window). */
    static RegisterCache of(MethodVisitor mv, Segment[] segments, boolean spans) {
        int m = 0;
        boolean stack = false;
        java.util.Map<Integer, Integer> shapes = new java.util.HashMap<>();
        int moved = 0;
        for (Segment s : segments) {
            int bounded = 0; // GPRs whose last write in this segment so far bounds them (bounds)
            for (Instruction i : s.instructions()) { // the whole block, also a tail emitted as another segment (see above)
                for (int k = 0; k < i.operandCount(); k++) {
                    m |= registers(i.op(k));
                    stack |= i.op(k) instanceof Operand.Mem mem && mem.base() == dev.jvmx.runtime.cpu.CpuState.RSP;
                    if (i.op(k) instanceof Operand.Mem mem && i.mnemonic() != dev.jvmx.x86.Mnemonic.LEA
                            && (mem.index() < 0 || mem.index() < 16 && (bounded & 1 << mem.index()) != 0)) {
                        int key = windowKey(mem);
                        if (key >= 0 && key != windowKey(dev.jvmx.runtime.cpu.CpuState.RSP, Operand.Mem.NONE)) shapes.merge(key, 1, Integer::sum);
                    }
                }
                int d = destinations(i);
                moved |= d;
                bounded = bounds(i) ? bounded | d : bounded & ~d;
                if (usesStack(i)) {
                    m |= 1 << dev.jvmx.runtime.cpu.CpuState.RSP;
                    stack = true;
                }
            }
        }
        for (int r = 0; r < 16; r++) {
            if ((moved & 1 << r) != 0 && !spans) for (int x = 0; x <= 16; x++) shapes.remove(windowKey(r, x - 1));
        }
        return new RegisterCache(mv, m, OperandCode.WINDOWS ? windowKeys(stack, shapes) : new int[0], XmmCache.of(mv, segments));
    }

    /** Whether {@code i} leaves its destination below 2^16: MOVZX from a byte or word, AND with such an immediate. */
    private static boolean bounds(Instruction i) {
        return switch (i.mnemonic()) {
            case MOVZX -> i.operandCount() == 2 && sizeOf(i.op(1)) <= 16;
            case AND -> i.operandCount() == 2 && i.op(1) instanceof Operand.Imm imm && imm.value() >= 0 && imm.value() <= 0xFFFF;
            default -> false;
        };
    }

    private static int sizeOf(Operand o) {
        return switch (o) {
            case Operand.Reg r -> r.size();
            case Operand.Mem mem -> mem.size();
            default -> 64;
        };
    }

    /**
     * The GPRs {@code i} may write (a superset is safe: it only gives fewer windows): the
     * destination operand (its first, unless it only compares; both of an exchange and of MULX)
     * and the registers it writes without naming them ({@link #implicitWrites}).
     */
    private static int destinations(Instruction i) {
        int d = implicitWrites(i);
        if (i.operandCount() == 0 || i.mnemonic() == dev.jvmx.x86.Mnemonic.CMP || i.mnemonic() == dev.jvmx.x86.Mnemonic.TEST) return d;
        d |= i.op(0) instanceof Operand.Reg r && r.cls() == dev.jvmx.x86.RegClass.GPR ? 1 << r.num() : 0;
        return switch (i.mnemonic()) {
            case XCHG, XADD, CMPXCHG, MULX -> d | (i.operandCount() > 1 && i.op(1) instanceof Operand.Reg r && r.cls() == dev.jvmx.x86.RegClass.GPR ? 1 << r.num() : 0);
            default -> d;
        };
    }

    private static final int AX = 1, CX = 1 << 1, DX = 1 << 2, BX = 1 << 3, SP_ = 1 << 4, BP = 1 << 5, SI = 1 << 6, DI = 1 << 7, R11 = 1 << 11;

    /**
     * The GPRs {@code i} writes beyond its operands (SDM Vol. 2, each instruction's
     * "Operation"): the accumulator pair of MUL/DIV (and one-operand IMUL) and the sign extensions, the string registers
     * (RCX too, for a REP prefix), CMPXCHG's accumulator, RSP of the stack forms (and RBP of
     * ENTER/LEAVE), and the registers the CPUID/RDTSC/MSR/SYSCALL families return in.
     */
    private static int implicitWrites(Instruction i) {
        return switch (i.mnemonic()) {
            case IMUL -> i.operandCount() == 1 ? AX | DX : 0;
            case MUL, DIV, IDIV, RDTSC, RDMSR, RDPMC, XGETBV, RDPKRU, CMPXCHG8B, CMPXCHG16B -> AX | DX;
            case CBW, CWDE, CDQE, LAHF, XLAT, CMPXCHG, IN, AAA, AAS, AAM, AAD, DAA, DAS, SALC -> AX;
            case CWD, CDQ, CQO -> DX;
            case CPUID -> AX | BX | CX | DX;
            case RDTSCP -> AX | CX | DX;
            case MOVSB, MOVSW, MOVSD, MOVSQ, CMPSB, CMPSW, CMPSD, CMPSQ -> SI | DI | CX;
            case LODSB, LODSW, LODSD, LODSQ -> AX | SI | CX;
            case STOSB, STOSW, STOSD, STOSQ, SCASB, SCASW, SCASD, SCASQ, INSB, INSW, INSD -> DI | CX;
            case OUTSB, OUTSW, OUTSD -> SI | CX;
            case LOOP, LOOPE, LOOPNE, PCMPESTRI, PCMPISTRI -> CX;
            case PUSH, POP, PUSHF, PUSHFD, PUSHFQ, POPF, POPFD, POPFQ, CALL, CALLF, RET, RETF, INT, INT1, INT3, INTO,
                 IRET, IRETD, IRETQ, PUSHA, PUSHAD -> SP_;
            case ENTER, LEAVE -> SP_ | BP;
            case POPA, POPAD -> 0xFF;
            case SYSCALL, SYSRET -> AX | CX | R11 | SP_;
            case SYSENTER, SYSEXIT -> CX | DX | SP_;
            default -> 0;
        };
    }

    /** RSP's window when {@code stack}, then the data windows: the shapes counted most in {@code shapes}. */
    private static int[] windowKeys(boolean stack, java.util.Map<Integer, Integer> shapes) {
        int[] w = new int[MAX_WINDOWS];
        int n = 0;
        if (stack) w[n++] = windowKey(dev.jvmx.runtime.cpu.CpuState.RSP, Operand.Mem.NONE);
        java.util.List<Integer> keys = shapes.entrySet().stream().filter(e -> e.getValue() >= 2)
                .sorted(java.util.Map.Entry.<Integer, Integer>comparingByValue().reversed().thenComparing(java.util.Map.Entry.comparingByKey()))
                .map(java.util.Map.Entry::getKey).limit(OperandCode.DATA_WINDOWS).toList();
        for (int key : keys) w[n++] = key;
        return java.util.Arrays.copyOf(w, n);
    }

    /** The window key of a memory operand's address shape (base and index register), or -1 for one without a base GPR. */
    static int windowKey(Operand.Mem mem) {
        return mem.base() >= 0 && mem.base() < 16 ? windowKey(mem.base(), mem.index()) : -1;
    }

    static int windowKey(int base, int index) {
        return base | (index >= 0 && index < 16 ? index + 1 : 0) << 4;
    }

    /** The memory window of RSP-based stack accesses (push, pop, call, ret; {@code [rsp+disp]}), or -1. */
    int stackWindow() { return window(windowKey(dev.jvmx.runtime.cpu.CpuState.RSP, Operand.Mem.NONE)); }

    /** The memory window of address shape {@code key} ({@link #windowKey}), or -1. */
    int window(int key) {
        for (int k = 0; k < windowBases.length; k++) if (windowBases[k] == key) return k;
        return -1;
    }

    /** First of window {@code k}'s three long locals: base, addend, limit. */
    static int windowSlot(int k) { return FIRST_WINDOW + 6 * k; }

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

    /**
     * Every cached GPR from {@code CpuState}, the flag record marked as {@code CpuState}'s: nothing is dirty after it. The
     * memory windows are emptied (method entry; after a handler call, whatever the call did to the
     * address space: the next access refills them from the TLB).
     */
    void loadAll() {
        for (int n = 0; n < 16; n++) if (cached(n)) load(n);
        flagsInCpu();
        xmm.loadAll();
        dirty = 0;
        for (int k = 0; k < windowBases.length; k++) {
            for (int j = 0; j < 3; j++) {
                mv.visitInsn(LCONST_0);
                mv.visitVarInsn(LSTORE, windowSlot(k) + 2 * j);
            }
        }
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
        for (int n = 0; n < 16; n++) if ((which & mask & (1 << n)) != 0) store(n);
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

    /**
     * The flag-record locals say "the record is {@code CpuState}'s" ({@link FusedConditions#IN_CPU}:
     * method entry, after a call that may set flags): constants, nothing loaded, nothing to commit.
     */
    void flagsInCpu() {
        mv.visitIntInsn(BIPUSH, FusedConditions.IN_CPU);
        mv.visitVarInsn(ISTORE, CC_OP);
        for (int f = 0; f < 4; f++) {
            mv.visitInsn(LCONST_0);
            mv.visitVarInsn(LSTORE, CC_A + 2 * f);
        }
    }

    /** The flag record to {@code CpuState} (exits, before a call that reads flags): {@link FusedConditions#commit}. */
    void writeBackFlags() {
        mv.visitVarInsn(ALOAD, BlockEmitter.CPU);
        mv.visitVarInsn(ILOAD, CC_OP);
        for (int f = 0; f < 4; f++) mv.visitVarInsn(LLOAD, CC_A + 2 * f);
        mv.visitMethodInsn(INVOKESTATIC, org.objectweb.asm.Type.getInternalName(FusedConditions.class), "commit",
                "(L" + OperandCode.CPU + ";IJJJJ)V", false);
    }

    /**
     * Local of GPR {@code n} from {@code cpu.gpr} (after a call that may have changed it): clean
     * after it. Straight-line code only, like {@link #writeBack}: a path that skips it is joined
     * with {@link #mayBeSkipped}.
     */
    void load(int n) {
        if (!cached(n)) return;
        mv.visitVarInsn(ALOAD, BlockEmitter.GPR);
        mv.visitIntInsn(BIPUSH, n);
        mv.visitInsn(LALOAD);
        mv.visitVarInsn(LSTORE, slot(n));
        dirty &= ~(1 << n);
    }

    /**
     * {@code cpu.gpr[n]} from its local if it may differ there (before a call that reads it):
     * clean after it, so the handler path and exits after it do not store it again.
     */
    void writeBack(int n) {
        if ((dirty & mask & (1 << n)) == 0) return;
        store(n);
        dirty &= ~(1 << n);
    }

    private void store(int n) {
        mv.visitVarInsn(ALOAD, BlockEmitter.GPR);
        mv.visitIntInsn(BIPUSH, n);
        mv.visitVarInsn(LLOAD, slot(n));
        mv.visitInsn(LASTORE);
    }

    /**
     * Emits {@code skippable}, code a jump around it may skip (the handler call after an inline
     * attempt that may leave work: REP strings; the DIV quotient fast path), and leaves the dirty sets right where both paths
     * join: a GPR dirty on either path is dirty there (the handler path's reload cleans them all,
     * the jump carries what was dirty before). The XMM registers are taken as all dirty there.
     */
    void mayBeSkipped(Runnable skippable) {
        int before = dirty;
        skippable.run();
        dirty |= before;
        xmm.joined();
    }
}

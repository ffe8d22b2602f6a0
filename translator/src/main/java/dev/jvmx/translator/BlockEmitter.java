package dev.jvmx.translator;

import static org.objectweb.asm.Opcodes.*;

import dev.jvmx.runtime.cpu.CpuModel;
import dev.jvmx.runtime.exec.Exit;
import dev.jvmx.runtime.exec.Handler;
import dev.jvmx.runtime.exec.HandlerTable;
import dev.jvmx.runtime.exec.Interpreter;
import dev.jvmx.runtime.mem.GuestFault;
import dev.jvmx.x86.Instruction;
import dev.jvmx.x86.Mnemonic;
import dev.jvmx.x86.Mode;
import dev.jvmx.x86.Operand;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Type;

/**
 * Emits the body of one block method, {@code static Exit block(ExecContext, RunBudget)}: the context of one
 * translation (its method visitor, class data and fault map). Per instruction either an inline form
 * ({@link InlineForms}), a branch at the block end, or a call to {@code Interpreter.step} for that
 * instruction (Blink's approach: the tiers cannot disagree; the interpreter's pre-execution gate,
 * its handler, its fault rollback and its exit handling all apply unchanged).
 *
 * <pre>
 *   locals: 0 ctx (ExecContext)  1 budget (RunBudget)  2 cpu (CpuState)  3 gpr (long[])
 *           4 index of the instruction that may fault  5 the GuestFault in the handler
 *           6.. scratch and cached guest registers ({@link RegisterCache}, when the method loops)
 *   try { body: instructions } catch (GuestFault f) { write back; return BlockSupport.fault(cpu, faultMap, index, f); }
 * </pre>
 * Chaining inside the method: a branch (or the fall-through at a page end or the size cap) to the
 * start of a whole {@link Segment} of the same method, the block itself when it loops or another
 * block of a region, charges the {@link RunBudget} with that block's length and jumps to it while
 * the budget covers it and no code changed; every other edge stores RIP and returns.
 */
final class BlockEmitter {
    static final int CTX = 0, BUDGET = 1, CPU = 2, GPR = 3, INDEX = 4, FAULT = 5;
    private static final String BUDGET_CLASS = Type.getInternalName(RunBudget.class);
    private static final String EXIT_DESC = Type.getDescriptor(Exit.class);
    private static final String INS_DESC = Type.getDescriptor(Instruction.class);

    private final MethodVisitor mv;
    private final ClassData data;
    private final Segment[] segments;
    /** Label of each segment's first instruction. */
    private final Label[] labels;
    /**
     * Instructions of each segment the method emits and charges: all of them, or (a region) those
     * before the first that starts another whole segment, where the segment goes on into that one.
     */
    private final int[] runs;
    private final OperandCode op;
    private final RegisterCache regs;
    private final InlineForms inline;
    private final FaultMap faultMap;
    private final FlagCode flags;
    /** The flag record's values on entry at each segment ({@link FlagSeeds}). */
    private final FlagSeeds seeds;
    private int lastIndexStored = -1;
    /** Where control may return to: the instruction after each CALL of the method (RET compares only these). */
    private final java.util.Set<Long> returnSites = new java.util.HashSet<>();
    /** The shared exit path: writes everything back and returns null with RIP as set before ({@link #leave}, {@link #afterStore}). */
    private final Label exit = new Label();
    /** The instruction being emitted: its address after it, and the instructions of its segment after it. */
    private long nextRip;
    private int remaining;
    /** Where the run budget is checked and what it must cover ({@link RegionBudget}); the segment being emitted. */
    private final RegionBudget budget;
    private int current = -1;
    private final boolean processOnly;

    /** Whether only a process-mode CPU runs this code (CR4 and XCR0 fixed by the model: {@code BlockTranslator}). */
    boolean processOnly() { return processOnly; }

    /** @param segments the head block first, then (a region) the blocks it may chain to inside the method */
    BlockEmitter(MethodVisitor mv, ClassData data, Segment[] segments, Mode mode, CpuModel model, boolean processOnly) {
        this.mv = mv;
        this.processOnly = processOnly;
        this.data = data;
        this.segments = segments;
        this.labels = new Label[segments.length];
        this.regs = loops(segments) ? RegisterCache.of(mv, segments) : RegisterCache.flagsOnly(mv);
        this.op = new OperandCode(mv, mode, regs, this::afterStore);
        this.flags = new FlagCode(mv, op, regs);
        this.inline = new InlineForms(mv, op, this, model, regs, flags);
        int n = 0;
        for (int j = 0; j < segments.length; j++) {
            labels[j] = new Label();
            n += segments[j].length();
        }
        this.runs = new int[segments.length];
        for (int j = 0; j < segments.length; j++) runs[j] = run(j);
        this.seeds = FlagSeeds.of(segments, runs);
        this.budget = new RegionBudget(segments, runs, this::segmentAt);
        long[] addresses = new long[n];
        int k = 0;
        for (Segment seg : segments) {
            for (Instruction i : seg.instructions()) {
                addresses[k++] = i.address();
                if (i.mnemonic() == Mnemonic.CALL) returnSites.add(i.next());
            }
        }
        this.faultMap = new FaultMap(addresses);
    }

    void emit() {
        mv.visitCode();
        mv.visitVarInsn(ALOAD, CTX);
        mv.visitFieldInsn(GETFIELD, OperandCode.CTX, "cpu", "L" + OperandCode.CPU + ";");
        mv.visitVarInsn(ASTORE, CPU);
        mv.visitVarInsn(ALOAD, CPU);
        mv.visitFieldInsn(GETFIELD, OperandCode.CPU, "gpr", "[J");
        mv.visitVarInsn(ASTORE, GPR);
        op.loadTlb();
        regs.loadAll();
        regs.loadBudget();
        mv.visitInsn(ICONST_0);
        mv.visitVarInsn(ISTORE, INDEX);
        Label start = new Label(), end = new Label(), onFault = new Label();
        mv.visitTryCatchBlock(start, end, onFault, Type.getInternalName(GuestFault.class));
        mv.visitLabel(start);
        if (segments.length > 1) entries();
        else seeds.emit(mv, op, regs, 0);
        int k = 0;
        for (int j = 0; j < segments.length; j++) {
            mv.visitLabel(labels[j]);
            regs.joined();
            current = j;
            lastIndexStored = -1;
            Instruction[] ins = segments[j].instructions();
            for (int n = 0; n < ins.length; n++, k++) { // k counts every instruction: the fault map holds them all
                if (n >= runs[j]) continue;
                nextRip = ins[n].next();
                remaining = runs[j] - 1 - n;
                flags.before(n == 0);
                instruction(ins[n], k, n == ins.length - 1);
            }
            if (runs[j] < ins.length) branchTo(ins[runs[j]].address());
        }
        mv.visitLabel(exit);
        regs.writeBackAll();
        mv.visitInsn(ACONST_NULL);
        mv.visitInsn(ARETURN);
        mv.visitLabel(end);
        mv.visitLabel(onFault);
        mv.visitVarInsn(ASTORE, FAULT);
        regs.writeBackAll();
        mv.visitVarInsn(ALOAD, CPU);
        mv.visitLdcInsn(data.constant(faultMap, FaultMap.class));
        mv.visitVarInsn(ILOAD, INDEX);
        mv.visitVarInsn(ALOAD, FAULT);
        mv.visitMethodInsn(INVOKESTATIC, Type.getInternalName(BlockSupport.class), "fault",
                "(L" + OperandCode.CPU + ";" + Type.getDescriptor(FaultMap.class) + "I" + Type.getDescriptor(GuestFault.class) + ")" + EXIT_DESC, false);
        mv.visitInsn(ARETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    /**
     * A region is entered at whichever of its blocks the executor arrived at: the executor names
     * that segment in {@link RunBudget#entry} and one {@code tableswitch} jumps there, charging
     * the block's length (the executor charges nothing for a region, and enters only with budget
     * for its largest reserve, so no entry needs a check of its own). One switch rather than a
     * compare per block: C2 compiles the entries its profile never saw as an uncommon trap, and a
     * trap at a switch it has trapped at once is not compiled as a trap again, so a region pays at
     * most one deoptimisation for entries first used after it was compiled, where a compare per
     * block paid one per such block. An index naming no whole segment (or a budget below the
     * reserve), which the executor never passes, leaves having retired nothing, and the executor
     * interprets the block instead.
     */
    private void entries() {
        Label none = new Label();
        mv.visitVarInsn(LLOAD, RegisterCache.LEFT);
        op.pushLong(budget.entry());
        mv.visitInsn(LCMP);
        mv.visitJumpInsn(IFLT, none);
        Label[] cases = new Label[segments.length];
        for (int j = 0; j < segments.length; j++) {
            cases[j] = segments[j].whole() && segmentAt(segments[j].start()) == j ? new Label() : none;
        }
        mv.visitVarInsn(ALOAD, BUDGET);
        mv.visitFieldInsn(GETFIELD, BUDGET_CLASS, "entry", "I");
        mv.visitTableSwitchInsn(0, segments.length - 1, none, cases);
        for (int j = 0; j < segments.length; j++) {
            if (cases[j] == none) continue;
            mv.visitLabel(cases[j]);
            seeds.emit(mv, op, regs, j);
            charge(runs[j]);
            mv.visitJumpInsn(GOTO, labels[j]);
        }
        mv.visitLabel(none);
        leave();
    }

    /**
     * After a store that went past the inline TLB fast path (a miss: a write to a page holding
     * code always is one) or a call that may store: if it changed translated code, leave at the
     * next instruction boundary with everything written back and the instructions of the
     * segment not run given back to the budget (the executor charged or the jump charged them).
     * {@code setRip}: RIP is the next instruction's (an inline store); false when the call
     * already set it ({@code Interpreter.step}).
     */
    void afterStore(boolean setRip) {
        Label same = new Label();
        mv.visitVarInsn(ALOAD, BUDGET);
        mv.visitFieldInsn(GETFIELD, BUDGET_CLASS, "codeChanged", "Z");
        mv.visitJumpInsn(IFEQ, same);
        if (afterItsStore != null) flags.aside(afterItsStore);
        if (remaining > 0) {
            mv.visitVarInsn(LLOAD, RegisterCache.LEFT);
            op.pushLong(remaining);
            mv.visitInsn(LADD);
            mv.visitVarInsn(LSTORE, RegisterCache.LEFT);
        }
        if (setRip) setRip(nextRip);
        mv.visitJumpInsn(GOTO, exit);
        mv.visitLabel(same);
    }

    /** What the instruction being emitted does after its store ({@link #storeThen}); null outside one. */
    private Runnable afterItsStore;

    /**
     * Emits {@code store}, then {@code rest} (a read-modify-write form's flags, which a faulting
     * store must not have written): {@code rest} also runs on the path that leaves after a store
     * that changed translated code, so the instruction completes there too.
     */
    void storeThen(Runnable store, Runnable rest) {
        afterItsStore = rest;
        try {
            store.run();
        } finally {
            afterItsStore = null;
        }
        rest.run();
    }

    /** The dynamic constant for {@code value} in this translation's class data. */
    org.objectweb.asm.ConstantDynamic constant(Object value, Class<?> type) {
        return data.constant(value, type);
    }

    /** Records that instruction {@code k} may fault: the index local must name it when it does. */
    void faultable(int k) {
        if (lastIndexStored == k) return;
        op.pushInt(k);
        mv.visitVarInsn(ISTORE, INDEX);
        lastIndexStored = k;
    }

    /** Instruction {@code k} of the method ({@code last}: of its segment). */
    private void instruction(Instruction i, int k, boolean last) {
        if (last && (direct(i) || transfer(i, k))) return;
        boolean inlined = inline.tryEmit(i, k);
        flags.after(i, inlined);
        if (!inlined) {
            handlerCall(i);
            if (last) {
                mv.visitInsn(ACONST_NULL); // RIP is what the handler left
                mv.visitInsn(ARETURN);
            }
        } else if (last) {
            branchTo(i.next()); // the block ended at a page end or the size cap
        }
    }

    /** JMP rel and Jcc rel ending a block: on to the target (or the next instruction). */
    private boolean direct(Instruction i) {
        if (i.operandCount() != 1 || !(i.op(0) instanceof Operand.Rel rel) || !inline.clearsGate(i)) return false;
        if (i.mnemonic() == Mnemonic.JMP) {
            branchTo(rel.target());
            return true;
        }
        if (!isJcc(i)) return false;
        Label notTaken = new Label();
        condition(i.cond());
        mv.visitJumpInsn(IFEQ, notTaken);
        branchTo(rel.target());
        mv.visitLabel(notTaken);
        branchTo(i.next());
        return true;
    }

    /**
     * Control goes to guest address {@code target}: a jump inside the method when a whole segment
     * starts there and the budget covers it (charging its length); otherwise RIP = target and
     * return to the executor.
     */
    private void branchTo(long target) {
        int j = segmentAt(target);
        if (j >= 0) {
            Label out = new Label();
            if (!chargeAndJump(j, out)) return; // never leaves here
            mv.visitLabel(out);
        }
        returnAt(target);
    }

    /**
     * Jumps to segment {@code j}, charging its length, when the budget covers its reserve; else
     * to {@code out}. A forward direct edge needs no check ({@link RegionBudget}). (Code that
     * changed under the method was left at once, {@link #afterStore}.) Returns whether it checked
     * (may go on to {@code out}).
     *
     * <p>What the check costs (session 7, fib 41, user CPU medians of 3-4 alternating runs on a
     * machine at load 9-11, same jar with a switch): no check at all 3.47 -> 2.40 s, none on
     * fib's two call edges alone about 0.85 s of that, none on its return 0.2 s (neither is
     * exact: a recursion or a RET loop must be checked, so only the measure). Tried and not
     * taken: the charge folded into the compare ({@code left -= n; left >= reserve - n}) 3.75 ->
     * 3.84 s, the failed check's exit through the shared exit 3.87 -> 3.79 s, the check moved
     * from the call edges to the edges into the calling blocks (as many checks) 3.9 -> 4.6 s.
     * Where the check sits matters more than what it does.
     */
    private boolean chargeAndJump(int j, Label out) {
        long count = runs[j];
        boolean checked = !budget.unchecked(current, j);
        if (checked) {
            mv.visitVarInsn(LLOAD, RegisterCache.LEFT);
            op.pushLong(budget.reserve(j));
            mv.visitInsn(LCMP);
            mv.visitJumpInsn(IFLT, out);
        }
        charge(count);
        mv.visitJumpInsn(GOTO, labels[j]);
        return checked;
    }

    /** Charges {@code count} instructions to the budget local. */
    private void charge(long count) {
        mv.visitVarInsn(LLOAD, RegisterCache.LEFT);
        op.pushLong(count);
        mv.visitInsn(LSUB);
        mv.visitVarInsn(LSTORE, RegisterCache.LEFT);
    }

    /**
     * How much of segment {@code j} to emit: in a region, a block whose tail is another block of
     * the region (a jump into the middle of a block starts a second, overlapping one) stops where
     * that block starts and goes on into it, so the shared instructions are emitted once.
     */
    private int run(int j) {
        Instruction[] ins = segments[j].instructions();
        if (segments.length == 1 || !segments[j].whole()) return ins.length;
        for (int n = 1; n < ins.length; n++) {
            int other = segmentAt(ins[n].address());
            if (other >= 0 && other != j) return n;
        }
        return ins.length;
    }

    private int segmentAt(long address) {
        for (int j = 0; j < segments.length; j++) {
            if (segments[j].whole() && segments[j].start() == address) return j;
        }
        return -1;
    }

    /** Pushes the Jcc condition, from the flag record in locals ({@link FlagCode}). */
    private void condition(int tttn) {
        flags.condition(tttn);
    }

    /**
     * CALL, RET and JMP through a register or memory, in 64-bit mode (the forms with a 64-bit
     * target): the stack arithmetic inline, then on to the target, inside the method when a whole
     * segment starts there (a direct call to a block of the region, a return to a call site of the
     * region: the return address is checked against the segments, a mismatch leaves to the
     * executor), else RIP = target and return. Interpreter order (BranchHandlers): the target is
     * read, then the return address pushed; a fault in either changes nothing.
     */
    private boolean transfer(Instruction i, int k) {
        if (op.mode() != Mode.BITS64 || !inline.clearsGate(i)) return false;
        Mnemonic m = i.mnemonic();
        if (m == Mnemonic.RET) {
            if (i.operandCount() > 0 && !(i.op(0) instanceof Operand.Imm)) return false;
            long extra = i.operandCount() > 0 ? ((Operand.Imm) i.op(0)).value() & 0xFFFF : 0;
            faultable(k);
            inline.pop64(extra);
            mv.visitVarInsn(LSTORE, RegisterCache.TARGET);
            dispatch(true);
            return true;
        }
        if ((m != Mnemonic.CALL && m != Mnemonic.JMP) || i.operandCount() != 1) return false;
        Operand t = i.op(0);
        if (m == Mnemonic.CALL && t instanceof Operand.Rel rel) {
            faultable(k);
            inline.push64(() -> op.pushLong(i.next()));
            branchTo(rel.target());
            return true;
        }
        if (!(OperandCode.isGpr(t) || OperandCode.isMem(t)) || t.size() != 64) return false;
        if (t instanceof Operand.Mem || m == Mnemonic.CALL) faultable(k);
        op.read(t);
        mv.visitVarInsn(LSTORE, RegisterCache.TARGET);
        if (m == Mnemonic.CALL) inline.push64(() -> op.pushLong(i.next()));
        dispatch(false);
        return true;
    }

    /**
     * Control goes to the address in local TARGET: compared with each whole segment's start (for a
     * {@code ret}urn only those after a CALL of the method), else exit there.
     */
    private void dispatch(boolean ret) {
        int from = current;
        current = -1; // returns and indirect branches are checked
        for (int j = 0; j < segments.length; j++) {
            if (!segments[j].whole() || segmentAt(segments[j].start()) != j) continue;
            if (ret && !returnSites.contains(segments[j].start())) continue;
            Label other = new Label();
            mv.visitVarInsn(LLOAD, RegisterCache.TARGET);
            op.pushLong(segments[j].start());
            mv.visitInsn(LCMP);
            mv.visitJumpInsn(IFNE, other);
            chargeAndJump(j, other);
            mv.visitLabel(other);
        }
        current = from;
        mv.visitVarInsn(ALOAD, CPU);
        mv.visitVarInsn(LLOAD, RegisterCache.TARGET);
        mv.visitFieldInsn(PUTFIELD, OperandCode.CPU, "rip", "J");
        leave();
    }

    /** What the executor must give to enter the method at any of its whole segments ({@link RegionBudget#entry}). */
    int entryBudget() { return budget.entry(); }

    static boolean isJcc(Instruction i) {
        return i.mnemonic().isJcc();
    }

    /** RIP = {@code rip}, everything written back, and leave. */
    private void returnAt(long rip) {
        setRip(rip);
        leave();
    }

    /**
     * Writes everything back and returns null. In a method of at most {@link #OWN_EXITS} blocks each
     * exit has its own copy, which writes back only the registers that may be dirty there
     * ({@link RegisterCache#writeBackDirty}); larger regions share one exit path, which keeps them
     * within the bytecode cap with more blocks. Measured with user CPU time on a loaded machine: the 6-block
     * fib region runs about 30% slower with a shared exit (C2 merges every exit's state there),
     * while the 19-block sort regions ran slower and once far slower (C2 struggling with the
     * bigger method) with an exit per edge.
     */
    private void leave() {
        if (segments.length > OWN_EXITS) {
            mv.visitJumpInsn(GOTO, exit);
            return;
        }
        regs.writeBackDirty();
        mv.visitInsn(ACONST_NULL);
        mv.visitInsn(ARETURN);
    }

    /** Methods of up to this many blocks give each exit its own write-back code ({@link #leave}). */
    static final int OWN_EXITS = 8;

    private void setRip(long rip) {
        mv.visitVarInsn(ALOAD, CPU);
        op.pushLong(rip);
        mv.visitFieldInsn(PUTFIELD, OperandCode.CPU, "rip", "J");
    }

    /**
     * Everything without an inline form runs through {@code Interpreter.step} itself: the same
     * pre-execution gate (LOCK and CPUID-feature #UD), handler, RIP and flag rollback on a fault,
     * and exit request as in tier 0. A non-null result (an exit, or a fault with the state already
     * rolled back to the instruction) leaves the method as it is.
     */
    void handlerCall(Instruction i) {
        Label go = new Label();
        if (OutOfLineCounts.enabled()) countOutOfLine(i);
        regs.writeBackDirty();
        mv.visitVarInsn(ALOAD, CTX);
        mv.visitLdcInsn(data.constant(i, Instruction.class));
        if (inline.clearsGate(i)) { // the handler as a constant: C2 can inline it here
            mv.visitLdcInsn(data.constant(HandlerTable.handler(i.mnemonic()), Handler.class));
            mv.visitMethodInsn(INVOKESTATIC, Type.getInternalName(Interpreter.class), "stepPastGate",
                    "(L" + OperandCode.CTX + ";" + INS_DESC + Type.getDescriptor(Handler.class) + ")" + EXIT_DESC, false);
        } else {
            mv.visitMethodInsn(INVOKESTATIC, Type.getInternalName(Interpreter.class), "step",
                    "(L" + OperandCode.CTX + ";" + INS_DESC + ")" + EXIT_DESC, false);
        }
        mv.visitInsn(DUP);
        mv.visitJumpInsn(IFNULL, go);
        mv.visitInsn(ARETURN);
        mv.visitLabel(go);
        mv.visitInsn(POP);
        regs.loadAll();
        afterStore(false);
    }

    /** {@code -Djvmx.jit.stats=true}: bumps the counter of {@code i}'s form ({@link OutOfLineCounts}). */
    private void countOutOfLine(Instruction i) {
        String form = Type.getInternalName(OutOfLineCounts.Form.class);
        mv.visitLdcInsn(data.constant(OutOfLineCounts.of(i), OutOfLineCounts.Form.class));
        mv.visitInsn(DUP);
        mv.visitFieldInsn(GETFIELD, form, "count", "J");
        mv.visitInsn(LCONST_1);
        mv.visitInsn(LADD);
        mv.visitFieldInsn(PUTFIELD, form, "count", "J");
    }

    /** True when the method can jump back into itself: then guest registers are worth caching in locals. */
    static boolean loops(Segment[] segments) {
        if (segments.length > 1) return true;
        Segment s = segments[0];
        Instruction last = s.instructions()[s.length() - 1];
        return s.whole() && last.operandCount() == 1 && last.op(0) instanceof Operand.Rel r && r.target() == s.start();
    }
}

package dev.jvmx.translator;

import dev.jvmx.runtime.cpu.CpuGeneration;
import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.exec.ExecContext;
import dev.jvmx.runtime.exec.Exit;
import dev.jvmx.runtime.exec.Interpreter;
import dev.jvmx.runtime.vm.NonRootTranslator;
import dev.jvmx.vmx.nonroot.Decision;
import dev.jvmx.vmx.nonroot.ExecutionControls;
import dev.jvmx.vmx.nonroot.Intercepts;
import dev.jvmx.vmx.nonroot.SensitiveInstruction;
import dev.jvmx.x86.BlockScanner;
import dev.jvmx.x86.ExitClass;
import dev.jvmx.x86.Flags;
import dev.jvmx.x86.Instruction;
import dev.jvmx.x86.Mnemonic;
import dev.jvmx.x86.Mode;
import dev.jvmx.x86.Operand;
import dev.jvmx.x86.RegClass;
import dev.jvmx.x86.Seg;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Tier 1 for machine guests: blocks of guest code that run in VMX non-root operation, translated
 * by the same {@link BlockTranslator} as process mode, behind the runtime's {@link
 * NonRootTranslator} contract ({@code vm.Vcpu} calls it at instruction boundaries; one per vCPU).
 *
 * <h2>Keys</h2>
 * A block is found by the host-physical address of its first byte (what the vCPU's MMU gives
 * for CS.base + RIP after paging and EPT, from its execute fast path; for one EPTP that is the
 * guest-physical address composed with EPT), the RIP it was decoded at, the CPU mode, and the
 * fingerprint of the controls read at VM entry (with the EPTP). What a block may contain is
 * decided at translation time from those controls, as constants: an instruction whose non-root
 * behaviour could differ — any exit class of the definition table (I/O, CPUID, HLT, MOV CR, ...)
 * except PAUSE when the controls say it executes ({@link Intercepts}), privileged and
 * system-mode instructions (far transfers, INT n, IRET, segment loads, CLI/STI, POPF, SYSCALL
 * and friends) — ends the block before it and is left to the interpreter with the non-root
 * hook. So a VM entry under other controls (PAUSE exiting on) finds other blocks.
 *
 * <h2>When translated code runs</h2>
 * This class runs guest code only on a modern CPU in 64-bit mode or 32-bit protected mode with a
 * flat CS, with TF, RF and the DR7 breakpoint enables clear ({@link #runnable}); a block not yet
 * hot is stepped through {@link Interpreter#step} (the handlers make every segment check), a hot
 * one runs translated only when the segments it uses are flat ({@link #flatSegments}: limit 4
 * GiB, expand-up writable data), since its inline forms skip those checks. Otherwise the vCPU's
 * interpreter does the work. Events are the
 * vCPU's: it checks them before every call, whose budget it bounds.
 *
 * <h2>Faults and exits</h2>
 * Memory goes through {@link NonRootMemory} (the vCPU's MMU, one call per access). A #PF, #GP
 * or EPT violation rolls the guest back to the faulting instruction (the translator's fault
 * map, {@link ExecContext#deliverFaults} off for handler calls); the call then returns the
 * instructions retired before it and the vCPU redoes that instruction through {@code
 * SystemStep}, which raises the fault with the exception bitmap and IDT, or the EPT violation
 * exit, exactly as without translation.
 *
 * <h2>Self-modifying code</h2>
 * The machine's {@code PhysicalDecodeCache} forwards every code change ({@code mmu.CodePages}:
 * the first write to a page code was fetched from) to {@link #codeChanged}; blocks in the page
 * are dropped before the next lookup, and a block that wrote into its own page leaves at the
 * next instruction boundary.
 */
public final class MachineJit implements NonRootTranslator {
    static final int TABLE_SIZE = 1 << 12;
    private static final int PAGE = 1 << CodeKey.PAGE_SHIFT;
    private static final Set<Mnemonic> SYSTEM = EnumSet.of(Mnemonic.JMPF, Mnemonic.CALLF, Mnemonic.RETF,
            Mnemonic.IRET, Mnemonic.IRETD, Mnemonic.IRETQ, Mnemonic.INT, Mnemonic.INT1, Mnemonic.INT3, Mnemonic.INTO,
            Mnemonic.LDS, Mnemonic.LES, Mnemonic.LSS, Mnemonic.LFS, Mnemonic.LGS, Mnemonic.CLI, Mnemonic.STI,
            Mnemonic.PUSHF, Mnemonic.PUSHFD, Mnemonic.PUSHFQ, Mnemonic.POPF, Mnemonic.POPFD, Mnemonic.POPFQ,
            Mnemonic.SYSCALL, Mnemonic.SYSRET, Mnemonic.SYSENTER, Mnemonic.SYSEXIT, Mnemonic.SWAPGS,
            Mnemonic.LAR, Mnemonic.LSL, Mnemonic.VERR, Mnemonic.VERW, Mnemonic.ARPL, Mnemonic.RSM, Mnemonic.HLT,
            Mnemonic.SMSW, Mnemonic.UD0, Mnemonic.UD1, Mnemonic.UD2, Mnemonic.INVALID, Mnemonic.TRUNCATED);

    private final JitOptions options;
    private final BlockTranslator translator;
    private final BlockScanner scanner = new BlockScanner(PAGE, TieredExecutor.MAX_BLOCK_INSTRUCTIONS);
    private final byte[] buf = new byte[PAGE];
    private final Entry[] table = new Entry[TABLE_SIZE];
    private final RunBudget budget = new RunBudget();
    private final JitCounters counters = new JitCounters();
    /** Host-physical pages whose code changed, from any vCPU's thread; dropped before the next lookup. */
    private final ConcurrentLinkedQueue<Long> changed = new ConcurrentLinkedQueue<>();
    private volatile boolean anyChanged;
    private ExecContext translated;
    private NonRootMemory memory;

    /** One block: where it is, what it was decoded under, its instructions up to the first the interpreter must run. */
    static final class Entry {
        final long physical, rip, fingerprint;
        final Mode mode;
        final Instruction[] instructions;
        /** Segments its instructions use (bit = {@code Seg} ordinal): ES, SS, DS always (stack, strings), others when named. */
        final int segments;
        long executions;
        Translation translation;
        boolean untranslatable;

        Entry(long physical, long rip, Mode mode, long fingerprint, Instruction[] instructions) {
            this.physical = physical;
            this.rip = rip;
            this.mode = mode;
            this.fingerprint = fingerprint;
            this.instructions = instructions;
            int used = 1 << Seg.ES.ordinal() | 1 << Seg.SS.ordinal() | 1 << Seg.DS.ordinal() | 1 << Seg.CS.ordinal();
            for (Instruction i : instructions) {
                for (int k = 0; k < i.operandCount(); k++) if (i.op(k) instanceof Operand.Mem m) used |= 1 << m.seg().ordinal();
            }
            this.segments = used;
        }
    }

    /** @param options {@link JitOptions.Mode#OFF} makes every call a no-op; REGION runs as BLOCK for machine guests (regions are process-mode only so far) */
    public MachineJit(JitOptions options) {
        this.options = options;
        this.translator = new BlockTranslator(options);
        if (Boolean.getBoolean(TieredExecutor.STATS_PROPERTY)) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> System.err.println("jvmx machine jit: " + counters)));
        }
    }

    public JitCounters counters() { return counters; }

    @Override
    public void codeChanged(long start, long end) {
        for (long p = start >>> CodeKey.PAGE_SHIFT; p <= (end - 1) >>> CodeKey.PAGE_SHIFT; p++) changed.add(p);
        anyChanged = true;
        budget.codeChanged = true; // a block running on this vCPU leaves at its next boundary
    }

    @Override
    public long run(ExecContext c, ExecutionControls controls, long fingerprint, long limit) {
        CpuState s = c.cpu;
        if (!options.translates() || !runnable(s) || c.mmu == null) return 0;
        ExecContext x = context(c);
        int flat = flatSegments(s); // no instruction run here loads a segment register
        long retired = 0;
        while (retired < limit) {
            if (anyChanged) dropChanged();
            long la = s.segmentBase(Seg.CS) + s.rip;
            if (s.mode != Mode.BITS64) la &= 0xFFFF_FFFFL;
            long pa = c.mmu.codeAddress(la);
            if (pa < 0) break; // not in the execute fast path: the interpreter's fetch fills it (or faults)
            Entry e = lookup(c, la, pa, s.rip, s.mode, controls, fingerprint);
            if (e.instructions.length == 0) break;
            e.executions++;
            Translation t = hot(e);
            long left = limit - retired;
            long done = t != null && t.length() <= left && (e.segments & ~flat) == 0 ? runTranslated(x, e, t, left) : interpret(x, e, left);
            retired += done;
            if (lastFaulted || done == 0) break; // the interpreter redoes the faulting instruction
        }
        return retired;
    }

    private boolean lastFaulted;

    /** The per-vCPU context translated code runs in: the same registers and bus, memory through {@link NonRootMemory}, faults returned. */
    private ExecContext context(ExecContext c) {
        if (translated == null || translated.cpu != c.cpu || memory.mmu() != c.mmu) {
            memory = new NonRootMemory(c.mmu);
            translated = new ExecContext(c.cpu, memory, c.model);
            translated.deliverFaults = false;
        }
        translated.bus = c.bus;
        translated.mmu = c.mmu;
        translated.nonRoot = c.nonRoot;
        translated.exit = null;
        return translated;
    }

    /**
     * CPU state under which this class runs guest code at all: a modern CPU with TF, RF and the
     * DR7 breakpoint enables clear, in 64-bit mode or in 32-bit protected mode with a flat CS
     * (the interpreter's CS-limit check on fetch is then moot).
     */
    static boolean runnable(CpuState s) {
        if (s.generation != CpuGeneration.MODERN || (s.rflags() & (Flags.TF | Flags.RF)) != 0 || (s.dr[7] & 0xFF) != 0) return false;
        if (s.mode == Mode.BITS64) return true;
        return s.mode == Mode.BITS32 && !s.realMode() && (flatSegments(s) & 1 << Seg.CS.ordinal()) != 0;
    }

    /**
     * The segments (bit = {@code Seg} ordinal) whose limit and type checks cannot fail (SDM Vol.
     * 3A §5.3, Table 3-1): all of them in 64-bit mode; in 32-bit mode those with a 4-GiB limit,
     * present, expand-up writable data (CS: readable code). Translated code, whose inline forms
     * skip those checks, runs only when the segments its block uses are in this set.
     */
    static int flatSegments(CpuState s) {
        if (s.mode == Mode.BITS64) return -1;
        int flat = 0;
        for (Seg g : FLAT_CHECKED) {
            int i = g.ordinal();
            int access = s.segAccess[i];
            boolean ok = (access & 0x90) == 0x90 && (g == Seg.CS ? (access & 0x0A) == 0x0A : (access & 0x0E) == 0x02);
            if (ok && s.segLimit[i] == -1) flat |= 1 << i;
        }
        return flat;
    }

    private static final Seg[] FLAT_CHECKED = {Seg.ES, Seg.CS, Seg.SS, Seg.DS, Seg.FS, Seg.GS};

    /**
     * Whether {@code ins} may run in translated code under {@code controls} (a constant of the
     * translation, which the fingerprint keys): no exit class of its own — except PAUSE when the
     * controls let it execute — not privileged, not a system-mode instruction, no control,
     * debug or segment register written.
     */
    static boolean translatable(Instruction ins, ExecutionControls controls) {
        if (ins.form() == null || SYSTEM.contains(ins.mnemonic()) || ins.form().cpl() == 0) return false;
        ExitClass exit = ins.form().exitClass();
        if (exit == ExitClass.PAUSE) {
            return new Intercepts(controls, null).instruction(SensitiveInstruction.PAUSE) instanceof Decision.Execute;
        }
        if (exit != ExitClass.NONE) return false;
        for (int k = 0; k < ins.operandCount(); k++) {
            if (ins.op(k) instanceof Operand.Reg r && (r.cls() == RegClass.CR || r.cls() == RegClass.DR
                    || (r.cls() == RegClass.SEG && k == 0 && ins.mnemonic() != Mnemonic.PUSH))) {
                return false;
            }
        }
        return true;
    }

    private Entry lookup(ExecContext c, long la, long pa, long rip, Mode mode, ExecutionControls controls, long fingerprint) {
        int slot = (int) ((pa * 0x9E37_79B9_7F4A_7C15L ^ rip) >>> 52) & (TABLE_SIZE - 1);
        Entry e = table[slot];
        if (e != null && e.physical == pa && e.rip == rip && e.mode == mode && e.fingerprint == fingerprint) return e;
        counters.blocksDecoded++;
        int n = c.mmu.fetch(la, buf, 0, (int) (PAGE - (la & (PAGE - 1))));
        java.util.List<Instruction> decoded = scanner.scan(mode, buf, 0, n, rip).instructions();
        int k = 0;
        while (k < decoded.size() && translatable(decoded.get(k), controls)) k++;
        e = new Entry(pa, rip, mode, fingerprint, decoded.subList(0, k).toArray(Instruction[]::new));
        table[slot] = e;
        return e;
    }

    private Translation hot(Entry e) {
        if (e.translation != null) return e.translation;
        if (e.untranslatable || e.executions <= options.threshold()) return null;
        try {
            e.translation = translator.translate(new CodeKey(e.physical, e.mode, e.fingerprint), e.physical >>> CodeKey.PAGE_SHIFT, e.instructions);
            counters.translations++;
        } catch (RuntimeException | LinkageError failure) {
            if (options.verify()) throw failure;
            e.untranslatable = true;
            counters.failedTranslations++;
        }
        return e.translation;
    }

    /**
     * Runs {@code t} (the block of {@code e}, which may loop on itself) with at most {@code left}
     * instructions; returns those retired. A fault leaves RIP at the faulting instruction with
     * the state before it ({@link #lastFaulted}): the instructions of that pass before it count.
     */
    private long runTranslated(ExecContext x, Entry e, Translation t, long left) {
        counters.translatedBlocks++;
        budget.left = left - t.length();
        budget.codeChanged = false;
        Exit exit = t.code().run(x, budget);
        long used = left - budget.left;
        lastFaulted = false;
        if (exit != null) {
            if (exit.kind() != Exit.Kind.EXCEPTION) throw unexpected(exit, x.cpu.rip);
            lastFaulted = true;
            used -= t.length() - indexOf(e, x.cpu.rip);
        }
        counters.translatedInstructions += used;
        return used;
    }

    /** Steps a block that is not hot (yet) through the interpreter's handlers; stops at a fault, a jump out of line or a code change. */
    private long interpret(ExecContext x, Entry e, long left) {
        Instruction[] ins = e.instructions;
        int n = (int) Math.min(ins.length, left);
        counters.interpretedBlocks++;
        budget.codeChanged = false;
        lastFaulted = false;
        for (int k = 0; k < n; k++) {
            Exit exit = Interpreter.step(x, ins[k]);
            if (exit != null) {
                if (exit.kind() != Exit.Kind.EXCEPTION) throw unexpected(exit, ins[k].address());
                lastFaulted = true;
                counters.interpretedInstructions += k;
                return k;
            }
            if (budget.codeChanged || x.cpu.rip != ins[k].next()) {
                counters.interpretedInstructions += k + 1;
                return k + 1;
            }
        }
        counters.interpretedInstructions += n;
        return n;
    }

    private static int indexOf(Entry e, long rip) {
        for (int k = 0; k < e.instructions.length; k++) if (e.instructions[k].address() == rip) return k;
        throw new IllegalStateException(String.format("translated block at %#x faulted at %#x, not one of its instructions", e.rip, rip));
    }

    private static IllegalStateException unexpected(Exit exit, long rip) {
        return new IllegalStateException(String.format("translated non-root code at %#x asked for %s; only the interpreter may", rip, exit));
    }

    private void dropChanged() {
        anyChanged = false;
        Long p;
        while ((p = changed.poll()) != null) {
            counters.invalidatedPages++;
            for (int i = 0; i < table.length; i++) {
                Entry e = table[i];
                if (e != null && e.physical >>> CodeKey.PAGE_SHIFT == p) {
                    table[i] = null;
                    if (e.translation != null) counters.invalidatedTranslations++;
                }
            }
        }
    }
}

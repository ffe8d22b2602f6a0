package dev.jvmx.translator;

import dev.jvmx.runtime.cpu.CpuModel;
import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.exec.ExecContext;
import dev.jvmx.runtime.exec.Executor;
import dev.jvmx.runtime.exec.Exit;
import dev.jvmx.runtime.exec.Interpreter;
import dev.jvmx.runtime.mem.CodeChangeListener;
import dev.jvmx.runtime.mem.GuestFault;
import dev.jvmx.runtime.mem.GuestMemory;
import dev.jvmx.x86.Instruction;
import dev.jvmx.x86.Mode;
import org.jctools.queues.SpscUnboundedArrayQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tiers 0 and 1 behind the runtime's {@link Executor} contract. Guest code runs block by block:
 * each block is decoded once ({@link BlockDecoder}), counted, and run either by stepping the
 * interpreter's own {@link Interpreter#step} through its instructions (cold) or as translated code
 * (hot: executed more than {@link JitOptions#threshold()} times). Blocks chain through their
 * successor links, then the RIP-indexed {@link BlockTable}; translations live in the bounded
 * {@link CodeCache}.
 *
 * <p>One executor per vCPU thread; {@link #invalidatePage} and {@link #codeChanged} must be called
 * on that thread (the address space calls them from the guest's own stores) or while it is stopped.
 */
public final class TieredExecutor implements Executor, CodeChangeListener {
    private static final Logger LOG = LoggerFactory.getLogger(TieredExecutor.class);
    /**
     * Most instructions one call of translated code may retire before it returns to this loop.
     * A region that loops (or recurses) inside its method would otherwise run for the whole run
     * budget in one JVM frame: then it can only ever use an on-stack-replacement compilation, and
     * after a deoptimisation it stays in the bytecode interpreter until the next OSR compile.
     * Returning every slice lets HotSpot switch to the method's normal compiled code.
     */
    static final long SLICE = 1 << 16;
    /** Block size cap in instructions (before the bytecode-size cap, which may cut further). */
    static final int MAX_BLOCK_INSTRUCTIONS = 64;

    private final JitOptions options;
    private final CpuModel model;
    private final BlockTranslator translator;
    /** The translator for code a process-mode CPU runs (no run-time check of system-only state: {@link Translation#processOnly}). */
    private final BlockTranslator processTranslator;
    /** Whether the CPU of the current {@link #run} is in system mode: which translator new code comes from. */
    private boolean systemCpu;
    private final BackgroundCompiler compiler;
    private final SpscUnboundedArrayQueue<CompileJob> results = new SpscUnboundedArrayQueue<>(64);
    private final BlockDecoder decoder = new BlockDecoder(MAX_BLOCK_INSTRUCTIONS);
    private final BlockTable table = new BlockTable();
    private final CodeCache cache;
    private final JitCounters counters = new JitCounters();
    private final RunBudget budget = new RunBudget();
    private long epoch;
    private long fingerprint;
    private int pending;
    private int interpreted;

    public TieredExecutor(JitOptions options) {
        this(options, CpuModel.defaultModel(), options.compilesInBackground() ? BackgroundCompiler.shared() : null);
    }

    /** @param compiler the compiler thread for background translation; null translates on the guest thread */
    public TieredExecutor(JitOptions options, CpuModel model, BackgroundCompiler compiler) {
        this(options, model, compiler, BlockTranslator.MAX_BYTECODE);
    }

    /** With another bytecode cap per method (tests exercise regions that do not fit with a small one). */
    TieredExecutor(JitOptions options, CpuModel model, BackgroundCompiler compiler, int maxBytecode) {
        this.options = options;
        this.model = model;
        this.translator = new BlockTranslator(options, model, maxBytecode);
        this.processTranslator = new BlockTranslator(options, model, maxBytecode, true);
        this.compiler = options.compilesInBackground() ? compiler : null;
        this.cache = new CodeCache(options.cacheCapacity());
        if (Boolean.getBoolean(STATS_PROPERTY)) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> System.err.println("jvmx jit: " + counters + "\n" + OutOfLineCounts.report(25))));
        }
    }

    /** {@code -Djvmx.jit.stats=true} (JVMX_JAVA_OPTS): print the counters on stderr when the JVM exits. */
    public static final String STATS_PROPERTY = "jvmx.jit.stats";

    public JitOptions options() { return options; }

    public JitCounters counters() { return counters; }

    /** Live translations in the code cache, and evictions so far. */
    public int cachedTranslations() { return cache.size(); }

    public long evictions() { return cache.evictions(); }

    /**
     * The fingerprint of the controls translated code may treat as constants (VMCS controls, EPTP,
     * VPID). Blocks and translations made under another fingerprint are not reused. 0 in process mode.
     */
    public void setControlFingerprint(long fingerprint) { this.fingerprint = fingerprint; }

    @Override
    public Exit run(CpuState cpu, GuestMemory memory, long maxInstructions) {
        ExecContext c = new ExecContext(cpu, memory, model);
        systemCpu = cpu.systemMode;
        long left = maxInstructions;
        Block prev = null;
        while (left > 0) {
            if (pending > 0) installResults();
            Block b = prev != null ? prev.successor(cpu.rip, cpu.mode, epoch) : null;
            if (b == null) {
                try {
                    b = find(memory, cpu.rip, cpu.mode);
                } catch (GuestFault f) {
                    counters.exits++;
                    return Exit.exception(f);
                }
                if (prev != null) prev.link(b, epoch);
            }
            b.executions++;
            Translation t = hot(b);
            if (systemCpu && t != null && t.processOnly()) t = null; // made for a process-mode CPU: interpreted
            BlockCode code = t != null ? t.code() : null;
            Exit e = null;
            long slice = Math.min(left, SLICE);
            long used = 0;
            if (code != null && t.length() <= left) {
                budget.entry = t == b.region ? b.regionEntry : 0; // a region names the block it is entered at
                e = runTranslated(c, t, code, slice);
                used = slice - budget.left;
            }
            if (e != null || used > 0) {
                left -= used;
            } else { // cold, or a region that could not be entered (it retired nothing)
                e = interpret(c, b, left);
                left -= interpreted;
            }
            if (e != null) {
                counters.exits++;
                return e;
            }
            prev = b;
        }
        return Exit.INSTRUCTION_LIMIT;
    }

    /**
     * Runs translated code with {@code left} instructions of budget; what remains is in {@link
     * #budget}. A block is charged its length here; a region charges the block it is entered at.
     */
    private Exit runTranslated(ExecContext c, Translation t, BlockCode code, long left) {
        t.referenced = true;
        counters.translatedBlocks++;
        budget.left = t.isRegion() ? left : left - t.length();
        budget.codeChanged = false;
        Exit e = code.run(c, budget);
        counters.translatedInstructions += left - budget.left;
        return e;
    }

    private Block find(GuestMemory memory, long rip, Mode mode) {
        Block b = table.get(rip, mode, fingerprint);
        if (b != null) return b;
        Instruction[] ins = decoder.decode(memory, mode, rip);
        b = new Block(new CodeKey(rip, mode, fingerprint), ins);
        b.translation = cache.get(b.key);
        table.put(b);
        counters.blocksDecoded++;
        return b;
    }

    /** The block's live translation; translates (or asks for it) once the block is hot. */
    private Translation hot(Block b) {
        Translation r = b.region;
        if (r != null) {
            if (r.alive()) return r; // entered at this block
            b.region = null;
            b.regionTried = false;
        }
        Translation t = b.translation;
        if (t != null && !t.alive()) {
            b.translation = null; // evicted or invalidated: translated again below when it is hot
            b.regionTried = false;
            t = null;
        }
        if (t != null) {
            if (!b.regionTried && options.formsRegions() && b.executions > options.regionThreshold() && !b.queued) {
                b.regionTried = true;
                region(b);
            }
            return b.translation;
        }
        if (!options.translates() || b.untranslatable || b.queued || b.executions <= options.threshold()) return null;
        t = cache.get(b.key);
        if (t != null) {
            b.translation = t;
            return t;
        }
        request(b, new Instruction[][] {b.instructions});
        return b.translation;
    }

    /**
     * Region requests one block may head over a run. A head asks again only when its region died
     * (evicted, invalidated) or when the translator dropped it from another region; the bound
     * keeps a pathological cycle from recompiling the same code forever (HotSpot bounds its own
     * recompilations the same way, PerMethodRecompilationCutoff).
     */
    static final int MAX_REGION_REQUESTS = 16;

    /** Grows the hot translated block {@code head} into a region, if it reaches other known blocks. */
    private void region(Block head) {
        if (head.region != null && head.region.alive()) return; // already inside a live region: its head is the way in
        if (head.regionRequests >= MAX_REGION_REQUESTS) return; // stays with what it has (see MAX_REGION_REQUESTS)
        java.util.List<Block> claimed = claimed(head);
        if (RegionSelector.overlapsRegion(head, claimed)) return;
        java.util.List<Block> blocks = RegionSelector.select(head, table, claimed);
        if (blocks.size() < 2) return;
        for (Block m : blocks) m.regionTried = true; // one region for them, not one per block ...
        head.regionCandidates = blocks; // ... until the region is installed without some of them
        Instruction[][] code = new Instruction[blocks.size()][];
        for (int j = 0; j < code.length; j++) code[j] = blocks.get(j).instructions;
        counters.regionRequests++;
        head.regionRequests++;
        request(head, code);
    }

    /** Heads of the region requests sent to the compiler thread and not yet installed or dropped. */
    private final java.util.List<Block> pendingRegions = new java.util.ArrayList<>();

    /** The blocks of the live regions in {@code head}'s page and of the pending region requests. */
    private java.util.List<Block> claimed(Block head) {
        java.util.List<Block> blocks = new java.util.ArrayList<>();
        for (Translation t : cache.onPage(head.key.page())) {
            if (!t.alive() || !t.isRegion()) continue;
            addBlock(blocks, t.key().address(), head);
            for (long m : t.memberStarts()) addBlock(blocks, m, head);
        }
        for (Block p : pendingRegions) blocks.addAll(p.regionCandidates);
        return blocks;
    }

    private void addBlock(java.util.List<Block> blocks, long start, Block like) {
        Block b = table.get(start, like.mode(), like.key.fingerprint());
        if (b != null) blocks.add(b);
    }

    /** Translates now (no compiler thread) or hands the job to the compiler thread. */
    private void request(Block b, Instruction[][] code) {
        if (compiler == null) {
            translateNow(b, code);
        } else if (compiler.submit(new CompileJob(b, code, systemCpu ? translator : processTranslator, results, epoch))) {
            b.queued = true;
            if (b.regionCandidates != null) pendingRegions.add(b);
            pending++;
            counters.compileRequests++;
        }
    }

    private void translateNow(Block b, Instruction[][] code) {
        try {
            install(b, (systemCpu ? translator : processTranslator).translate(b.key, b.lastPage, code));
        } catch (RuntimeException | LinkageError e) {
            if (options.verify()) throw e;
            failed(b, e);
        } finally {
            releaseCandidates(b);
        }
    }

    /**
     * After a region request of {@code head} ended (installed, failed or discarded): the blocks it
     * chose that are not in a live region of their own (the translator dropped them to fit the
     * bytecode cap, or nothing was installed) may head a region again.
     */
    private void releaseCandidates(Block head) {
        java.util.List<Block> chosen = head.regionCandidates;
        if (chosen == null) return;
        head.regionCandidates = null;
        pendingRegions.remove(head);
        for (Block m : chosen) {
            if (m == head || (m.region != null && m.region.alive())) continue;
            // a block whose own region request is still alive (a region, or its block alone when no
            // more fitted) keeps it: asking again would drop this head in turn when the two do not
            // fit one method, and the two would replace each other forever
            if (m.regionRequests > 0 && m.translation != null && m.translation.alive()) continue;
            m.regionTried = false;
        }
    }

    private void installResults() {
        CompileJob j;
        while ((j = results.relaxedPoll()) != null) {
            pending--;
            j.block.queued = false;
            if (j.failure != null) failed(j.block, j.failure);
            else if (j.epoch != epoch) counters.discardedResults++; // code may have changed meanwhile
            else install(j.block, j.result);
            releaseCandidates(j.block);
        }
    }

    private void install(Block b, Translation t) {
        cache.put(t);
        b.translation = t;
        counters.translations++;
        if (t.isRegion()) {
            counters.regions++;
            long[] members = t.memberStarts();
            for (int j = 0; j < members.length; j++) {
                Block m = table.get(members[j], b.mode(), b.key.fingerprint());
                if (m != null && m != b) {
                    m.region = t;
                    m.regionEntry = j + 1; // segment j + 1: the head is segment 0
                }
            }
        }
    }

    private void failed(Block b, Throwable e) {
        b.untranslatable = true;
        counters.failedTranslations++;
        LOG.warn("cannot translate {} (it stays in the interpreter): {}", b, e.toString());
    }

    /**
     * Steps the interpreter through the block (at most {@code budget} instructions). Stops early,
     * at an instruction boundary, when an instruction leaves the straight line or code changed.
     */
    private Exit interpret(ExecContext c, Block b, long budget) {
        Instruction[] ins = b.instructions;
        int n = (int) Math.min(ins.length, budget);
        long startEpoch = epoch;
        counters.interpretedBlocks++;
        for (int k = 0; k < n; k++) {
            Exit e = Interpreter.step(c, ins[k]);
            if (e != null || epoch != startEpoch || c.cpu.rip != ins[k].next()) {
                interpreted = k + 1;
                counters.interpretedInstructions += k + 1;
                return e;
            }
        }
        interpreted = n;
        counters.interpretedInstructions += n;
        return null;
    }

    /**
     * Drops every block and translation with code in guest page {@code page} (page number: address
     * >>> 12), and every block link. The address space calls this (through {@link #codeChanged})
     * when a page that code was fetched from is written, unmapped or loses execute permission.
     */
    public void invalidatePage(long page) {
        epoch++;
        budget.codeChanged = true;
        table.invalidatePage(page);
        counters.invalidatedPages++;
        counters.invalidatedTranslations += cache.invalidatePage(page);
    }

    /**
     * Drops every block and translation. For changes the page index cannot express: a new address
     * space behind the same executor (exec), and in machine mode a CR3 load or paging-mode change
     * while blocks are still keyed by linear address.
     */
    public void invalidateAll() {
        epoch++;
        budget.codeChanged = true;
        table.clear();
        counters.invalidatedTranslations += cache.clear();
    }

    /** {@link CodeChangeListener}: code in {@code [start, end)} is stale. */
    @Override
    public void codeChanged(long start, long end) {
        if (end <= start) return;
        for (long p = start >>> CodeKey.PAGE_SHIFT; p <= (end - 1) >>> CodeKey.PAGE_SHIFT; p++) invalidatePage(p);
    }

    /** Times the block at {@code rip} was dispatched since it was last decoded (0 if unknown). */
    public long blockExecutions(long rip, Mode mode) {
        Block b = table.get(rip, mode, fingerprint);
        return b == null ? 0 : b.executions;
    }

    /** The live translation of the block at {@code rip}, or null (for tests and tools). */
    Translation translation(long rip, Mode mode) {
        Translation t = cache.get(new CodeKey(rip, mode, fingerprint));
        return t != null && t.alive() ? t : null;
    }

    /** True if the block at {@code rip} currently runs as translated code. */
    public boolean isTranslated(long rip, Mode mode) {
        Block b = table.get(rip, mode, fingerprint);
        return b != null && b.translation != null && b.translation.alive();
    }
}

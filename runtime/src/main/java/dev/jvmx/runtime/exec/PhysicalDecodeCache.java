package dev.jvmx.runtime.exec;

import dev.jvmx.runtime.mem.CodeChangeListener;
import dev.jvmx.x86.Instruction;
import dev.jvmx.x86.Mode;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decoded instructions of a machine, keyed by the host-physical address of their first byte (so
 * that every vCPU and every mapping of a page shares them), one array of 4096 slots per code
 * page. A hit also needs the same mode and the same offset (IP): relative targets are decoded as
 * offsets in CS. Only instructions that lie within one page are kept. The machine's
 * {@link dev.jvmx.runtime.mmu.CodePages} reports writes to pages fetched from, which drops the
 * page ({@link #codeChanged}) — cross-modifying code is seen once the writer's store has
 * happened, as the SDM asks software to arrange (Vol. 3A §9.1.3). Writes that bypass the vCPUs'
 * MMUs (the loaders, before the run) need {@link #clear}.
 */
public final class PhysicalDecodeCache implements CodeChangeListener {
    /** Pages kept before the cache starts afresh (16 KiB of references each). */
    static final int MAX_PAGES = 2048;

    private final ConcurrentHashMap<Long, Instruction[]> pages = new ConcurrentHashMap<>();
    /** Bumped on every invalidation, so that a {@link View}'s remembered page is dropped. */
    private volatile int generation;

    /** A vCPU's way into the cache: remembers the last page it used (one thread only). */
    public View view() { return new View(); }

    public final class View {
        private long lastFrame = -1;
        private Instruction[] lastPage;
        private int lastGeneration;

        private Instruction[] page(long frame, boolean create) {
            int g = generation;
            if (frame == lastFrame && g == lastGeneration && lastPage != null) return lastPage;
            Instruction[] p = create ? pages.computeIfAbsent(frame, k -> new Instruction[4096]) : pages.get(frame);
            if (p != null) {
                lastFrame = frame;
                lastPage = p;
                lastGeneration = g;
            }
            return p;
        }

        /** The instruction decoded at host-physical {@code pa} for {@code mode} and offset {@code ip}, or null. */
        public Instruction get(long pa, Mode mode, long ip) {
            Instruction[] p = page(pa >>> 12, false);
            if (p == null) return null;
            Instruction ins = p[(int) (pa & 0xFFF)];
            return ins != null && ins.address() == ip && ins.mode() == mode ? ins : null;
        }

        /** Keeps {@code ins}, decoded from host-physical {@code pa}, if it lies within one page. */
        public void put(long pa, Instruction ins) {
            if ((pa & 0xFFF) + ins.length() > 0x1000 || ins.isInvalid()) return;
            if (pages.size() >= MAX_PAGES) clear();
            page(pa >>> 12, true)[(int) (pa & 0xFFF)] = ins;
        }
    }

    private final java.util.List<CodeChangeListener> others = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Also tells {@code l} of every code change (the machine JIT's translations, keyed by the same host-physical pages). */
    public void addListener(CodeChangeListener l) { others.add(l); }

    @Override
    public void codeChanged(long start, long end) {
        for (long f = start >>> 12; f < (end + 0xFFF) >>> 12; f++) pages.remove(f);
        generation++;
        for (var l : others) l.codeChanged(start, end);
    }

    public void clear() {
        pages.clear();
        generation++;
    }
}

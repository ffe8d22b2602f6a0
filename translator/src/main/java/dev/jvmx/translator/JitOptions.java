package dev.jvmx.translator;

import java.nio.file.Path;
import java.util.Locale;

/**
 * How the tiered executor translates: which tiers run, how hot a block must be, where
 * translations are dumped, how many translations the code cache keeps.
 *
 * <p>CONTRACT with the CLI: {@code --jit=off|block|region} is {@link #parseMode}, {@code
 * --jit-threshold=N} is {@link #threshold}, {@code --dump-jit=DIR} is {@link #dumpDir}:
 * <pre>{@code
 *   JitOptions o = JitOptions.defaults().withMode(JitOptions.parseMode("block")).withThreshold(50).withDumpDir(dir);
 *   Executor x = new TieredExecutor(o);      // --jit=off may simply use new Interpreter()
 * }</pre>
 * {@code TieredExecutor} is a {@code CodeChangeListener}, so {@code ProcessMonitor} connects it to the
 * address space's write tracking by itself.
 *
 * @param mode          which tiers may run: OFF the interpreter only, BLOCK tier 1, REGION tier 1
 *                      and regions (tier 2 so far: hot blocks chained in one method, registers in
 *                      locals; flag liveness and several entries are still to come)
 * @param threshold     a block executed more than this many times is translated; 0 translates
 *                      every block before its first execution, synchronously (deterministic tests)
 * @param regionThreshold in {@link Mode#REGION}: a translated block dispatched more than this many
 *                      times becomes the head of a region (the hot blocks it reaches by direct
 *                      branches in its page, chained inside one method)
 * @param dumpDir       where each translation's guest disassembly and bytecode listing go; null: none
 * @param cacheCapacity translations the code cache keeps before it evicts one not run lately (CLOCK)
 * @param background    translate on the compiler thread (the guest keeps interpreting meanwhile);
 *                      false, or threshold 0, translates on the guest thread
 * @param verify        pass every generated class through ASM's CheckClassAdapter (tests)
 */
public record JitOptions(Mode mode, int threshold, int regionThreshold, Path dumpDir, int cacheCapacity, boolean background,
                         boolean verify) {
    /** Which tiers run. */
    public enum Mode { OFF, BLOCK, REGION }

    public static final int DEFAULT_THRESHOLD = 50;
    public static final int DEFAULT_REGION_THRESHOLD = 500;
    public static final int DEFAULT_CACHE_CAPACITY = 16_384;

    public JitOptions {
        if (mode == null) throw new IllegalArgumentException("mode is null");
        if (threshold < 0) throw new IllegalArgumentException("--jit-threshold must be >= 0, got " + threshold);
        if (regionThreshold < 0) throw new IllegalArgumentException("region threshold must be >= 0, got " + regionThreshold);
        if (cacheCapacity < 1) throw new IllegalArgumentException("code cache capacity must be >= 1, got " + cacheCapacity);
    }

    /** All tiers, thresholds {@value #DEFAULT_THRESHOLD} / {@value #DEFAULT_REGION_THRESHOLD}, background compilation, no dump. */
    public static JitOptions defaults() {
        return new JitOptions(Mode.REGION, DEFAULT_THRESHOLD, DEFAULT_REGION_THRESHOLD, null, DEFAULT_CACHE_CAPACITY, true, false);
    }

    /** Parses {@code off}, {@code block} or {@code region} (case-insensitive) as given to {@code --jit}. */
    public static Mode parseMode(String text) {
        try {
            return Mode.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--jit must be off, block or region, got '" + text + "'");
        }
    }

    public JitOptions withMode(Mode m) { return new JitOptions(m, threshold, regionThreshold, dumpDir, cacheCapacity, background, verify); }

    public JitOptions withThreshold(int t) { return new JitOptions(mode, t, regionThreshold, dumpDir, cacheCapacity, background, verify); }

    public JitOptions withRegionThreshold(int t) { return new JitOptions(mode, threshold, t, dumpDir, cacheCapacity, background, verify); }

    public JitOptions withDumpDir(Path d) { return new JitOptions(mode, threshold, regionThreshold, d, cacheCapacity, background, verify); }

    public JitOptions withCacheCapacity(int c) { return new JitOptions(mode, threshold, regionThreshold, dumpDir, c, background, verify); }

    public JitOptions withBackground(boolean b) { return new JitOptions(mode, threshold, regionThreshold, dumpDir, cacheCapacity, b, verify); }

    public JitOptions withVerify(boolean v) { return new JitOptions(mode, threshold, regionThreshold, dumpDir, cacheCapacity, background, v); }

    /** True when blocks are translated at all. */
    public boolean translates() { return mode != Mode.OFF; }

    /** True when hot translated blocks grow into regions. */
    public boolean formsRegions() { return mode == Mode.REGION; }

    /** True when a hot block is handed to the compiler thread rather than translated in place. */
    public boolean compilesInBackground() { return background && threshold > 0; }
}

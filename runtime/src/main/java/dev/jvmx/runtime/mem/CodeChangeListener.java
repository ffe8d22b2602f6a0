package dev.jvmx.runtime.mem;

/**
 * Told when guest code may have changed: bytes written to a page instructions were fetched from,
 * or such a page unmapped, remapped or given new permissions. Whoever caches decoded or translated
 * code (the interpreter's decode cache, the JIT's code cache) drops what it holds for the range.
 */
@FunctionalInterface
public interface CodeChangeListener {
    /** Code in {@code [start, end)} is stale. */
    void codeChanged(long start, long end);
}

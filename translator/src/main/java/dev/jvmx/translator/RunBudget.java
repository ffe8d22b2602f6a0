package dev.jvmx.translator;

/**
 * The instructions a translated block may still retire in this {@code Executor.run}: the executor
 * sets it (after charging the block's first pass) before calling the code; a block that loops on
 * itself charges each further pass at its back edge and leaves when the budget would not cover
 * another, so the monitor's instruction limit (and the interrupt checks behind it) stay exact; and
 * leaves at the next instruction boundary when {@link #codeChanged} says a store invalidated code
 * (checked after each store that missed the inline TLB path, which every store to a page holding
 * code does, and after each call that may store), giving back the budget of the instructions of
 * its block it did not run.
 * Regions charge each block they jump to the same way. One per executor, reused.
 */
public final class RunBudget {
    /** Instructions left; generated code reads it on entry, charges a local copy at its jumps and writes it back at every exit. */
    public long left;
    /** Set when guest code changed (page invalidation) during the call: loops leave at their next back edge. */
    public boolean codeChanged;
    /**
     * Where the executor enters a region method: the index of the segment (block) control arrived
     * at, 0 for its head (see {@code BlockEmitter.entries}). Block methods ignore it.
     */
    public int entry;
}

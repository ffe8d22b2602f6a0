package dev.jvmx.translator;

import dev.jvmx.x86.Instruction;
import dev.jvmx.x86.Mode;

/**
 * A guest basic block as the executor tracks it: its decoded instructions (shared by both tiers:
 * the interpreter steps through them cold, the translator compiles them hot), its profile, its
 * translation once there is one, and two successor links.
 *
 * <p>Links (direct block chaining and the indirect-branch cache in one): the blocks most recently
 * run after this one, checked by RIP and mode before use. They are trusted only while the
 * executor's invalidation epoch is the one they were made in, so a block dropped for
 * self-modifying code can never be reached through a stale link.
 */
final class Block {
    final CodeKey key;
    final Instruction[] instructions;
    /** Last guest page the block's bytes touch (a block whose one instruction crosses a page end spans two). */
    final long lastPage;
    /** Times dispatched (both tiers). */
    long executions;
    Translation translation;
    boolean queued;
    boolean untranslatable;
    /** A region headed by this block, or one holding it, was attempted (not again until its translation dies). */
    boolean regionTried;
    /** The blocks of this head's region request while it is pending (see {@code TieredExecutor.releaseCandidates}). */
    java.util.List<Block> regionCandidates;
    /** Region requests this block has headed (bounded: see {@code TieredExecutor.MAX_REGION_REQUESTS}). */
    int regionRequests;
    /** A live region that holds this block (not as its head): no region of its own is formed while it lives. */
    Translation region;
    /** This block's segment index in {@link #region}: what the executor passes as {@link RunBudget#entry}. */
    int regionEntry;
    /** False once its page was invalidated. */
    boolean valid = true;

    private Block link0, link1;
    private long linkEpoch = -1;

    Block(CodeKey key, Instruction[] instructions) {
        this.key = key;
        this.instructions = instructions;
        Instruction last = instructions[instructions.length - 1];
        this.lastPage = (last.next() - 1) >>> CodeKey.PAGE_SHIFT;
    }

    long start() { return key.address(); }

    Mode mode() { return key.mode(); }

    int length() { return instructions.length; }

    boolean onPage(long page) { return key.page() <= page && page <= lastPage; }

    /** The linked successor at {@code rip}, or null. */
    Block successor(long rip, Mode mode, long epoch) {
        if (epoch != linkEpoch) return null;
        Block b = link0;
        if (b != null && b.start() == rip && b.mode() == mode) return b;
        b = link1;
        if (b != null && b.start() == rip && b.mode() == mode) {
            link1 = link0; // most recent first
            link0 = b;
            return b;
        }
        return null;
    }

    /** Start addresses of the linked successors (a profile of where an indirect branch went; may be stale). */
    long[] linkedStarts() {
        if (link0 == null) return new long[0];
        return link1 == null ? new long[] {link0.start()} : new long[] {link0.start(), link1.start()};
    }

    void link(Block next, long epoch) {
        if (epoch != linkEpoch) {
            link0 = link1 = null;
            linkEpoch = epoch;
        }
        link1 = link0;
        link0 = next;
    }

    @Override
    public String toString() {
        return "Block[" + Long.toHexString(start()) + ", " + instructions.length + " instructions]";
    }
}

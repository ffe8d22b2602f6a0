package dev.jvmx.translator;

import dev.jvmx.x86.Instruction;
import dev.jvmx.x86.Mnemonic;
import dev.jvmx.x86.Operand;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Picks a region around a hot head block: breadth-first over control flow (JMP/Jcc targets, Jcc
 * fall-through, the fall-through of a block cut at the size cap; a direct CALL's target and its
 * return site; after a RET or an indirect JMP/CALL, the blocks the executor's links saw run next;
 * the blocks that start inside a block taken, a jump into its middle),
 * keeping blocks that are already known (in the {@link BlockTable}), are not {@link #cold} next to the head, and
 * lie in the head's page, up to {@link #MAX_BLOCKS}. The page restriction keeps invalidation by
 * page exact. Inside the region a return or indirect branch to one of its blocks is a JVM jump
 * (the target checked against the blocks' addresses); any other target leaves to the executor.
 */
final class RegionSelector {
    static final int MAX_BLOCKS = 40;

    private RegionSelector() {}

    /**
     * The region's blocks, head first; just the head when nothing else qualifies. Leaves out the
     * blocks whose instructions overlap one of {@code claimed} other than at its start ({@link
     * #overlapsRegion}).
     */
    static List<Block> select(Block head, BlockTable table, Iterable<Block> claimed) {
        List<Block> region = new ArrayList<>();
        region.add(head);
        if (head.lastPage != head.key.page()) return region;
        ArrayDeque<Block> work = new ArrayDeque<>(region);
        while (!work.isEmpty() && region.size() < MAX_BLOCKS) {
            Block from = work.poll();
            for (long target : concat(successors(from), innerStarts(from))) {
                Block b = table.get(target, head.mode(), head.key.fingerprint());
                if (b == null || region.contains(b) || cold(b, head) || inLiveRegion(b) || overlapsRegion(b, claimed)) continue;
                if (b.key.page() != head.key.page() || b.lastPage != head.key.page()) continue;
                if (region.size() == MAX_BLOCKS) break;
                region.add(b);
                work.add(b);
            }
        }
        return region;
    }

    /**
     * A block joins a region only when it ran at least once per {@value} dispatches of the head.
     * A rarer one saves at most one dispatch per that many of the head's, but costs the region
     * its shape: on {@code sieve} the counting loop (one block that loops on itself, dispatched
     * about 300 times a pass, at every slice and run-limit return) took in the pass loop around
     * it (run once a pass) and the blocks starting inside it (entered once after a run-limit
     * return); their entries into the middle of the loop and the cold outer code made C2's
     * code for the loop slower, and whether the region formed depended on the background
     * compiler's timing (the head's region check came before or after the pass loop first ran):
     * runs of one build took 3.6-4.2 or 4.5-5.1 s user CPU (sieve 100) by that alone.
     */
    static final int COLD_RATIO = 128;

    /** True when {@code b} never ran, or ran less than once per {@link #COLD_RATIO} dispatches of {@code head}. */
    static boolean cold(Block b, Block head) {
        return b.executions == 0 || b.executions * COLD_RATIO < head.executions;
    }

    /**
     * True when {@code head}'s instructions overlap a block of a live or pending region other than
     * at that block's start: a block of the region starts inside {@code head} ({@code head}'s tail
     * is that block), or {@code head} starts inside a block of the region (a jump into the middle
     * of it). A region headed there would hold the shared instructions a second time, compiled by
     * C2 twice (on {@code sort}, the median-of-three code at 0x40186e and its tail at 0x401874
     * each made a region of about 3.3 KB of bytecode holding the same ten blocks); {@code head}
     * stays a block and enters the other region through the executor instead. When neither
     * region exists yet, the first one formed takes the other block in ({@link #innerStarts}).
     *
     * @param claimed the blocks of the live regions with code in {@code head}'s page, and of the
     *                region requests still pending
     */
    static boolean overlapsRegion(Block head, Iterable<Block> claimed) {
        long end = head.instructions[head.length() - 1].address();
        for (Block c : claimed) {
            if (c == head) continue;
            if (c.start() > head.start() && c.start() <= end && startsAnInstruction(head, c.start())) return true;
            if (head.start() > c.start() && startsAnInstruction(c, head.start())) return true;
        }
        return false;
    }

    /** True when an instruction of {@code b} starts at {@code address}. */
    private static boolean startsAnInstruction(Block b, long address) {
        for (Instruction i : b.instructions) if (i.address() == address) return true;
        return false;
    }

    /**
     * Addresses of {@code b}'s instructions after its first: where another block may start inside
     * it (a jump into its middle). Such a block is its tail, so the region that holds both emits
     * the shared instructions once ({@code BlockEmitter.run}) and can be entered at either.
     */
    static long[] innerStarts(Block b) {
        long[] starts = new long[b.length() - 1];
        for (int n = 1; n < b.length(); n++) starts[n - 1] = b.instructions[n].address();
        return starts;
    }

    private static long[] concat(long[] a, long[] b) {
        long[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    /**
     * True when {@code b} already runs inside a live region (as its head or a member): a second
     * region holding it would compile the same code twice, and each of the two large methods
     * pays C2 again whenever a rarely taken path deoptimises it. Control passes between the two
     * regions through the executor instead.
     */
    static boolean inLiveRegion(Block b) {
        return (b.region != null && b.region.alive()) || (b.translation != null && b.translation.alive() && b.translation.isRegion());
    }

    /** Where control flow leaves {@code b}: branch target and/or fall-through, call target and return site, linked blocks. */
    static long[] successors(Block b) {
        Instruction last = b.instructions[b.length() - 1];
        boolean rel = last.operandCount() == 1 && last.op(0) instanceof Operand.Rel;
        if (rel && last.mnemonic() == Mnemonic.JMP) return new long[] {((Operand.Rel) last.op(0)).target()};
        if (rel && BlockEmitter.isJcc(last)) return new long[] {((Operand.Rel) last.op(0)).target(), last.next()};
        if (rel && last.mnemonic() == Mnemonic.CALL) return new long[] {((Operand.Rel) last.op(0)).target(), last.next()};
        if (last.mnemonic() == Mnemonic.RET || last.mnemonic() == Mnemonic.JMP || last.mnemonic() == Mnemonic.CALL) {
            long[] linked = b.linkedStarts();
            if (last.mnemonic() != Mnemonic.CALL) return linked;
            long[] withReturn = java.util.Arrays.copyOf(linked, linked.length + 1);
            withReturn[linked.length] = last.next();
            return withReturn;
        }
        boolean straight = last.form() != null && last.form().flow() == dev.jvmx.x86.Flow.NONE
                && last.form().exitClass() == dev.jvmx.x86.ExitClass.NONE;
        return straight ? new long[] {last.next()} : new long[0];
    }
}

package dev.jvmx.translator;

import dev.jvmx.x86.Instruction;
import dev.jvmx.x86.Operand;
import java.util.function.LongToIntFunction;

/**
 * How a method charges the {@link RunBudget} when control moves between its segments. Every
 * segment charges its length when it is entered; the budget is <em>checked</em> only where
 * control may go round a loop: on an edge to a segment at or before the current one in emission
 * order, on a return or indirect branch, and on entry. Such a check asks for the segment's
 * {@link #reserve}: its own length plus the longest chain of forward direct edges that can follow
 * it. A forward direct edge is then charged without a check, because the reserve asked for
 * further back already covers it, so the budget never goes below zero and stays exact.
 *
 * <p>Why: a region of 25 blocks had about 40 checks, each a branch taken only when the slice
 * runs out. C2 compiles a branch never taken while it profiled as an uncommon trap, so each such
 * check the slice happened to end at later deoptimised the whole region and compiled it again
 * (several seconds of C2 time on {@code sort}); the remaining checks sit at loop heads, where the
 * slice ends often enough to be profiled. The method also shrinks (more blocks fit the cap).
 * Leaving a loop head earlier than strictly needed (budget below the reserve) costs nothing in
 * exactness: the executor runs what is left of its budget block by block.
 */
final class RegionBudget {
    private final int[] reserve;
    /** forward[j]: segments after j reached from it by a direct edge (charged unchecked). */
    private final boolean[][] forward;

    /**
     * @param runs      instructions each segment emits and charges
     * @param segmentAt the whole segment starting at an address, or -1
     */
    RegionBudget(Segment[] segments, int[] runs, LongToIntFunction segmentAt) {
        int n = segments.length;
        reserve = new int[n];
        forward = new boolean[n][n];
        for (int j = n - 1; j >= 0; j--) {
            int after = 0;
            for (long target : directTargets(segments[j], runs[j])) {
                int s = segmentAt.applyAsInt(target);
                if (s <= j) continue;
                forward[j][s] = true;
                after = Math.max(after, reserve[s]);
            }
            reserve[j] = runs[j] + after;
        }
    }

    /**
     * Every address segment {@code s} may continue at by a direct edge, over-approximated (an
     * edge not emitted only makes a reserve larger): where a segment cut short goes on, a
     * relative branch or call target, and the next instruction.
     */
    private static long[] directTargets(Segment s, int run) {
        Instruction[] ins = s.instructions();
        if (run < ins.length) return new long[] {ins[run].address()};
        Instruction last = ins[ins.length - 1];
        if (last.operandCount() == 1 && last.op(0) instanceof Operand.Rel rel) return new long[] {rel.target(), last.next()};
        return new long[] {last.next()};
    }

    /** What the budget must cover to enter segment {@code j} by a checked edge. */
    int reserve(int j) { return reserve[j]; }

    /** True when the edge from segment {@code from} to {@code to} is charged without a check. */
    boolean unchecked(int from, int to) {
        return from >= 0 && forward[from][to];
    }

    /** What the executor must give to enter the method at any of its whole segments. */
    int entry() {
        int m = 0;
        for (int r : reserve) m = Math.max(m, r);
        return m;
    }
}

package dev.jvmx.translator;

import dev.jvmx.x86.Instruction;
import dev.jvmx.x86.Mnemonic;
import dev.jvmx.x86.Operand;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Picks a region around a hot head block: breadth-first over direct control flow (JMP/Jcc targets,
 * Jcc fall-through, the fall-through of a block cut at the size cap), keeping blocks that are
 * already known (in the {@link BlockTable}), have run at least once, and lie in the head's page,
 * up to {@link #MAX_BLOCKS}. The page restriction keeps invalidation by page exact; indirect
 * branches, calls and returns end the region (the executor's links serve them).
 */
final class RegionSelector {
    static final int MAX_BLOCKS = 16;

    private RegionSelector() {}

    /** The region's blocks, head first; just the head when nothing else qualifies. */
    static List<Block> select(Block head, BlockTable table) {
        List<Block> region = new ArrayList<>();
        region.add(head);
        if (head.lastPage != head.key.page()) return region;
        ArrayDeque<Block> work = new ArrayDeque<>(region);
        while (!work.isEmpty() && region.size() < MAX_BLOCKS) {
            for (long target : successors(work.poll())) {
                Block b = table.get(target, head.mode(), head.key.fingerprint());
                if (b == null || region.contains(b) || b.executions == 0) continue;
                if (b.key.page() != head.key.page() || b.lastPage != head.key.page()) continue;
                if (region.size() == MAX_BLOCKS) break;
                region.add(b);
                work.add(b);
            }
        }
        return region;
    }

    /** Where direct control flow leaves {@code b}: branch target and/or fall-through. */
    static long[] successors(Block b) {
        Instruction last = b.instructions[b.length() - 1];
        boolean rel = last.operandCount() == 1 && last.op(0) instanceof Operand.Rel;
        if (rel && last.mnemonic() == Mnemonic.JMP) return new long[] {((Operand.Rel) last.op(0)).target()};
        if (rel && BlockEmitter.isJcc(last)) return new long[] {((Operand.Rel) last.op(0)).target(), last.next()};
        boolean straight = last.form() != null && last.form().flow() == dev.jvmx.x86.Flow.NONE
                && last.form().exitClass() == dev.jvmx.x86.ExitClass.NONE;
        return straight ? new long[] {last.next()} : new long[0];
    }
}

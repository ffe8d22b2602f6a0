package dev.jvmx.translator;

import dev.jvmx.runtime.exec.DecodeCache;
import dev.jvmx.runtime.mem.GuestMemory;
import dev.jvmx.x86.BlockScanner;
import dev.jvmx.x86.Instruction;
import dev.jvmx.x86.Mode;
import java.util.List;

/**
 * Fetches and decodes one block: the bytes from the start address to the end of its page go to
 * the frontend's {@link BlockScanner}, which ends the block at a control transfer, an exit-class
 * instruction, an invalid instruction, the page end or the size cap. An instruction that straddles
 * the page end becomes a block of its own, fetched across the boundary; if the second page cannot
 * be fetched the fault is raised exactly as the interpreter's decode cache raises it.
 */
final class BlockDecoder {
    static final int PAGE = 1 << CodeKey.PAGE_SHIFT;
    private static final int MAX_LENGTH = 15;

    private final BlockScanner scanner;
    private final byte[] buf = new byte[PAGE];

    BlockDecoder(int maxInstructions) {
        scanner = new BlockScanner(PAGE, maxInstructions);
    }

    /** The block at {@code rip}; throws the fetch fault when its first byte cannot be fetched. */
    Instruction[] decode(GuestMemory mem, Mode mode, long rip) {
        int toPageEnd = (int) (PAGE - (rip & (PAGE - 1)));
        int n = mem.fetch(rip, buf, 0, toPageEnd);
        List<Instruction> ins = scanner.scan(mode, buf, 0, n, rip).instructions();
        if (!ins.isEmpty()) return ins.toArray(Instruction[]::new);
        return new Instruction[] {straddling(mem, mode, rip)};
    }

    private Instruction straddling(GuestMemory mem, Mode mode, long rip) {
        return DecodeCache.decodeAt(mem, mode, rip, new byte[MAX_LENGTH]);
    }
}

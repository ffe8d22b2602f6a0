package dev.jvmx.x86;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds a basic block: decodes from a start address until an instruction whose {@link Form#flow()}
 * is not {@link Flow#NONE} (control transfer, trap, exit-class instruction), an instruction that
 * {@link Form#exitClass()} says can exit unconditionally, an undecodable instruction, a page
 * boundary, or a size cap. The instruction that ends the block is included; an instruction that
 * would cross the page boundary or the end of the buffer is not (the caller fetches the next page,
 * which may fault). A block ending in an invalid instruction includes it, so executing the block
 * raises #UD at the right address.
 */
public final class BlockScanner {
    /** Why a block ended. */
    public enum End { FLOW, INVALID, PAGE, CAP, BUFFER }

    /** The decoded block and why it ended. */
    public record Block(long start, List<Instruction> instructions, End end) {
        /** Address just past the last instruction. */
        public long next() {
            return instructions.isEmpty() ? start : instructions.getLast().next();
        }
    }

    private final int pageSize;
    private final int maxInstructions;

    /** @param pageSize guest page size (4096); @param maxInstructions the size cap */
    public BlockScanner(int pageSize, int maxInstructions) {
        if (Integer.bitCount(pageSize) != 1) throw new IllegalArgumentException("page size must be a power of two");
        this.pageSize = pageSize;
        this.maxInstructions = maxInstructions;
    }

    public BlockScanner() { this(4096, 64); }

    /**
     * Scans the block at {@code address}, whose first byte is {@code code[offset]}; {@code available}
     * bytes are readable from there.
     */
    public Block scan(Mode mode, byte[] code, int offset, int available, long address) {
        List<Instruction> out = new ArrayList<>();
        long pageEnd = (address & -(long) pageSize) + pageSize;
        int pos = 0;
        while (true) {
            if (out.size() >= maxInstructions) return new Block(address, out, End.CAP);
            long at = address + pos;
            if (at >= pageEnd) return new Block(address, out, End.PAGE);
            int avail = (int) Math.min(available - pos, pageEnd - at);
            if (avail <= 0) return new Block(address, out, End.BUFFER);
            Instruction ins = Decoder.decode(mode, code, offset + pos, avail, at);
            if (ins.mnemonic() == Mnemonic.TRUNCATED) {
                return new Block(address, out, avail < available - pos ? End.PAGE : End.BUFFER);
            }
            out.add(ins);
            if (ins.isInvalid() || ins.form() == null) return new Block(address, out, End.INVALID);
            Form f = ins.form();
            if (f.flow() != Flow.NONE || f.exitClass() == ExitClass.UNCONDITIONAL || f.exitClass() == ExitClass.VMX) {
                return new Block(address, out, End.FLOW);
            }
            pos += ins.length();
        }
    }
}

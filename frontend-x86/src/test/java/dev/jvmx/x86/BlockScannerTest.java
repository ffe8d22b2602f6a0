package dev.jvmx.x86;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** One test per way a block can end ({@link BlockScanner.End}), plus the table-wide exit-class rule. */
class BlockScannerTest {
    static byte[] hex(String s) { return HexFormat.of().parseHex(s); }

    static BlockScanner.Block scan(String code, long address) {
        byte[] b = hex(code);
        return new BlockScanner().scan(Mode.BITS64, b, 0, b.length, address);
    }

    @Test
    void endsAtControlTransferIncludingIt() {
        BlockScanner.Block b = scan("4889e5" + "4883c001" + "75f9" + "90", 0x401000);
        assertEquals(3, b.instructions().size());
        assertEquals(BlockScanner.End.FLOW, b.end());
        assertEquals(0x401009, b.next());
        assertEquals(BlockScanner.End.FLOW, scan("90" + "c3" + "90", 0).end());
        assertEquals(BlockScanner.End.FLOW, scan("ff2500000000" + "90", 0).end());
    }

    @Test
    void endsAtExitClassInstructionIncludingIt() {
        BlockScanner.Block cpuid = scan("90" + "0fa2" + "90", 0);
        assertEquals(BlockScanner.End.FLOW, cpuid.end());
        assertEquals(2, cpuid.instructions().size());
        assertEquals(Mnemonic.CPUID, cpuid.instructions().getLast().mnemonic());
        BlockScanner.Block vmcall = scan("90" + "0f01c1" + "90", 0);
        assertEquals(BlockScanner.End.FLOW, vmcall.end());
        assertEquals(ExitClass.VMX, vmcall.instructions().getLast().form().exitClass());
    }

    /** Every form that exits unconditionally (or is a VMX instruction) ends its block, in every mode. */
    @Test
    void everyUnconditionalExitFormEndsItsBlock() {
        Random r = new Random(7);
        List<String> open = new ArrayList<>();
        int checked = 0;
        for (Form f : DefinitionTable.forms()) {
            if (f.exitClass() != ExitClass.UNCONDITIONAL && f.exitClass() != ExitClass.VMX) continue;
            for (Mode m : Mode.values()) {
                if (!f.validIn(m)) continue;
                byte[] code = TemplateEncoder.encode(f, m, r);
                Instruction first = Decoder.decode(m, code, 0, code.length, 0);
                if (first.form() != f) continue; // the template chose an encoding of another form
                byte[] twice = new byte[first.length() * 2];
                System.arraycopy(code, 0, twice, 0, first.length());
                System.arraycopy(code, 0, twice, first.length(), first.length());
                BlockScanner.Block b = new BlockScanner().scan(m, twice, 0, twice.length, 0);
                if (b.instructions().size() != 1 || b.end() != BlockScanner.End.FLOW) open.add(m + " " + f.source());
                checked++;
            }
        }
        assertTrue(checked > 20, "too few exit-class forms checked: " + checked);
        assertEquals(List.of(), open);
    }

    @Test
    void endsAtInvalidIncludingIt() {
        BlockScanner.Block b = scan("90" + "06" + "90", 0);
        assertEquals(BlockScanner.End.INVALID, b.end());
        assertEquals(2, b.instructions().size());
        assertEquals(Mnemonic.INVALID, b.instructions().getLast().mnemonic());
        BlockScanner.Block tooLong = scan("90" + "66".repeat(15) + "90", 0);
        assertEquals(BlockScanner.End.INVALID, tooLong.end());
        assertEquals(Mnemonic.TOO_LONG, tooLong.instructions().getLast().mnemonic());
    }

    @Test
    void stopsAtPageBoundaryBeforeTheNextPage() {
        byte[] code = hex("90909090" + "b801000000" + "90");
        BlockScanner.Block b = new BlockScanner().scan(Mode.BITS64, code, 0, code.length, 0x1000 - 4);
        assertEquals(BlockScanner.End.PAGE, b.end());
        assertEquals(4, b.instructions().size());
        assertEquals(0x1000, b.next());
    }

    @Test
    void stopsBeforeAnInstructionThatCrossesThePageBoundary() {
        byte[] code = hex("90909090" + "b801000000" + "90");
        BlockScanner.Block b = new BlockScanner().scan(Mode.BITS64, code, 0, code.length, 0x1000 - 6);
        assertEquals(BlockScanner.End.PAGE, b.end());
        assertEquals(4, b.instructions().size());
        assertEquals(0x1000 - 2, b.next());
    }

    @Test
    void stopsAtTheSizeCap() {
        byte[] code = hex("90".repeat(10));
        BlockScanner.Block c = new BlockScanner(4096, 2).scan(Mode.BITS64, code, 0, code.length, 0);
        assertEquals(BlockScanner.End.CAP, c.end());
        assertEquals(2, c.instructions().size());
        BlockScanner.Block d = new BlockScanner().scan(Mode.BITS64, hex("90".repeat(100)), 0, 100, 0);
        assertEquals(BlockScanner.End.CAP, d.end());
        assertEquals(64, d.instructions().size());
    }

    @Test
    void stopsAtTheEndOfTheBuffer() {
        BlockScanner.Block whole = scan("9090", 0);
        assertEquals(BlockScanner.End.BUFFER, whole.end());
        assertEquals(2, whole.instructions().size());
        BlockScanner.Block cut = scan("90" + "b80100", 0);
        assertEquals(BlockScanner.End.BUFFER, cut.end());
        assertEquals(1, cut.instructions().size());
    }
}

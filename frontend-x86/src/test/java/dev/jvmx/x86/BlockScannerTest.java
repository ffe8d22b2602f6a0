package dev.jvmx.x86;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class BlockScannerTest {
    static byte[] hex(String s) { return HexFormat.of().parseHex(s); }

    @Test
    void endsAtControlTransferIncludingIt() {
        byte[] code = hex("4889e5" + "4883c001" + "75f9" + "90");
        BlockScanner.Block b = new BlockScanner().scan(Mode.BITS64, code, 0, code.length, 0x401000);
        assertEquals(3, b.instructions().size());
        assertEquals(BlockScanner.End.FLOW, b.end());
        assertEquals(0x401009, b.next());
    }

    @Test
    void endsAtExitClassInstructionAndInvalid() {
        byte[] code = hex("90" + "0fa2" + "90");
        assertEquals(2, new BlockScanner().scan(Mode.BITS64, code, 0, code.length, 0).instructions().size());
        byte[] bad = hex("90" + "06" + "90");
        BlockScanner.Block b = new BlockScanner().scan(Mode.BITS64, bad, 0, bad.length, 0);
        assertEquals(BlockScanner.End.INVALID, b.end());
        assertEquals(2, b.instructions().size());
    }

    @Test
    void stopsAtPageBoundaryAndCap() {
        byte[] code = hex("90909090" + "b8010000" + "00");
        BlockScanner.Block b = new BlockScanner().scan(Mode.BITS64, code, 0, code.length, 0x1000 - 6);
        assertEquals(BlockScanner.End.PAGE, b.end());
        assertEquals(4, b.instructions().size());
        BlockScanner.Block c = new BlockScanner(4096, 2).scan(Mode.BITS64, code, 0, code.length, 0);
        assertEquals(BlockScanner.End.CAP, c.end());
        assertEquals(2, c.instructions().size());
    }
}

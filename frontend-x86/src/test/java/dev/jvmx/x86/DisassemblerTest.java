package dev.jvmx.x86;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DisassemblerTest {
    @Test
    void tsvHasOffsetLengthBytesAndText() {
        byte[] code = HexFormat.of().parseHex("554889e5" + "06" + "c3");
        StringBuilder sb = new StringBuilder();
        Disassembler.write(Mode.BITS64, code, 0x400000, Disassembler.Format.TSV, sb);
        assertEquals("""
                0x400000\t1\t55\tpush   rbp
                0x400001\t3\t48 89 e5\tmov    rbp,rsp
                0x400004\t1\t06\t(bad)
                0x400005\t1\tc3\tret
                """, sb.toString());
    }

    @Test
    void textLooksLikeObjdump() {
        StringBuilder sb = new StringBuilder();
        Disassembler.write(Mode.BITS32, HexFormat.of().parseHex("8b4424f8"), 0, Disassembler.Format.TEXT, sb);
        assertEquals("       0:\t8b 44 24 f8          \tmov    eax,DWORD PTR [esp-0x8]\n", sb.toString());
    }

    @Test
    void elfSymbolAndErrors(@TempDir Path dir) throws Exception {
        Path libc = Path.of("/usr/lib/x86_64-linux-gnu/libc.so.6");
        if (Files.isRegularFile(libc)) {
            StringBuilder sb = new StringBuilder();
            Disassembler.writeElf(libc, "memcpy", Disassembler.Format.TSV, sb);
            assertTrue(sb.length() > 0);
            assertThrows(IllegalArgumentException.class,
                    () -> Disassembler.writeElf(libc, "no_such_symbol_xyz", Disassembler.Format.TSV, new StringBuilder()));
        }
        Path junk = dir.resolve("junk");
        Files.writeString(junk, "not an elf at all, just text that is long enough to read a header from it");
        assertThrows(IllegalArgumentException.class, () -> ElfImage.read(junk));
    }
}

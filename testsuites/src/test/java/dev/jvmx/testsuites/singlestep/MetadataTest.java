package dev.jvmx.testsuites.singlestep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetadataTest {
    @TempDir Path dir;

    @Test
    void flagMasksPerOpcodeAndPerModrmReg() throws IOException {
        SuiteMetadata m = SuiteMetadata.read(Conformance.require("8086/v1/metadata.json"));
        assertEquals(new SuiteMetadata.OpcodeInfo("normal", 0xFFFF), m.lookup("00", -1));
        assertEquals(65519, m.lookup("08", -1).flagsMask());
        assertEquals(new SuiteMetadata.OpcodeInfo("undocumented", 63274), m.lookup("D0", 6));
        assertEquals("alias", m.lookup("f6", 1).status());
        assertEquals(SuiteMetadata.OpcodeInfo.UNKNOWN, m.lookup("ZZ", -1));
    }

    @Test
    void revocationListIgnoresCommentsAndCase() throws IOException {
        Path f = dir.resolve("revocation_list.txt");
        Files.write(f, List.of("# bad tests", "", "ABCDEF0123"));
        RevocationList r = RevocationList.read(f);
        assertTrue(r.revoked("abcdef0123"));
        assertFalse(r.revoked("ffff"));
        assertEquals(0, RevocationList.read(Conformance.require("80286/revocation_list.txt")).size());
    }

    @Test
    void fileNamesGiveOpcodeRegAndFormat() throws IOException {
        assertEquals(new TestFile(Path.of("80.1.json.gz"), "80", 1, false), TestFile.of(Path.of("80.1.json.gz")));
        assertEquals("F7.6", TestFile.of(Path.of("F7.6.MOO.gz")).key());
        assertTrue(TestFile.of(Path.of("8b.moo")).moo());
        assertNull(TestFile.of(Path.of("metadata.json")));
        Files.write(dir.resolve("01.json"), new byte[0]);
        Files.write(dir.resolve("01.MOO.gz"), new byte[0]);
        Files.write(dir.resolve("00.MOO.gz"), new byte[0]);
        List<TestFile> files = TestFile.list(dir);
        assertEquals(List.of("00", "01"), files.stream().map(TestFile::key).toList());
        assertFalse(files.get(1).moo(), "JSON preferred over MOO for the same opcode");
    }
}

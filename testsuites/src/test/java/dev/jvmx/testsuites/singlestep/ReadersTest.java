package dev.jvmx.testsuites.singlestep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadersTest {
    private static List<SingleStepTest> all(TestFile f) throws IOException {
        List<SingleStepTest> out = new ArrayList<>();
        f.read(out::add);
        return out;
    }

    @Test
    void jsonWithHashAndIdxNames() throws IOException {
        List<SingleStepTest> tests = all(TestFile.of(Conformance.require("80286/v1_real_mode/01.json.gz")));
        SingleStepTest t = tests.getFirst();
        assertEquals(0, t.index());
        assertEquals("add [bx-5409h],dx", t.name());
        assertEquals("8a51328f572d633c6a0e804cb05cd6efce8b9899", t.hash());
        assertArrayEquals(new byte[] {1, (byte) 151, (byte) 247, (byte) 171, (byte) 244}, t.bytes());
        assertEquals(57511, t.initial().regs().get(Reg16.AX));
        assertTrue(t.initial().regs().complete());
        assertEquals(12, t.initial().ramSize());
        assertEquals(1109640, t.initial().addresses()[0]);
        assertEquals(61101, t.expected().regs().get(Reg16.IP));
        assertEquals(1043, t.expected().regs().get(Reg16.FLAGS));
        assertTrue(!t.expected().regs().has(Reg16.AX));
        assertEquals(10, tests.get(1).index());
        assertNull(t.exception());
    }

    @Test
    void jsonWithOlderTestHashAndTestNumNames() throws IOException {
        SingleStepTest t = all(TestFile.of(Conformance.require("8086/v1/01.json.gz"))).getFirst();
        assertEquals(0, t.index());
        assertEquals("7f23c6021595e18e739234193adc7dde4fe077e5ca20bf711170338addece4f9", t.hash());
        assertEquals("add word [ds:si-25h], dx", t.name());
        assertEquals(12277, t.expected().regs().get(Reg16.IP));
    }

    @Test
    void jsonExceptionObject() throws IOException {
        SingleStepTest t = all(TestFile.of(Conformance.require("80286/v1_real_mode/CC.json.gz"))).getFirst();
        assertNotNull(t.exception());
        assertEquals(3, t.exception().number());
        assertEquals(473552, t.exception().flagAddress());
    }

    @Test
    void mooFileMatchesTheJsonConversionOfTheSameTests() throws IOException {
        List<SingleStepTest> moo = all(TestFile.of(Conformance.require("80286/moo-samples/01.MOO.gz")));
        List<SingleStepTest> json = all(TestFile.of(Conformance.require("80286/v1_real_mode/01.json.gz")));
        assertEquals(5000, moo.size());
        for (SingleStepTest j : json.subList(0, 5)) {
            SingleStepTest m = moo.get(j.index());
            assertEquals(j.index(), m.index());
            assertEquals(j.hash(), m.hash());
            assertEquals(j.name(), m.name());
            assertArrayEquals(j.bytes(), m.bytes());
            assertEquals(j.initial().regs(), m.initial().regs());
            assertEquals(j.expected().regs(), m.expected().regs());
            assertArrayEquals(j.initial().addresses(), m.initial().addresses());
            assertArrayEquals(j.expected().values(), m.expected().values());
        }
    }

    /** Every file of both samples parses, and the counts are the README's. */
    @Test
    void wholeSamplesParse() throws IOException {
        for (var set : java.util.Map.of("8086/v1", 64_200, "80286/v1_real_mode", 147_300).entrySet()) {
            int[] n = {0};
            for (TestFile f : TestFile.list(Conformance.require(set.getKey()))) f.read(t -> n[0]++);
            assertEquals(set.getValue(), n[0], set.getKey());
        }
    }

    @Test
    void mooSkipsUnknownChunksByLength() throws IOException {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        chunk(b, "MOO ", new byte[] {1, 1, 0, 0, 1, 0, 0, 0, '2', '8', '6', ' '});
        chunk(b, "XTRA", new byte[] {9, 9, 9});
        java.io.ByteArrayOutputStream t = new java.io.ByteArrayOutputStream();
        t.write(le32(7));
        chunk(t, "NAME", concat(le32(3), "nop".getBytes(StandardCharsets.US_ASCII)));
        chunk(t, "ZZZZ", new byte[] {1});
        java.io.ByteArrayOutputStream init = new java.io.ByteArrayOutputStream();
        chunk(init, "REGS", new byte[] {0x01, 0x00, 0x34, 0x12});
        chunk(init, "RAM ", concat(le32(1), new byte[] {0x10, 0, 0, 0, (byte) 0x90}));
        chunk(t, "INIT", init.toByteArray());
        chunk(t, "FINA", new byte[0]);
        chunk(t, "EXCP", new byte[] {6, 0x20, 0, 0, 0});
        chunk(b, "TEST", t.toByteArray());
        List<SingleStepTest> out = new ArrayList<>();
        MooReader.read(new ByteArrayInputStream(b.toByteArray()), out::add);
        SingleStepTest only = out.getFirst();
        assertEquals(7, only.index());
        assertEquals("nop", only.name());
        assertEquals(0x1234, only.initial().regs().get(Reg16.AX));
        assertEquals(0x10, only.initial().addresses()[0]);
        assertEquals(0x90, only.initial().values()[0]);
        assertEquals(new SingleStepTest.ExceptionInfo(6, 0x20), only.exception());
    }

    private static void chunk(java.io.ByteArrayOutputStream out, String id, byte[] payload) throws IOException {
        out.write(id.getBytes(StandardCharsets.US_ASCII));
        out.write(le32(payload.length));
        out.write(payload);
    }

    private static byte[] le32(int v) {
        return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}

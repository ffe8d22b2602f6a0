package dev.jvmx.x86;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@link FastPath} is an optimisation only: wherever it answers, its instruction equals the one the
 * general path ({@link Decoder#decodeGeneral}) builds, field by field, and it answers for the
 * common shapes (so a broken plan table cannot hide behind the general path).
 */
class FastPathTest {
    /** Byte streams biased to the fast shapes: REX or not, one-byte or 0F opcodes, any ModRM/SIB. */
    @Test
    void equalsTheGeneralPathOnShapedBytes() {
        Random r = new Random(7);
        byte[] buf = new byte[15];
        for (Mode mode : Mode.values()) {
            int fast = 0;
            for (int i = 0; i < 300_000; i++) {
                r.nextBytes(buf);
                int k = 0;
                if (r.nextBoolean()) buf[k++] = (byte) (0x40 | r.nextInt(16));
                if (r.nextInt(4) == 0) buf[k++] = 0x0F;
                fast += compare(mode, buf, 0, 0x401000 + i) ? 1 : 0;
            }
            assertTrue(fast > 100_000, mode + ": the fast path decoded only " + fast + " of 300000");
        }
    }

    /** Real code: the text of a static glibc program (the benchmark's mix), in each mode. */
    @Test
    void equalsTheGeneralPathOnGlibc() throws IOException {
        Path elf = Path.of("../examples/hello-glibc");
        Assumptions.assumeTrue(Files.isRegularFile(elf), "skipped: " + elf + " is absent");
        ElfImage.Section s = ElfImage.read(elf).codeSections().stream().filter(x -> x.name().equals(".text"))
                .findFirst().orElseThrow();
        byte[] t = Arrays.copyOf(s.bytes(), s.bytes().length + 15);
        for (Mode mode : Mode.values()) {
            int fast = 0, all = 0;
            for (int p = 0; p < s.bytes().length; all++) {
                compare(mode, t, p, s.address() + p);
                Instruction ins = Decoder.decodeGeneral(mode, t, p, t.length - p, s.address() + p);
                fast += FastPath.decode(mode, t, p, s.address() + p) != null ? 1 : 0;
                p += ins.isInvalid() ? 1 : ins.length();
            }
            if (mode == Mode.BITS64) {
                assertTrue(fast * 10 > all * 6, "the fast path decoded only " + fast + " of " + all + " instructions");
            }
        }
    }

    /**
     * The decode vectors with 15 bytes of padding after each (so the fast path may take them, which
     * it does not for an input shorter than 15 bytes): same length and text as the vector says.
     */
    @Test
    void decodeVectorsHoldThroughTheFastPath() throws Exception {
        List<String> failures = new ArrayList<>();
        int fast = 0;
        for (VectorFile.Vector v : VectorFile.read(DecodeVectorsTest.VECTORS)) {
            byte[] padded = Arrays.copyOf(v.bytes(), v.bytes().length + 15);
            Arrays.fill(padded, v.bytes().length, padded.length, (byte) 0xCC);
            fast += compare(v.mode(), padded, 0, 0) ? 1 : 0;
            Instruction ins = Decoder.decode(v.mode(), padded, 0, padded.length, 0);
            String text = IntelFormatter.format(ins);
            if (ins.length() != v.bytes().length || !text.equals(v.text())) {
                failures.add("line " + v.line() + ": expected " + v.text() + " got " + text + " (length " + ins.length() + ")");
            }
        }
        assertEquals(List.of(), failures.subList(0, Math.min(30, failures.size())));
        assertTrue(fast > 1000, "the fast path decoded only " + fast + " vectors");
    }

    /** Whether the fast path answered; fails if its answer differs from the general path's. */
    private static boolean compare(Mode mode, byte[] b, int p, long address) {
        Instruction f = FastPath.decode(mode, b, p, address);
        if (f == null) return false;
        Instruction g = Decoder.decodeGeneral(mode, b, p, b.length - p, address);
        String where = mode + " " + java.util.HexFormat.of().formatHex(b, p, Math.min(b.length, p + 15));
        assertEquals(describe(g), describe(f), where);
        assertTrue(f.form() == g.form(), where);
        return true;
    }

    private static String describe(Instruction i) {
        return i.address() + " " + i.length() + " " + i.mnemonic() + " " + i.mode() + " op" + i.opSize() + " a"
                + i.addrSize() + " p" + i.prefixes() + " c" + i.cond() + " h" + i.encodingHints() + " "
                + Arrays.toString(i.operands()) + " " + IntelFormatter.format(i);
    }
}

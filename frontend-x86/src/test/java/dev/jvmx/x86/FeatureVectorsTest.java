package dev.jvmx.x86;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The CPUID feature of each vector in {@code feature-vectors.txt} (legend in the file). */
class FeatureVectorsTest {
    @Test
    void everyVectorNeedsItsFeature() throws IOException {
        List<String> failures = new ArrayList<>();
        int n = 0;
        for (String line : lines("feature-vectors.txt")) {
            String[] c = line.split("\t", 4);
            byte[] bytes = HexFormat.of().parseHex(c[1]);
            Instruction ins = Decoder.decode(Mode.ofBits(Integer.parseInt(c[0])), bytes, 0, bytes.length, 0);
            String got = ins.feature() + "\t" + IntelFormatter.format(ins);
            if (!got.equals(c[2] + "\t" + c[3]) || ins.length() != bytes.length) failures.add(line + "  got " + got);
            n++;
        }
        assertTrue(n >= 10, "too few feature vectors");
        assertEquals(List.of(), failures);
    }

    @Test
    void integerAvxRowsAreSplitAtVexL() {
        for (Form f : DefinitionTable.forms()) {
            if (f.feature(true) != f.feature()) {
                assertEquals(Feature.AVX, f.feature(), f.source());
                assertEquals(Feature.AVX2, f.feature(true), f.source());
            }
        }
        assertNull(Decoder.decode(Mode.BITS64, new byte[] {0x06}, 0, 1, 0).feature());
    }

    private static List<String> lines(String resource) throws IOException {
        try (InputStream in = FeatureVectorsTest.class.getResourceAsStream(resource)) {
            if (in == null) throw new IOException("missing resource " + resource);
            List<String> out = new ArrayList<>();
            for (String l : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!l.isBlank() && !l.startsWith("#")) out.add(l);
            }
            return out;
        }
    }
}

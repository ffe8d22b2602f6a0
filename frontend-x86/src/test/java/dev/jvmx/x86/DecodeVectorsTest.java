package dev.jvmx.x86;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every decode vector decodes to its whole byte string and formats to its expected text. */
class DecodeVectorsTest {
    static final String VECTORS = "decode-vectors.txt";
    static final String ALLOW = "decode-vectors-allow.txt";

    @Test
    void everyVectorDecodesToItsText() throws Exception {
        List<String> failures = new ArrayList<>();
        List<VectorFile.Vector> vs = VectorFile.read(VECTORS);
        for (VectorFile.Vector v : vs) {
            Instruction ins = Decoder.decode(v.mode(), v.bytes(), 0, v.bytes().length, 0);
            String text = IntelFormatter.format(ins);
            if (ins.length() != v.bytes().length || !text.equals(v.text())) {
                failures.add("line " + v.line() + ": " + v.mode().bits() + " expected " + v.text() + " got "
                        + text + " (length " + ins.length() + ")");
            }
        }
        assertTrue(vs.size() > 3000, "too few vectors: " + vs.size());
        assertEquals(List.of(), failures.subList(0, Math.min(30, failures.size())));
    }

    /** Completeness meta-test: every form has a vector in each mode it is valid in, or an allow-list entry. */
    @Test
    void everyFormHasAVectorInEveryValidMode() throws Exception {
        Map<Mode, Set<Form>> covered = new HashMap<>();
        for (VectorFile.Vector v : VectorFile.read(VECTORS)) {
            Instruction ins = Decoder.decode(v.mode(), v.bytes(), 0, v.bytes().length, 0);
            if (ins.form() != null) covered.computeIfAbsent(v.mode(), m -> new HashSet<>()).add(ins.form());
        }
        Set<String> allowed = new HashSet<>();
        for (String[] a : AllowFile.read(ALLOW)) allowed.add(a[0] + "\t" + a[1]);
        List<String> missing = new ArrayList<>();
        for (Form f : DefinitionTable.forms()) {
            for (Mode m : Mode.values()) {
                if (!f.validIn(m) || covered.getOrDefault(m, Set.of()).contains(f)) continue;
                String key = m.bits() + "\t" + f.source.split("\\|")[0].trim();
                if (!allowed.contains(key)) missing.add(key + "   (" + f.source + ")");
            }
        }
        assertEquals(List.of(), missing, "forms without a decode vector or allow-list entry");
    }
}

package dev.jvmx.x86;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Regenerates {@code decode-vectors.txt}: for every form and every mode it is valid in, template
 * encodings are tried until one decodes to that form and GNU objdump agrees on its length and
 * mnemonic (full text agreement preferred). The file is then reviewed as a diff.
 *
 * <p>Run: {@code java -cp frontend-x86/target/classes:frontend-x86/target/test-classes
 * dev.jvmx.x86.DecodeVectorGenerator frontend-x86/src/test/resources/dev/jvmx/x86/decode-vectors.txt}
 */
final class DecodeVectorGenerator {
    private DecodeVectorGenerator() {}

    static final int TRIES = 24;

    record Candidate(Form form, byte[] bytes, Instruction ins, String text) {}

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        StringBuilder sb = new StringBuilder(VectorFile.LEGEND);
        int missing = 0;
        int textDiffers = 0;
        for (Mode mode : Mode.values()) {
            Map<Form, List<Candidate>> byForm = candidates(mode);
            List<Candidate> all = new ArrayList<>();
            byForm.values().forEach(all::addAll);
            List<byte[]> seqs = new ArrayList<>();
            int[] lens = new int[all.size()];
            for (int i = 0; i < all.size(); i++) { seqs.add(all.get(i).bytes); lens[i] = all.get(i).ins.length(); }
            ObjdumpOracle.Result[] od = ObjdumpOracle.run(mode, seqs, lens);
            int k = 0;
            for (Form f : DefinitionTable.forms()) {
                if (!f.validIn(mode)) continue;
                List<Candidate> cs = byForm.getOrDefault(f, List.of());
                Candidate best = null;
                int bestScore = 0;
                ObjdumpOracle.Result bestOd = null;
                for (Candidate c : cs) {
                    ObjdumpOracle.Result r = od[k++];
                    int score = score(c, r);
                    if (score > bestScore) { best = c; bestScore = score; bestOd = r; }
                }
                if (bestScore == 2) {
                    textDiffers++;
                    if (Boolean.getBoolean("jvmx.vectors.verbose")) {
                        System.err.println("text differs: " + mode.bits() + " " + best.text + " | objdump: " + bestOd.text());
                    }
                }
                if (best == null) { missing++; System.err.println("no vector: " + mode.bits() + " " + f.source); continue; }
                sb.append(mode.bits()).append('\t')
                        .append(HexFormat.of().formatHex(best.bytes, 0, best.ins.length())).append('\t')
                        .append(best.text).append('\n');
            }
        }
        Files.writeString(out, sb);
        System.err.println("forms x modes without a vector: " + missing + "; vectors whose text differs from objdump's: "
                + textDiffers);
    }

    /** 3 = objdump prints the same text, 2 = same length and mnemonic, 0 = unusable. */
    private static int score(Candidate c, ObjdumpOracle.Result r) {
        if (r == null || r.bad() || r.length() != c.ins.length()) return 0;
        String ours = c.text;
        if (normalise(r.text()).equals(normalise(ours))) return 3;
        return MnemonicNormalisation.mnemonic(r.text()).equals(MnemonicNormalisation.mnemonic(ours)) ? 2 : 0;
    }

    /** Comments dropped, spaces collapsed, and branch targets (which depend on the slot address) hidden. */
    static String normalise(String t) {
        String s = t.replaceAll("\\s+#.*$", "").replaceAll("\\s+", " ").trim();
        String m = MnemonicNormalisation.mnemonic(s);
        if (m.startsWith("j") || m.startsWith("loop") || m.equals("call") || m.equals("xbegin")) {
            s = s.replaceAll("0x[0-9a-f]+$", "TARGET");
        }
        return s;
    }

    private static Map<Form, List<Candidate>> candidates(Mode mode) {
        Map<Form, List<Candidate>> out = new LinkedHashMap<>();
        for (Form f : DefinitionTable.forms()) {
            if (!f.validIn(mode)) continue;
            Random r = new Random(f.source.hashCode() * 31L + mode.bits());
            List<Candidate> cs = new ArrayList<>();
            for (int t = 0; t < TRIES * 8 && cs.size() < TRIES; t++) {
                byte[] b = TemplateEncoder.encode(f, mode, r);
                Instruction ins = Decoder.decode(mode, b, 0, b.length, 0);
                if (ins.form() != f) continue;
                String text = IntelFormatter.format(ins);
                cs.add(new Candidate(f, b, ins, text));
            }
            out.put(f, cs);
        }
        return out;
    }
}

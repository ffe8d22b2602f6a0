package dev.jvmx.x86;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The differential test against GNU objdump: half the sequences are generated from the table's
 * forms by {@link TemplateEncoder}, half are random bytes. On every sequence objdump decodes, the
 * length must agree and the mnemonic must agree after {@link MnemonicNormalisation}, unless a
 * {@link DiffAllowList} entry explains it. Run by the JUnit sample and by scripts/objdump-diff.sh.
 */
final class ObjdumpDiff {
    static final int BATCH = 50_000;
    static final boolean VERBOSE_BAD = Boolean.getBoolean("jvmx.diff.verboseBad");

    /** Counts of one run. */
    static final class Report {
        final Mode mode;
        long total, objdumpBad, weDecodeObjdumpBad, compared, lengthAgree, mnemonicAgree, missing;
        final Map<String, Long> allowed = new LinkedHashMap<>();
        final List<String> failures = new ArrayList<>();
        long failureCount;

        Report(Mode mode) { this.mode = mode; }

        void fail(String s) {
            failureCount++;
            if (failures.size() < 200) failures.add(s);
        }

        String summary() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format("mode %d: %d sequences, objdump decoded %d (objdump (bad) %d, of which we decode %d)%n",
                    mode.bits(), total, compared, objdumpBad, weDecodeObjdumpBad));
            sb.append(String.format("  length agrees %d/%d, mnemonic agrees %d/%d, allow-listed %s, unexplained %d%n",
                    lengthAgree, compared, mnemonicAgree, compared, allowed, failureCount));
            return sb.toString();
        }
    }

    static Report run(Mode mode, long seed, int count) throws IOException, InterruptedException {
        Report rep = new Report(mode);
        Random r = new Random(seed);
        List<Form> forms = new ArrayList<>();
        for (Form f : DefinitionTable.forms()) if (f.validIn(mode)) forms.add(f);
        for (int done = 0; done < count; ) {
            int n = Math.min(BATCH, count - done);
            List<byte[]> seqs = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                if (((done + i) & 1) == 0) seqs.add(TemplateEncoder.encode(forms.get(r.nextInt(forms.size())), mode, r));
                else {
                    byte[] b = new byte[TemplateEncoder.MAX];
                    r.nextBytes(b);
                    seqs.add(b);
                }
            }
            check(mode, seqs, rep);
            done += n;
        }
        return rep;
    }

    static void check(Mode mode, List<byte[]> seqs, Report rep) throws IOException, InterruptedException {
        Instruction[] ours = new Instruction[seqs.size()];
        String[] texts = new String[seqs.size()];
        int[] lens = new int[seqs.size()];
        for (int i = 0; i < ours.length; i++) {
            byte[] s = seqs.get(i);
            ours[i] = Decoder.decode(mode, s, 0, s.length, 0);
            texts[i] = IntelFormatter.format(ours[i]);
            lens[i] = ours[i].isInvalid() ? 0 : ours[i].length();
        }
        ObjdumpOracle.Result[] od = ObjdumpOracle.run(mode, seqs, lens);
        for (int i = 0; i < ours.length; i++) {
            rep.total++;
            if (od[i] == null) { rep.missing++; rep.fail("objdump printed nothing for " + java.util.HexFormat.of().formatHex(seqs.get(i))
                    + " ours: " + texts[i] + " after " + (i > 0 ? java.util.HexFormat.of().formatHex(seqs.get(i - 1))
                    + " " + texts[i - 1] + " / " + od[i - 1] : "")); continue; }
            if (od[i].bad()) {
                rep.objdumpBad++;
                if (!ours[i].isInvalid()) {
                    rep.weDecodeObjdumpBad++;
                    if (VERBOSE_BAD && rep.weDecodeObjdumpBad <= 60) {
                        System.out.println("  objdump-bad " + mode.bits() + " " + java.util.HexFormat.of()
                                .formatHex(seqs.get(i), 0, ours[i].length()) + " ours: " + texts[i]);
                    }
                }
                continue;
            }
            rep.compared++;
            DiffAllowList.Case c = new DiffAllowList.Case(mode, seqs.get(i), ours[i], texts[i], od[i]);
            boolean lenOk = !ours[i].isInvalid() && ours[i].length() == od[i].length();
            boolean mnOk = lenOk && MnemonicNormalisation.mnemonic(texts[i]).equals(c.objdumpMnemonic());
            if (lenOk) rep.lengthAgree++;
            if (mnOk) { rep.mnemonicAgree++; continue; }
            DiffAllowList.Entry e = allowed(c, lenOk);
            if (e != null) { rep.allowed.merge(e.name(), 1L, Long::sum); continue; }
            rep.fail(String.format("%d %s ours: %d %s | objdump: %d %s", mode.bits(), c.hex(), ours[i].length(),
                    texts[i] + (ours[i].isInvalid() ? " [" + ours[i].mnemonic() + "]" : ""), od[i].length(),
                    od[i].text()));
        }
    }

    private static DiffAllowList.Entry allowed(DiffAllowList.Case c, boolean lenOk) {
        for (DiffAllowList.Entry e : DiffAllowList.ENTRIES) {
            if ((lenOk || e.lengthMayDiffer()) && e.matches().test(c)) return e;
        }
        return null;
    }

    /** {@code ObjdumpDiff COUNT [SEED [MODES...]]}: the full run of scripts/objdump-diff.sh. */
    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 20261126L;
        List<Mode> modes = new ArrayList<>();
        for (int i = 2; i < args.length; i++) modes.add(Mode.ofBits(Integer.parseInt(args[i])));
        if (modes.isEmpty()) modes = List.of(Mode.BITS16, Mode.BITS32, Mode.BITS64);
        long failures = 0;
        for (Mode m : modes) {
            Report rep = run(m, seed + m.bits(), count);
            System.out.print(rep.summary());
            rep.failures.stream().limit(50).forEach(f -> System.out.println("  FAIL " + f));
            failures += rep.failureCount;
        }
        System.exit(failures == 0 ? 0 : 1);
    }
}

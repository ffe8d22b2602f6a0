package dev.jvmx.testsuites.diff;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A {@link DifferentialRun.Observer} that groups a run's cases by instruction form (the template
 * name at the head of {@link TestCase#text()}): how many ran, how many differed, which parts of
 * the state differed, and the first differing case of each distinct kind of difference (at most
 * {@link #EXAMPLES}) as examples. Memory stays bounded by the
 * number of forms. Also the coverage count the meta-test reads.
 */
public final class JvmxMismatchGroups implements DifferentialRun.Observer {
    /** Examples kept per form: one for each distinct set of differing parts, first come. */
    static final int EXAMPLES = 4;

    /** One form's tally. */
    public static final class Group {
        private final String form;
        private long cases;
        private long mismatches;
        private long jvmxUd;
        /** Approximate x87 cases that matched: how many, bit-identical, with a register apart, the worst ulp distance, C1 differing. */
        private long approximate, identical, apart, worstUlps, c1Differs;
        private final TreeSet<String> where = new TreeSet<>();
        /** The first mismatch of each distinct set of differing parts, at most {@link #EXAMPLES}. */
        private final Map<String, DifferentialRun.Mismatch> examples = new LinkedHashMap<>();

        Group(String form) {
            this.form = form;
        }

        public String form() { return form; }

        public long cases() { return cases; }

        public long mismatches() { return mismatches; }

        /** Whether every mismatch is jvmx raising #UD where the host did not: no semantics yet. */
        public boolean unimplemented() { return mismatches > 0 && jvmxUd == mismatches; }

        /** The parts of the state that differed at least once: rip, rflags, xmm, data, outcome ... */
        public TreeSet<String> where() { return where; }

        /** The first mismatch of the form. */
        public DifferentialRun.Mismatch example() { return examples.values().iterator().next(); }

        /** One example per distinct set of differing parts (e.g. "mxcsr", "mxcsr, xmm", "outcome"). */
        public java.util.Collection<DifferentialRun.Mismatch> examples() { return examples.values(); }
    }

    private final String label;
    private final Map<String, Group> groups = new TreeMap<>();
    private long cases;
    private long mismatches;

    /** @param label the run's name in reports, e.g. {@code "64-bit"} */
    public JvmxMismatchGroups(String label) {
        this.label = label;
    }

    @Override
    public void compared(TestCase c, Outcome expected, Outcome actual, StateDiff diff) {
        Group g = groups.computeIfAbsent(formOf(c), Group::new);
        g.cases++;
        cases++;
        if (diff.matches() && c.approximate()) {
            g.approximate++;
            if (diff.x87Ulps() == 0 && !diff.c1Tolerated()) g.identical++;
            if (diff.x87Ulps() > 0) g.apart++;
            g.worstUlps = Math.max(g.worstUlps, diff.x87Ulps());
            if (diff.c1Tolerated()) g.c1Differs++;
        }
        if (diff.matches()) return;
        g.mismatches++;
        mismatches++;
        if (actual instanceof Outcome.Faulted a && a.vector() == Vector.UD
                && !(expected instanceof Outcome.Faulted e && e.vector() == Vector.UD)) g.jvmxUd++;
        TreeSet<String> parts = new TreeSet<>();
        for (StateDiff.Difference d : diff.differences()) parts.add(part(d.where()));
        g.where.addAll(parts);
        if (g.examples.size() < EXAMPLES) g.examples.putIfAbsent(parts.toString(), new DifferentialRun.Mismatch(c, expected, actual, diff));
    }

    /** A difference's place without the index: {@code xmm3 -> xmm}, {@code data[0x10..0x17] -> data}, {@code st(2) -> st}. */
    static String part(String where) {
        return where.replaceAll("^xmm[0-9]+$", "xmm").replaceAll("\\[.*|\\(.*", "").strip();
    }

    /** The form a case exercises: its text up to the first {@code " ["}. */
    public static String formOf(TestCase c) {
        int at = c.text().indexOf(" [");
        return at < 0 ? c.text() : c.text().substring(0, at);
    }

    public String label() { return label; }

    public long cases() { return cases; }

    public long mismatches() { return mismatches; }

    /** Cases run per form. */
    public long casesOf(String form) {
        Group g = groups.get(form);
        return g == null ? 0 : g.cases;
    }

    /** The forms with at least one mismatch, most mismatches first. */
    public List<Group> failing() {
        List<Group> out = new ArrayList<>(groups.values().stream().filter(g -> g.mismatches > 0).toList());
        out.sort(Comparator.comparingLong(Group::mismatches).reversed().thenComparing(Group::form));
        return out;
    }

    /**
     * One line per failing form ({@code "  adc r/m8, r8   37/412 differ in rflags"}), except that
     * the forms jvmx has no semantics for share one line.
     */
    public String summary() {
        StringBuilder sb = new StringBuilder(String.format("%s: %d cases, %d mismatches in %d of %d forms%n",
                label, cases, mismatches, failing().size(), groups.size()));
        List<String> ud = failing().stream().filter(Group::unimplemented).map(Group::form).toList();
        if (!ud.isEmpty()) sb.append(String.format("  no semantics (host runs it, jvmx #UD), %d forms: %s%n", ud.size(), String.join("; ", ud)));
        for (Group g : failing()) {
            if (g.unimplemented()) continue;
            sb.append(String.format("  %-36s %7d/%-7d differ in %s%n", g.form, g.mismatches, g.cases, String.join(", ", g.where)));
        }
        sb.append(approximations());
        return sb.toString();
    }

    /**
     * For the x87 forms compared with a tolerance ({@link StateDiff#X87_ULPS}) that used it: per
     * form, the matching cases, how many were bit-identical (C1 included), in how many a stack
     * register differed and by at most how many ulps, and how often C1 differed. Empty when no
     * such case ran.
     */
    public String approximations() {
        StringBuilder sb = new StringBuilder();
        for (Group g : groups.values()) {
            if (g.worstUlps == 0 && g.c1Differs == 0) continue;
            sb.append(String.format("  within tolerance: %-16s %,9d cases, %,9d bit-identical, %,7d with ST(i) apart (worst %d ulp), C1 differs in %,d%n",
                    g.form, g.approximate, g.identical, g.apart, g.worstUlps, g.c1Differs));
        }
        return sb.toString();
    }

    /** {@link #summary()} plus each failing form's examples with their inputs ({@link #example}). */
    public String details(Disassembler disassembler, HostArch arch) {
        StringBuilder sb = new StringBuilder(summary());
        for (Group g : failing()) {
            for (DifferentialRun.Mismatch m : g.examples()) sb.append('\n').append(example(m, disassembler, arch));
        }
        return sb.toString();
    }

    /** One mismatch as {@link StateDiff#render} shows it, followed by its inputs ({@link JvmxCaseDump}). */
    public static String example(DifferentialRun.Mismatch m, Disassembler disassembler, HostArch arch) {
        List<String> lines = disassembler.disassemble(m.testCase().code(), HostLayout.CODE_BASE);
        return m.render(disassembler) + JvmxCaseDump.inputs(m.testCase(), arch, lines);
    }
}

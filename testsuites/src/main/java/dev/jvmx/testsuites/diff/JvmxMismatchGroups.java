package dev.jvmx.testsuites.diff;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A {@link DifferentialRun.Observer} that groups a run's cases by instruction form (the template
 * name at the head of {@link TestCase#text()}): how many ran, how many differed, which parts of
 * the state differed, and the first differing case as the example. Memory stays bounded by the
 * number of forms. Also the coverage count the meta-test reads.
 */
public final class JvmxMismatchGroups implements DifferentialRun.Observer {

    /** One form's tally. */
    public static final class Group {
        private final String form;
        private long cases;
        private long mismatches;
        private final TreeSet<String> where = new TreeSet<>();
        private DifferentialRun.Mismatch example;

        Group(String form) {
            this.form = form;
        }

        public String form() { return form; }

        public long cases() { return cases; }

        public long mismatches() { return mismatches; }

        /** The parts of the state that differed at least once: rip, rflags, xmm, data, outcome ... */
        public TreeSet<String> where() { return where; }

        public DifferentialRun.Mismatch example() { return example; }
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
        if (diff.matches()) return;
        g.mismatches++;
        mismatches++;
        for (StateDiff.Difference d : diff.differences()) g.where.add(part(d.where()));
        if (g.example == null) g.example = new DifferentialRun.Mismatch(c, expected, actual, diff);
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

    /** One line per failing form: {@code "  adc r/m8, r8   37/412 differ in rflags"}. */
    public String summary() {
        StringBuilder sb = new StringBuilder(String.format("%s: %d cases, %d mismatches in %d of %d forms%n",
                label, cases, mismatches, failing().size(), groups.size()));
        for (Group g : failing()) {
            sb.append(String.format("  %-36s %7d/%-7d differ in %s%n", g.form, g.mismatches, g.cases, String.join(", ", g.where)));
        }
        return sb.toString();
    }

    /** {@link #summary()} plus each failing form's example, rendered with {@code disassembler}. */
    public String details(Disassembler disassembler) {
        StringBuilder sb = new StringBuilder(summary());
        for (Group g : failing()) sb.append('\n').append(g.example.render(disassembler));
        return sb.toString();
    }
}

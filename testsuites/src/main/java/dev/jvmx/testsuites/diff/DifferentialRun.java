package dev.jvmx.testsuites.diff;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs the same cases on a reference {@link GuestCpu} (the host) and on one under test (a jvmx
 * tier) and collects every case whose outcomes differ beyond the case's undefined flags.
 * Large runs stream through {@link #run(GuestCpu, GuestCpu, CaseGenerator, long, int, int)} in
 * chunks, so memory stays bounded (a state carries a 4 KiB page) however many cases run.
 */
public final class DifferentialRun {

    /** A case that differs, with the two outcomes and the comparison. */
    public record Mismatch(TestCase testCase, Outcome expected, Outcome actual, StateDiff diff) {
        public String render(Disassembler disassembler) {
            return diff.render(testCase, disassembler);
        }
    }

    /**
     * What a run found.
     *
     * @param cases          how many cases ran
     * @param mismatchCount  how many differed
     * @param mismatches     the first of them (at most the run's keep limit)
     */
    public record Report(long cases, long mismatchCount, List<Mismatch> mismatches) {
        public boolean clean() {
            return mismatchCount == 0;
        }
    }

    /** Sees every compared case, matching or not (for grouping and coverage counts). */
    @FunctionalInterface
    public interface Observer {
        void compared(TestCase testCase, Outcome expected, Outcome actual, StateDiff diff);
    }

    private static final Observer IGNORE = (c, e, a, d) -> { };

    private DifferentialRun() {}

    /** Runs {@code cases} on both and keeps every mismatch. */
    public static Report run(GuestCpu reference, GuestCpu underTest, List<TestCase> cases) {
        List<Mismatch> bad = new ArrayList<>();
        compareChunk(reference, underTest, cases, bad, Integer.MAX_VALUE);
        return new Report(cases.size(), bad.size(), bad);
    }

    /** Runs {@code cases} on both, showing each to {@code observer}; keeps no mismatches itself. */
    public static Report run(GuestCpu reference, GuestCpu underTest, List<TestCase> cases, Observer observer) {
        return new Report(cases.size(), compareChunk(reference, underTest, cases, new ArrayList<>(), 0, observer), List.of());
    }

    /**
     * Runs {@code total} generated one-instruction cases, {@code chunk} at a time, keeping the
     * first {@code keep} mismatches and counting the rest.
     */
    public static Report run(GuestCpu reference, GuestCpu underTest, CaseGenerator generator, long total, int chunk, int keep) {
        return run(reference, underTest, generator, total, chunk, keep, IGNORE);
    }

    /** As {@link #run(GuestCpu, GuestCpu, CaseGenerator, long, int, int)}, showing every case to {@code observer}. */
    public static Report run(GuestCpu reference, GuestCpu underTest, CaseGenerator generator, long total, int chunk, int keep,
                             Observer observer) {
        List<Mismatch> kept = new ArrayList<>();
        long mismatches = 0;
        for (long done = 0; done < total; done += chunk) {
            List<TestCase> cases = generator.cases((int) Math.min(chunk, total - done));
            mismatches += compareChunk(reference, underTest, cases, kept, keep, observer);
        }
        return new Report(total, mismatches, kept);
    }

    private static int compareChunk(GuestCpu reference, GuestCpu underTest, List<TestCase> cases, List<Mismatch> kept, int keep) {
        return compareChunk(reference, underTest, cases, kept, keep, IGNORE);
    }

    private static int compareChunk(GuestCpu reference, GuestCpu underTest, List<TestCase> cases, List<Mismatch> kept, int keep,
                                    Observer observer) {
        List<Outcome> expected = reference.runAll(cases);
        List<Outcome> actual = underTest.runAll(cases);
        int bad = 0;
        for (int i = 0; i < cases.size(); i++) {
            TestCase c = cases.get(i);
            StateDiff d = StateDiff.compare(c, expected.get(i), actual.get(i));
            observer.compared(c, expected.get(i), actual.get(i), d);
            if (d.matches()) continue;
            bad++;
            if (kept.size() < keep) kept.add(new Mismatch(c, expected.get(i), actual.get(i), d));
        }
        return bad;
    }
}

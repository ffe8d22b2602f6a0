package dev.jvmx.testsuites.singlestep;

import java.util.Set;

/**
 * Knobs of a suite run beyond {@code (path, cpu, filter)}: metadata statuses whose files are
 * skipped entirely (none by default), how many failures per opcode to record in detail, the
 * instruction limit per test, a progress listener and the committed list of explained failures.
 */
public record SuiteOptions(Set<String> skipStatuses, int maxFailuresPerOpcode, int maxInstructions, ProgressListener progress,
        ExplainedFailures explained) {
    public SuiteOptions {
        skipStatuses = Set.copyOf(skipStatuses);
    }

    public static SuiteOptions defaults() {
        return new SuiteOptions(Set.of(), 20, 64, ProgressListener.NONE, ExplainedFailures.none());
    }

    public SuiteOptions withProgress(ProgressListener p) {
        return new SuiteOptions(skipStatuses, maxFailuresPerOpcode, maxInstructions, p, explained);
    }

    public SuiteOptions withSkipStatuses(Set<String> s) {
        return new SuiteOptions(s, maxFailuresPerOpcode, maxInstructions, progress, explained);
    }

    public SuiteOptions withExplained(ExplainedFailures e) {
        return new SuiteOptions(skipStatuses, maxFailuresPerOpcode, maxInstructions, progress, e);
    }
}

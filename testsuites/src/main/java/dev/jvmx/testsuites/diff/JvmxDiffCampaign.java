package dev.jvmx.testsuites.diff;

import dev.jvmx.runtime.cpu.CpuModel;
import dev.jvmx.x86.Feature;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.LongConsumer;

/**
 * One differential campaign: host CPU against jvmx's interpreter in one mode, over the templates
 * whose CPUID feature the {@link CpuModel} advertises ({@link JvmxCpuidFeatures},
 * {@link JvmxTemplateForms}), one random instruction per case, streamed in chunks so that memory
 * stays bounded for any count. The test and {@code scripts/diff-host.sh} both run it.
 */
public final class JvmxDiffCampaign {
    /** Cases per chunk: large enough to amortise the pipe, small enough to keep memory flat. */
    public static final int CHUNK = 5_000;
    /**
     * Snippet time-out on the host, in wall time. No generated snippet loops (REP counts stay
     * below 18), so this only has to outlast the scheduling delays of a loaded machine.
     */
    private static final Duration HOST_TIMEOUT = Duration.ofSeconds(2);
    /** Harness restarts per chunk before the run gives up. */
    private static final int HOST_RETRIES = 2;

    private final HostArch arch;
    private final CpuModel model;
    /** The jvmx tier under test: null for the interpreter, else a translator tier. */
    private JvmxTieredCpu.Tier tier;
    private dev.jvmx.translator.JitCounters jitCounters;
    private final List<JvmxTemplateForms> forms;
    private final Set<Feature> advertised;
    private long hostNanos, jvmxNanos, totalNanos;
    /** Cases compared so far per definition-table form (the meta-test's evidence). */
    private final java.util.Map<dev.jvmx.x86.Form, Long> compared = new java.util.HashMap<>();

    public JvmxDiffCampaign(HostArch arch, CpuModel model, List<InstructionTemplate> templates) {
        this.arch = arch;
        this.model = model;
        this.advertised = JvmxCpuidFeatures.advertised(model);
        this.forms = JvmxTemplateForms.of(templates, arch);
    }

    /** The starter templates and those generated from the definition table, under the default model. */
    public static JvmxDiffCampaign standard(HostArch arch) {
        return standard(arch, CpuModel.defaultModel());
    }

    /** The starter templates and those generated from the definition table, under {@code model}. */
    public static JvmxDiffCampaign standard(HostArch arch, CpuModel model) {
        return new JvmxDiffCampaign(arch, model, templates(arch));
    }

    /** The hand-written starter templates, then one or more per definition-table form ({@link DefinitionTemplates}). */
    public static List<InstructionTemplate> templates(HostArch arch) {
        List<InstructionTemplate> all = new java.util.ArrayList<>(StarterTemplates.load());
        all.addAll(DefinitionTemplates.templates(arch.mode()));
        return all;
    }

    public HostArch arch() { return arch; }

    /** Runs the cases through {@code t} (a translator tier, threshold 0) instead of the interpreter; null = the interpreter. */
    public JvmxDiffCampaign tier(JvmxTieredCpu.Tier t) {
        this.tier = t;
        return this;
    }

    /** {@code "interpreter"}, {@code "BLOCK"} or {@code "REGION"}. */
    public String tierName() {
        return tier == null ? "interpreter" : "jit " + tier.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The translator's counters of the last run (null for the interpreter): translations, regions, interpreted blocks. */
    public dev.jvmx.translator.JitCounters jitCounters() { return jitCounters; }

    public Set<Feature> advertised() { return advertised; }

    /** Every template encodable in this mode, with its derived forms and features. */
    public List<JvmxTemplateForms> forms() { return forms; }

    /** The coverage of the runs so far: advertised forms compared, allow-listed, missing. */
    public JvmxFormCoverage.Result coverage() {
        return JvmxFormCoverage.of(this, arch.bits() + "-bit", compared);
    }

    /** Where the time of the runs so far went: {@code "host 1.2 s, jvmx 3.4 s, generation and comparison 0.9 s"}. */
    public String timing() {
        return String.format("host harness %.1f s, jvmx %.1f s, generation and comparison %.1f s",
                hostNanos / 1e9, jvmxNanos / 1e9, (totalNanos - hostNanos - jvmxNanos) / 1e9);
    }

    /** Mnemonics the run is restricted to ({@code --forms}); null = every template. */
    private Set<String> only;

    /**
     * Restricts the run to templates that decode to a form of one of {@code mnemonics} (the
     * definition table's names, e.g. FSIN): for long runs of a few forms. The coverage summary
     * then reports the other forms missing.
     */
    public JvmxDiffCampaign only(Set<String> mnemonics) {
        this.only = Set.copyOf(mnemonics);
        return this;
    }

    /** The templates the campaign runs: feature advertised by the model (and, with {@link #only}, of those mnemonics). */
    public List<InstructionTemplate> sampled() {
        return forms.stream().filter(f -> f.runnableWith(advertised))
                .filter(f -> only == null || f.forms().stream().anyMatch(x -> only.contains(x.mnemonic().name())))
                .map(JvmxTemplateForms::template).toList();
    }

    /** The templates left out, because the model does not advertise their feature. */
    public List<JvmxTemplateForms> excluded() {
        return forms.stream().filter(f -> !f.runnableWith(advertised)).toList();
    }

    /**
     * Runs {@code count} one-instruction cases from {@code seed}; {@code progress} is told the
     * number done after each chunk. Throws {@link IllegalStateException} when the host harness
     * cannot run in this mode (see {@link HostHarnessBuild#of(HostArch)}).
     */
    public JvmxMismatchGroups run(long seed, long count, LongConsumer progress) {
        return run(seed, count, new JvmxMismatchGroups(arch.bits() + "-bit"), progress);
    }

    /** As {@link #run(long, long, LongConsumer)}, tallying into {@code groups} (readable from {@code progress}). */
    public JvmxMismatchGroups run(long seed, long count, JvmxMismatchGroups groups, LongConsumer progress) {
        long t0 = System.nanoTime();
        CaseGenerator generator = new CaseGenerator(sampled(), seed, arch);
        GuestCpu under;
        if (tier == null) {
            under = new JvmxCpu(arch, model);
        } else {
            JvmxTieredCpu t = new JvmxTieredCpu(arch, model, tier);
            jitCounters = t.counters();
            under = t;
        }
        JvmxTimedCpu jvmx = new JvmxTimedCpu(under);
        HostCpu host = HostCpu.start(arch, HOST_TIMEOUT);
        try {
            for (long done = 0; done < count; ) {
                List<TestCase> cases = generator.cases((int) Math.min(CHUNK, count - done));
                host = runChunk(host, jvmx, cases, groups);
                for (TestCase c : cases) JvmxFormCoverage.record(compared, c, arch);
                done += cases.size();
                progress.accept(done);
            }
        } finally {
            host.close();
            jvmxNanos += jvmx.nanos();
            totalNanos += System.nanoTime() - t0;
        }
        return groups;
    }

    /**
     * One chunk; when the harness process dies (which must not happen, and is reported on
     * stderr with its log) it is restarted and the chunk run again, at most {@link #HOST_RETRIES}
     * times. The observer only sees a chunk once both sides have finished it.
     */
    private HostCpu runChunk(HostCpu host, GuestCpu jvmx, List<TestCase> cases, JvmxMismatchGroups groups) {
        for (int attempt = 0; ; attempt++) {
            JvmxTimedCpu timedHost = new JvmxTimedCpu(host);
            try {
                DifferentialRun.run(timedHost, jvmx, cases, groups);
                hostNanos += timedHost.nanos();
                return host;
            } catch (UncheckedIOException e) {
                hostNanos += timedHost.nanos();
                if (attempt >= HOST_RETRIES) throw e;
                System.err.printf("diff-host: the %d-bit host harness died (%s); restarting it and rerunning the chunk%n",
                        arch.bits(), e.getMessage());
                host.close();
                host = HostCpu.start(arch, HOST_TIMEOUT);
            }
        }
    }
}

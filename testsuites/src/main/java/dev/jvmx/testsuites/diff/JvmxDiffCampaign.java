package dev.jvmx.testsuites.diff;

import dev.jvmx.runtime.cpu.CpuModel;
import dev.jvmx.x86.Feature;
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
    /** Snippet time-out on the host (no generated snippet loops). */
    private static final Duration HOST_TIMEOUT = Duration.ofMillis(200);

    private final HostArch arch;
    private final CpuModel model;
    private final List<JvmxTemplateForms> forms;
    private final Set<Feature> advertised;

    public JvmxDiffCampaign(HostArch arch, CpuModel model, List<InstructionTemplate> templates) {
        this.arch = arch;
        this.model = model;
        this.advertised = JvmxCpuidFeatures.advertised(model);
        this.forms = JvmxTemplateForms.of(templates, arch);
    }

    /** The starter templates under the default model. */
    public static JvmxDiffCampaign standard(HostArch arch) {
        return new JvmxDiffCampaign(arch, CpuModel.defaultModel(), StarterTemplates.load());
    }

    public HostArch arch() { return arch; }

    public Set<Feature> advertised() { return advertised; }

    /** Every template encodable in this mode, with its derived forms and features. */
    public List<JvmxTemplateForms> forms() { return forms; }

    /** The templates the campaign runs: feature advertised by the model. */
    public List<InstructionTemplate> sampled() {
        return forms.stream().filter(f -> f.runnableWith(advertised)).map(JvmxTemplateForms::template).toList();
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
        CaseGenerator generator = new CaseGenerator(sampled(), seed, arch);
        JvmxCpu jvmx = new JvmxCpu(arch, model);
        try (HostCpu host = HostCpu.start(arch, HOST_TIMEOUT)) {
            for (long done = 0; done < count; ) {
                int n = (int) Math.min(CHUNK, count - done);
                DifferentialRun.run(host, jvmx, generator, n, n, 0, groups);
                done += n;
                progress.accept(done);
            }
        }
        return groups;
    }
}

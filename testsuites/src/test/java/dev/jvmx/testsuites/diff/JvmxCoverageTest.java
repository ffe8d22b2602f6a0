package dev.jvmx.testsuites.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvmx.runtime.cpu.CpuModel;
import dev.jvmx.x86.Feature;
import dev.jvmx.x86.Form;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Meta-test of the differential sample (issue 4, "every instruction form that the CPU model
 * advertises has differential coverage"): every definition-table form valid in the mode whose
 * CPUID feature the model advertises (the default model and {@link CpuModel#withVerifiedExtensions})
 * occurs in {@link JvmxDifferentialTest}'s fixed-seed sample or is allow-listed by
 * {@link DefinitionTemplates#excluded} with a reason; templates get their feature from the
 * definition table; generated templates decode to the form they were made from. The allow-list
 * goes to {@code target/jvmx-form-coverage-<model>-<bits>.txt} and the counts to stdout.
 */
class JvmxCoverageTest {

    @Test
    void defaultModelAdvertisesTheVerifiedExtensions() {
        Set<Feature> f = JvmxCpuidFeatures.advertised(CpuModel.defaultModel());
        assertTrue(f.containsAll(Set.of(Feature.BASE, Feature.X87, Feature.CMOV, Feature.CX8, Feature.CX16, Feature.MMX,
                Feature.FXSR, Feature.SSE, Feature.SSE2, Feature.TSC, Feature.SYSCALL, Feature.RDTSCP)), f.toString());
        assertTrue(f.containsAll(JvmxCpuidFeatures.advertised(CpuModel.withVerifiedExtensions())), f.toString());
        for (Feature yes : List.of(Feature.SSE3, Feature.SSSE3, Feature.SSE41, Feature.SSE42, Feature.POPCNT, Feature.LZCNT)) {
            assertTrue(f.contains(yes), yes + " is advertised by the default model");
        }
        Set<Feature> baseline = JvmxCpuidFeatures.advertised(new CpuModel());
        assertFalse(baseline.contains(Feature.SSE3) || baseline.contains(Feature.POPCNT), baseline.toString());
    }

    @Test
    void templateFeaturesComeFromTheDefinitionTable() {
        Map<String, Set<Feature>> byName = JvmxTemplateForms.of(StarterTemplates.load(), HostArch.X86_64).stream()
                .collect(Collectors.toMap(t -> t.template().name(), JvmxTemplateForms::features, (a, b) -> a));
        assertEquals(Set.of(Feature.BASE), byName.get("add r/m64, r64"));
        assertEquals(Set.of(Feature.CMOV), byName.get("cmovz r64, r/m64"));
        assertEquals(Set.of(Feature.SSE), byName.get("addps xmm, xmm/m128"));
        assertEquals(Set.of(Feature.SSE2), byName.get("addpd xmm, xmm/m128"));
        assertEquals(Set.of(Feature.SSSE3), byName.get("pshufb xmm, xmm/m128"));
        assertEquals(Set.of(Feature.SSE41), byName.get("pminsd xmm, xmm/m128"));
        assertEquals(Set.of(Feature.POPCNT), byName.get("popcnt r64, r/m64"));
        assertEquals(Set.of(Feature.AES), byName.get("aesenc xmm, xmm/m128"));
        assertEquals(Set.of(Feature.X87), byName.get("fadd st(0), st(i)"));
        assertEquals(Set.of(Feature.CX16), byName.get("lock cmpxchg16b m128"));
    }

    /**
     * Every template generated from the definition table decodes to its own form (some instances
     * may reach a more specific row of the same opcode: XCHG eAX, eAX is NOP, 0F 18 /1 mem is
     * PREFETCHT0), and jvmx's decoder accepts every instance.
     */
    @ParameterizedTest
    @EnumSource(HostArch.class)
    void generatedTemplatesDecodeToTheirForm(HostArch arch) {
        List<DefinitionTemplates.Generated> generated = DefinitionTemplates.of(arch.mode());
        Map<InstructionTemplate, Form> origin = new HashMap<>();
        for (DefinitionTemplates.Generated g : generated) origin.put(g.template(), g.form());
        List<String> wrong = new ArrayList<>();
        for (JvmxTemplateForms t : JvmxTemplateForms.of(generated.stream().map(DefinitionTemplates.Generated::template).toList(), arch)) {
            Form f = origin.get(t.template());
            if (!t.forms().contains(f) || t.undecoded() != null) {
                wrong.add(t.template().name() + " (" + f.source() + ") decodes to " + t.forms() + (t.undecoded() == null ? "" : ", rejects " + t.undecoded()));
            }
        }
        assertTrue(generated.size() > 1000, "templates generated: " + generated.size());
        assertEquals("", String.join("\n", wrong));
    }

    @ParameterizedTest
    @EnumSource(HostArch.class)
    void sampleHoldsExactlyTheAdvertisedTemplates(HostArch arch) {
        JvmxDiffCampaign c = JvmxDiffCampaign.standard(arch);
        List<String> sampled = c.sampled().stream().map(InstructionTemplate::name).toList();
        assertTrue(sampled.contains("paddb xmm, xmm/m128"));
        assertTrue(sampled.contains("pshufb xmm, xmm/m128"), "SSSE3 is advertised");
        JvmxDiffCampaign baseline = JvmxDiffCampaign.standard(arch, new CpuModel());
        List<String> base = baseline.sampled().stream().map(InstructionTemplate::name).toList();
        assertFalse(base.contains("pshufb xmm, xmm/m128"), "SSSE3 is not advertised by the baseline");
        assertFalse(base.contains("lzcnt r64, r/m64"), "without LZCNT, F3 0F BD is BSR: not comparable");
        for (JvmxDiffCampaign x : List.of(c, baseline)) {
            for (JvmxTemplateForms t : x.excluded()) {
                assertFalse(x.advertised().containsAll(t.features()), t.template() + " excluded although advertised");
            }
            assertEquals(x.forms().size(), x.sampled().size() + x.excluded().size());
        }
    }

    /**
     * The template's undefined-flags column must cover every flag the definition table calls
     * undefined for the form (else the host's arbitrary values fail the run), and may exceed the
     * table only where the SDM makes a flag undefined per operand value and the table cannot say
     * so: OF of shifts and rotates by a count ({@link DefinitionTemplates#shiftByCount}).
     */
    @ParameterizedTest
    @EnumSource(HostArch.class)
    void undefinedFlagMasksAgreeWithTheDefinitionTable(HostArch arch) {
        JvmxDiffCampaign c = JvmxDiffCampaign.standard(arch);
        for (JvmxTemplateForms t : c.forms()) {
            if (!t.runnableWith(c.advertised())) continue;
            long table = 0;
            for (Form f : t.forms()) table |= f.flagsUndefined();
            long mask = t.template().undefinedFlags();
            String name = t.template().name();
            assertEquals(table, mask & table, name + ": the table also leaves " + Rflags.describe(table & ~mask) + " undefined");
            long extra = mask & ~table;
            boolean byCount = !t.forms().isEmpty() && t.forms().stream().allMatch(DefinitionTemplates::shiftByCount);
            assertEquals(byCount ? extra & Rflags.OF : 0, extra, name + " masks " + Rflags.describe(extra) + " beyond the table");
        }
    }

    /**
     * The meta-test proper, for the default model and the verified-extensions model: each
     * advertised form valid in the mode is in the fixed-seed sample (the same generator, seed and
     * count as {@link JvmxDifferentialTest}, which also asserts it on the cases it compared) or
     * allow-listed with a reason. Models with the same advertised features are checked once.
     */
    @ParameterizedTest
    @EnumSource(HostArch.class)
    void everyAdvertisedFormIsSampledOrAllowListed(HostArch arch) throws IOException {
        Map<Set<Feature>, String> models = new LinkedHashMap<>();
        Map<String, CpuModel> byName = Map.of("default", CpuModel.defaultModel(), "verified", CpuModel.withVerifiedExtensions());
        for (String name : List.of("default", "verified")) models.putIfAbsent(JvmxCpuidFeatures.advertised(byName.get(name)), name);
        for (String name : models.values()) {
            JvmxDiffCampaign c = JvmxDiffCampaign.standard(arch, byName.get(name));
            JvmxFormCoverage.Result r = JvmxFormCoverage.of(c, name + " model, " + arch.bits() + "-bit",
                    JvmxFormCoverage.sample(c, JvmxDifferentialTest.SEED, JvmxDifferentialTest.PER_MODE));
            Path p = Path.of("target", "jvmx-form-coverage-" + name + "-" + arch.bits() + ".txt");
            Files.createDirectories(p.getParent());
            Files.writeString(p, r.summary() + "\n\nAllow-listed, by reason:\n" + r.allowListText(), StandardCharsets.UTF_8);
            System.out.println(r.summary() + " (allow-list in " + p + ")");
            assertTrue(r.comparedCount() > 500, r.summary());
            for (String reason : r.allowListed().values()) assertFalse(reason.isBlank());
            assertEquals("", JvmxFormCoverage.byMnemonic(r.missing()), r.summary());
        }
    }
}

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * Meta-test of the differential sample (issue 4, "every instruction form that the CPU model
 * advertises has differential coverage"): templates get their CPUID feature from jvmx's
 * definition table, the sample holds exactly the templates whose feature the model advertises,
 * and each of them occurs in {@link JvmxDifferentialTest}'s fixed-seed sample. The advertised
 * definition-table forms that no template reaches are listed in
 * {@code target/jvmx-forms-without-template-<bits>.txt} and on stdout.
 */
class JvmxCoverageTest {

    @Test
    void defaultModelAdvertisesTheBaselineAndNothingBeyondSse2() {
        Set<Feature> f = JvmxCpuidFeatures.advertised(CpuModel.defaultModel());
        assertTrue(f.containsAll(Set.of(Feature.BASE, Feature.X87, Feature.CMOV, Feature.CX8, Feature.CX16, Feature.MMX,
                Feature.FXSR, Feature.SSE, Feature.SSE2, Feature.TSC, Feature.SYSCALL, Feature.RDTSCP)), f.toString());
        for (Feature no : List.of(Feature.SSE3, Feature.SSSE3, Feature.SSE41, Feature.POPCNT, Feature.LZCNT, Feature.AES,
                Feature.AVX, Feature.BMI1, Feature.ADX, Feature.XSAVE)) {
            assertFalse(f.contains(no), no + " is not advertised by the default model");
        }
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

    @ParameterizedTest
    @EnumSource(HostArch.class)
    void sampleHoldsExactlyTheAdvertisedTemplates(HostArch arch) {
        JvmxDiffCampaign c = JvmxDiffCampaign.standard(arch);
        List<String> sampled = c.sampled().stream().map(InstructionTemplate::name).toList();
        assertTrue(sampled.contains("paddb xmm, xmm/m128"));
        assertFalse(sampled.contains("pshufb xmm, xmm/m128"), "SSSE3 is not advertised");
        assertFalse(sampled.contains("lzcnt r64, r/m64"), "without LZCNT, F3 0F BD is BSR: not comparable");
        for (JvmxTemplateForms t : c.excluded()) {
            assertFalse(c.advertised().containsAll(t.features()), t.template() + " excluded although advertised");
        }
        assertEquals(c.forms().size(), c.sampled().size() + c.excluded().size());
    }

    /**
     * The only allow-list is the template's undefined-flags column. It must cover every flag the
     * definition table calls undefined for the form (else the host's arbitrary values fail the
     * run), and may exceed the table only where the SDM makes a flag undefined per operand value
     * and the table cannot say so: OF of shifts and rotates by a count other than 1.
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
            boolean multiBitShift = name.matches("(rol|ror|rcl|rcr|shl|shr|sar) .*") && !name.endsWith(", 1");
            assertEquals(multiBitShift ? extra & Rflags.OF : 0, extra, name + " masks " + Rflags.describe(extra) + " beyond the table");
        }
    }

    @ParameterizedTest
    @EnumSource(HostArch.class)
    void everyAdvertisedTemplateOccursInTheFixedSeedSample(HostArch arch) {
        JvmxDiffCampaign c = JvmxDiffCampaign.standard(arch);
        CaseGenerator g = new CaseGenerator(c.sampled(), JvmxDifferentialTest.SEED, arch);
        Map<String, Integer> count = new HashMap<>();
        for (long i = 0; i < JvmxDifferentialTest.PER_MODE; i++) count.merge(JvmxMismatchGroups.formOf(g.next()), 1, Integer::sum);
        for (InstructionTemplate t : c.sampled()) {
            int n = count.getOrDefault(t.name(), 0);
            assertTrue(n >= 100, t.name() + " has only " + n + " cases in the " + arch.bits() + "-bit sample");
        }
    }

    @ParameterizedTest
    @EnumSource(HostArch.class)
    void listsAdvertisedFormsWithoutATemplate(HostArch arch) throws IOException {
        JvmxDiffCampaign c = JvmxDiffCampaign.standard(arch);
        Set<Form> covered = JvmxFormCoverage.covered(c);
        List<Form> missing = JvmxFormCoverage.advertisedWithoutTemplate(c);
        assertFalse(covered.isEmpty());
        for (Form f : missing) {
            assertFalse(covered.contains(f));
            assertTrue(c.advertised().contains(f.feature()) && f.cpl() == 3, f.source());
        }
        String text = JvmxFormCoverage.byMnemonic(missing);
        Path p = Path.of("target", "jvmx-forms-without-template-" + arch.bits() + ".txt");
        Files.createDirectories(p.getParent());
        Files.writeString(p, text, StandardCharsets.UTF_8);
        System.out.printf("%d-bit: %d advertised user-mode forms covered by templates, %d without a template (listed in %s)%n",
                arch.bits(), covered.size(), missing.size(), p);
    }
}

package dev.jvmx.testsuites.diff;

import dev.jvmx.x86.Decoder;
import dev.jvmx.x86.Feature;
import dev.jvmx.x86.Form;
import dev.jvmx.x86.Instruction;
import dev.jvmx.x86.Mode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What each {@link InstructionTemplate} is in jvmx's own terms: the definition-table
 * {@link Form}s its instances decode to, and so the CPUID {@link Feature} it needs. The feature
 * is derived rather than written into the template file, so the two can never disagree: a
 * template is instantiated {@link #SAMPLES} times (register and memory operands, every operand
 * choice the generator makes) and each instance is decoded by frontend-x86.
 *
 * @param template  the template
 * @param forms     the forms its instances decoded to (register and memory rows may differ)
 * @param features  the features of those forms; empty when no instance decodes
 * @param undecoded an example instance jvmx's decoder rejects ({@code null} when all decode)
 */
public record JvmxTemplateForms(InstructionTemplate template, Set<Form> forms, Set<Feature> features, String undecoded) {
    /** Instances decoded per template. */
    static final int SAMPLES = 24;

    /**
     * Whether the sample runs this template under a model advertising {@code advertised}: every
     * feature its decodable instances need is advertised. A template jvmx cannot decode at all
     * has no known feature and runs too, so that a decoder gap shows up as a mismatch instead of
     * disappearing from the sample.
     */
    public boolean runnableWith(Set<Feature> advertised) {
        return advertised.containsAll(features);
    }

    /** The feature names, e.g. {@code "SSE2"} or {@code "SSE41"}. */
    public String featureText() {
        return features.isEmpty() ? "(undecodable)" : features.stream().map(Enum::name).reduce((a, b) -> a + "+" + b).orElseThrow();
    }

    /** Derives the forms of every template encodable in {@code arch}. */
    public static List<JvmxTemplateForms> of(List<InstructionTemplate> templates, HostArch arch) {
        CaseGenerator generator = new CaseGenerator(templates, 0x5EED_F0A5L, arch);
        Mode mode = arch == HostArch.X86_64 ? Mode.BITS64 : Mode.BITS32;
        List<JvmxTemplateForms> out = new ArrayList<>();
        for (InstructionTemplate t : generator.templates()) {
            Set<Form> forms = new LinkedHashSet<>();
            Set<Feature> features = EnumSet.noneOf(Feature.class);
            String undecoded = null;
            for (int i = 0; i < SAMPLES; i++) {
                byte[] code = generator.instantiate(List.of(t)).code();
                Instruction ins = Decoder.decode(mode, code, 0, code.length, HostLayout.CODE_BASE);
                if (ins.isInvalid() || ins.form() == null || ins.length() != code.length) {
                    if (undecoded == null) undecoded = Disassembler.hex(code) + " -> " + ins.mnemonic() + " length " + ins.length();
                    continue;
                }
                forms.add(ins.form());
                features.addAll(JvmxCpuidFeatures.needed(ins.form(), ins.feature()));   // by VEX.L: VEX.256 integer forms need AVX2
            }
            out.add(new JvmxTemplateForms(t, forms, features, undecoded));
        }
        return out;
    }
}

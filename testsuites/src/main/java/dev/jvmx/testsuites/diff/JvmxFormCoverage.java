package dev.jvmx.testsuites.diff;

import dev.jvmx.x86.DefinitionTable;
import dev.jvmx.x86.Form;
import dev.jvmx.x86.Mode;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which definition-table forms the differential sample reaches (issue 4, "Meta-test: every
 * instruction form that the CPU model advertises has differential coverage"): a form is covered
 * when some sampled template's instances decode to it. The rest, restricted to forms valid in
 * the mode, executable at CPL 3 and with an advertised feature, is the list of forms still
 * waiting for a template.
 */
public final class JvmxFormCoverage {
    private JvmxFormCoverage() {}

    /** Forms the sampled templates decode to. */
    public static Set<Form> covered(JvmxDiffCampaign campaign) {
        Set<Form> out = new HashSet<>();
        for (JvmxTemplateForms t : campaign.forms()) if (t.runnableWith(campaign.advertised())) out.addAll(t.forms());
        return out;
    }

    /** User-mode forms valid in the campaign's mode whose feature is advertised and which no sampled template reaches. */
    public static List<Form> advertisedWithoutTemplate(JvmxDiffCampaign campaign) {
        Mode mode = campaign.arch() == HostArch.X86_64 ? Mode.BITS64 : Mode.BITS32;
        Set<Form> covered = covered(campaign);
        return DefinitionTable.forms().stream()
                .filter(f -> f.validIn(mode) && f.cpl() == 3 && campaign.advertised().contains(f.feature()))
                .filter(f -> !covered.contains(f))
                .toList();
    }

    /** The forms grouped by mnemonic, one line each: {@code "ADC      10 /r; 12 /r; 14"}. */
    public static String byMnemonic(List<Form> forms) {
        Map<String, StringBuilder> lines = new TreeMap<>();
        for (Form f : forms) {
            StringBuilder sb = lines.computeIfAbsent(f.mnemonic().name(), k -> new StringBuilder());
            if (!sb.isEmpty()) sb.append("; ");
            sb.append(f.source().split("\\|")[0].strip());
        }
        StringBuilder out = new StringBuilder();
        lines.forEach((m, rows) -> out.append(String.format("%-12s %s%n", m, rows)));
        return out.toString();
    }
}

package dev.jvmx.testsuites.diff;

import dev.jvmx.x86.DefinitionTable;
import dev.jvmx.x86.Decoder;
import dev.jvmx.x86.Form;
import dev.jvmx.x86.Instruction;
import dev.jvmx.x86.Mode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Issue 4's meta-test, "every instruction form that the CPU model advertises has differential
 * coverage": every definition-table form valid in the campaign's mode whose CPUID feature the
 * model advertises is either compared with the host in the run (a case decoding to it ran on
 * both sides) or allow-listed by {@link DefinitionTemplates#excluded} with a reason.
 */
public final class JvmxFormCoverage {
    private JvmxFormCoverage() {}

    /**
     * One campaign's coverage.
     *
     * @param label       e.g. {@code "64-bit"}
     * @param advertised  the advertised forms valid in the mode, in table order
     * @param compared    cases compared per form (forms of the run outside {@code advertised} included)
     * @param allowListed the advertised forms not generated, with the reason
     * @param missing     advertised forms neither compared nor allow-listed: the meta-test fails on any
     */
    public record Result(String label, List<Form> advertised, Map<Form, Long> compared, Map<Form, String> allowListed,
                         List<Form> missing) {
        /** Advertised forms compared at least once. */
        public long comparedCount() {
            return advertised.stream().filter(f -> compared.getOrDefault(f, 0L) > 0).count();
        }

        /** Allow-listed forms where jvmx is known to differ ({@link DefinitionTemplates#OPEN}). */
        public long openCount() {
            return allowListed.values().stream().filter(r -> r.startsWith(DefinitionTemplates.OPEN)).count();
        }

        /** {@code "64-bit: 1046 advertised forms: 871 compared, 175 allow-listed (21 open), 0 missing"}. */
        public String summary() {
            return String.format("%s: %d advertised forms: %d compared, %d allow-listed (%d of them open: jvmx differs), %d missing",
                    label, advertised.size(), comparedCount(), allowListed.size(), openCount(), missing.size());
        }

        /** The allow-list, grouped by reason, each reason followed by its forms by mnemonic. */
        public String allowListText() {
            Map<String, List<Form>> byReason = new TreeMap<>();
            allowListed.forEach((f, r) -> byReason.computeIfAbsent(r, k -> new ArrayList<>()).add(f));
            StringBuilder sb = new StringBuilder();
            byReason.forEach((r, forms) -> sb.append("* ").append(r).append(" (").append(forms.size()).append(")\n")
                    .append(byMnemonic(forms).indent(4)));
            return sb.toString();
        }
    }

    /** The forms valid in the campaign's mode whose feature its model advertises. */
    public static List<Form> advertised(JvmxDiffCampaign campaign) {
        Mode mode = campaign.arch().mode();
        return DefinitionTable.forms().stream()
                .filter(f -> f.validIn(mode) && campaign.advertised().containsAll(JvmxCpuidFeatures.needed(f, f.feature())))
                .toList();
    }

    /** The coverage of {@code campaign}'s run, given the cases it compared per form. */
    public static Result of(JvmxDiffCampaign campaign, String label, Map<Form, Long> compared) {
        List<Form> advertised = advertised(campaign);
        Map<Form, String> allow = new LinkedHashMap<>();
        List<Form> missing = new ArrayList<>();
        for (Form f : advertised) {
            String reason = DefinitionTemplates.excluded(f);
            if (reason != null) allow.put(f, reason);
            else if (compared.getOrDefault(f, 0L) == 0) missing.add(f);
        }
        return new Result(label, advertised, Map.copyOf(compared), allow, missing);
    }

    /**
     * The forms of {@code count} cases of {@code campaign}'s generator from {@code seed}: exactly
     * the instructions its {@link JvmxDiffCampaign#run} compares with the same seed and count.
     */
    public static Map<Form, Long> sample(JvmxDiffCampaign campaign, long seed, long count) {
        CaseGenerator g = new CaseGenerator(campaign.sampled(), seed, campaign.arch());
        Map<Form, Long> out = new HashMap<>();
        for (long i = 0; i < count; i++) record(out, g.next(), campaign.arch());
        return out;
    }

    /** Adds the form of the case's (single) instruction to {@code counts}; undecodable code counts nowhere. */
    static void record(Map<Form, Long> counts, TestCase c, HostArch arch) {
        byte[] code = c.code();
        Instruction ins = Decoder.decode(arch.mode(), code, 0, code.length, HostLayout.CODE_BASE);
        if (!ins.isInvalid() && ins.form() != null) counts.merge(ins.form(), 1L, Long::sum);
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

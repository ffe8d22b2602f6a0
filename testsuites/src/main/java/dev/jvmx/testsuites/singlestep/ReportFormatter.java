package dev.jvmx.testsuites.singlestep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;

/**
 * The two report formats of {@code jvmx suite singlestep}:
 * <ul>
 *   <li>text: one line per opcode ({@code 80.1   normal   passed 500 failed 0 skipped 0}), then
 *       up to {@code detail} failures with their differences, then a total line with the pass rate;</li>
 *   <li>json: exactly {@code {"passed":N,"failed":N,"skipped":N,"failures":[...]}}, each failure
 *       {@code {"opcode","index","hash","name","differences":[...]}} (plus {@code "explanation"} for a
 *       known failure) — nothing else on stdout.</li>
 * </ul>
 */
public final class ReportFormatter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ReportFormatter() {
    }

    public static String text(SuiteResult r, int detail) {
        StringBuilder sb = new StringBuilder();
        for (OpcodeResult o : r.opcodes()) {
            sb.append(String.format("%-8s %-13s passed %6d  failed %6d  skipped %6d%n",
                    o.opcode(), o.status().isEmpty() ? "-" : o.status(), o.passed(), o.failed(), o.skipped()));
        }
        int shown = 0;
        for (TestFailure f : r.failures()) {
            if (shown++ >= detail) break;
            sb.append(String.format("FAIL %s #%d %s (%s)%s%n", f.opcode(), f.index(), f.name(), f.hash(),
                    f.explanation() == null ? "" : " explained: " + f.explanation()));
            f.differences().forEach(d -> sb.append("     ").append(d).append(System.lineSeparator()));
        }
        sb.append(String.format("total %s: passed %d, failed %d (unexplained %d), skipped %d (%.3f%% of %d run)%n",
                r.cpu().label(), r.passed(), r.failed(), r.unexplained(), r.skipped(), 100 * r.passRate(),
                r.passed() + r.failed()));
        return sb.toString();
    }

    public static String json(SuiteResult r) {
        ObjectNode root = JSON.createObjectNode();
        root.put("passed", r.passed());
        root.put("failed", r.failed());
        root.put("skipped", r.skipped());
        ArrayNode failures = root.putArray("failures");
        for (TestFailure f : r.failures()) {
            ObjectNode n = failures.addObject();
            n.put("opcode", f.opcode());
            n.put("index", f.index());
            n.put("hash", f.hash());
            n.put("name", f.name());
            ArrayNode d = n.putArray("differences");
            f.differences().forEach(d::add);
            if (f.explanation() != null) n.put("explanation", f.explanation());
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}

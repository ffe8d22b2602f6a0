package dev.jvmx.testsuites.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Grouping of mismatches by form, with one example per kind of difference. */
class JvmxMismatchGroupsTest {
    static final MachineState S = MachineState.reset();

    static TestCase tc(String text) {
        return new TestCase(new byte[] {(byte) 0x90}, S, 0, text);
    }

    static void compare(JvmxMismatchGroups g, String text, Outcome expected, Outcome actual) {
        g.compared(tc(text), expected, actual, StateDiff.compare(expected, actual, 0));
    }

    @Test
    void groupsByFormCountsCasesAndKeepsOneExamplePerKindOfDifference() {
        JvmxMismatchGroups g = new JvmxMismatchGroups("64-bit");
        Outcome ok = new Outcome.Completed(HostLayout.CODE_BASE + 1, S);
        Outcome xmm = new Outcome.Completed(HostLayout.CODE_BASE + 1, S.withXmm(3, 1, 0));
        Outcome mx = new Outcome.Completed(HostLayout.CODE_BASE + 1, S.withMxcsr(0x1F81));
        Outcome ud = new Outcome.Faulted(Vector.UD, Vector.SIGILL, 2, 0, HostLayout.CODE_BASE, 0, S);
        compare(g, "addps xmm, xmm/m128 [0f 58 c0]", ok, ok);
        compare(g, "addps xmm, xmm/m128 [0f 58 c1]", ok, xmm);
        compare(g, "addps xmm, xmm/m128 [0f 58 c2]", ok, xmm);
        compare(g, "addps xmm, xmm/m128 [0f 58 c3]", mx, ok);
        compare(g, "fld1 [d9 e8]", ok, ud);
        compare(g, "nop [90]", ok, ok);

        assertEquals(6, g.cases());
        assertEquals(4, g.mismatches());
        assertEquals(1, g.casesOf("nop"));
        assertEquals(0, g.casesOf("never ran"));
        List<JvmxMismatchGroups.Group> failing = g.failing();
        assertEquals(List.of("addps xmm, xmm/m128", "fld1"), failing.stream().map(JvmxMismatchGroups.Group::form).toList());
        JvmxMismatchGroups.Group addps = failing.get(0);
        assertEquals(3, addps.mismatches());
        assertEquals(4, addps.cases());
        assertEquals(Set.of("xmm", "mxcsr"), addps.where());
        assertEquals(2, addps.examples().size(), "one for xmm, one for mxcsr");
        assertEquals(Set.of("outcome"), failing.get(1).where());
        assertTrue(failing.get(1).unimplemented(), "host completes, jvmx #UD");
        assertTrue(!addps.unimplemented());
        assertTrue(g.summary().contains("no semantics (host runs it, jvmx #UD), 1 forms: fld1"), g.summary());
        assertTrue(g.summary().contains("addps xmm, xmm/m128") && g.summary().contains("3/4"), g.summary());
    }

    @Test
    void partsDropRegisterNumbersAndRanges() {
        assertEquals("xmm", JvmxMismatchGroups.part("xmm12"));
        assertEquals("data", JvmxMismatchGroups.part("data[0x10..0x17]"));
        assertEquals("st", JvmxMismatchGroups.part("st(3)"));
        assertEquals("ftw", JvmxMismatchGroups.part("ftw (abridged)"));
        assertEquals("r8", JvmxMismatchGroups.part("r8"));
    }
}

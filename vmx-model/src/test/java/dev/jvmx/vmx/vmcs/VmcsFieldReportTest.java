package dev.jvmx.vmx.vmcs;

import static org.junit.jupiter.api.Assertions.*;

import dev.jvmx.vmx.cap.VmxCapabilities;
import java.util.List;
import org.junit.jupiter.api.Test;

class VmcsFieldReportTest {

    @Test
    void oneLinePerFieldWithEncodingNameWidthTypeSupported() {
        String text = VmcsFieldReport.render();
        List<String> rows = text.lines().filter(l -> l.startsWith("0x")).toList();
        assertEquals(VmcsField.values().length, rows.size());
        assertTrue(rows.contains(
                String.format("0x681e  %-46s %-8s %-15s %s", "GUEST_RIP", "natural",
                        "guest state", "yes")), text);
        assertTrue(text.contains("0x4402  VM_EXIT_REASON"));
        assertTrue(rows.stream().anyMatch(r -> r.startsWith("0x2016  POSTED_INTERRUPT_DESCRIPTOR")
                && r.endsWith("no")));
        assertTrue(text.contains("# 205 fields, 283 encodings"));
    }

    @Test
    void supportedColumnFollowsCapabilities() {
        VmxCapabilities caps = VmxCapabilities.full();
        long yes = VmcsFieldReport.render(caps).lines().filter(l -> l.endsWith(" yes")).count();
        long supported = java.util.Arrays.stream(VmcsField.values())
                .filter(f -> f.supportedBy(caps)).count();
        assertEquals(supported, yes);
    }
}

package dev.jvmx.vmx.cap;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VmxCapReportTest {

    private final String report = VmxCapReport.render();

    @Test
    void listsEveryCapabilityMsrSection() {
        for (String header : new String[] {"Basic VMX Information (IA32_VMX_BASIC, 0x480)",
            "pin-based controls (IA32_VMX_PINBASED_CTLS, 0x481)",
            "primary processor-based controls (IA32_VMX_PROCBASED_CTLS, 0x482)",
            "secondary processor-based controls (IA32_VMX_PROCBASED_CTLS2, 0x48b)",
            "tertiary processor-based controls (IA32_VMX_PROCBASED_CTLS3, 0x492)",
            "VM-Exit controls", "VM-Entry controls", "Miscellaneous data",
            "VPID and EPT capabilities", "VM Functions"}) {
            assertTrue(report.contains(header), header);
        }
    }

    /** Legend: control name as printed, expected setting. */
    @ParameterizedTest
    @CsvSource({
        "Enable EPT, yes",
        "Virtual-interrupt delivery, yes",
        "LOADIWKEY exiting, yes",
        "Enable HLAT, no",
        "Process posted interrupts, no",
        "CR3-load exiting, default",
        "Save debug controls, default",
        "Host address-space size, yes",
        "Execute-only EPT translations, yes",
        "Page-walk length 5, no",
        "VMWRITE to VM-exit information fields, yes",
    })
    void decodesBitByBit(String name, String setting) {
        assertTrue(report.lines().anyMatch(l -> l.matches("  " + java.util.regex.Pattern.quote(name)
                + " +" + setting)), name + " -> " + setting + "\n" + report);
    }

    @Test
    void noTertiarySectionWithoutActivateTertiaryControls() {
        String without = VmxCapReport.render(VmxCapabilities.builder()
                .without(PrimaryProcessorBasedControl.ACTIVATE_TERTIARY_CONTROLS).build());
        assertFalse(without.contains("IA32_VMX_PROCBASED_CTLS3"));
    }

    @Test
    void settingDistinguishesForcedDefaultYesNo() {
        long msr = 0b0011L | 0b0110L << 32;
        assertEquals("forced", VmxCapReport.setting(msr, 0b01, 0));
        assertEquals("default", VmxCapReport.setting(msr, 0b01, 1));
        assertEquals("yes", VmxCapReport.setting(msr, 0b01, 2));
        assertEquals("no", VmxCapReport.setting(msr, 0b01, 3));
    }
}

package dev.jvmx.vmx.vmcs;

import static org.junit.jupiter.api.Assertions.*;

import dev.jvmx.vmx.VmInstructionError;
import dev.jvmx.vmx.cap.SecondaryProcessorBasedControl;
import dev.jvmx.vmx.cap.VmxCapabilities;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The field table (SDM Vol. 3C App. B) and VMREAD / VMWRITE semantics on every encoding. */
class VmcsFieldTableTest {

    private static final VmxCapabilities FULL = VmxCapabilities.full();

    @Test
    void tableHasEveryFieldOnceWithDistinctEncodings() {
        Set<Integer> encodings = new HashSet<>();
        for (VmcsField f : VmcsField.values()) {
            assertTrue(encodings.add(f.encoding()), f.name());
            assertEquals(0, f.encoding() & 1, "full encodings are even: " + f);
            assertSame(f, VmcsField.ofEncoding(f.encoding()));
        }
        assertEquals(205, VmcsField.values().length);
        assertEquals(283, VmcsField.encodingCount());
    }

    /** Legend: encoding, width, type, index: a row of App. B per field width and type. */
    @ParameterizedTest
    @CsvSource({
        "0x0000, BITS_16, CONTROL, 0",
        "0x0802, BITS_16, GUEST_STATE, 1",
        "0x0C0C, BITS_16, HOST_STATE, 6",
        "0x201A, BITS_64, CONTROL, 13",
        "0x2400, BITS_64, READ_ONLY_DATA, 0",
        "0x2C02, BITS_64, HOST_STATE, 1",
        "0x4402, BITS_32, READ_ONLY_DATA, 1",
        "0x482E, BITS_32, GUEST_STATE, 23",
        "0x6400, NATURAL, READ_ONLY_DATA, 0",
        "0x681E, NATURAL, GUEST_STATE, 15",
        "0x6C16, NATURAL, HOST_STATE, 11",
    })
    void encodingAccessorsDecodeTheBitLayout(String hex, FieldWidth width, FieldType type,
            int index) {
        VmcsFieldEncoding e = VmcsFieldEncoding.of(Long.decode(hex));
        assertEquals(width, e.width());
        assertEquals(type, e.type());
        assertEquals(index, e.index());
        assertFalse(e.highAccess());
        assertEquals(Long.decode(hex).intValue(),
                VmcsFieldEncoding.compose(width, type, index, false));
    }

    @Test
    void namedFieldsHaveTheSdmEncodings() {
        assertEquals(0x681E, VmcsField.GUEST_RIP.encoding());
        assertEquals(0x4402, VmcsField.VM_EXIT_REASON.encoding());
        assertEquals(0x4400, VmcsField.VM_INSTRUCTION_ERROR.encoding());
        assertEquals(0x6400, VmcsField.EXIT_QUALIFICATION.encoding());
        assertEquals(0x201A, VmcsField.EPT_POINTER.encoding());
        assertEquals(0x2800, VmcsField.VMCS_LINK_POINTER.encoding());
        assertEquals(0x4826, VmcsField.GUEST_ACTIVITY_STATE.encoding());
        assertEquals(0x6C16, VmcsField.HOST_RIP.encoding());
    }

    static Stream<VmcsField> supportedFields() {
        return Stream.of(VmcsField.values()).filter(f -> f.supportedBy(FULL));
    }

    @ParameterizedTest
    @MethodSource("supportedFields")
    void vmwriteTruncatesToTheFieldWidthAndVmreadReturnsIt(VmcsField f) {
        Vmcs vmcs = new Vmcs(FULL, FULL.revisionId());
        long pattern = 0xFEDC_BA98_7654_3210L;
        assertNull(vmcs.vmwrite(f.encoding(), pattern));
        VmcsAccess read = vmcs.vmread(f.encoding());
        assertTrue(read.succeeded());
        assertEquals(pattern & f.width().mask(), read.value(), f.name());
    }

    @ParameterizedTest
    @MethodSource("supportedFields")
    void highHalfOf64BitFieldsOnly(VmcsField f) {
        Vmcs vmcs = new Vmcs(FULL, FULL.revisionId());
        int high = f.encoding() | 1;
        if (f.width() != FieldWidth.BITS_64) {
            assertEquals(VmInstructionError.UNSUPPORTED_VMCS_COMPONENT, vmcs.vmwrite(high, 1));
            assertFalse(vmcs.vmread(high).succeeded());
            return;
        }
        assertNull(vmcs.vmwrite(f.encoding(), 0x1111_2222_3333_4444L));
        assertEquals(0x1111_2222L, vmcs.vmread(high).value());
        assertNull(vmcs.vmwrite(high, 0xAAAA_BBBB_CCCC_DDDDL));
        assertEquals(0xCCCC_DDDD_3333_4444L, vmcs.vmread(f.encoding()).value(),
                "HIGH write keeps bits 31:0 and takes the low 32 bits of the source");
    }

    @ParameterizedTest
    @MethodSource("supportedFields")
    void readOnlyFieldsRejectVmwriteUnlessMiscBit29(VmcsField f) {
        VmxCapabilities strict = VmxCapabilities.builder().vmwriteAnyField(false).build();
        Vmcs vmcs = new Vmcs(strict, strict.revisionId());
        VmInstructionError error = vmcs.vmwrite(f.encoding(), 5);
        if (f.type() == FieldType.READ_ONLY_DATA) {
            assertEquals(VmInstructionError.VMWRITE_READ_ONLY_COMPONENT, error);
            assertEquals(0, vmcs.vmread(f.encoding()).value());
            Vmcs lenient = new Vmcs(FULL, FULL.revisionId());
            assertNull(lenient.vmwrite(f.encoding(), 5));
        } else {
            assertNull(error);
        }
    }

    static Stream<VmcsField> unsupportedFields() {
        return Stream.of(VmcsField.values()).filter(f -> !f.supportedBy(FULL));
    }

    @ParameterizedTest
    @MethodSource("unsupportedFields")
    void fieldsOfUnimplementedFeaturesAreUnsupportedComponents(VmcsField f) {
        Vmcs vmcs = new Vmcs(FULL, FULL.revisionId());
        assertNotNull(f.requires());
        assertFalse(f.requires().implemented());
        assertEquals(VmInstructionError.UNSUPPORTED_VMCS_COMPONENT,
                vmcs.vmwrite(f.encoding(), 1));
        assertEquals(VmInstructionError.UNSUPPORTED_VMCS_COMPONENT,
                vmcs.vmread(f.encoding()).error());
    }

    static Stream<Arguments> invalidEncodings() {
        return Stream.of(
                Arguments.of(0x1000L, "bit 12 reserved"),
                Arguments.of(0x8000L | 0x681EL, "bit 15 reserved"),
                Arguments.of(0x1_0000_681EL, "bits 63:32 set"),
                Arguments.of(0x681FL, "HIGH of a natural-width field"),
                Arguments.of(0x4001L, "HIGH of a 32-bit field"),
                Arguments.of(0x0001L, "HIGH of a 16-bit field"),
                Arguments.of(0x0816L, "index past the last 16-bit guest field"),
                Arguments.of(0x2056L, "unassigned 64-bit control index"));
    }

    @ParameterizedTest
    @MethodSource("invalidEncodings")
    void encodingsNamingNoFieldAreUnsupported(long encoding, String why) {
        Vmcs vmcs = new Vmcs(FULL, FULL.revisionId());
        assertEquals(VmInstructionError.UNSUPPORTED_VMCS_COMPONENT, vmcs.vmwrite(encoding, 0),
                why);
        assertFalse(vmcs.vmread(encoding).succeeded(), why);
    }

    @ParameterizedTest
    @EnumSource(value = VmcsField.class, names = {"EPT_POINTER", "GUEST_PHYSICAL_ADDRESS",
        "GUEST_PDPTE0", "GUEST_PDPTE3"})
    void eptFieldsDisappearWithoutEpt(VmcsField f) {
        VmxCapabilities noEpt = VmxCapabilities.builder()
                .without(SecondaryProcessorBasedControl.ENABLE_EPT).build();
        assertTrue(f.supportedBy(FULL));
        assertFalse(f.supportedBy(noEpt));
        assertNull(new Vmcs(noEpt, 1).lookup(f.encoding()));
    }

    @Test
    void processorWritesIgnoreReadOnlyRulesButTruncate() {
        VmxCapabilities strict = VmxCapabilities.builder().vmwriteAnyField(false).build();
        Vmcs vmcs = new Vmcs(strict, strict.revisionId());
        vmcs.write(VmcsField.VM_EXIT_REASON, 0x1_8000_0021L);
        assertEquals(0x8000_0021L, vmcs.read(VmcsField.VM_EXIT_REASON));
        assertEquals(0x8000_0021L, vmcs.vmread(VmcsField.VM_EXIT_REASON.encoding()).value());
    }

    @Test
    void launchStateStartsClear() {
        Vmcs vmcs = new Vmcs(FULL, 7);
        assertEquals(Vmcs.LaunchState.CLEAR, vmcs.launchState());
        assertEquals(7, vmcs.revisionId());
        vmcs.setLaunchState(Vmcs.LaunchState.LAUNCHED);
        assertEquals(Vmcs.LaunchState.LAUNCHED, vmcs.launchState());
    }
}

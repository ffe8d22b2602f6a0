package dev.jvmx.runtime.vm;

import static org.junit.jupiter.api.Assertions.*;

import dev.jvmx.vmx.VmInstructionError;
import dev.jvmx.vmx.VmxOutcome;
import dev.jvmx.vmx.cap.VmxCapabilities;
import dev.jvmx.vmx.vmcs.FieldType;
import dev.jvmx.vmx.vmcs.FieldWidth;
import dev.jvmx.vmx.vmcs.VmcsField;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every VMCS field encoding through {@link Vcpu#vmwrite} / {@link Vcpu#vmread} (SDM Vol. 3C
 * §31.3 VMREAD / VMWRITE, App. B): the value read back is truncated to the field's width (a
 * natural-width field holds 64 bits for a 64-bit monitor); the HIGH encoding of a 64-bit field
 * reads bits 63:32 and writes them without touching 31:0; a read-only field rejects VMWRITE with
 * error 13 unless IA32_VMX_MISC[29]; a field of a feature the capabilities lack, and an encoding
 * that names no field, fail with error 12 — each failure also in VM_INSTRUCTION_ERROR.
 */
class VmcsFieldsTest {
    private static final long PATTERN = 0xA5C3_5A3C_F00F_0FF1L;

    private static Vcpu vcpu(VmxCapabilities caps) {
        return new Vm(caps, 0x1000).createVcpu();
    }

    private static long widthMask(FieldWidth w) {
        return switch (w) {
            case BITS_16 -> 0xFFFFL;
            case BITS_32 -> 0xFFFF_FFFFL;
            default -> -1L;
        };
    }

    private static void assertFailed(Vcpu cpu, VmInstructionError error, VmxOutcome o) {
        assertEquals(new VmxOutcome.FailedValid(error), o);
        assertEquals(error.number(), cpu.vmread(VmcsField.VM_INSTRUCTION_ERROR), "VM_INSTRUCTION_ERROR");
    }

    @TestFactory
    Stream<DynamicTest> everyEncodingReadsBackTruncated() {
        Vcpu cpu = vcpu(VmxCapabilities.full());
        return Arrays.stream(VmcsField.values()).filter(f -> f.supportedBy(VmxCapabilities.full()))
                .map(f -> DynamicTest.dynamicTest(String.format("0x%04x %s", f.encoding(), f), () -> {
            assertEquals(VmxOutcome.SUCCEED, cpu.vmwrite(f.encoding(), PATTERN));
            assertEquals(new VmxOutcome.Succeeded(PATTERN & widthMask(f.width())), cpu.vmread(f.encoding()));
            if (f.width() == FieldWidth.BITS_64) {
                assertEquals(new VmxOutcome.Succeeded(PATTERN >>> 32), cpu.vmread(f.highEncoding()), "HIGH read");
                assertEquals(VmxOutcome.SUCCEED, cpu.vmwrite(f.highEncoding(), 0x1234_5678_9ABC_DEF0L));
                assertEquals(new VmxOutcome.Succeeded(0x9ABC_DEF0L << 32 | PATTERN & 0xFFFF_FFFFL), cpu.vmread(f.encoding()),
                        "HIGH write keeps bits 31:0 and takes the low 32 bits of the source");
            } else {
                assertFailed(cpu, VmInstructionError.UNSUPPORTED_VMCS_COMPONENT, cpu.vmread(f.encoding() | 1));
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> readOnlyFieldsRejectVmwriteWithoutMisc29() {
        Vcpu strict = vcpu(VmxCapabilities.builder().vmwriteAnyField(false).build());
        return Arrays.stream(VmcsField.values()).filter(f -> f.supportedBy(VmxCapabilities.full())).map(f -> DynamicTest.dynamicTest(f.toString(), () -> {
            VmxOutcome o = strict.vmwrite(f.encoding(), 1);
            if (f.type() == FieldType.READ_ONLY_DATA) {
                assertFailed(strict, VmInstructionError.VMWRITE_READ_ONLY_COMPONENT, o);
                assertInstanceOf(VmxOutcome.Succeeded.class, strict.vmread(f.encoding()), "still readable");
            } else {
                assertEquals(VmxOutcome.SUCCEED, o);
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> fieldsOfAbsentFeaturesAreUnsupported() {
        return Arrays.stream(VmcsField.values()).filter(f -> f.requires() != null && f.requires().implemented())
                .map(f -> DynamicTest.dynamicTest(f + " without " + f.requires(), () -> {
                    Vcpu cpu = vcpu(VmxCapabilities.builder().without(f.requires()).build());
                    assertFailed(cpu, VmInstructionError.UNSUPPORTED_VMCS_COMPONENT, cpu.vmwrite(f.encoding(), 0));
                    assertFailed(cpu, VmInstructionError.UNSUPPORTED_VMCS_COMPONENT, cpu.vmread(f.encoding()));
                }));
    }

    @TestFactory
    Stream<DynamicTest> fieldsOfUnimplementedFeaturesAreUnsupported() {
        Vcpu cpu = vcpu(VmxCapabilities.full());
        return Arrays.stream(VmcsField.values()).filter(f -> f.requires() != null && !f.requires().implemented())
                .map(f -> DynamicTest.dynamicTest(f.toString(), () -> {
                    assertFailed(cpu, VmInstructionError.UNSUPPORTED_VMCS_COMPONENT, cpu.vmwrite(f.encoding(), 0));
                    assertFailed(cpu, VmInstructionError.UNSUPPORTED_VMCS_COMPONENT, cpu.vmread(f.encoding()));
                }));
    }

    @Test
    void encodingsNamingNoFieldFailWithError12() {
        Vcpu cpu = vcpu(VmxCapabilities.full());
        // an unused index, a reserved bit (bit 12 and bits 31:15), and access type HIGH on a natural-width field
        for (long encoding : new long[] {0x0FFE, 0x1000 | 0x4000, 0x8000_4000L, 1L << 40 | 0x4000, 0x6C17}) {
            assertFailed(cpu, VmInstructionError.UNSUPPORTED_VMCS_COMPONENT, cpu.vmwrite(encoding, 0));
            assertFailed(cpu, VmInstructionError.UNSUPPORTED_VMCS_COMPONENT, cpu.vmread(encoding));
        }
    }

    @Test
    void vmwriteIsRefusedWhileTheGuestRuns() {
        GuestRig g = new GuestRig(dev.jvmx.vmx.vmcs.VmcsTemplate.GuestMode.PROTECTED_FLAT);
        g.vm.load(GuestRig.CODE, new byte[] {(byte) 0xEB, (byte) 0xFE}); // jmp $
        assertEquals(new RunResult.Interrupted(), g.cpu.run(10));
        assertThrows(IllegalStateException.class, () -> g.cpu.vmwrite(VmcsField.GUEST_RIP, 0));
    }

    @Test
    void counts() {
        long encodings = VmcsField.encodingCount();
        System.out.println("VMCS fields through the embedding API: " + VmcsField.values().length + " fields, " + encodings + " encodings");
        assertEquals(encodings, Arrays.stream(VmcsField.values()).mapToLong(f -> f.width() == FieldWidth.BITS_64 ? 2 : 1).sum());
    }
}

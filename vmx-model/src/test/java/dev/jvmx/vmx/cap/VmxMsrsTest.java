package dev.jvmx.vmx.cap;

import static org.junit.jupiter.api.Assertions.*;

import dev.jvmx.vmx.ActivityState;
import dev.jvmx.vmx.vmcs.VmcsField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The capability MSRs follow from one {@link VmxCapabilities} (SDM Vol. 3C App. A). */
class VmxMsrsTest {

    private final VmxCapabilities caps = VmxCapabilities.full();
    private final VmxMsrs msrs = new VmxMsrs(caps);

    @Test
    void basicReportsRevisionSizeMemoryTypeAndTrueControls() {
        long basic = msrs.read(VmxMsrs.IA32_VMX_BASIC).orElseThrow();
        assertEquals(caps.revisionId(), basic & 0x7FFFFFFF);
        assertEquals(0, basic >>> 31 & 1, "bit 31 is always 0");
        assertEquals(4096, basic >>> 32 & 0x1FFF);
        assertEquals(6, basic >>> 50 & 0xF);
        assertEquals(1, basic >>> 54 & 1, "INS/OUTS information");
        assertEquals(1, basic >>> 55 & 1, "TRUE controls");
    }

    @ParameterizedTest
    @EnumSource(value = ControlField.class, names = {"PIN_BASED", "PRIMARY_PROCESSOR_BASED",
        "PRIMARY_VM_EXIT", "VM_ENTRY"})
    void controlMsrsAreConsistent(ControlField field) {
        long plain = msrs.read(field.msr()).orElseThrow();
        long trueMsr = msrs.read(field.trueMsr()).orElseThrow();
        long allowed1 = plain >>> 32;
        assertEquals(field.default1(), plain & 0xFFFFFFFFL, "default1 bits must be 1");
        assertEquals(0, (plain & 0xFFFFFFFFL) & ~allowed1, "allowed-0 within allowed-1");
        assertEquals(allowed1, trueMsr >>> 32, "TRUE MSR has the same allowed-1 bits");
        assertEquals(0, (trueMsr & 0xFFFFFFFFL) & ~(plain & 0xFFFFFFFFL),
                "TRUE allowed-0 is a subset of default1");
        for (VmxControl c : VmxCapabilities.allControls()) {
            if (c.field() == field) {
                assertEquals(c.implemented() || (field.default1() & c.mask()) != 0,
                        (allowed1 & c.mask()) != 0, c.name());
            }
        }
    }

    @Test
    void trueProcBasedLetsCr3ExitingBeCleared() {
        long plain = msrs.read(VmxMsrs.IA32_VMX_PROCBASED_CTLS).orElseThrow();
        long trueMsr = msrs.read(VmxMsrs.IA32_VMX_TRUE_PROCBASED_CTLS).orElseThrow();
        long cr3 = PrimaryProcessorBasedControl.CR3_LOAD_EXITING.mask()
                | PrimaryProcessorBasedControl.CR3_STORE_EXITING.mask();
        assertEquals(cr3, plain & cr3);
        assertEquals(0, trueMsr & cr3);
    }

    @Test
    void secondaryEptVpidAndVmfunc() {
        long secondary = msrs.read(VmxMsrs.IA32_VMX_PROCBASED_CTLS2).orElseThrow() >>> 32;
        assertNotEquals(0, secondary & SecondaryProcessorBasedControl.ENABLE_EPT.mask());
        long ept = msrs.read(VmxMsrs.IA32_VMX_EPT_VPID_CAP).orElseThrow();
        assertEquals(1, ept & 1, "execute-only");
        assertEquals(1, ept >>> 6 & 1, "4-level walk");
        assertEquals(1, ept >>> 21 & 1, "A/D flags");
        assertEquals(1, ept >>> 32 & 1, "INVVPID");
        assertEquals(1L, msrs.read(VmxMsrs.IA32_VMX_VMFUNC).orElseThrow(), "EPTP switching");
    }

    @Test
    void removingEptRemovesItsCapabilityBitsButKeepsVpid() {
        VmxMsrs noEpt = new VmxMsrs(VmxCapabilities.builder()
                .without(SecondaryProcessorBasedControl.ENABLE_EPT).build());
        long cap = noEpt.read(VmxMsrs.IA32_VMX_EPT_VPID_CAP).orElseThrow();
        assertEquals(0, cap & 0xFFFF_FFFFL);
        assertNotEquals(0, cap >>> 32);
        assertEquals(0L, noEpt.read(VmxMsrs.IA32_VMX_VMFUNC).orElseThrow());
    }

    @Test
    void miscReportsActivityStatesCr3TargetsAndVmwriteAnyField() {
        long misc = msrs.misc();
        assertEquals(7, misc >>> 6 & 7);
        assertEquals(4, misc >>> 16 & 0x1FF);
        assertEquals(1, misc >>> 29 & 1);
        assertEquals(1, misc >>> 5 & 1);
        VmxCapabilities less = VmxCapabilities.builder().vmwriteAnyField(false)
                .withoutActivityState(ActivityState.WAIT_FOR_SIPI).build();
        long lessMisc = new VmxMsrs(less).misc();
        assertEquals(0, lessMisc >>> 29 & 1);
        assertEquals(3, lessMisc >>> 6 & 7);
    }

    @Test
    void fixedBitsAndFeatureControl() {
        assertEquals(0x80000021L, msrs.read(VmxMsrs.IA32_VMX_CR0_FIXED0).orElseThrow());
        assertEquals(0x2000L, msrs.read(VmxMsrs.IA32_VMX_CR4_FIXED0).orElseThrow());
        long fixed1 = msrs.read(VmxMsrs.IA32_VMX_CR4_FIXED1).orElseThrow();
        assertEquals(0x2000L, fixed1 & 0x2000L, "FIXED0 bits are allowed in FIXED1");
        assertEquals(5L, msrs.read(VmxMsrs.IA32_FEATURE_CONTROL).orElseThrow());
    }

    @Test
    void vmcsEnumIsHighestSupportedIndex() {
        int max = 0;
        for (VmcsField f : VmcsField.values()) {
            if (f.supportedBy(caps)) {
                max = Math.max(max, f.index());
            }
        }
        assertEquals((long) max << 1, msrs.read(VmxMsrs.IA32_VMX_VMCS_ENUM).orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(ints = {0x493, 0x494, 0x47F})
    void msrsOfUnimplementedFeaturesDoNotExist(int msr) {
        assertTrue(msrs.read(msr).isEmpty());
    }

    /** App. A.3.4: IA32_VMX_PROCBASED_CTLS3 lists the implemented tertiary controls (LOADIWKEY exiting), and exists only with "activate tertiary controls". */
    @Test
    void tertiaryControlsMsr() {
        assertEquals(TertiaryProcessorBasedControl.LOADIWKEY_EXITING.mask(),
                msrs.read(VmxMsrs.IA32_VMX_PROCBASED_CTLS3).orElseThrow());
        var without = new VmxMsrs(VmxCapabilities.builder().without(PrimaryProcessorBasedControl.ACTIVATE_TERTIARY_CONTROLS).build());
        assertTrue(without.read(VmxMsrs.IA32_VMX_PROCBASED_CTLS3).isEmpty());
    }

    @Test
    void everyNamedMsrBelow0x492Exists() {
        for (var e : VmxMsrs.names().entrySet()) {
            if (e.getKey() < VmxMsrs.IA32_VMX_PROCBASED_CTLS3) {
                assertTrue(msrs.read(e.getKey()).isPresent(), e.getValue());
            }
        }
    }
}

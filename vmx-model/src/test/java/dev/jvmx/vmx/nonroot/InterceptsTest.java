package dev.jvmx.vmx.nonroot;

import static dev.jvmx.vmx.vmcs.VmcsField.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.jvmx.vmx.FakeMemory;
import dev.jvmx.vmx.ValidVmcs;
import dev.jvmx.vmx.cap.PrimaryProcessorBasedControl;
import dev.jvmx.vmx.cap.SecondaryProcessorBasedControl;
import dev.jvmx.vmx.cap.VmxCapabilities;
import dev.jvmx.vmx.exit.ExitReason;
import dev.jvmx.vmx.vmcs.Vmcs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Non-root exit decisions (SDM Vol. 3C ch. 26) over {@link ValidVmcs}: HLT exiting on, I/O
 * bitmaps at 6000H/7000H, MSR bitmap at 8000H, no descriptor-table / RDTSC exiting.
 */
class InterceptsTest {

    private final VmxCapabilities caps = VmxCapabilities.full();
    private final FakeMemory mem = new FakeMemory();
    private final Vmcs vmcs = ValidVmcs.fill(new Vmcs(caps, caps.revisionId()));

    private Intercepts intercepts() {
        return new Intercepts(ExecutionControls.of(vmcs), mem);
    }

    /** Legend: instruction, decision with ValidVmcs ("exit", "execute", "ud"). */
    @ParameterizedTest
    @CsvSource({
        "CPUID, exit", "GETSEC, exit", "INVD, exit", "XSETBV, exit", "HLT, exit",
        "INVLPG, execute", "INVPCID, ud", "RDTSC, execute", "RDTSCP, ud", "RDRAND, execute",
        "SGDT, execute", "MOV_DR, execute", "PAUSE, execute", "WBINVD, execute",
    })
    void instructionDecisions(SensitiveInstruction insn, String expected) {
        Decision d = intercepts().instruction(insn);
        switch (expected) {
            case "exit" -> assertEquals(new Decision.Exit(insn.reason()), d);
            case "execute" -> assertEquals(Decision.EXECUTE, d);
            default -> assertEquals(Decision.UNDEFINED, d);
        }
    }

    @ParameterizedTest
    @EnumSource(SensitiveInstruction.class)
    void everyConditionalInstructionExitsWhenItsControlIsSet(SensitiveInstruction insn) {
        if (insn.enable() != null) {
            ValidVmcs.set(vmcs, insn.enable(), true);
        }
        if (insn.exitingControl() != null) {
            ValidVmcs.set(vmcs, insn.exitingControl(), true);
        }
        assertEquals(new Decision.Exit(insn.reason()), intercepts().instruction(insn));
    }

    @Test
    void descriptorTableExitingUsesTwoReasons() {
        ValidVmcs.set(vmcs, SecondaryProcessorBasedControl.DESCRIPTOR_TABLE_EXITING, true);
        assertEquals(new Decision.Exit(ExitReason.ACCESS_TO_GDTR_OR_IDTR),
                intercepts().instruction(SensitiveInstruction.LIDT));
        assertEquals(new Decision.Exit(ExitReason.ACCESS_TO_LDTR_OR_TR),
                intercepts().instruction(SensitiveInstruction.LTR));
    }

    /** Legend: exception bitmap, mask, match, vector, error code, exits (§25.6.3). */
    @ParameterizedTest
    @CsvSource({
        "0x00004000, 0, 0, 14, 0x2, true",
        "0x00004000, 0x1, 0x1, 14, 0x2, false",
        "0x00004000, 0x1, 0x1, 14, 0x3, true",
        "0x00000000, 0x1, 0x1, 14, 0x2, true",
        "0x00000000, 0x1, 0x1, 14, 0x3, false",
        "0x00000040, 0, 0, 6, 0, true",
        "0x00000040, 0, 0, 13, 0, false",
    })
    void exceptionBitmapAndPageFaultFilter(String bitmap, String mask, String match, int vector,
            String errorCode, boolean exits) {
        vmcs.write(EXCEPTION_BITMAP, Long.decode(bitmap));
        vmcs.write(PAGE_FAULT_ERROR_CODE_MASK, Long.decode(mask));
        vmcs.write(PAGE_FAULT_ERROR_CODE_MATCH, Long.decode(match));
        assertEquals(exits, intercepts().exception(vector, Integer.decode(errorCode)));
    }

    @Test
    void ioBitmaps() {
        mem.writeInt(0x6000 + (0x3F8 >>> 5) * 4, 1 << (0x3F8 & 31));
        mem.writeInt(0x7000 + (0x7FF >>> 5) * 4, 1 << (0x7FF & 31));
        Intercepts i = intercepts();
        assertTrue(i.io(0x3F8, 1));
        assertFalse(i.io(0x3F9, 1));
        assertTrue(i.io(0x3F6, 4), "a wider access covering a set bit");
        assertTrue(i.io(0x87FF, 1), "bitmap B covers 8000H-FFFFH");
        assertTrue(i.io(0xFFFF, 2), "wrapping past FFFFH exits");
        assertFalse(i.io(0x60, 1));
    }

    @Test
    void unconditionalIoExitingWithoutBitmaps() {
        ValidVmcs.set(vmcs, PrimaryProcessorBasedControl.USE_IO_BITMAPS, false);
        assertFalse(intercepts().io(0x60, 1));
        ValidVmcs.set(vmcs, PrimaryProcessorBasedControl.UNCONDITIONAL_IO_EXITING, true);
        assertTrue(intercepts().io(0x60, 1));
    }

    /** Legend: MSR, write, bitmap offset set, exits. */
    @ParameterizedTest
    @CsvSource({
        "0x10,       false, 0,    true",
        "0x10,       true,  0,    false",
        "0x10,       true,  2048, true",
        "0xC0000080, false, 1024, true",
        "0xC0000080, true,  1024, false",
        "0xC0000080, true,  3072, true",
        "0x40000000, false, -1,   true",
    })
    void msrBitmaps(String msr, boolean write, int region, boolean exits) {
        int index = Long.decode(msr).intValue();
        if (region >= 0) {
            int bit = index & 0x1FFF;
            mem.writeInt(0x8000 + region + (bit >>> 5) * 4, 1 << (bit & 31));
        }
        assertEquals(exits, intercepts().msr(index, write));
    }

    @Test
    void controlRegisterMasksShadowsAndCr3Targets() {
        vmcs.write(CR0_GUEST_HOST_MASK, 0x8000_0021L);
        vmcs.write(CR0_READ_SHADOW, 0x8000_0031L);
        vmcs.write(CR4_GUEST_HOST_MASK, 0x2000);
        vmcs.write(CR4_READ_SHADOW, 0);
        vmcs.write(CR3_TARGET_COUNT, 1);
        vmcs.write(CR3_TARGET_VALUE0, 0x5000);
        ValidVmcs.set(vmcs, PrimaryProcessorBasedControl.CR3_LOAD_EXITING, true);
        Intercepts i = intercepts();
        assertFalse(i.movToCr(0, 0x8000_0033L), "only unowned bits change");
        assertTrue(i.movToCr(0, 0x0000_0031L), "owned PG differs from the shadow");
        assertTrue(i.movToCr(4, 0x2020));
        assertFalse(i.movToCr(4, 0x20));
        assertFalse(i.movToCr(3, 0x5000), "a CR3-target value");
        assertTrue(i.movToCr(3, 0x6000));
        assertEquals(0x8000_0029L, i.readCr(0, 0x8000_0009L),
                "owned PG, NE, PE from the shadow; TS from CR0");
        assertEquals(0x20, i.readCr(4, 0x2020), "VMXE hidden by the shadow");
        assertFalse(i.clts(), "TS not owned");
        assertFalse(i.lmsw(0x0), "LMSW cannot clear PE, so an owned PE=1 shadow is no exit");
        vmcs.write(CR0_GUEST_HOST_MASK, 0x8000_0029L);
        vmcs.write(CR0_READ_SHADOW, 0x8000_0038L);
        Intercepts owned = intercepts();
        assertTrue(owned.clts(), "TS owned and set in the shadow");
        assertTrue(owned.lmsw(0x1), "setting owned PE while the shadow's PE is 0");
        assertTrue(owned.lmsw(0x0), "clearing owned TS");
        assertFalse(owned.lmsw(0x8), "owned TS equal to the shadow");
    }

    @Test
    void tscOffsettingAndFingerprint() {
        vmcs.write(TSC_OFFSET, 100);
        ExecutionControls c = ExecutionControls.of(vmcs);
        assertEquals(1000, new Intercepts(c, mem).tsc(1000), "offsetting off in ValidVmcs");
        ValidVmcs.set(vmcs, PrimaryProcessorBasedControl.USE_TSC_OFFSETTING, true);
        ExecutionControls offset = ExecutionControls.of(vmcs);
        assertEquals(1100, new Intercepts(offset, mem).tsc(1000));
        assertNotEquals(c.fingerprint(), offset.fingerprint());
        assertEquals(offset, ExecutionControls.of(vmcs));
        assertEquals(offset.fingerprint(), ExecutionControls.of(vmcs).fingerprint());
    }
}

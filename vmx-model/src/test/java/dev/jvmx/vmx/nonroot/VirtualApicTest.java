package dev.jvmx.vmx.nonroot;

import static dev.jvmx.vmx.vmcs.VmcsField.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.jvmx.vmx.FakeMemory;
import dev.jvmx.vmx.ValidVmcs;
import dev.jvmx.vmx.cap.PrimaryProcessorBasedControl;
import dev.jvmx.vmx.cap.SecondaryProcessorBasedControl;
import dev.jvmx.vmx.cap.VmxCapabilities;
import dev.jvmx.vmx.exit.ExitReason;
import dev.jvmx.vmx.exit.VmExit;
import dev.jvmx.vmx.vmcs.Vmcs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * APIC virtualization (SDM Vol. 3C ch. 30) over {@link ValidVmcs}: TPR shadow and "virtualize APIC
 * accesses" on, the virtual-APIC page at 5000H.
 */
class VirtualApicTest {
    private static final long PAGE = 0x5000;

    private final VmxCapabilities caps = VmxCapabilities.full();
    private final FakeMemory mem = new FakeMemory();
    private final Vmcs vmcs = ValidVmcs.fill(new Vmcs(caps, caps.revisionId()));

    private VirtualApic apic(SecondaryProcessorBasedControl... on) {
        for (SecondaryProcessorBasedControl c : on) ValidVmcs.set(vmcs, c, true);
        return new VirtualApic(ExecutionControls.of(vmcs), mem, vmcs);
    }

    @Test
    void tprShadowVirtualizesCr8() {
        vmcs.write(TPR_THRESHOLD, 4);
        VirtualApic a = apic();
        assertNull(a.writeCr8(5), "5 is not below the threshold 4");
        assertEquals(0x50, mem.readInt(PAGE + VirtualApic.VTPR));
        assertEquals(5, a.readCr8());
        assertEquals(ExitReason.TPR_BELOW_THRESHOLD, a.writeCr8(3).reason(), "TPR below threshold: trap-like exit");
    }

    /** Legend: offset, size, APIC-register virtualization, virtual-interrupt delivery, read virtualized, write virtualized (§30.4.2, §30.4.3.1). */
    @ParameterizedTest
    @CsvSource({
        "0x080, 4, false, false, true,  true",  // TPR always
        "0x081, 2, false, false, true,  true",
        "0x083, 2, false, false, false, false", // crosses the low 4 bytes
        "0x084, 4, false, false, false, false", // not in the low 4 bytes
        "0x0B0, 4, false, false, false, false", // EOI needs virtual-interrupt delivery
        "0x0B0, 4, false, true,  true,  true",
        "0x300, 4, false, true,  true,  true",
        "0x310, 4, false, true,  false, false", // ICR high needs APIC-register virtualization
        "0x310, 4, true,  false, true,  true",
        "0x030, 4, true,  false, true,  false", // version: read-only
        "0x200, 4, true,  false, true,  false", // IRR: read-only
        "0x0A0, 4, true,  true,  false, false", // PPR is not virtualized through the page
        "0x390, 4, true,  true,  false, false", // current count
        "0x3E0, 1, true,  false, true,  true",
    })
    void whichAccessesAreVirtualized(String offset, int size, boolean arv, boolean vid, boolean read, boolean write) {
        ValidVmcs.set(vmcs, SecondaryProcessorBasedControl.APIC_REGISTER_VIRTUALIZATION, arv);
        ValidVmcs.set(vmcs, SecondaryProcessorBasedControl.VIRTUAL_INTERRUPT_DELIVERY, vid);
        VirtualApic a = apic();
        int o = Integer.decode(offset);
        assertEquals(read, a.readVirtualized(o, size), "read");
        assertEquals(write, a.writeVirtualized(o, size), "write");
    }

    @Test
    void withoutTprShadowNothingIsVirtualized() {
        ValidVmcs.set(vmcs, PrimaryProcessorBasedControl.USE_TPR_SHADOW, false);
        assertFalse(apic().readVirtualized(0x80, 4));
        assertFalse(apic().writeVirtualized(0x80, 4));
    }

    @Test
    void subDwordReadsAndWritesUseTheVirtualApicPage() {
        VirtualApic a = apic();
        a.write(0x81, 1, 0xAB);
        assertEquals(0xAB00, mem.readInt(PAGE + 0x80));
        assertEquals(0xAB, a.read(0x81, 1));
        assertEquals(0xAB00, a.read(0x80, 4));
    }

    @Test
    void apicWriteEmulation() {
        VirtualApic a = apic(SecondaryProcessorBasedControl.APIC_REGISTER_VIRTUALIZATION);
        VmExit e = a.emulateWrite(0x320);
        assertEquals(ExitReason.APIC_WRITE, e.reason());
        assertEquals(0x320, e.qualification(), "the page offset");
        a.write(0x310, 4, 0x1234_5678);
        assertNull(a.emulateWrite(0x310), "ICR high: bytes 2:0 cleared, no exit");
        assertEquals(0x1200_0000, mem.readInt(PAGE + 0x310));
        assertEquals(ExitReason.APIC_WRITE, a.emulateWrite(0x0B0).reason(), "EOI without virtual-interrupt delivery");
    }

    @Test
    void selfIpiEoiAndDelivery() {
        vmcs.write(GUEST_INTERRUPT_STATUS, 0);
        VirtualApic a = apic(SecondaryProcessorBasedControl.VIRTUAL_INTERRUPT_DELIVERY);
        a.atEntry();
        assertFalse(a.recognized());
        a.write(0x300, 4, 0x0004_0045); // self, fixed, edge, vector 45H
        assertNull(a.emulateWrite(0x300));
        assertTrue(a.requested(0x45));
        assertEquals(0x45, a.rvi());
        assertTrue(a.recognized(), "RVI[7:4] = 4 > VPPR[7:4] = 0");
        assertEquals(-1, a.deliver(false, false), "RFLAGS.IF = 0");
        assertEquals(-1, a.deliver(true, true), "blocked by STI");
        assertEquals(0x45, a.deliver(true, false));
        assertTrue(a.inService(0x45));
        assertFalse(a.requested(0x45));
        assertEquals(0x4500, vmcs.read(GUEST_INTERRUPT_STATUS), "SVI = 45H, RVI = 0");
        assertEquals(0x40, mem.readInt(PAGE + VirtualApic.VPPR));
        assertFalse(a.recognized());

        vmcs.write(EOI_EXIT_BITMAP_1, 1L << (0x45 - 64));
        VirtualApic b = new VirtualApic(ExecutionControls.of(vmcs), mem, vmcs);
        VmExit eoi = b.emulateWrite(0x0B0);
        assertEquals(ExitReason.VIRTUALIZED_EOI, eoi.reason());
        assertEquals(0x45, eoi.qualification(), "the vector");
        assertFalse(b.inService(0x45));
        assertEquals(0, b.svi());
    }

    @Test
    void icrWritesThatAreNotSelfIpisExit() {
        VirtualApic a = apic(SecondaryProcessorBasedControl.VIRTUAL_INTERRUPT_DELIVERY);
        a.write(0x300, 4, 0x0000_4045); // no shorthand: a physical destination
        assertEquals(ExitReason.APIC_WRITE, a.emulateWrite(0x300).reason());
        a.write(0x300, 4, 0x0004_000F); // self, vector 0FH: illegal
        assertEquals(ExitReason.APIC_WRITE, a.emulateWrite(0x300).reason());
    }

    @Test
    void tprVirtualizationWithVirtualInterruptDelivery() {
        vmcs.write(GUEST_INTERRUPT_STATUS, 0x0031); // RVI = 31H
        mem.writeInt(PAGE + VirtualApic.VTPR, 0x50);
        VirtualApic a = apic(SecondaryProcessorBasedControl.VIRTUAL_INTERRUPT_DELIVERY);
        a.atEntry();
        assertEquals(0x50, mem.readInt(PAGE + VirtualApic.VPPR), "PPR virtualization at entry");
        assertFalse(a.recognized(), "3 is not above 5");
        assertNull(a.writeCr8(2), "no threshold check with virtual-interrupt delivery");
        assertEquals(0x20, mem.readInt(PAGE + VirtualApic.VPPR));
        assertTrue(a.recognized());
    }

    @Test
    void x2apicMsrs() {
        ValidVmcs.set(vmcs, SecondaryProcessorBasedControl.VIRTUALIZE_APIC_ACCESSES, false);
        vmcs.write(GUEST_INTERRUPT_STATUS, 0);
        VirtualApic a = apic(SecondaryProcessorBasedControl.VIRTUALIZE_X2APIC_MODE,
                SecondaryProcessorBasedControl.VIRTUAL_INTERRUPT_DELIVERY);
        mem.writeInt(PAGE + 0x80, 0x30);
        assertEquals(0x30, a.readMsr(VirtualApic.MSR_TPR).orElseThrow());
        assertTrue(a.readMsr(0x830).isEmpty(), "ICR reads need APIC-register virtualization");
        mem.writeLong(PAGE + 0x300, 0x1234_5678_0000_0041L);
        VirtualApic arv = apic(SecondaryProcessorBasedControl.APIC_REGISTER_VIRTUALIZATION);
        assertEquals(0x1234_5678_0000_0041L, arv.readMsr(0x830).orElseThrow(), "the 8 bytes at 300H");
        assertTrue(arv.readMsr(0x900).isEmpty(), "outside 800H-8FFH");
        assertInstanceOf(VirtualApic.MsrWrite.GeneralProtection.class, a.writeMsr(VirtualApic.MSR_TPR, 0x100));
        assertEquals(new VirtualApic.MsrWrite.Virtualized(null), a.writeMsr(VirtualApic.MSR_TPR, 0x10));
        assertEquals(0x10, mem.readInt(PAGE + 0x80));
        var selfIpi = a.writeMsr(VirtualApic.MSR_SELF_IPI, 0x0E);
        assertEquals(VirtualApic.SELF_IPI_OFFSET,
                ((VirtualApic.MsrWrite.Virtualized) selfIpi).exit().qualification(), "illegal vector: APIC-write exit");
        assertEquals(new VirtualApic.MsrWrite.Virtualized(null), a.writeMsr(VirtualApic.MSR_SELF_IPI, 0x61));
        assertTrue(a.requested(0x61));
        assertInstanceOf(VirtualApic.MsrWrite.GeneralProtection.class, a.writeMsr(VirtualApic.MSR_EOI, 1));
        assertInstanceOf(VirtualApic.MsrWrite.NotVirtualized.class, a.writeMsr(0x832, 0));
    }
}

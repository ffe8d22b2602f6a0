package dev.jvmx.runtime.machine.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jvmx.runtime.machine.bus.MmioBus;
import dev.jvmx.runtime.machine.bus.PhysicalMemory;
import dev.jvmx.vmx.SegmentRegister;
import dev.jvmx.vmx.cap.VmxCapabilities;
import dev.jvmx.vmx.vmcs.GuestSegmentFields;
import dev.jvmx.vmx.vmcs.Vmcs;
import dev.jvmx.vmx.vmcs.VmcsField;
import org.junit.jupiter.api.Test;

class VmcsGuestStateTest {
    @Test
    void longModeFlatBinaryStateLandsInTheGuestStateArea() throws BootException {
        PhysicalMemory m = new PhysicalMemory(8 << 20, new MmioBus());
        InitialCpuState s = FlatLoader.load(m, new byte[] {(byte) 0xF4}, 0x200000, CpuMode.LONG, 0x200000);
        Vmcs vmcs = new Vmcs(VmxCapabilities.full(), VmxCapabilities.DEFAULT_REVISION_ID);
        VmcsGuestState.write(s, vmcs);
        assertEquals(0x200000, vmcs.read(VmcsField.GUEST_RIP));
        assertEquals(LoaderTables.PML4, vmcs.read(VmcsField.GUEST_CR3));
        assertEquals(0x500, vmcs.read(VmcsField.GUEST_IA32_EFER));
        assertEquals(LoaderTables.GDT, vmcs.read(VmcsField.GUEST_GDTR_BASE));
        assertEquals(0xA09B, GuestSegmentFields.read(vmcs, SegmentRegister.CS).accessRights());
        assertEquals(LoaderTables.TSS_SEL, GuestSegmentFields.read(vmcs, SegmentRegister.TR).selector());
        assertEquals(1 << 16, GuestSegmentFields.read(vmcs, SegmentRegister.LDTR).accessRights(), "unusable");
        assertEquals(0, vmcs.read(VmcsField.GUEST_ACTIVITY_STATE));
    }

    @Test
    void applicationProcessorWaitsForSipi() {
        Vmcs vmcs = new Vmcs(VmxCapabilities.full(), VmxCapabilities.DEFAULT_REVISION_ID);
        VmcsGuestState.write(ResetState.waitForSipi(0x6F1), vmcs);
        assertEquals(3, vmcs.read(VmcsField.GUEST_ACTIVITY_STATE));
        assertEquals(0xFFFF_0000L, vmcs.read(VmcsField.GUEST_CS_BASE));
        assertEquals(0x6000_0010L, vmcs.read(VmcsField.GUEST_CR0));
    }
}

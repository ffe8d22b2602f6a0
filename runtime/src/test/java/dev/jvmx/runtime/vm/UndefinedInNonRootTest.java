package dev.jvmx.runtime.vm;

import static org.junit.jupiter.api.Assertions.*;

import dev.jvmx.vmx.exit.ExitReason;
import dev.jvmx.vmx.exit.InterruptionInfo;
import dev.jvmx.vmx.exit.VmExit;
import dev.jvmx.vmx.vmcs.VmcsField;
import dev.jvmx.vmx.vmcs.VmcsTemplate.GuestMode;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The failure paths a guest meets instead of a VM exit (SDM Vol. 3C §26.1.1: #UD has priority
 * over the exit): every VMX instruction outside protected mode (§31.3 pseudocode: CR0.PE = 0),
 * and instructions whose enabling control is 0 or whose CR4 enable is clear. Each #UD reaches
 * the monitor through exception-bitmap bit 6 as exit reason 0 with RIP at the instruction.
 */
class UndefinedInNonRootTest {
    record Case(String name, GuestMode mode, String asm, long cr4) {
    }

    static final Case[] CASES = {
        new Case("VMXON in real mode", GuestMode.REAL, "vmxon [0x3000]", 0x2000),
        new Case("VMCLEAR in real mode", GuestMode.REAL, "vmclear [0x3000]", 0x2000),
        new Case("VMPTRLD in real mode", GuestMode.REAL, "vmptrld [0x3000]", 0x2000),
        new Case("VMPTRST in real mode", GuestMode.REAL, "vmptrst [0x3000]", 0x2000),
        new Case("VMREAD in real mode", GuestMode.REAL, "vmread [0x3000], eax", 0x2000),
        new Case("VMWRITE in real mode", GuestMode.REAL, "vmwrite eax, [0x3000]", 0x2000),
        new Case("VMLAUNCH in real mode", GuestMode.REAL, "vmlaunch", 0x2000),
        new Case("VMRESUME in real mode", GuestMode.REAL, "vmresume", 0x2000),
        new Case("VMXOFF in real mode", GuestMode.REAL, "vmxoff", 0x2000),
        new Case("INVEPT in real mode", GuestMode.REAL, "invept eax, [0x3000]", 0x2000),
        new Case("INVVPID in real mode", GuestMode.REAL, "invvpid eax, [0x3000]", 0x2000),
        new Case("VMFUNC without enable VM functions", GuestMode.PROTECTED_FLAT, "vmfunc", 0x2000),
        new Case("RDTSCP without enable RDTSCP", GuestMode.PROTECTED_FLAT, "rdtscp", 0x2000),
        new Case("INVPCID without enable INVPCID", GuestMode.PROTECTED_FLAT, "invpcid eax, [0x3000]", 0x2000),
        new Case("XSAVES without enable XSAVES/XRSTORS", GuestMode.PROTECTED_FLAT, "xsaves [0x3000]", 0x2000 | 1 << 18),
        new Case("GETSEC with CR4.SMXE = 0 (SMX not offered)", GuestMode.PROTECTED_FLAT, "getsec", 0x2000),
        new Case("XSETBV with CR4.OSXSAVE = 0", GuestMode.PROTECTED_FLAT, "xsetbv", 0x2000),
        new Case("UMWAIT without enable user wait and pause", GuestMode.PROTECTED_FLAT, "umwait eax", 0x2000),
        new Case("TPAUSE without enable user wait and pause", GuestMode.PROTECTED_FLAT, "tpause eax", 0x2000),
        new Case("PCONFIG without enable PCONFIG", GuestMode.PROTECTED_FLAT, "db 0x0f, 0x01, 0xc5", 0x2000),
        new Case("ENCLS in real mode", GuestMode.REAL, "db 0x0f, 0x01, 0xcf", 0x2000),
        new Case("ENCLS without enable ENCLS exiting (no SGX enumerated)", GuestMode.PROTECTED_FLAT, "db 0x0f, 0x01, 0xcf", 0x2000),
        new Case("ENCLV without enable ENCLV exiting (no SGX enumerated)", GuestMode.PROTECTED_FLAT, "db 0x0f, 0x01, 0xc0", 0x2000),
        new Case("LOADIWKEY with CR4.KL = 0", GuestMode.PROTECTED_FLAT, "db 0xf3, 0x0f, 0x38, 0xdc, 0xc1", 0x2000 | 1 << 9),
        new Case("LOADIWKEY without LOADIWKEY exiting (no Key Locker enumerated)", GuestMode.PROTECTED_FLAT,
                "db 0xf3, 0x0f, 0x38, 0xdc, 0xc1", 0x2000 | 1 << 9 | 1 << 19),
    };

    @TestFactory
    Stream<DynamicTest> eachIsUndefined() {
        return Stream.of(CASES).map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            GuestRig g = new GuestRig(c.mode());
            g.set(VmcsField.EXCEPTION_BITMAP, 1 << 6).set(VmcsField.GUEST_CR4, c.cr4());
            g.code("nop\n" + c.asm());
            VmExit e = g.exit();
            assertEquals(ExitReason.EXCEPTION_OR_NMI, e.reason());
            assertEquals(InterruptionInfo.of(InterruptionInfo.TYPE_HARDWARE_EXCEPTION, 6, false).value(), e.interruptionInformation());
            g.assertRipAt(1);
        }));
    }
}

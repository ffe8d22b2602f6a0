package dev.jvmx.runtime.vm;

import static org.junit.jupiter.api.Assertions.*;

import dev.jvmx.vmx.exit.ExitReason;
import dev.jvmx.vmx.exit.VmExit;
import dev.jvmx.vmx.vmcs.VmcsTemplate.GuestMode;
import org.junit.jupiter.api.Test;

class SmokeTest {
    @Test
    void realModeCpuidThenHlt() {
        GuestRig g = new GuestRig(GuestMode.REAL).code("mov ax, 5\nadd ax, 2\ncpuid\nhlt");
        VmExit e = g.exit();
        assertEquals(ExitReason.CPUID, e.reason());
        assertEquals(2, e.instructionLength());
        g.assertRipAt(6);
        assertEquals(7, g.cpu.gpr(0));
    }
}

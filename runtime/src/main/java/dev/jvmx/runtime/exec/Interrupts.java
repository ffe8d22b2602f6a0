package dev.jvmx.runtime.exec;

import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.mem.GuestFault;
import dev.jvmx.x86.Instruction;

/**
 * Event delivery in system mode, by the current mode: the IVT in real mode
 * ({@link RealModeInterrupts}), the IDT otherwise ({@link ProtectedInterrupts}).
 */
public final class Interrupts {
    private Interrupts() {}

    /** An external interrupt, NMI or software interrupt (INT n, INT3, INTO) returning to {@code returnIp}. */
    public static void deliver(ExecContext c, int vector, long returnIp, boolean software) {
        if (c.cpu.realMode()) RealModeInterrupts.deliver(c, vector, returnIp);
        else ProtectedInterrupts.deliver(c, vector, returnIp, -1, software);
    }

    /** An exception raised by {@code ins} (null: by its fetch), see {@link RealModeInterrupts#deliverException}. */
    public static void deliverException(ExecContext c, Instruction ins, GuestFault f) {
        CpuState s = c.cpu;
        if (s.realMode()) {
            RealModeInterrupts.deliverException(c, ins, f);
            return;
        }
        if (f.vector() == GuestFault.PF) s.cr2 = f.address();
        int code = ProtectedInterrupts.hasErrorCode(f.vector()) ? Math.max(0, f.errorCode()) : -1;
        ProtectedInterrupts.deliver(c, f.vector(), s.rip, code, false);
    }
}

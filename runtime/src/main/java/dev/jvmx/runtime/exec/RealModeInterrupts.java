package dev.jvmx.runtime.exec;

import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.mem.GuestFault;
import dev.jvmx.x86.Flags;
import dev.jvmx.x86.Seg;

/**
 * Interrupt and exception delivery in real-address mode (SDM Vol. 3A §20.1.4, "Interrupt and
 * exception handling"): push FLAGS, CS, IP; clear IF, TF and AC; load CS:IP from the 4-byte IVT
 * entry at IDTR.base + 4 * vector. Also the FLAGS image a real-mode chip pushes (see
 * {@link dev.jvmx.runtime.cpu.CpuGeneration#flagsFixedOnes}).
 */
public final class RealModeInterrupts {
    private RealModeInterrupts() {}

    /** FLAGS as PUSHF / an interrupt frame stores them (16 bits). */
    public static int flagsImage(CpuState s) {
        long f = s.rflags() & s.generation.flagsMask();
        if (s.generation != dev.jvmx.runtime.cpu.CpuGeneration.MODERN) f &= 0x0FFF;
        return (int) (f | 0x2 | s.generation.flagsFixedOnes) & 0xFFFF;
    }

    /** Delivers {@code vector} with return address CS:{@code returnIp}. */
    public static void deliver(ExecContext c, int vector, long returnIp) {
        CpuState s = c.cpu;
        int entry = (int) (vector & 0xFF) * 4;
        if (entry + 3 > s.idtrLimit) throw GuestFault.of(GuestFault.GP, entry + 2); // SDM §20.1.4: #GP → double fault path
        long oldSp = s.gpr[CpuState.RSP];
        try {
            Stack.push(c, flagsImage(s), 16);
            Stack.push(c, s.segSelector[Seg.CS.ordinal()], 16);
            Stack.push(c, returnIp & 0xFFFF, 16);
        } catch (GuestFault f) {
            s.gpr[CpuState.RSP] = oldSp;
            throw f;
        }
        long ivt = s.idtrBase + entry;
        int ip = c.mem.read16(ivt) & 0xFFFF;
        int cs = c.mem.read16(ivt + 2) & 0xFFFF;
        s.setRflags(s.rflags() & ~(long) (Flags.IF | Flags.TF | Flags.AC));
        s.loadRealSegment(Seg.CS, cs);
        s.rip = ip;
    }

    /**
     * Delivers an exception raised by {@code ins} (or by its fetch, {@code ins == null}): faults
     * return to the instruction, traps (INT n, INTO, INT3, already past it) to {@code cpu.rip};
     * the 8086's #DE returns past the divide ({@link dev.jvmx.runtime.cpu.CpuGeneration#divideErrorTrap}).
     */
    public static void deliverException(ExecContext c, dev.jvmx.x86.Instruction ins, GuestFault f) {
        CpuState s = c.cpu;
        long ret = s.rip;
        if (f.vector() == GuestFault.DE && s.generation.divideErrorTrap && ins != null) ret = ins.next();
        deliver(c, f.vector(), ret);
    }
}

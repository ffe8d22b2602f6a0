package dev.jvmx.runtime.exec;

import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.mem.GuestFault;
import dev.jvmx.x86.Flags;
import dev.jvmx.x86.Mode;
import dev.jvmx.x86.Seg;

/**
 * Interrupt and exception delivery through the IDT in protected and IA-32e mode, for handlers at
 * the current privilege level (SDM Vol. 3A §6.12.1, §6.14). Gate layout (8 bytes; 16 in IA-32e
 * mode, offset 63:32 in bytes 8..11):
 * <pre>
 *   63..48 offset 31:16 | 47 P | 46..45 DPL | 43..40 type (E = interrupt gate, F = trap gate) | 31..16 selector | 15..0 offset 15:0
 * </pre>
 * Pushes (E)FLAGS, CS, (E)IP and the error code; IA-32e mode always pushes SS:RSP first, on a
 * 16-byte aligned stack. A handler more privileged than CPL runs on the TSS stack of its level
 * and the old SS:ESP is pushed first. An interrupt gate clears IF; both clear TF, NT, RF. Not
 * yet: task gates, IST, 16-bit gates, conforming handlers — those fault (ending in a triple fault).
 */
public final class ProtectedInterrupts {
    private ProtectedInterrupts() {}

    public static void deliver(ExecContext c, int vector, long returnIp, int errorCode, boolean software) {
        CpuState s = c.cpu;
        boolean ia32e = s.mode == Mode.BITS64;
        int entrySize = ia32e ? 16 : 8;
        int ext = software ? 0 : 1;
        int idtError = vector * 8 + 2 + ext;
        if (vector * entrySize + entrySize - 1 > s.idtrLimit) throw GuestFault.of(GuestFault.GP, idtError);
        long lo = c.systemMemory().read64(s.idtrBase + (long) vector * entrySize);
        int type = (int) (lo >>> 40) & 0xF;
        if ((lo & (1L << 47)) == 0) throw GuestFault.of(GuestFault.NP, idtError);
        if (type != 0xE && type != 0xF) throw GuestFault.of(GuestFault.GP, idtError);
        if (software && ((lo >>> 45) & 3) < s.cpl) throw GuestFault.of(GuestFault.GP, idtError);
        long offset = (lo & 0xFFFF) | ((lo >>> 48) & 0xFFFF) << 16;
        if (ia32e) offset |= (c.systemMemory().read32(s.idtrBase + (long) vector * 16 + 8) & 0xFFFF_FFFFL) << 32;
        int selector = (int) (lo >>> 16) & 0xFFFF;
        int dpl = handlerDpl(c, selector);
        long flags = s.rflags();
        int oldCs = s.segSelector[Seg.CS.ordinal()], oldSs = s.segSelector[Seg.SS.ordinal()];
        long oldSp = s.gpr[CpuState.RSP];
        int oldCpl = s.cpl;
        int size = ia32e ? 64 : 32;
        boolean inner = dpl < s.cpl;
        try {
            if (inner) switchStack(c, dpl, ia32e);
            if (ia32e) s.gpr[CpuState.RSP] &= ~0xFL;
            if (ia32e || inner) {
                Stack.push(c, oldSs, size);
                Stack.push(c, oldSp, size);
            }
            Stack.push(c, flags, size);
            Stack.push(c, oldCs, size);
            Stack.push(c, returnIp, size);
            if (errorCode >= 0) Stack.push(c, errorCode, size);
            Descriptors.load(c, Seg.CS, selector & ~3 | dpl);
        } catch (GuestFault f) {
            if (inner) Descriptors.load(c, Seg.SS, oldSs);
            s.cpl = oldCpl;
            s.gpr[CpuState.RSP] = oldSp;
            throw f;
        }
        long clear = Flags.TF | Flags.NT | Flags.RF | Flags.VM | (type == 0xE ? Flags.IF : 0);
        s.setRflags(flags & ~clear);
        s.rip = offset;
    }

    /** DPL of the handler's code segment (GDT descriptor bits 46:45). */
    private static int handlerDpl(ExecContext c, int selector) {
        int index = selector & ~7;
        if (index == 0 || (selector & 4) != 0 || index + 7 > c.cpu.gdtrLimit) throw GuestFault.of(GuestFault.GP, selector & ~3);
        return (int) (c.systemMemory().read64(c.cpu.gdtrBase + index) >>> 45) & 3;
    }

    /**
     * The inner stack from the TSS (SDM Vol. 3A §6.12.1.1): 32-bit TSS ESPn at 4 + 8n, SSn at
     * 8 + 8n; 64-bit TSS RSPn at 4 + 8n and a null SS with RPL = n.
     */
    private static void switchStack(ExecContext c, int dpl, boolean ia32e) {
        CpuState s = c.cpu;
        if (s.trBase == 0 && s.tr == 0) throw GuestFault.of(GuestFault.TS, 0);
        long sp = ia32e ? c.systemMemory().read64(s.trBase + 4 + 8L * dpl) : c.systemMemory().read32(s.trBase + 4 + 8L * dpl) & 0xFFFF_FFFFL;
        int ss = ia32e ? dpl : c.systemMemory().read16(s.trBase + 8 + 8L * dpl) & 0xFFFF;
        s.cpl = dpl;
        Descriptors.load(c, Seg.SS, ss);
        s.gpr[CpuState.RSP] = sp;
    }

    /** Whether exception {@code vector} pushes an error code (SDM Vol. 3A Table 6-1). */
    public static boolean hasErrorCode(int vector) {
        return vector == GuestFault.DF || (vector >= 10 && vector <= 14) || vector == GuestFault.AC || vector == 21;
    }
}

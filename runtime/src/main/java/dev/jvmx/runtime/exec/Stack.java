package dev.jvmx.runtime.exec;

import static dev.jvmx.runtime.cpu.LazyFlags.mask;

import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.x86.Mode;
import dev.jvmx.x86.Seg;

/**
 * The stack, written once for PUSH/POP/CALL/RET/ENTER/LEAVE/PUSHF/POPF. The stack-pointer width is
 * 64 bits in 64-bit mode, 16 in 16-bit mode and 32 otherwise (SS.B assumed set; SDM Vol. 1 §6.2.3).
 * A push writes memory before moving RSP, so a faulting push changes nothing.
 */
public final class Stack {
    private Stack() {}

    public static int pointerSize(CpuState s) {
        return s.mode == Mode.BITS64 ? 64 : s.mode == Mode.BITS16 ? 16 : 32;
    }

    private static long address(CpuState s, long sp) {
        long la = s.segmentBase(Seg.SS) + (sp & mask(pointerSize(s)));
        if (s.mode != Mode.BITS64) return la & 0xFFFF_FFFFL;
        // a stack reference in non-canonical form is #SS(0) (SDM Vol. 3A §6.15 "#SS", Vol. 1 §3.3.7.1)
        if (la << 16 >> 16 != la) throw dev.jvmx.runtime.mem.GuestFault.of(dev.jvmx.runtime.mem.GuestFault.SS, 0);
        return la;
    }

    public static void push(ExecContext c, long v, int size) {
        CpuState s = c.cpu;
        long sp = s.gpr[CpuState.RSP] - size / 8;
        if (s.mode == Mode.BITS16) {
            Segmented.store(c, Seg.SS, sp & 0xFFFF, v, size);
        } else {
            if (s.systemMode) Segmented.checkLimit(s, Seg.SS, sp & mask(pointerSize(s)), size);
            long la = address(s, sp);
            if (Breakpoints.armed(s)) Breakpoints.access(s, la, size, true);
            Operands.store(c.mem, la, v, size);
        }
        Operands.writeGpr(s, CpuState.RSP, sp, pointerSize(s));
    }

    /** Reads the top of the stack without moving RSP. */
    public static long peek(ExecContext c, int size, int offsetBytes) {
        CpuState s = c.cpu;
        if (s.mode == Mode.BITS16) return Segmented.load(c, Seg.SS, (s.gpr[CpuState.RSP] + offsetBytes) & 0xFFFF, size);
        if (s.systemMode) Segmented.checkLimit(s, Seg.SS, (s.gpr[CpuState.RSP] + offsetBytes) & mask(pointerSize(s)), size);
        long la = address(s, s.gpr[CpuState.RSP] + offsetBytes);
        if (Breakpoints.armed(s)) Breakpoints.access(s, la, size, false);
        return Operands.load(c.mem, la, size);
    }

    /**
     * Faults as a one-byte write at stack pointer {@code sp} would, without changing memory: ENTER's
     * check of its final RSP (SDM Vol. 2A "ENTER", #PF "if a write using the final value of the
     * stack pointer would cause a page fault"; host-checked: CR2 is the final RSP, W set).
     */
    public static void probeWrite(ExecContext c, long sp) {
        CpuState s = c.cpu;
        if (s.mode == Mode.BITS16) return;
        Operands.probeWrite(c.mem, address(s, sp));
    }

    public static void adjust(CpuState s, long bytes) {
        Operands.writeGpr(s, CpuState.RSP, s.gpr[CpuState.RSP] + bytes, pointerSize(s));
    }

    public static long pop(ExecContext c, int size) {
        long v = peek(c, size, 0);
        adjust(c.cpu, size / 8);
        return v;
    }
}

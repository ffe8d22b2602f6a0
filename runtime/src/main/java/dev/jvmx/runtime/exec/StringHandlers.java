package dev.jvmx.runtime.exec;

import static dev.jvmx.runtime.cpu.LazyFlags.mask;

import dev.jvmx.runtime.cpu.Alu;
import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.x86.Flags;
import dev.jvmx.x86.Instruction;
import dev.jvmx.x86.Mnemonic;
import dev.jvmx.x86.Mode;
import dev.jvmx.x86.Operand;
import dev.jvmx.x86.Prefix;
import dev.jvmx.x86.Seg;

/**
 * String instructions MOVS, CMPS, STOS, LODS, SCAS with REP / REPE / REPNE (SDM Vol. 2B
 * "REP/REPE/REPZ/REPNE/REPNZ", Vol. 1 §7.3.9). rSI/rDI/rCX have the address-size width; the
 * destination is always ES:rDI, the source DS:rSI unless overridden (the decoder's Mem operand
 * carries the effective segment). Each iteration commits its register updates, so a fault in the
 * middle leaves a restartable state with RIP at the instruction, as on hardware.
 */
final class StringHandlers {
    private StringHandlers() {}

    enum Kind { MOVS, CMPS, STOS, LODS, SCAS }

    static void register(Handler[] t) {
        for (Kind k : Kind.values()) {
            for (int size : new int[] {8, 16, 32, 64}) {
                String suffix = switch (size) { case 8 -> "B"; case 16 -> "W"; case 32 -> "D"; default -> "Q"; };
                Mnemonic m = Mnemonic.valueOf(k.name() + suffix);
                t[m.ordinal()] = (c, i) -> run(c, i, k, size);
            }
        }
    }

    static void run(ExecContext c, Instruction i, Kind k, int size) {
        CpuState s = c.cpu;
        int as = i.addrSize();
        Seg src = sourceSeg(i);
        int step = s.df() ? -size / 8 : size / 8;
        boolean rep = i.has(Prefix.REP) || i.has(Prefix.REPNE);
        boolean compares = k == Kind.CMPS || k == Kind.SCAS;
        while (true) {
            if (rep && (s.gpr[CpuState.RCX] & mask(as)) == 0) return;
            try {
                once(c, k, size, as, src, step);
            } catch (dev.jvmx.runtime.mem.GuestFault f) {
                // the 80286 has already stepped SI/DI when a segment overrun faults (SingleStepTests A5, AD...)
                if (s.generation == dev.jvmx.runtime.cpu.CpuGeneration.I80286 && f.vector() == dev.jvmx.runtime.mem.GuestFault.GP) {
                    overrun286(s, k, size, as, step, rep);
                }
                throw f;
            }
            if (!rep) return;
            Operands.writeGpr(s, CpuState.RCX, s.gpr[CpuState.RCX] - 1, as);
            if (compares) {
                boolean zf = (s.statusFlags() & Flags.ZF) != 0;
                if (i.has(Prefix.REP) ? !zf : zf) return;
            }
            if (s.pendingDataBreakpoints != 0 && (s.gpr[CpuState.RCX] & mask(as)) != 0) {
                s.rip = i.address(); // the #DB comes between iterations; the rest runs after it (SDM Vol. 3A §18.3.1.2)
                return;
            }
        }
    }

    private static void once(ExecContext c, Kind k, int size, int as, Seg src, int step) {
        CpuState s = c.cpu;
        long si = s.gpr[CpuState.RSI] & mask(as), di = s.gpr[CpuState.RDI] & mask(as);
        switch (k) {
            case MOVS -> store(c, Seg.ES, di, load(c, src, si, size, as), size, as);
            case STOS -> store(c, Seg.ES, di, s.gpr[0], size, as);
            case LODS -> Operands.writeGpr(s, 0, load(c, src, si, size, as), size);
            case CMPS -> {
                long a = load(c, src, si, size, as);
                long b = load(c, Seg.ES, di, size, as);
                Alu.sub(s, a, b, size);
            }
            case SCAS -> Alu.sub(s, s.gpr[0], load(c, Seg.ES, di, size, as), size);
        }
        advance(s, k, as, step);
    }

    /**
     * What the 80286 has committed when an element runs past offset FFFFh (#GP), as the
     * SingleStepTests captures show it: the index registers of the accesses up to and including the
     * faulting one are stepped (CMPS reads ES:DI first, MOVS reads DS:SI first), and a REP prefix
     * has taken two counts off CX for a faulting write, one for a faulting read, none for CMPS.
     */
    private static void overrun286(CpuState s, Kind k, int size, int as, int step, boolean rep) {
        boolean siBad = Segmented.crosses(s.gpr[CpuState.RSI] & mask(as), size);
        boolean diBad = Segmented.crosses(s.gpr[CpuState.RDI] & mask(as), size);
        boolean stepSi, stepDi, write;
        switch (k) {
            case MOVS -> { stepSi = true; stepDi = !siBad; write = !siBad; }
            case CMPS -> { stepDi = true; stepSi = !diBad; write = false; }
            case LODS -> { stepSi = true; stepDi = false; write = false; }
            case STOS -> { stepSi = false; stepDi = true; write = true; }
            default -> { stepSi = false; stepDi = true; write = false; } // SCAS
        }
        if (stepSi) Operands.writeGpr(s, CpuState.RSI, s.gpr[CpuState.RSI] + step, as);
        if (stepDi) Operands.writeGpr(s, CpuState.RDI, s.gpr[CpuState.RDI] + step, as);
        int counts = write ? 2 : k == Kind.CMPS ? 0 : 1;
        if (rep) Operands.writeGpr(s, CpuState.RCX, s.gpr[CpuState.RCX] - counts, as);
    }

    private static void advance(CpuState s, Kind k, int as, int step) {
        if (k == Kind.MOVS || k == Kind.CMPS || k == Kind.LODS) Operands.writeGpr(s, CpuState.RSI, s.gpr[CpuState.RSI] + step, as);
        if (k != Kind.LODS) Operands.writeGpr(s, CpuState.RDI, s.gpr[CpuState.RDI] + step, as);
    }

    /**
     * A string element at seg:offset; 16-bit offsets that run past FFFFh go through {@link Segmented}.
     * In protected mode each element gets the limit and type checks of a data access, DS:rSI
     * (or its override) and ES:rDI alike (SDM Vol. 2 "MOVS", "STOS", ... "Protected Mode
     * Exceptions"; Vol. 3A §5.3).
     */
    static long load(ExecContext c, Seg seg, long off, int size, int as) {
        CpuState s = c.cpu;
        if (as == 16 && s.mode == Mode.BITS16 && Segmented.crosses(off, size)) return Segmented.load(c, seg, off, size);
        if (s.systemMode) Segmented.checkLimit(s, seg, off, size);
        long la = lin(s, s.segmentBase(seg) + off);
        if (Breakpoints.armed(s)) Breakpoints.access(s, la, size, false);
        return Operands.load(c.mem, la, size);
    }

    static void store(ExecContext c, Seg seg, long off, long v, int size, int as) {
        CpuState s = c.cpu;
        if (as == 16 && s.mode == Mode.BITS16 && Segmented.crosses(off, size)) {
            Segmented.store(c, seg, off, v, size);
            return;
        }
        if (s.systemMode) Segmented.checkWrite(s, seg, off, size);
        long la = lin(s, s.segmentBase(seg) + off);
        if (Breakpoints.armed(s)) Breakpoints.access(s, la, size, true);
        Operands.store(c.mem, la, v, size);
    }

    private static long lin(CpuState s, long a) {
        return s.mode == Mode.BITS64 ? a : a & 0xFFFF_FFFFL;
    }

    /** The segment of the rSI operand (DS or an override); DS if the decoder gave no such operand. */
    private static Seg sourceSeg(Instruction i) {
        for (int n = 0; n < i.operandCount(); n++) {
            if (i.op(n) instanceof Operand.Mem m && m.base() == CpuState.RSI) return m.seg();
        }
        return Seg.DS;
    }
}

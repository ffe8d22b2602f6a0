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
        long srcBase = s.segmentBase(sourceSeg(i));
        long dstBase = s.segmentBase(Seg.ES);
        int step = s.df() ? -size / 8 : size / 8;
        boolean rep = i.has(Prefix.REP) || i.has(Prefix.REPNE);
        boolean compares = k == Kind.CMPS || k == Kind.SCAS;
        while (true) {
            if (rep && (s.gpr[CpuState.RCX] & mask(as)) == 0) return;
            once(c, k, size, as, srcBase, dstBase, step);
            if (!rep) return;
            Operands.writeGpr(s, CpuState.RCX, s.gpr[CpuState.RCX] - 1, as);
            if (compares) {
                boolean zf = (s.statusFlags() & Flags.ZF) != 0;
                if (i.has(Prefix.REP) ? !zf : zf) return;
            }
        }
    }

    private static void once(ExecContext c, Kind k, int size, int as, long srcBase, long dstBase, int step) {
        CpuState s = c.cpu;
        long si = s.gpr[CpuState.RSI] & mask(as), di = s.gpr[CpuState.RDI] & mask(as);
        switch (k) {
            case MOVS -> Operands.store(c.mem, lin(s, dstBase + di), Operands.load(c.mem, lin(s, srcBase + si), size), size);
            case STOS -> Operands.store(c.mem, lin(s, dstBase + di), s.gpr[0], size);
            case LODS -> Operands.writeGpr(s, 0, Operands.load(c.mem, lin(s, srcBase + si), size), size);
            case CMPS -> {
                long a = Operands.load(c.mem, lin(s, srcBase + si), size);
                long b = Operands.load(c.mem, lin(s, dstBase + di), size);
                Alu.sub(s, a, b, size);
            }
            case SCAS -> Alu.sub(s, s.gpr[0], Operands.load(c.mem, lin(s, dstBase + di), size), size);
        }
        if (k == Kind.MOVS || k == Kind.CMPS || k == Kind.LODS) Operands.writeGpr(s, CpuState.RSI, si + step, as);
        if (k != Kind.LODS) Operands.writeGpr(s, CpuState.RDI, di + step, as);
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

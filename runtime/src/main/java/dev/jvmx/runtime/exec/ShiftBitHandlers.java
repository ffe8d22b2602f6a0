package dev.jvmx.runtime.exec;

import dev.jvmx.runtime.cpu.BitOps;
import dev.jvmx.runtime.cpu.BitOps.BitTest;
import dev.jvmx.runtime.cpu.ShiftOp;
import dev.jvmx.runtime.cpu.Shifts;
import dev.jvmx.x86.Instruction;
import dev.jvmx.x86.Mnemonic;
import dev.jvmx.x86.Operand;

/** Shifts/rotates (group 2, SHLD/SHRD) and bit instructions (BT*, BSF/BSR, TZCNT/LZCNT, POPCNT). */
final class ShiftBitHandlers {
    private ShiftBitHandlers() {}

    static void register(Handler[] t) {
        for (ShiftOp op : ShiftOp.values()) t[Mnemonic.valueOf(op.name()).ordinal()] = (c, i) -> shift(c, i, op);
        t[Mnemonic.SHLD.ordinal()] = (c, i) -> Operands.write(c, i.op(0), Shifts.shld(c.cpu,
                Operands.read(c, i.op(0)), Operands.read(c, i.op(1)), Operands.read(c, i.op(2)), i.op(0).size()));
        t[Mnemonic.SHRD.ordinal()] = (c, i) -> Operands.write(c, i.op(0), Shifts.shrd(c.cpu,
                Operands.read(c, i.op(0)), Operands.read(c, i.op(1)), Operands.read(c, i.op(2)), i.op(0).size()));
        for (BitTest k : BitTest.values()) t[Mnemonic.valueOf(k.name()).ordinal()] = (c, i) -> bitTest(c, i, k);
        t[Mnemonic.BSF.ordinal()] = (c, i) -> scan(c, i, false);
        t[Mnemonic.BSR.ordinal()] = (c, i) -> scan(c, i, true);
        t[Mnemonic.TZCNT.ordinal()] = (c, i) -> {
            if (!c.model.hasBmi1()) { scan(c, i, false); return; } // no BMI1: F3 0F BC runs as BSF
            Operands.write(c, i.op(0), BitOps.tzcnt(c.cpu, Operands.read(c, i.op(1)), i.op(0).size()));
        };
        t[Mnemonic.LZCNT.ordinal()] = (c, i) -> {
            if (!c.model.hasLzcnt()) { scan(c, i, true); return; } // no ABM: F3 0F BD runs as BSR
            Operands.write(c, i.op(0), BitOps.lzcnt(c.cpu, Operands.read(c, i.op(1)), i.op(0).size()));
        };
        t[Mnemonic.POPCNT.ordinal()] = (c, i) -> Operands.write(c, i.op(0), BitOps.popcnt(c.cpu, Operands.read(c, i.op(1)), i.op(0).size()));
    }

    static void shift(ExecContext c, Instruction i, ShiftOp op) {
        Operand d = i.op(0);
        long count = i.operandCount() > 1 ? Operands.read(c, i.op(1)) : 1;
        long v = Operands.read(c, d);
        // the 80286 computes OF for an immediate count like for CL (SingleStepTests C0/C1 captures)
        boolean immediate = i.operandCount() > 1 && i.op(1) instanceof Operand.Imm
                && c.cpu.generation == dev.jvmx.runtime.cpu.CpuGeneration.MODERN;
        long r = Shifts.exec(c.cpu, op, v, count, d.size(), immediate);
        // a register is written even for a zero count: a 32-bit one is zero-extended (host-checked)
        if (d instanceof Operand.Reg || (count & Math.max(c.cpu.generation.shiftCountMask, Shifts.countMask(d.size()))) != 0) Operands.write(c, d, r);
    }

    /**
     * BT family. A register bit offset with a memory operand addresses the bit string beyond the
     * operand (signed offset; SDM "BT", Table 3-xx "Range of Bit Positions"); an immediate offset
     * and register destinations take the offset modulo the operand size.
     */
    static void bitTest(ExecContext c, Instruction i, BitTest k) {
        Operand d = i.op(0);
        int size = d.size();
        long off = Operands.read(c, i.op(1));
        if (d instanceof Operand.Mem m && i.op(1) instanceof Operand.Reg) {
            long soff = (off << (64 - size)) >> (64 - size);
            long addr = Operands.linear(c.cpu, m) + (soff >> 3 & ~(size / 8 - 1L));
            if (c.cpu.mode != dev.jvmx.x86.Mode.BITS64) addr &= 0xFFFF_FFFFL;
            long v;
            try {
                v = Operands.load(c.mem, addr, size);
            } catch (dev.jvmx.runtime.mem.GuestFault f) {
                // BTS/BTR/BTC read with write intent: a #PF reports W (SDM Vol. 3A §4.7; host-checked)
                if (k == BitTest.BT || f.vector() != dev.jvmx.runtime.mem.GuestFault.PF) throw f;
                throw dev.jvmx.runtime.mem.GuestFault.pageFault(f.address(), f.errorCode() | dev.jvmx.runtime.mem.GuestFault.PF_W);
            }
            long r = BitOps.bitTest(c.cpu, k, v, (int) (soff & (size - 1)));
            if (k != BitTest.BT) Operands.store(c.mem, addr, r, size);
            return;
        }
        long v = Operands.read(c, d);
        long r = BitOps.bitTest(c.cpu, k, v, (int) (off & (size - 1)));
        if (k != BitTest.BT) Operands.write(c, d, r);
    }

    /**
     * BSF/BSR. With a zero source the destination keeps its value; Intel leaves even the upper
     * half of a 64-bit register untouched for a 32-bit operand (checked against the host).
     */
    static void scan(ExecContext c, Instruction i, boolean reverse) {
        Operand d = i.op(0);
        int size = d.size();
        long src = Operands.read(c, i.op(1));
        long old = Operands.read(c, d);
        long r = reverse ? BitOps.bsr(c.cpu, src, old, size) : BitOps.bsf(c.cpu, src, old, size);
        if ((src & dev.jvmx.runtime.cpu.LazyFlags.mask(size)) != 0) Operands.write(c, d, r);
    }
}

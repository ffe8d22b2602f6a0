package dev.jvmx.runtime.exec;

import static dev.jvmx.runtime.cpu.LazyFlags.mask;

import dev.jvmx.runtime.cpu.BitOps;
import dev.jvmx.runtime.cpu.Cond;
import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.x86.Flags;
import dev.jvmx.x86.Instruction;
import dev.jvmx.x86.Mnemonic;
import dev.jvmx.x86.Operand;

/**
 * Data movement: MOV and its extending forms, LEA, XCHG, CMOVcc, SETcc, BSWAP, accumulator
 * conversions (CBW..CQO), LAHF/SAHF, XLAT, and the no-operation family.
 */
final class MoveHandlers {
    private MoveHandlers() {}

    static void register(Handler[] t) {
        t[Mnemonic.MOV.ordinal()] = (c, i) -> Operands.write(c, i.op(0), Operands.read(c, i.op(1)));
        t[Mnemonic.MOVZX.ordinal()] = (c, i) -> Operands.write(c, i.op(0), Operands.read(c, i.op(1)));
        t[Mnemonic.MOVSX.ordinal()] = (c, i) -> Operands.write(c, i.op(0), Operands.readSigned(c, i.op(1)));
        t[Mnemonic.MOVSXD.ordinal()] = (c, i) -> Operands.write(c, i.op(0), Operands.readSigned(c, i.op(1)));
        t[Mnemonic.MOVNTI.ordinal()] = t[Mnemonic.MOV.ordinal()];
        t[Mnemonic.MOVBE.ordinal()] = MoveHandlers::movbe;
        t[Mnemonic.LEA.ordinal()] = (c, i) -> Operands.write(c, i.op(0), Operands.offset(c.cpu, (Operand.Mem) i.op(1)));
        t[Mnemonic.XCHG.ordinal()] = MoveHandlers::xchg;
        t[Mnemonic.BSWAP.ordinal()] = (c, i) -> Operands.write(c, i.op(0), BitOps.bswap(Operands.read(c, i.op(0)), i.op(0).size()));
        for (int cc = 0; cc < 16; cc++) { // the 16 tttn forms are consecutive in Mnemonic
            t[Mnemonic.CMOVO.ordinal() + cc] = MoveHandlers::cmov;
            t[Mnemonic.SETO.ordinal() + cc] = (c, i) -> Operands.write(c, i.op(0), Cond.test(c.cpu, i.cond()) ? 1 : 0);
        }
        t[Mnemonic.CBW.ordinal()] = (c, i) -> Operands.writeGpr(c.cpu, 0, (byte) c.cpu.gpr[0], 16);
        t[Mnemonic.CWDE.ordinal()] = (c, i) -> Operands.writeGpr(c.cpu, 0, (short) c.cpu.gpr[0], 32);
        t[Mnemonic.CDQE.ordinal()] = (c, i) -> c.cpu.gpr[0] = (int) c.cpu.gpr[0];
        t[Mnemonic.CWD.ordinal()] = (c, i) -> Operands.writeGpr(c.cpu, 2, ((short) c.cpu.gpr[0]) >> 15, 16);
        t[Mnemonic.CDQ.ordinal()] = (c, i) -> Operands.writeGpr(c.cpu, 2, ((int) c.cpu.gpr[0]) >> 31, 32);
        t[Mnemonic.CQO.ordinal()] = (c, i) -> c.cpu.gpr[2] = c.cpu.gpr[0] >> 63;
        t[Mnemonic.LAHF.ordinal()] = (c, i) -> Operands.writeReg(c.cpu, new Operand.Reg(dev.jvmx.x86.RegClass.GPR8H, 0, 8), c.cpu.rflags() & 0xD5 | 2);
        t[Mnemonic.SAHF.ordinal()] = (c, i) -> c.cpu.setStatus(Flags.SF | Flags.ZF | Flags.AF | Flags.PF | Flags.CF, (int) (c.cpu.gpr[0] >>> 8));
        t[Mnemonic.XLAT.ordinal()] = MoveHandlers::xlat;
        Handler nop = (c, i) -> { };
        for (Mnemonic m : new Mnemonic[] {Mnemonic.NOP, Mnemonic.PAUSE, Mnemonic.ENDBR64, Mnemonic.ENDBR32,
                Mnemonic.LFENCE, Mnemonic.MFENCE, Mnemonic.SFENCE, Mnemonic.PREFETCHT0, Mnemonic.PREFETCHT1,
                Mnemonic.PREFETCHT2, Mnemonic.PREFETCHNTA, Mnemonic.PREFETCHW, Mnemonic.CLFLUSH, Mnemonic.CLFLUSHOPT,
                // CET shadow stacks are not enabled: RDSSP/INCSSP execute as NOPs (SDM Vol. 1 §17.2.3)
                Mnemonic.RDSSPD, Mnemonic.RDSSPQ, Mnemonic.INCSSPD, Mnemonic.INCSSPQ,
                // a cache hint in the reserved-NOP space 0F 18..1F: no access, no fault (SDM Vol. 2A "CLDEMOTE";
                // on a CPU without it, the NOP it is encoded over; host-checked)
                Mnemonic.CLDEMOTE}) {
            t[m.ordinal()] = nop;
        }
    }

    /**
     * CMOVcc: the source is read (and may fault) whatever the condition; a 32-bit destination is
     * zero-extended even when the condition is false (SDM Vol. 2A "CMOVcc", 64-bit mode).
     */
    static void cmov(ExecContext c, Instruction i) {
        long v = Operands.read(c, i.op(1));
        if (Cond.test(c.cpu, i.cond())) Operands.write(c, i.op(0), v);
        else if (i.op(0).size() == 32) Operands.write(c, i.op(0), Operands.read(c, i.op(0)));
    }

    /** XCHG: the memory write comes first so a fault leaves the register unchanged. */
    static void xchg(ExecContext c, Instruction i) {
        Operand a = i.op(0), b = i.op(1);
        long va = Operands.read(c, a), vb = Operands.read(c, b);
        if (a instanceof Operand.Mem) {
            Operands.write(c, a, vb);
            Operands.write(c, b, va);
        } else {
            Operands.write(c, b, va);
            Operands.write(c, a, vb);
        }
    }

    static void movbe(ExecContext c, Instruction i) {
        int size = i.op(0).size();
        long v = Operands.read(c, i.op(1));
        long swapped = size == 16 ? Short.reverseBytes((short) v) & 0xFFFFL : BitOps.bswap(v, size);
        Operands.write(c, i.op(0), swapped);
    }

    /** XLAT: AL = [seg:rBX + AL] (the Mem operand carries segment and address size). */
    static void xlat(ExecContext c, Instruction i) {
        CpuState s = c.cpu;
        Operand.Mem m = i.operandCount() > 0 && i.op(0) instanceof Operand.Mem mm ? mm
                : new Operand.Mem(dev.jvmx.x86.Seg.DS, false, 3, Operand.Mem.NONE, 1, 0, 8, i.addrSize());
        long addr = s.segmentBase(m.seg()) + ((s.gpr[3] + (s.gpr[0] & 0xFF)) & mask(m.addrSize()));
        Operands.writeGpr(s, 0, Operands.load(c.mem, addr, 8), 8);
    }
}

package dev.jvmx.runtime.exec;

import static dev.jvmx.runtime.cpu.LazyFlags.mask;

import dev.jvmx.runtime.cpu.Cond;
import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.mem.GuestFault;
import dev.jvmx.x86.Flags;
import dev.jvmx.x86.Instruction;
import dev.jvmx.x86.Mnemonic;
import dev.jvmx.x86.Mode;
import dev.jvmx.x86.Operand;

/**
 * Control transfer and the stack: JMP, Jcc, LOOPcc, JrCXZ, CALL, RET, PUSH, POP, PUSHF, POPF,
 * ENTER, LEAVE. Near branches in 64-bit mode use 64-bit targets; the decoder has already made
 * relative targets absolute and masked to the operand size.
 */
final class BranchHandlers {
    private BranchHandlers() {}

    /** RFLAGS bits POPF may change at CPL 3 with IOPL 0: not IF, IOPL, VM, RF, VIF, VIP (SDM "POPF"). */
    static final long POPF_MASK = Flags.CF | Flags.PF | Flags.AF | Flags.ZF | Flags.SF | Flags.TF | Flags.DF
            | Flags.OF | Flags.NT | Flags.AC | Flags.ID;

    static void register(Handler[] t) {
        t[Mnemonic.JMP.ordinal()] = (c, i) -> c.cpu.rip = target(c, i);
        for (int cc = 0; cc < 16; cc++) { // JO..JG are consecutive in Mnemonic
            t[Mnemonic.JO.ordinal() + cc] = (c, i) -> { if (Cond.test(c.cpu, i.cond())) c.cpu.rip = target(c, i); };
        }
        t[Mnemonic.JCXZ.ordinal()] = BranchHandlers::jrcxz;
        t[Mnemonic.JECXZ.ordinal()] = BranchHandlers::jrcxz;
        t[Mnemonic.JRCXZ.ordinal()] = BranchHandlers::jrcxz;
        t[Mnemonic.LOOP.ordinal()] = (c, i) -> loop(c, i, 0);
        t[Mnemonic.LOOPE.ordinal()] = (c, i) -> loop(c, i, 1);
        t[Mnemonic.LOOPNE.ordinal()] = (c, i) -> loop(c, i, 2);
        t[Mnemonic.CALL.ordinal()] = BranchHandlers::call;
        t[Mnemonic.RET.ordinal()] = BranchHandlers::ret;
        t[Mnemonic.PUSH.ordinal()] = (c, i) -> Stack.push(c, Operands.read(c, i.op(0)), stackOpSize(i));
        t[Mnemonic.POP.ordinal()] = BranchHandlers::pop;
        Handler pushf = (c, i) -> Stack.push(c, c.cpu.rflags() & ~(long) (Flags.VM | Flags.RF), i.opSize());
        Handler popf = BranchHandlers::popf;
        t[Mnemonic.PUSHF.ordinal()] = pushf;
        t[Mnemonic.PUSHFD.ordinal()] = pushf;
        t[Mnemonic.PUSHFQ.ordinal()] = pushf;
        t[Mnemonic.POPF.ordinal()] = popf;
        t[Mnemonic.POPFD.ordinal()] = popf;
        t[Mnemonic.POPFQ.ordinal()] = popf;
        t[Mnemonic.LEAVE.ordinal()] = BranchHandlers::leave;
        t[Mnemonic.ENTER.ordinal()] = BranchHandlers::enter;
    }

    /** Operand size of PUSH/POP: the decoder's opSize (64 or 16 in 64-bit mode; immediates included). */
    static int stackOpSize(Instruction i) {
        Operand o = i.op(0);
        if (o instanceof Operand.Reg r && r.cls() == dev.jvmx.x86.RegClass.SEG) return i.opSize();
        return o instanceof Operand.Imm ? i.opSize() : o.size();
    }

    static long target(ExecContext c, Instruction i) {
        Operand o = i.op(0);
        if (o instanceof Operand.Rel r) return r.target();
        long t = Operands.read(c, o);
        return c.cpu.mode == Mode.BITS64 ? t : t & mask(i.opSize());
    }

    static void jrcxz(ExecContext c, Instruction i) {
        if ((c.cpu.gpr[CpuState.RCX] & mask(i.addrSize())) == 0) c.cpu.rip = target(c, i);
    }

    /** LOOP/LOOPE/LOOPNE: the count register's width is the address size (SDM "LOOP/LOOPcc"). */
    static void loop(ExecContext c, Instruction i, int kind) {
        CpuState s = c.cpu;
        long count = (s.gpr[CpuState.RCX] - 1) & mask(i.addrSize());
        Operands.writeGpr(s, CpuState.RCX, count, i.addrSize());
        boolean go = count != 0;
        if (kind != 0) go &= ((s.statusFlags() & Flags.ZF) != 0) == (kind == 1);
        if (go) s.rip = target(c, i);
    }

    static void call(ExecContext c, Instruction i) {
        long t = target(c, i);
        int size = c.cpu.mode == Mode.BITS64 ? 64 : i.opSize();
        Stack.push(c, c.cpu.rip, size);
        c.cpu.rip = t;
    }

    static void ret(ExecContext c, Instruction i) {
        int size = c.cpu.mode == Mode.BITS64 ? 64 : i.opSize();
        long t = Stack.peek(c, size, 0);
        long extra = i.operandCount() > 0 ? Operands.read(c, i.op(0)) : 0;
        Stack.adjust(c.cpu, size / 8 + extra);
        c.cpu.rip = t;
    }

    /** POP r/m: RSP moves before the destination address is computed (SDM "POP"); a faulting store restores it. */
    static void pop(ExecContext c, Instruction i) {
        int size = stackOpSize(i);
        long oldSp = c.cpu.gpr[CpuState.RSP];
        long v = Stack.pop(c, size);
        try {
            Operands.write(c, i.op(0), v);
        } catch (GuestFault f) {
            // the 80286 keeps the popped SP when the store faults (SingleStepTests 8F captures)
            if (c.cpu.generation != dev.jvmx.runtime.cpu.CpuGeneration.I80286) c.cpu.gpr[CpuState.RSP] = oldSp;
            throw f;
        }
    }

    static void popf(ExecContext c, Instruction i) {
        CpuState s = c.cpu;
        long v = Stack.pop(c, i.opSize());
        long mask = i.opSize() == 16 ? POPF_MASK & 0xFFFF : POPF_MASK;
        s.setRflags((s.rflags() & ~mask) | (v & mask));
    }

    static void leave(ExecContext c, Instruction i) {
        CpuState s = c.cpu;
        long oldSp = s.gpr[CpuState.RSP];
        Operands.writeGpr(s, CpuState.RSP, s.gpr[CpuState.RBP], Stack.pointerSize(s));
        try {
            Operands.writeGpr(s, CpuState.RBP, Stack.pop(c, i.opSize()), i.opSize());
        } catch (GuestFault f) {
            s.gpr[CpuState.RSP] = oldSp;
            throw f;
        }
    }

    /** ENTER size, level (SDM "ENTER"): nesting level taken modulo 32. */
    static void enter(ExecContext c, Instruction i) {
        CpuState s = c.cpu;
        int size = i.opSize(), bytes = size / 8;
        long allocSize = Operands.read(c, i.op(0)) & 0xFFFF;
        int level = (int) Operands.read(c, i.op(1)) & 31;
        long oldSp = s.gpr[CpuState.RSP], oldBp = s.gpr[CpuState.RBP];
        try {
            Stack.push(c, oldBp, size);
            long frame = s.gpr[CpuState.RSP];
            for (int k = 1; k < level; k++) {
                long bp = (oldBp - (long) k * bytes) & mask(Stack.pointerSize(s));
                Stack.push(c, Operands.load(c.mem, s.segmentBase(dev.jvmx.x86.Seg.SS) + bp, size), size);
            }
            if (level > 0) Stack.push(c, frame, size);
            Stack.probeWrite(c, s.gpr[CpuState.RSP] - allocSize);
            Operands.writeGpr(s, CpuState.RBP, frame, size);
            Stack.adjust(s, -allocSize);
        } catch (GuestFault f) {
            s.gpr[CpuState.RSP] = oldSp;
            s.gpr[CpuState.RBP] = oldBp;
            throw f;
        }
    }
}

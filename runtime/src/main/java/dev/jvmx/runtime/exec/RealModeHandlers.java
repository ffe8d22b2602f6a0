package dev.jvmx.runtime.exec;

import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.mem.GuestFault;
import dev.jvmx.x86.Flags;
import dev.jvmx.x86.Instruction;
import dev.jvmx.x86.Mnemonic;
import dev.jvmx.x86.Operand;
import dev.jvmx.x86.Seg;

/**
 * System-mode semantics of the instructions that process mode treats as privileged or never
 * sees: far JMP/CALL/RET, IRET, INT n/INT3/INTO/INT1, LDS/LES, CLI/STI, PUSHF/POPF with the chip's
 * FLAGS quirks, PUSH SP on the 8086, SALC. Real-address mode only (SDM Vol. 3A §20.1); each is
 * installed over the process-mode handler and defers to it when {@link CpuState#systemMode} is off.
 * I/O instructions are in {@link PortHandlers}.
 */
final class RealModeHandlers {
    private RealModeHandlers() {}

    static void register(Handler[] t) {
        over(t, Mnemonic.JMPF, RealModeHandlers::jmpf);
        over(t, Mnemonic.CALLF, RealModeHandlers::callf);
        over(t, Mnemonic.RETF, RealModeHandlers::retf);
        Handler iret = RealModeHandlers::iret;
        over(t, Mnemonic.IRET, iret);
        over(t, Mnemonic.IRETD, iret);
        over(t, Mnemonic.INT, (c, i) -> RealModeInterrupts.deliver(c, (int) Operands.read(c, i.op(0)) & 0xFF, c.cpu.rip));
        over(t, Mnemonic.INT3, (c, i) -> RealModeInterrupts.deliver(c, GuestFault.BP, c.cpu.rip));
        over(t, Mnemonic.INT1, (c, i) -> RealModeInterrupts.deliver(c, GuestFault.DB, c.cpu.rip));
        over(t, Mnemonic.INTO, (c, i) -> {
            if ((c.cpu.statusFlags() & Flags.OF) != 0) RealModeInterrupts.deliver(c, GuestFault.OF, c.cpu.rip);
        });
        over(t, Mnemonic.LDS, (c, i) -> loadFarPointer(c, i, Seg.DS));
        over(t, Mnemonic.LES, (c, i) -> loadFarPointer(c, i, Seg.ES));
        over(t, Mnemonic.CLI, (c, i) -> c.cpu.setRflags(c.cpu.rflags() & ~(long) Flags.IF));
        over(t, Mnemonic.STI, (c, i) -> c.cpu.setRflags(c.cpu.rflags() | Flags.IF));
        over(t, Mnemonic.PUSHF, (c, i) -> Stack.push(c, RealModeInterrupts.flagsImage(c.cpu), 16));
        over(t, Mnemonic.POPF, (c, i) -> setFlags16(c.cpu, Stack.pop(c, 16)));
        over(t, Mnemonic.PUSH, RealModeHandlers::push);
        over(t, Mnemonic.SALC, (c, i) -> Operands.writeGpr(c.cpu, CpuState.RAX, c.cpu.cf() ? 0xFF : 0, 8));
    }

    /** Installs {@code h} for system mode, keeping the current handler of {@code m} for process mode. */
    static void over(Handler[] t, Mnemonic m, Handler h) {
        Handler process = t[m.ordinal()];
        t[m.ordinal()] = (c, i) -> {
            if (c.cpu.systemMode) h.exec(c, i);
            else process.exec(c, i);
        };
    }

    /** POPF/IRET in real mode at CPL 0: every defined FLAGS bit is writable (SDM "POPF", real-address mode). */
    static void setFlags16(CpuState s, long v) {
        long mask = 0x7FD5L & s.generation.flagsMask() | (s.generation == dev.jvmx.runtime.cpu.CpuGeneration.MODERN ? 0x7000 : 0);
        s.setRflags((s.rflags() & ~mask) | (v & mask));
    }

    /** A far pointer operand: the Far immediate, or m16:16 (offset, then selector) in memory. */
    static long[] farPointer(ExecContext c, Instruction i, Operand op) {
        if (op instanceof Operand.Far f) return new long[] {f.offset(), f.selector()};
        if (!(op instanceof Operand.Mem m)) throw GuestFault.of(GuestFault.UD);
        int size = i.opSize();
        long off = Operands.offset(c.cpu, m);
        long ip = Segmented.load(c, m.seg(), off, size);
        long sel = Segmented.load(c, m.seg(), (off + size / 8) & 0xFFFF, 16);
        return new long[] {ip, sel};
    }

    static void jmpf(ExecContext c, Instruction i) {
        long[] p = farPointer(c, i, i.op(0));
        c.cpu.loadRealSegment(Seg.CS, (int) p[1]);
        c.cpu.rip = p[0] & 0xFFFF;
    }

    static void callf(ExecContext c, Instruction i) {
        CpuState s = c.cpu;
        long[] p = farPointer(c, i, i.op(0));
        long oldSp = s.gpr[CpuState.RSP];
        try {
            Stack.push(c, s.segSelector[Seg.CS.ordinal()], 16);
            Stack.push(c, s.rip, 16);
        } catch (GuestFault f) {
            s.gpr[CpuState.RSP] = oldSp;
            throw f;
        }
        s.loadRealSegment(Seg.CS, (int) p[1]);
        s.rip = p[0] & 0xFFFF;
    }

    static void retf(ExecContext c, Instruction i) {
        CpuState s = c.cpu;
        long ip = Stack.peek(c, 16, 0);
        long cs = Stack.peek(c, 16, 2);
        long extra = i.operandCount() > 0 ? Operands.read(c, i.op(0)) & 0xFFFF : 0;
        Stack.adjust(s, 4 + extra);
        s.loadRealSegment(Seg.CS, (int) cs);
        s.rip = ip;
    }

    static void iret(ExecContext c, Instruction i) {
        CpuState s = c.cpu;
        long ip = Stack.peek(c, 16, 0);
        long cs = Stack.peek(c, 16, 2);
        long flags = Stack.peek(c, 16, 4);
        Stack.adjust(s, 6);
        s.loadRealSegment(Seg.CS, (int) cs);
        s.rip = ip;
        setFlags16(s, flags);
    }

    /** LDS/LES r16, m16:16 (SDM "LDS/LES/LFS/LGS/LSS"); a register operand is #UD. */
    static void loadFarPointer(ExecContext c, Instruction i, Seg seg) {
        long[] p = farPointer(c, i, i.op(1));
        Operands.write(c, i.op(0), p[0]);
        c.cpu.loadRealSegment(seg, (int) p[1]);
    }

    /** PUSH: the 8086 pushes SP after the decrement (SDM Vol. 3A §22.30.1). */
    static void push(ExecContext c, Instruction i) {
        int size = BranchHandlers.stackOpSize(i);
        long v = Operands.read(c, i.op(0));
        if (c.cpu.generation.pushSpDecremented && i.op(0) instanceof Operand.Reg r
                && r.cls() == dev.jvmx.x86.RegClass.GPR && r.num() == CpuState.RSP) {
            v = (v - 2) & 0xFFFF;
        }
        Stack.push(c, v, size);
    }
}

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
 * FLAGS quirks, PUSH SP on the 8086, SALC. Real-address mode (SDM Vol. 3A §20.1); far transfers
 * also in protected mode at one privilege level (CS through {@link Descriptors}); each is
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
        over(t, Mnemonic.IRETQ, RealModeHandlers::iretq);
        ControlHandlers.register(t);
        over(t, Mnemonic.INT, (c, i) -> Interrupts.deliverIntN(c, (int) Operands.read(c, i.op(0)) & 0xFF, c.cpu.rip));
        over(t, Mnemonic.INT3, (c, i) -> Interrupts.deliver(c, GuestFault.BP, c.cpu.rip, true));
        over(t, Mnemonic.INT1, (c, i) -> Interrupts.deliver(c, GuestFault.DB, c.cpu.rip, false));
        over(t, Mnemonic.INTO, (c, i) -> {
            if ((c.cpu.statusFlags() & Flags.OF) != 0) Interrupts.deliver(c, GuestFault.OF, c.cpu.rip, true);
        });
        over(t, Mnemonic.LDS, (c, i) -> loadFarPointer(c, i, Seg.DS));
        over(t, Mnemonic.LES, (c, i) -> loadFarPointer(c, i, Seg.ES));
        SystemFlags.register(t); // CLI, STI, PUSHF, POPF: real, protected and virtual-8086 rules
        FastSystemCalls.register(t); // SYSCALL, SYSRET, SYSENTER, SYSEXIT, SWAPGS
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
        if (m.addrSize() != 16) {
            long la = Operands.linear(c.cpu, m);
            return new long[] {Operands.load(c.mem, la, size), Operands.load(c.mem, la + size / 8, 16)};
        }
        long off = Operands.offset(c.cpu, m);
        long ip = Segmented.load(c, m.seg(), off, size);
        long sel = Segmented.load(c, m.seg(), (off + size / 8) & 0xFFFF, 16);
        return new long[] {ip, sel};
    }

    /** Protected mode outside virtual-8086 mode: far transfers go through {@link FarTransfers}. */
    private static boolean protectedMode(CpuState s) {
        return !s.realMode() && !Descriptors.v86(s);
    }

    static void jmpf(ExecContext c, Instruction i) {
        long[] p = farPointer(c, i, i.op(0));
        if (protectedMode(c.cpu)) {
            FarTransfers.jmpf(c, (int) p[1], p[0] & mask(i.opSize()));
            return;
        }
        Descriptors.loadAny(c, Seg.CS, (int) p[1]);
        c.cpu.rip = p[0] & mask(i.opSize());
    }

    private static long mask(int bits) {
        return bits == 64 ? -1L : (1L << bits) - 1;
    }

    static void callf(ExecContext c, Instruction i) {
        CpuState s = c.cpu;
        long[] p = farPointer(c, i, i.op(0));
        int size = i.opSize();
        if (protectedMode(s)) {
            FarTransfers.callf(c, (int) p[1], p[0] & mask(size), size);
            return;
        }
        long oldSp = s.gpr[CpuState.RSP];
        try {
            Stack.push(c, s.segSelector[Seg.CS.ordinal()], size);
            Stack.push(c, s.rip, size);
            Descriptors.loadAny(c, Seg.CS, (int) p[1]);
        } catch (GuestFault f) {
            s.gpr[CpuState.RSP] = oldSp;
            throw f;
        }
        s.rip = p[0] & mask(size);
    }

    static void retf(ExecContext c, Instruction i) {
        CpuState s = c.cpu;
        int size = i.opSize(), bytes = size / 8;
        long extra = i.operandCount() > 0 ? Operands.read(c, i.op(0)) & 0xFFFF : 0;
        if (protectedMode(s)) {
            FarTransfers.retf(c, size, extra);
            return;
        }
        long ip = Stack.peek(c, size, 0);
        long cs = Stack.peek(c, size, bytes) & 0xFFFF;
        Descriptors.loadAny(c, Seg.CS, (int) cs);
        Stack.adjust(s, 2L * bytes + extra);
        s.rip = ip;
    }

    /** IRET: real mode here (FLAGS by the chip's rules); protected and virtual-8086 mode in {@link FarTransfers}. */
    static void iret(ExecContext c, Instruction i) {
        CpuState s = c.cpu;
        int size = i.opSize(), bytes = size / 8;
        if (Descriptors.v86(s) && !s.realMode()) {
            FarTransfers.iretV86(c, size);
            return;
        }
        if (!s.realMode()) {
            FarTransfers.iret(c, size);
            return;
        }
        long ip = Stack.peek(c, size, 0);
        long cs = Stack.peek(c, size, bytes) & 0xFFFF;
        long flags = Stack.peek(c, size, 2 * bytes);
        s.loadRealSegment(Seg.CS, (int) cs);
        Stack.adjust(s, 3L * bytes);
        s.rip = ip;
        if (size == 16) {
            setFlags16(s, flags);
        } else {
            long mask = 0x3F7FD5L & ~(long) (Flags.VM | Flags.VIF | Flags.VIP);
            s.setRflags((s.rflags() & ~mask) | (flags & mask));
        }
    }

    /** IRETQ (IA-32e mode): pops RIP, CS, RFLAGS, RSP, SS (SDM "IRET/IRETD/IRETQ"). */
    static void iretq(ExecContext c, Instruction i) {
        FarTransfers.iret(c, 64);
    }

    /** LDS/LES r16, m16:16 (SDM "LDS/LES/LFS/LGS/LSS"); a register operand is #UD. */
    static void loadFarPointer(ExecContext c, Instruction i, Seg seg) {
        long[] p = farPointer(c, i, i.op(1));
        Descriptors.loadAny(c, seg, (int) p[1]);
        Operands.write(c, i.op(0), p[0]);
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

package dev.jvmx.runtime.exec;

import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.mem.GuestFault;
import dev.jvmx.x86.Flags;
import dev.jvmx.x86.Instruction;
import dev.jvmx.x86.Mnemonic;
import dev.jvmx.x86.Operand;

/**
 * CPUID, RDTSC/RDTSCP, SYSCALL, HLT, INT3/INT n/INTO, the undefined-instruction family, flag
 * instructions (CLC STC CMC CLD STD), and the instructions that fault at CPL 3 in process mode.
 * Exits follow {@link Exit}: SYSCALL and traps leave RIP past the instruction, faults at it.
 */
final class SystemHandlers {
    private SystemHandlers() {}

    /** Privileged at CPL 3 (process mode): #GP(0). SDM Vol. 3A §5.9. */
    private static final Mnemonic[] PRIVILEGED = {
        Mnemonic.CLI, Mnemonic.STI, Mnemonic.IN, Mnemonic.OUT, Mnemonic.INSB, Mnemonic.INSW, Mnemonic.INSD,
        Mnemonic.OUTSB, Mnemonic.OUTSW, Mnemonic.OUTSD, Mnemonic.LGDT, Mnemonic.LIDT, Mnemonic.LLDT,
        Mnemonic.LTR, Mnemonic.LMSW, Mnemonic.CLTS, Mnemonic.INVD, Mnemonic.WBINVD, Mnemonic.INVLPG, Mnemonic.INVPCID,
        Mnemonic.RDMSR, Mnemonic.WRMSR, Mnemonic.SWAPGS, Mnemonic.SYSRET, Mnemonic.SYSEXIT, Mnemonic.RDPMC,
        Mnemonic.XSETBV, Mnemonic.MONITOR, Mnemonic.MWAIT, Mnemonic.IRET, Mnemonic.IRETD, Mnemonic.IRETQ,
    };

    static void register(Handler[] t) {
        t[Mnemonic.CPUID.ordinal()] = SystemHandlers::cpuid;
        t[Mnemonic.RDTSC.ordinal()] = (c, i) -> setEdxEax(c.cpu, c.model.rdtsc());
        t[Mnemonic.RDTSCP.ordinal()] = (c, i) -> {
            setEdxEax(c.cpu, c.model.rdtsc());
            c.cpu.gpr[CpuState.RCX] = c.model.tscAux() & 0xFFFF_FFFFL;
        };
        t[Mnemonic.SYSCALL.ordinal()] = SystemHandlers::syscall;
        t[Mnemonic.HLT.ordinal()] = (c, i) -> c.exit = Exit.HLT;
        t[Mnemonic.INT3.ordinal()] = (c, i) -> c.exit = Exit.exception(GuestFault.of(GuestFault.BP));
        t[Mnemonic.INT1.ordinal()] = (c, i) -> c.exit = Exit.exception(GuestFault.of(GuestFault.DB));
        t[Mnemonic.INT.ordinal()] = (c, i) -> c.exit = Exit.exception(GuestFault.of((int) Operands.read(c, i.op(0)) & 0xFF));
        t[Mnemonic.INTO.ordinal()] = (c, i) -> {
            if ((c.cpu.statusFlags() & Flags.OF) != 0) c.exit = Exit.exception(GuestFault.of(GuestFault.OF));
        };
        Handler ud = (c, i) -> { throw GuestFault.of(GuestFault.UD); };
        for (Mnemonic m : new Mnemonic[] {Mnemonic.UD0, Mnemonic.UD1, Mnemonic.UD2, Mnemonic.INVALID, Mnemonic.XGETBV}) {
            t[m.ordinal()] = ud;
        }
        t[Mnemonic.TOO_LONG.ordinal()] = (c, i) -> { throw GuestFault.of(GuestFault.GP, 0); };
        Handler gp = (c, i) -> { throw GuestFault.of(GuestFault.GP, 0); };
        for (Mnemonic m : PRIVILEGED) t[m.ordinal()] = gp;
        t[Mnemonic.CLC.ordinal()] = (c, i) -> c.cpu.setStatus(Flags.CF, 0);
        t[Mnemonic.STC.ordinal()] = (c, i) -> c.cpu.setStatus(Flags.CF, Flags.CF);
        t[Mnemonic.CMC.ordinal()] = (c, i) -> c.cpu.setStatus(Flags.CF, c.cpu.cf() ? 0 : Flags.CF);
        t[Mnemonic.CLD.ordinal()] = (c, i) -> c.cpu.setStatus(Flags.DF, 0);
        t[Mnemonic.STD.ordinal()] = (c, i) -> c.cpu.setStatus(Flags.DF, Flags.DF);
        FpuControlHandlers.register(t);
    }

    static void setEdxEax(CpuState s, long v) {
        s.gpr[CpuState.RAX] = v & 0xFFFF_FFFFL;
        s.gpr[CpuState.RDX] = v >>> 32;
    }

    /** CPUID: EAX = leaf, ECX = subleaf; results zero-extend into RAX..RDX (in machine mode the platform answers). */
    static void cpuid(ExecContext c, Instruction i) {
        CpuState s = c.cpu;
        int leaf = (int) s.gpr[CpuState.RAX], subleaf = (int) s.gpr[CpuState.RCX];
        int[] r = s.systemMode && c.bus != null ? c.bus.cpuid(leaf, subleaf) : null;
        if (r == null) r = c.model.cpuid(leaf, subleaf);
        s.gpr[CpuState.RAX] = r[0] & 0xFFFF_FFFFL;
        s.gpr[CpuState.RBX] = r[1] & 0xFFFF_FFFFL;
        s.gpr[CpuState.RCX] = r[2] & 0xFFFF_FFFFL;
        s.gpr[CpuState.RDX] = r[3] & 0xFFFF_FFFFL;
    }

    /**
     * SYSCALL (SDM Vol. 2B "SYSCALL"): RCX = next RIP, R11 = RFLAGS, then the monitor takes over
     * (engine-defined exit; the process monitor plays the kernel and resumes at RIP).
     */
    static void syscall(ExecContext c, Instruction i) {
        CpuState s = c.cpu;
        if (s.mode != dev.jvmx.x86.Mode.BITS64) throw GuestFault.of(GuestFault.UD);
        s.gpr[CpuState.RCX] = s.rip;
        s.gpr[CpuState.R11] = s.rflags() & ~(long) Flags.RF;
        c.exit = Exit.SYSCALL;
    }

    static Operand.Mem mem(Instruction i) {
        return (Operand.Mem) i.op(0);
    }
}

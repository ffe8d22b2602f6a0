package dev.jvmx.runtime.exec;

import static dev.jvmx.runtime.cpu.LazyFlags.mask;

import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.mem.GuestFault;
import dev.jvmx.x86.Instruction;
import dev.jvmx.x86.Mnemonic;
import dev.jvmx.x86.Operand;
import dev.jvmx.x86.Prefix;
import dev.jvmx.x86.Seg;

/**
 * IN, OUT, INS, OUTS, RDMSR, WRMSR in system mode, through the context's {@link SystemBus} (SDM Vol. 1 §19.2,
 * Vol. 2 "IN", "INS", "OUTS"). In real mode there is no IOPL or permission-bitmap check; in
 * protected mode with CPL > IOPL, and always in virtual-8086 mode, every byte of the access must
 * have its bit clear in the TSS's I/O permission bitmap, else #GP(0) (Vol. 1 §19.5.1-§19.5.2). INS stores to ES:DI (no override); OUTS reads DS:SI or its override; with
 * REP each element is a separate bus cycle, CX counting down. The 80286 steps SI/DI before a
 * segment overrun faults (as its other string instructions do).
 */
public final class PortHandlers {
    private PortHandlers() {}

    static void register(Handler[] t) {
        RealModeHandlers.over(t, Mnemonic.IN, PortHandlers::in);
        RealModeHandlers.over(t, Mnemonic.OUT, PortHandlers::out);
        RealModeHandlers.over(t, Mnemonic.INSB, (c, i) -> ins(c, i, 1));
        RealModeHandlers.over(t, Mnemonic.INSW, (c, i) -> ins(c, i, 2));
        RealModeHandlers.over(t, Mnemonic.INSD, (c, i) -> ins(c, i, 4));
        RealModeHandlers.over(t, Mnemonic.OUTSB, (c, i) -> outs(c, i, 1));
        RealModeHandlers.over(t, Mnemonic.OUTSW, (c, i) -> outs(c, i, 2));
        RealModeHandlers.over(t, Mnemonic.OUTSD, (c, i) -> outs(c, i, 4));
        RealModeHandlers.over(t, Mnemonic.RDMSR, PortHandlers::rdmsr);
        RealModeHandlers.over(t, Mnemonic.WRMSR, PortHandlers::wrmsr);
    }

    /** MSRs the vCPU itself holds (SDM Vol. 4 Table 2-2): EFER, FS/GS bases, the fast system-call MSRs. */
    static final int IA32_EFER = 0xC000_0080, IA32_FS_BASE = 0xC000_0100, IA32_GS_BASE = 0xC000_0101,
            IA32_STAR = 0xC000_0081, IA32_LSTAR = 0xC000_0082, IA32_CSTAR = 0xC000_0083, IA32_FMASK = 0xC000_0084,
            IA32_KERNEL_GS_BASE = 0xC000_0102, IA32_SYSENTER_CS = 0x174, IA32_SYSENTER_ESP = 0x175, IA32_SYSENTER_EIP = 0x176;

    /** Whether {@code msr} is one the vCPU itself holds (the list above) rather than the platform's. */
    public static boolean vcpuHoldsMsr(int msr) {
        return switch (msr) {
            case IA32_EFER, IA32_FS_BASE, IA32_GS_BASE, IA32_STAR, IA32_LSTAR, IA32_CSTAR, IA32_FMASK,
                    IA32_KERNEL_GS_BASE, IA32_SYSENTER_CS, IA32_SYSENTER_ESP, IA32_SYSENTER_EIP -> true;
            default -> false;
        };
    }

    /** WRMSR of an address MSR: #GP(0) unless canonical (Vol. 4 Table 2-2). */
    private static long canonical(long v) {
        if ((v << 16 >> 16) != v) throw GuestFault.of(GuestFault.GP, 0);
        return v;
    }

    /** RDMSR: EDX:EAX = MSR[ECX]; the vCPU's own MSRs locally, the rest from the platform. */
    static void rdmsr(ExecContext c, Instruction i) {
        CpuState s = c.cpu;
        int msr = (int) s.gpr[CpuState.RCX];
        long v = switch (msr) {
            case IA32_EFER -> s.efer;
            case IA32_FS_BASE -> s.fsBase;
            case IA32_GS_BASE -> s.gsBase;
            case IA32_STAR -> s.star;
            case IA32_LSTAR -> s.lstar;
            case IA32_CSTAR -> s.cstar;
            case IA32_FMASK -> s.fmask;
            case IA32_KERNEL_GS_BASE -> s.kernelGsBase;
            case IA32_SYSENTER_CS -> s.sysenterCs;
            case IA32_SYSENTER_ESP -> s.sysenterEsp;
            case IA32_SYSENTER_EIP -> s.sysenterEip;
            default -> bus(c).rdmsr(msr);
        };
        s.gpr[CpuState.RAX] = v & 0xFFFF_FFFFL;
        s.gpr[CpuState.RDX] = v >>> 32;
    }

    /** WRMSR: MSR[ECX] = EDX:EAX; EFER.LMA stays under the processor's control (SDM Vol. 3A §9.8.5). */
    static void wrmsr(ExecContext c, Instruction i) {
        CpuState s = c.cpu;
        int msr = (int) s.gpr[CpuState.RCX];
        long v = (s.gpr[CpuState.RDX] << 32) | (s.gpr[CpuState.RAX] & 0xFFFF_FFFFL);
        switch (msr) {
            case IA32_EFER -> writeEfer(c, v);
            case IA32_FS_BASE -> s.fsBase = v;
            case IA32_GS_BASE -> s.gsBase = v;
            case IA32_STAR -> s.star = v;
            case IA32_LSTAR -> s.lstar = canonical(v);
            case IA32_CSTAR -> s.cstar = canonical(v);
            case IA32_FMASK -> s.fmask = v & 0xFFFF_FFFFL;
            case IA32_KERNEL_GS_BASE -> s.kernelGsBase = canonical(v);
            case IA32_SYSENTER_CS -> s.sysenterCs = v & 0xFFFF_FFFFL;
            case IA32_SYSENTER_ESP -> s.sysenterEsp = canonical(v);
            case IA32_SYSENTER_EIP -> s.sysenterEip = canonical(v);
            default -> bus(c).wrmsr(msr, v);
        }
    }

    /**
     * WRMSR IA32_EFER (SDM Vol. 4 Table 2-2, Vol. 3A §9.8.5): #GP(0) for reserved bits (other
     * than SCE, LME, LMA, NXE) or for changing LME while paging is on; LMA keeps its value (the
     * processor sets it). The paging MMU hears the new value before it commits.
     */
    static void writeEfer(ExecContext c, long v) {
        CpuState s = c.cpu;
        long lme = ControlHandlers.EFER_LME, lma = ControlHandlers.EFER_LMA;
        if ((v & ~(1L | lme | lma | 1L << 11)) != 0
                || (s.cr0 & CpuState.CR0_PG) != 0 && ((v ^ s.efer) & lme) != 0) {
            throw GuestFault.of(GuestFault.GP, 0);
        }
        long next = (v & ~lma) | (s.efer & lma);
        if (c.mmu != null) c.mmu.onEferWrite(next);
        s.efer = next;
    }

    private static SystemBus bus(ExecContext c) {
        if (c.bus == null) throw GuestFault.of(GuestFault.GP, 0);
        return c.bus;
    }

    static void in(ExecContext c, Instruction i) {
        int port = (int) Operands.read(c, i.op(1)) & 0xFFFF;
        Operand dst = i.op(0);
        IoPermission.check(c, port, dst.size() / 8);
        Operands.write(c, dst, bus(c).in(port, dst.size() / 8));
    }

    static void out(ExecContext c, Instruction i) {
        int port = (int) Operands.read(c, i.op(0)) & 0xFFFF;
        Operand src = i.op(1);
        IoPermission.check(c, port, src.size() / 8);
        bus(c).out(port, src.size() / 8, Operands.read(c, src));
    }

    static void ins(ExecContext c, Instruction i, int size) {
        CpuState s = c.cpu;
        int as = i.addrSize();
        boolean rep = i.has(Prefix.REP) || i.has(Prefix.REPNE);
        int port = (int) s.gpr[CpuState.RDX] & 0xFFFF;
        int step = s.df() ? -size : size;
        IoPermission.check(c, port, size);
        while (!rep || (s.gpr[CpuState.RCX] & mask(as)) != 0) {
            long di = s.gpr[CpuState.RDI] & mask(as);
            try {
                if (s.systemMode) Segmented.checkWrite(s, Seg.ES, di, size * 8); // before the port is read
                StringHandlers.store(c, Seg.ES, di, bus(c).in(port, size), size * 8, as);
            } catch (GuestFault f) {
                if (s.generation == dev.jvmx.runtime.cpu.CpuGeneration.I80286) {
                    Operands.writeGpr(s, CpuState.RDI, di + step, as);
                    if (rep) Operands.writeGpr(s, CpuState.RCX, s.gpr[CpuState.RCX] - 2, as);
                }
                throw f;
            }
            Operands.writeGpr(s, CpuState.RDI, di + step, as);
            if (!rep) return;
            Operands.writeGpr(s, CpuState.RCX, s.gpr[CpuState.RCX] - 1, as);
        }
    }

    static void outs(ExecContext c, Instruction i, int size) {
        CpuState s = c.cpu;
        int as = i.addrSize();
        boolean rep = i.has(Prefix.REP) || i.has(Prefix.REPNE);
        int port = (int) s.gpr[CpuState.RDX] & 0xFFFF;
        int step = s.df() ? -size : size;
        IoPermission.check(c, port, size);
        Seg seg = sourceSeg(i);
        while (!rep || (s.gpr[CpuState.RCX] & mask(as)) != 0) {
            long si = s.gpr[CpuState.RSI] & mask(as);
            long v;
            try {
                v = StringHandlers.load(c, seg, si, size * 8, as);
            } catch (GuestFault f) {
                if (s.generation == dev.jvmx.runtime.cpu.CpuGeneration.I80286) {
                    Operands.writeGpr(s, CpuState.RSI, si + step, as);
                    if (rep) Operands.writeGpr(s, CpuState.RCX, s.gpr[CpuState.RCX] - 1, as); // a read: one count
                }
                throw f;
            }
            bus(c).out(port, size, v);
            Operands.writeGpr(s, CpuState.RSI, si + step, as);
            if (!rep) return;
            Operands.writeGpr(s, CpuState.RCX, s.gpr[CpuState.RCX] - 1, as);
        }
    }

    private static Seg sourceSeg(Instruction i) {
        for (int n = 0; n < i.operandCount(); n++) {
            if (i.op(n) instanceof Operand.Mem m) return m.seg();
        }
        return Seg.DS;
    }
}

package dev.jvmx.runtime.exec;

import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.mem.GuestFault;
import dev.jvmx.x86.Flags;
import dev.jvmx.x86.Instruction;
import dev.jvmx.x86.Mnemonic;
import dev.jvmx.x86.Mode;
import dev.jvmx.x86.Seg;

/**
 * SYSCALL, SYSRET, SYSENTER, SYSEXIT and SWAPGS in machine mode (SDM Vol. 2B, Vol. 3A §5.8.7-
 * §5.8.8). None of them reads a descriptor: CS and SS get fixed flat caches (base 0, limit
 * 4 GiB, the access rights the SDM lists) with selectors taken from IA32_STAR or
 * IA32_SYSENTER_CS. In process mode SYSCALL stays the monitor's exit ({@link SystemHandlers}).
 */
final class FastSystemCalls {
    private FastSystemCalls() {}

    static void register(Handler[] t) {
        RealModeHandlers.over(t, Mnemonic.SYSCALL, FastSystemCalls::syscall);
        RealModeHandlers.over(t, Mnemonic.SYSRET, FastSystemCalls::sysret);
        if (t[Mnemonic.SYSENTER.ordinal()] == null) t[Mnemonic.SYSENTER.ordinal()] = (c, i) -> { throw GuestFault.of(GuestFault.GP, 0); };
        RealModeHandlers.over(t, Mnemonic.SYSENTER, FastSystemCalls::sysenter);
        RealModeHandlers.over(t, Mnemonic.SYSEXIT, FastSystemCalls::sysexit);
        RealModeHandlers.over(t, Mnemonic.SWAPGS, FastSystemCalls::swapgs);
    }

    /** Access rights (VMCS layout): 64-bit code DPL d (L = 1), 32-bit code DPL d (D = 1, G = 1), data DPL d (B = 1, G = 1). */
    private static int code64(int dpl) { return 0xA09B | dpl << 5; }

    private static int code32(int dpl) { return 0xC09B | dpl << 5; }

    private static int data(int dpl) { return 0xC093 | dpl << 5; }

    private static void flat(CpuState s, Seg seg, int selector, int ar) {
        int r = seg.ordinal();
        s.segSelector[r] = selector & 0xFFFF;
        s.segBase[r] = 0;
        s.segLimit[r] = -1;
        s.segAccess[r] = ar;
    }

    private static void enter(CpuState s, int cs, int csAr, int ss, int cpl) {
        flat(s, Seg.CS, cs, csAr);
        flat(s, Seg.SS, ss, data(cpl));
        s.cpl = cpl;
        boolean ia32e = (s.efer & (1L << 10)) != 0;
        s.mode = ia32e && (csAr & (1 << 13)) != 0 ? Mode.BITS64 : Mode.BITS32;
    }

    /**
     * SYSCALL: #UD unless EFER.SCE and 64-bit mode; RCX = next RIP, R11 = RFLAGS, RFLAGS &=
     * ~IA32_FMASK (and RF), CS = STAR[47:32] (64-bit, DPL 0), SS = STAR[47:32] + 8, RIP = LSTAR.
     */
    static void syscall(ExecContext c, Instruction i) {
        CpuState s = c.cpu;
        if ((s.efer & 1) == 0 || s.mode != Mode.BITS64) throw GuestFault.of(GuestFault.UD);
        s.gpr[CpuState.RCX] = s.rip;
        s.gpr[CpuState.R11] = s.rflags() & ~(long) Flags.RF;
        int sel = (int) (s.star >>> 32) & 0xFFFF;
        s.setRflags(s.rflags() & ~s.fmask & ~(long) Flags.RF | 2);
        enter(s, sel & 0xFFFC, code64(0), (sel + 8) & 0xFFFC, 0);
        s.rip = s.lstar;
    }

    /**
     * SYSRET: #UD unless EFER.SCE, #GP(0) unless 64-bit mode at CPL 0 with a canonical RCX;
     * REX.W: RIP = RCX with CS = STAR[63:48] + 16 (64-bit), else EIP = ECX with CS = STAR[63:48]
     * (32-bit); SS = STAR[63:48] + 8; RFLAGS = R11 (fixed bits forced); CPL 3.
     */
    static void sysret(ExecContext c, Instruction i) {
        CpuState s = c.cpu;
        if ((s.efer & 1) == 0) throw GuestFault.of(GuestFault.UD);
        if (s.mode != Mode.BITS64 || s.cpl != 0) throw GuestFault.of(GuestFault.GP, 0);
        long rcx = s.gpr[CpuState.RCX];
        boolean to64 = i.opSize() == 64;
        if (to64 && (rcx << 16 >> 16) != rcx) throw GuestFault.of(GuestFault.GP, 0);
        int sel = (int) (s.star >>> 48) & 0xFFFF;
        s.setRflags(s.gpr[CpuState.R11] & 0x3C7FD7L & ~(long) (Flags.RF | Flags.VM) | 2);
        enter(s, (to64 ? sel + 16 : sel) | 3, to64 ? code64(3) : code32(3), (sel + 8) | 3, 3);
        s.rip = to64 ? rcx : rcx & 0xFFFF_FFFFL;
    }

    /**
     * SYSENTER: #GP(0) in real mode or with IA32_SYSENTER_CS[15:2] = 0; CS = SYSENTER_CS (64-bit
     * code in IA-32e mode), SS = CS + 8, RIP/RSP from IA32_SYSENTER_EIP/ESP, VM, IF and RF cleared, CPL 0.
     */
    static void sysenter(ExecContext c, Instruction i) {
        CpuState s = c.cpu;
        int cs = (int) s.sysenterCs & 0xFFFF;
        if (s.realMode() || (cs & 0xFFFC) == 0) throw GuestFault.of(GuestFault.GP, 0);
        boolean ia32e = (s.efer & (1L << 10)) != 0;
        s.setRflags(s.rflags() & ~(long) (Flags.VM | Flags.IF | Flags.RF));
        enter(s, cs & 0xFFFC, ia32e ? code64(0) : code32(0), (cs + 8) & 0xFFFC, 0);
        s.rip = ia32e ? s.sysenterEip : s.sysenterEip & 0xFFFF_FFFFL;
        s.gpr[CpuState.RSP] = ia32e ? s.sysenterEsp : s.sysenterEsp & 0xFFFF_FFFFL;
    }

    /**
     * SYSEXIT: #GP(0) in real mode, at CPL above 0 or with SYSENTER_CS[15:2] = 0; REX.W: CS =
     * SYSENTER_CS + 32 (64-bit), SS = + 40, RIP = RDX, RSP = RCX; else CS = + 16, SS = + 24,
     * EIP = EDX, ESP = ECX; CPL 3.
     */
    static void sysexit(ExecContext c, Instruction i) {
        CpuState s = c.cpu;
        int cs = (int) s.sysenterCs & 0xFFFF;
        if (s.realMode() || s.cpl != 0 || (cs & 0xFFFC) == 0) throw GuestFault.of(GuestFault.GP, 0);
        boolean to64 = i.opSize() == 64;
        long ip = s.gpr[CpuState.RDX], sp = s.gpr[CpuState.RCX];
        if (to64 && ((ip << 16 >> 16) != ip || (sp << 16 >> 16) != sp)) throw GuestFault.of(GuestFault.GP, 0);
        enter(s, (cs + (to64 ? 32 : 16)) | 3, to64 ? code64(3) : code32(3), (cs + (to64 ? 40 : 24)) | 3, 3);
        s.rip = to64 ? ip : ip & 0xFFFF_FFFFL;
        s.gpr[CpuState.RSP] = to64 ? sp : sp & 0xFFFF_FFFFL;
    }

    /** SWAPGS: 64-bit mode only (#UD), CPL 0 (#GP(0)); exchanges GS.base and IA32_KERNEL_GS_BASE. */
    static void swapgs(ExecContext c, Instruction i) {
        CpuState s = c.cpu;
        if (s.mode != Mode.BITS64) throw GuestFault.of(GuestFault.UD);
        if (s.cpl != 0) throw GuestFault.of(GuestFault.GP, 0);
        long g = s.gsBase;
        s.gsBase = s.kernelGsBase;
        s.segBase[Seg.GS.ordinal()] = s.kernelGsBase;
        s.kernelGsBase = g;
    }
}

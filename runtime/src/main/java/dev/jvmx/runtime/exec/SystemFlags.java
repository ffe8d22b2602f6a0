package dev.jvmx.runtime.exec;

import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.mem.GuestFault;
import dev.jvmx.x86.Flags;
import dev.jvmx.x86.Instruction;
import dev.jvmx.x86.Mnemonic;

/**
 * CLI, STI, PUSHF and POPF in system mode: the IOPL-sensitive rules of protected mode (SDM
 * Vol. 1 §3.4.3.1 / Vol. 2 "CLI", "STI", "PUSHF", "POPF"), virtual-8086 mode with and without
 * CR4.VME (Vol. 3A §20.2.7, §20.3) and protected-mode virtual interrupts (CR4.PVI, §20.4). Real
 * mode keeps the chip's own FLAGS image ({@link RealModeInterrupts#flagsImage}).
 */
final class SystemFlags {
    private SystemFlags() {}

    static final long CR4_VME = 1, CR4_PVI = 2;
    /** The defined bits of EFLAGS POPF/IRET may write at CPL 0 (1, 3, 5, 15 and above 21 stay fixed). */
    static final long DEFINED = 0x3F7FD5L;

    static void register(Handler[] t) {
        RealModeHandlers.over(t, Mnemonic.CLI, (c, i) -> setInterruptFlag(c, false));
        RealModeHandlers.over(t, Mnemonic.STI, (c, i) -> setInterruptFlag(c, true));
        for (Mnemonic m : new Mnemonic[] {Mnemonic.PUSHF, Mnemonic.PUSHFD, Mnemonic.PUSHFQ}) RealModeHandlers.over(t, m, SystemFlags::pushf);
        for (Mnemonic m : new Mnemonic[] {Mnemonic.POPF, Mnemonic.POPFD, Mnemonic.POPFQ}) RealModeHandlers.over(t, m, SystemFlags::popf);
    }

    static int iopl(CpuState s) { return (int) (s.rflags() >>> 12) & 3; }

    /** VIF stands in for IF: virtual-8086 mode with VME, or CPL 3 in protected mode with PVI (IOPL < 3). */
    private static boolean virtualIf(CpuState s) {
        return Descriptors.v86(s) ? (s.cr4 & CR4_VME) != 0 : s.cpl == 3 && (s.cr4 & CR4_PVI) != 0;
    }

    static void setInterruptFlag(ExecContext c, boolean on) {
        CpuState s = c.cpu;
        long f = s.rflags();
        if (s.realMode() || s.cpl <= iopl(s) && !(Descriptors.v86(s) && iopl(s) < 3)) {
            s.setRflags(on ? f | Flags.IF : f & ~(long) Flags.IF);
        } else if (virtualIf(s) && !(on && (f & Flags.VIP) != 0)) {
            s.setRflags(on ? f | Flags.VIF : f & ~(long) Flags.VIF);
        } else {
            throw GuestFault.of(GuestFault.GP, 0);
        }
    }

    static void pushf(ExecContext c, Instruction i) {
        CpuState s = c.cpu;
        int size = i.opSize();
        if (s.realMode() && size == 16) {
            Stack.push(c, RealModeInterrupts.flagsImage(s), 16);
            return;
        }
        long f = s.rflags() & ~(long) (Flags.VM | Flags.RF);
        if (Descriptors.v86(s) && iopl(s) < 3) {
            if ((s.cr4 & CR4_VME) == 0 || size != 16) throw GuestFault.of(GuestFault.GP, 0);
            f = (f & ~(long) Flags.IF) | ((s.rflags() & Flags.VIF) != 0 ? Flags.IF : 0) | Flags.IOPL; // §20.3.3.1
        }
        Stack.push(c, size == 16 ? f & 0xFFFF : size == 32 ? f & 0x00FC_FFFFL : f, size);
    }

    static void popf(ExecContext c, Instruction i) {
        CpuState s = c.cpu;
        int size = i.opSize();
        if (s.realMode() && size == 16) {
            RealModeHandlers.setFlags16(s, Stack.pop(c, 16));
            return;
        }
        long f = s.rflags();
        long keep = Flags.VM | Flags.VIP | Flags.VIF | Flags.RF;
        boolean v86 = Descriptors.v86(s);
        if (v86 && iopl(s) < 3) {
            if ((s.cr4 & CR4_VME) == 0 || size != 16) throw GuestFault.of(GuestFault.GP, 0);
            long v = Stack.peek(c, 16, 0);
            if ((v & Flags.TF) != 0 || (v & Flags.IF) != 0 && (f & Flags.VIP) != 0) throw GuestFault.of(GuestFault.GP, 0);
            Stack.adjust(s, 2);
            long writable = 0x7FD5L & ~(long) (Flags.IOPL | Flags.IF);
            f = (f & ~writable) | (v & writable);
            s.setRflags((v & Flags.IF) != 0 ? f | Flags.VIF : f & ~(long) Flags.VIF);
            return;
        }
        if (!s.realMode() && s.cpl > 0) keep |= Flags.IOPL;
        if (!s.realMode() && s.cpl > iopl(s)) keep |= Flags.IF;
        long writable = DEFINED & ~keep;
        if (size == 16) writable &= 0xFFFF;
        long v = Stack.pop(c, size);
        s.setRflags(((f & ~writable) | (v & writable)) & ~(long) Flags.RF | 2);
    }
}

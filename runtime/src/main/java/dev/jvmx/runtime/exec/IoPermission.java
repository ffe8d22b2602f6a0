package dev.jvmx.runtime.exec;

import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.mem.GuestFault;

/**
 * Whether an I/O instruction may reach its port (SDM Vol. 1 §19.5): always in real mode; in
 * protected mode at CPL <= IOPL; otherwise, and always in virtual-8086 mode, when the TSS's I/O
 * permission bitmap allows every byte of the access. Used by the interpreter's IN/OUT/INS/OUTS
 * and, in VMX non-root operation, before the I/O exit (the #GP has priority, Vol. 3C §26.1.1).
 */
public final class IoPermission {
    private IoPermission() {}

    /**
     * The I/O permission check (Vol. 1 §19.5): the bitmap starts at the TSS's I/O map base (offset
     * 66h); bits {@code port .. port + size - 1} are read as one 16-bit word, which must lie within
     * the TSS limit.
     */
    public static void check(ExecContext c, int port, int size) {
        CpuState s = c.cpu;
        if (s.realMode() || !s.systemMode) return;
        boolean v86 = Descriptors.v86(s);
        if (!v86 && s.cpl <= SystemFlags.iopl(s)) return;
        long limit = s.trLimit & 0xFFFF_FFFFL;
        if ((s.trType & 8) == 0 || limit < 0x67) throw GuestFault.of(GuestFault.GP, 0); // no 32/64-bit TSS, no bitmap
        long base = c.systemMemory().read16(s.trBase + 0x66) & 0xFFFF;
        long at = base + port / 8;
        if (at + 1 > limit) throw GuestFault.of(GuestFault.GP, 0);
        int bits = c.systemMemory().read16(s.trBase + at) & 0xFFFF;
        if ((bits >>> (port & 7) & ((1 << size) - 1)) != 0) throw GuestFault.of(GuestFault.GP, 0);
    }

}

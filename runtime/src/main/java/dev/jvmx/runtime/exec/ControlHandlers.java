package dev.jvmx.runtime.exec;

import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.mem.GuestFault;
import dev.jvmx.x86.Instruction;
import dev.jvmx.x86.Mnemonic;
import dev.jvmx.x86.Mode;
import dev.jvmx.x86.Operand;

/**
 * LGDT, LIDT, LTR, SMSW, LMSW and MOV to/from CR0..CR4 in system mode at CPL 0 (SDM
 * Vol. 2 "LGDT/LIDT", "MOV—Move to/from Control Registers"; Vol. 3A §2.5). A 16-bit operand
 * size loads a 24-bit table base. Writing CR0 changes no cached state: the code size follows the
 * next CS load, as on hardware (SDM Vol. 3A §9.9.1, the far jump after setting PE).
 */
final class ControlHandlers {
    private ControlHandlers() {}

    static void register(Handler[] t) {
        RealModeHandlers.over(t, Mnemonic.LGDT, (c, i) -> loadTable(c, i, true));
        RealModeHandlers.over(t, Mnemonic.LIDT, (c, i) -> loadTable(c, i, false));
        RealModeHandlers.over(t, Mnemonic.LMSW, (c, i) -> {
            requireCpl0(c);
            long v = Operands.read(c, i.op(0)) & 0xF;
            c.cpu.cr0 = (c.cpu.cr0 & ~0xEL) | v | (c.cpu.cr0 & 1); // LMSW cannot clear PE
        });
        RealModeHandlers.over(t, Mnemonic.LTR, ControlHandlers::ltr);
        RealModeHandlers.over(t, Mnemonic.SMSW, (c, i) -> Operands.write(c, i.op(0), c.cpu.cr0 & 0xFFFF));
    }

    /** LTR r/m16: loads TR from a GDT TSS descriptor and marks it busy (SDM Vol. 2A "LTR"). */
    static void ltr(ExecContext c, Instruction i) {
        CpuState s = c.cpu;
        if (s.realMode()) throw GuestFault.of(GuestFault.UD);
        requireCpl0(c);
        int sel = (int) Operands.read(c, i.op(0)) & 0xFFFF;
        int index = sel & ~7;
        if ((sel & 4) != 0 || index == 0 || index + 7 > s.gdtrLimit) throw GuestFault.of(GuestFault.GP, sel & ~3);
        long at = s.gdtrBase + index;
        long d = c.mem.read64(at);
        int type = (int) (d >>> 40) & 0xF;
        if (type != 0x9 && type != 0x1) throw GuestFault.of(GuestFault.GP, sel & ~3); // available TSS
        long base = ((d >>> 16) & 0xFF_FFFFL) | ((d >>> 56) & 0xFF) << 24;
        if (s.mode == Mode.BITS64) base |= (c.mem.read32(at + 8) & 0xFFFF_FFFFL) << 32;
        s.tr = sel;
        s.trBase = base;
        s.trLimit = (int) ((d & 0xFFFF) | ((d >>> 48) & 0xF) << 16);
        c.mem.write64(at, d | (2L << 40)); // busy
    }

    static void requireCpl0(ExecContext c) {
        if (c.cpu.cpl != 0 && !c.cpu.realMode()) throw GuestFault.of(GuestFault.GP, 0);
    }

    static void loadTable(ExecContext c, Instruction i, boolean gdt) {
        requireCpl0(c);
        if (!(i.op(0) instanceof Operand.Mem m)) throw GuestFault.of(GuestFault.UD);
        CpuState s = c.cpu;
        long la = Operands.linear(s, m);
        int limit = c.mem.read16(la) & 0xFFFF;
        long base = s.mode == Mode.BITS64 ? c.mem.read64(la + 2) : c.mem.read32(la + 2) & 0xFFFF_FFFFL;
        if (i.opSize() == 16 && s.mode != Mode.BITS64) base &= 0xFF_FFFF;
        if (gdt) {
            s.gdtrBase = base;
            s.gdtrLimit = limit;
        } else {
            s.idtrBase = base;
            s.idtrLimit = limit;
        }
    }

    /** MOV from CRn (SDM: CR0, CR2, CR3, CR4, CR8; others #UD). */
    static long readCr(CpuState s, int n) {
        if (!s.systemMode || s.cpl != 0 && !s.realMode()) throw GuestFault.of(GuestFault.GP, 0);
        return switch (n) {
            case 0 -> s.cr0;
            case 2 -> s.cr2;
            case 3 -> s.cr3;
            case 4 -> s.cr4;
            case 8 -> s.cr8;
            default -> throw GuestFault.of(GuestFault.UD);
        };
    }

    static void writeCr(CpuState s, int n, long v) {
        if (!s.systemMode || s.cpl != 0 && !s.realMode()) throw GuestFault.of(GuestFault.GP, 0);
        switch (n) {
            case 0 -> s.cr0 = v | 0x10; // ET is hard-wired to 1
            case 2 -> s.cr2 = v;
            case 3 -> s.cr3 = v;
            case 4 -> s.cr4 = v;
            case 8 -> s.cr8 = v & 0xF;
            default -> throw GuestFault.of(GuestFault.UD);
        }
        if (n == 0 && (s.efer & (1L << 8)) != 0 && (v & CpuState.CR0_PG) != 0) s.efer |= 1L << 10; // LMA (SDM §9.8.5)
    }
}

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
            writeCr(c, 0, (c.cpu.cr0 & ~0xEL) | v | (c.cpu.cr0 & 1)); // LMSW cannot clear PE
        });
        RealModeHandlers.over(t, Mnemonic.LTR, ControlHandlers::ltr);
        RealModeHandlers.over(t, Mnemonic.LLDT, (c, i) -> {
            if (c.cpu.realMode() || Descriptors.v86(c.cpu)) throw GuestFault.of(GuestFault.UD);
            requireCpl0(c);
            Descriptors.lldt(c, (int) Operands.read(c, i.op(0)));
        });
        RealModeHandlers.over(t, Mnemonic.INVLPG, ControlHandlers::invlpg);
        RealModeHandlers.over(t, Mnemonic.INVPCID, ControlHandlers::invpcid);
        RealModeHandlers.over(t, Mnemonic.SMSW, (c, i) -> Operands.write(c, i.op(0), c.cpu.cr0 & 0xFFFF));
    }

    /** LTR r/m16: loads TR from a GDT TSS descriptor and marks it busy (SDM Vol. 2A "LTR"). */
    static void ltr(ExecContext c, Instruction i) {
        CpuState s = c.cpu;
        if (s.realMode() || Descriptors.v86(s)) throw GuestFault.of(GuestFault.UD);
        requireCpl0(c);
        int sel = (int) Operands.read(c, i.op(0)) & 0xFFFF;
        int index = sel & ~7;
        if ((sel & 4) != 0 || index == 0 || index + 7 > s.gdtrLimit) throw GuestFault.of(GuestFault.GP, sel & ~3);
        long at = s.gdtrBase + index;
        long d = c.systemMemory().read64(at);
        int type = (int) (d >>> 40) & 0xF;
        if (type != 0x9 && type != 0x1) throw GuestFault.of(GuestFault.GP, sel & ~3); // available TSS
        long base = Descriptors.base(d);
        if (s.mode == Mode.BITS64) base |= (c.systemMemory().read32(at + 8) & 0xFFFF_FFFFL) << 32;
        s.tr = sel;
        s.trBase = base;
        s.trLimit = (int) Descriptors.limit(d);
        s.trType = type | 2;
        c.systemMemory().write64(at, d | (2L << 40)); // busy
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

    /** CR0 bits: NE (5), NW (29), CD (30). CR4 bits this CPU defines (SDM Vol. 3A §2.5, Figure 2-7). */
    private static final long CR0_NW = 1L << 29, CR0_CD = 1L << 30;
    private static final long CR4_PAE = 1L << 5, CR4_PCIDE = 1L << 17;
    /** VME..SMAP, PKE, CET (bits 23:0) less LA57 (no 5-level paging here) and reserved bit 15. */
    private static final long CR4_DEFINED = 0xFF_FFFFL & ~(1L << 12) & ~(1L << 15);
    static final long EFER_LME = 1L << 8, EFER_LMA = 1L << 10;

    /**
     * MOV to CRn (SDM Vol. 2B "MOV—Move to/from Control Registers", Vol. 3A §2.5): the #GP(0)
     * checks, then the paging MMU hears the new value before it commits (it may raise #GP(0) for
     * bad PAE PDPTEs, §4.4.1), then the register changes. CR0.PG toggles EFER.LMA when
     * EFER.LME = 1 (§9.8.5); CR3 bit 63 (keep the PCID's translations) is not stored.
     */
    static void writeCr(ExecContext c, int n, long v) {
        CpuState s = c.cpu;
        if (!s.systemMode || s.cpl != 0 && !s.realMode()) throw GuestFault.of(GuestFault.GP, 0);
        switch (n) {
            case 0 -> {
                v |= 0x10; // ET is hard-wired to 1
                boolean lme = (s.efer & EFER_LME) != 0;
                if ((v >>> 32) != 0 || (v & CpuState.CR0_PG) != 0 && (v & CpuState.CR0_PE) == 0
                        || (v & CR0_NW) != 0 && (v & CR0_CD) == 0
                        || (v & CpuState.CR0_PG) != 0 && (s.cr0 & CpuState.CR0_PG) == 0 && lme && (s.cr4 & CR4_PAE) == 0
                        || (v & CpuState.CR0_PG) == 0 && s.mode == Mode.BITS64) {
                    throw GuestFault.of(GuestFault.GP, 0);
                }
                if (c.mmu != null) c.mmu.onCr0Write(v);
                s.cr0 = v;
                s.efer = lme && (v & CpuState.CR0_PG) != 0 ? s.efer | EFER_LMA : s.efer & ~EFER_LMA;
            }
            case 2 -> s.cr2 = v;
            case 3 -> {
                if (c.mmu != null) c.mmu.onCr3Write(v);
                s.cr3 = v & ~(1L << 63);
            }
            case 4 -> {
                if ((v & ~CR4_DEFINED) != 0 || (v & CR4_PAE) == 0 && (s.efer & EFER_LMA) != 0
                        || (v & CR4_PCIDE) != 0 && (s.cr4 & CR4_PCIDE) == 0
                                && ((s.cr3 & 0xFFF) != 0 || (s.efer & EFER_LMA) == 0)) {
                    throw GuestFault.of(GuestFault.GP, 0);
                }
                if (c.mmu != null) c.mmu.onCr4Write(v);
                s.cr4 = v;
            }
            case 8 -> s.cr8 = v & 0xF;
            default -> throw GuestFault.of(GuestFault.UD);
        }
    }

    /**
     * MOV from DRn (SDM Vol. 3A §18.2): CPL 0 (#GP(0)); DR4/DR5 alias DR6/DR7 unless CR4.DE = 1,
     * which makes them #UD.
     */
    static long readDr(CpuState s, int n) {
        return s.dr[debugRegister(s, n)];
    }

    /** MOV to DRn: DR6 keeps its fixed ones (FFFF0FF0h), DR7 bit 10 reads 1 and bits 11-15 but GD (13) read 0. */
    static void writeDr(CpuState s, int n, long v) {
        int r = debugRegister(s, n);
        s.dr[r] = switch (r) {
            case 6 -> (v & 0xE00FL) | 0xFFFF_0FF0L;
            case 7 -> (v & 0xFFFF_23FFL) | 0x400;
            default -> v;
        };
    }

    private static int debugRegister(CpuState s, int n) {
        if (!s.systemMode || s.cpl != 0 && !s.realMode()) throw GuestFault.of(GuestFault.GP, 0);
        if (n == 4 || n == 5) {
            if ((s.cr4 & 8) != 0) throw GuestFault.of(GuestFault.UD);
            return n + 2;
        }
        if (n > 7) throw GuestFault.of(GuestFault.UD);
        return n;
    }

    /** INVLPG m (SDM Vol. 2A "INVLPG"): CPL 0; drops the translations of the page holding m. */
    static void invlpg(ExecContext c, Instruction i) {
        requireCpl0(c);
        if (!(i.op(0) instanceof Operand.Mem m)) throw GuestFault.of(GuestFault.UD);
        if (c.mmu != null) c.mmu.invlpg(Operands.linear(c.cpu, m));
    }

    /**
     * INVPCID r, m128 (SDM Vol. 2A "INVPCID"): CPL 0 (#UD in real mode); #GP(0) for a type above
     * 3, descriptor bits 63:12 set, a non-canonical address with type 0, or a PCID other than 0
     * with CR4.PCIDE = 0 for types 0 and 1.
     */
    static void invpcid(ExecContext c, Instruction i) {
        CpuState s = c.cpu;
        if (s.realMode()) throw GuestFault.of(GuestFault.UD);
        requireCpl0(c);
        if (!(i.op(1) instanceof Operand.Mem m)) throw GuestFault.of(GuestFault.UD);
        long type = Operands.read(c, i.op(0));
        long la = Operands.linear(s, m);
        long lo = c.mem.read64(la), address = c.mem.read64(la + 8);
        var t = dev.jvmx.runtime.mmu.InvpcidType.of(type);
        int pcid = (int) (lo & 0xFFF);
        boolean canonical = (address << 16 >> 16) == address;
        if (t == null || (lo >>> 12) != 0
                || t.value() == 0 && !canonical
                || t.value() <= 1 && pcid != 0 && (s.cr4 & CR4_PCIDE) == 0) {
            throw GuestFault.of(GuestFault.GP, 0);
        }
        if (c.mmu != null) c.mmu.invpcid(t, pcid, address);
    }
}

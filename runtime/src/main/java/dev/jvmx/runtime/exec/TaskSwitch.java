package dev.jvmx.runtime.exec;

import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.mem.GuestFault;
import dev.jvmx.runtime.mem.GuestMemory;
import dev.jvmx.x86.Flags;
import dev.jvmx.x86.Mode;
import dev.jvmx.x86.Seg;

/**
 * The task-state segment and the hardware task switch (SDM Vol. 3A ch. 7). 32-bit TSS layout
 * (Figure 7-2), byte offsets:
 * <pre>
 *   00 previous task link | 04 ESP0 | 08 SS0 | 0C ESP1 | 10 SS1 | 14 ESP2 | 18 SS2 | 1C CR3 | 20 EIP | 24 EFLAGS
 *   28 EAX | 2C ECX | 30 EDX | 34 EBX | 38 ESP | 3C EBP | 40 ESI | 44 EDI
 *   48 ES | 4C CS | 50 SS | 54 DS | 58 FS | 5C GS | 60 LDT selector | 64 T (bit 0) | 66 I/O map base
 * </pre>
 * The 64-bit TSS (Figure 8-11) keeps RSP0..2 at 04, 0C, 14, IST1..7 at 24..54, the I/O map base
 * at 66. A 16-bit TSS (Figure 7-11) keeps SPn/SSn at 2 + 4n / 4 + 4n and the rest in word slots
 * (§7.6); a switch saves into the layout of the current TSS and loads from that of the new one.
 *
 * <p>A switch (§7.3): JMP, CALL, INT through a task gate or to a TSS, and IRET with NT = 1. The
 * new TSS must be available (busy for IRET) and at least 67h bytes (2Bh for a 16-bit TSS); the current state is saved
 * into the current TSS (with NT cleared in the saved EFLAGS for IRET); JMP and IRET clear the old
 * busy bit, CALL and INT set NT and write the back link; every kind but IRET sets the new busy
 * bit; TR, CR0.TS, CR3 (through the MMU), LDTR, the registers and the segments are then loaded
 * from the new TSS, faults after this point arising in the new task (#TS for a bad LDT or
 * segment, §7.3 step 14).
 */
public final class TaskSwitch {
    private TaskSwitch() {}

    public enum Kind { JMP, CALL, INT, IRET }

    static final int MIN_LIMIT32 = 0x67;
    static final long CR0_TS = 1L << 3;

    /**
     * Where a TSS keeps the state a task switch saves and loads: the 32-bit TSS (Figure 7-2) with
     * dword slots, or the 16-bit TSS (Figure 7-11: 00 link, 02-0C SP0/SS0..SP2/SS2, 0E IP, 10 FLAGS,
     * 12 AX CX DX BX SP BP SI DI, 22 ES CS SS DS, 2A LDT) with word slots and no CR3, FS, GS or T.
     * {@code minLimit}: a smaller TSS limit is #TS(selector) (§7.3 step 5: 67h / 2Bh).
     */
    private record Layout(int ip, int flags, int gpr, int seg, int ldt, int width, int segments, int minLimit) {
        long read(GuestMemory m, long at) {
            return width == 4 ? m.read32(at) & 0xFFFF_FFFFL : m.read16(at) & 0xFFFF;
        }

        void write(GuestMemory m, long at, long v) {
            if (width == 4) m.write32(at, (int) v);
            else m.write16(at, (short) v);
        }
    }

    private static final Layout TSS32 = new Layout(0x20, 0x24, 0x28, 0x48, 0x60, 4, 6, MIN_LIMIT32);
    private static final Layout TSS16 = new Layout(0x0E, 0x10, 0x12, 0x22, 0x2A, 2, 4, 0x2B);

    /** A TSS descriptor type: 1/3 (16-bit available/busy) or 9/B (32-bit). */
    static boolean tssType(int type) {
        return (type & ~0xA) == 1;
    }

    /** True if the current task's TSS is a 16-bit one (TR type 1 or 3). */
    static boolean current16(CpuState s) {
        return (s.trType & 8) == 0;
    }

    /** Switches to the task of TSS {@code selector}; {@code returnIp} is the EIP saved for the old task. */
    public static void to(ExecContext c, int selector, Kind kind, long returnIp) {
        CpuState s = c.cpu;
        if (s.mode == Mode.BITS64 || (s.efer & (1L << 10)) != 0) throw GuestFault.of(GuestFault.GP, 0); // no task switches in IA-32e mode
        selector &= 0xFFFF;
        if ((selector & 4) != 0 || (selector & ~3) == 0) throw GuestFault.of(kind == Kind.IRET ? GuestFault.TS : GuestFault.GP, Descriptors.error(selector));
        long d = Descriptors.read(c, selector);
        int type = Descriptors.type(d);
        boolean busy = (type & 2) != 0;
        if (!Descriptors.system(d) || !tssType(type) || busy != (kind == Kind.IRET)) {
            throw GuestFault.of(kind == Kind.IRET ? GuestFault.TS : GuestFault.GP, Descriptors.error(selector));
        }
        if (!Descriptors.present(d)) throw GuestFault.of(GuestFault.NP, Descriptors.error(selector));
        Layout to = (type & 8) != 0 ? TSS32 : TSS16;
        if (Descriptors.limit(d) < to.minLimit()) throw GuestFault.of(GuestFault.TS, Descriptors.error(selector));
        if (!tssType(s.trType)) throw GuestFault.of(GuestFault.TS, Descriptors.error(s.tr));
        Layout from = current16(s) ? TSS16 : TSS32;
        GuestMemory m = c.systemMemory();
        long newBase = Descriptors.base(d);
        // read the new task's state before anything changes (a fault here leaves the old task intact);
        // from a 16-bit TSS the upper words of the registers read as FFFFh, of EFLAGS and EIP as 0,
        // and FS and GS are null (the 80386's behaviour, as Bochs models it; the SDM leaves it open)
        long high = to == TSS16 ? 0xFFFF_0000L : 0;
        long[] regs = new long[8];
        for (int r = 0; r < 8; r++) regs[r] = high | to.read(m, newBase + to.gpr() + (long) to.width() * r);
        long cr3 = to == TSS32 ? m.read32(newBase + 0x1C) & 0xFFFF_FFFFL : s.cr3;
        long eip = to.read(m, newBase + to.ip());
        long eflags = to.read(m, newBase + to.flags());
        int[] sel = new int[6];
        for (int n = 0; n < to.segments(); n++) sel[n] = m.read16(newBase + to.seg() + (long) to.width() * n) & 0xFFFF;
        int ldt = m.read16(newBase + to.ldt()) & 0xFFFF;
        boolean trap = to == TSS32 && (m.read16(newBase + 0x64) & 1) != 0;

        // save the old task (§7.3 step 8)
        long old = s.trBase;
        long oldFlags = s.rflags();
        if (kind == Kind.IRET) oldFlags &= ~(long) Flags.NT;
        from.write(m, old + from.ip(), returnIp);
        from.write(m, old + from.flags(), oldFlags);
        for (int r = 0; r < 8; r++) from.write(m, old + from.gpr() + (long) from.width() * r, s.gpr[r]);
        for (int n = 0; n < from.segments(); n++) m.write16(old + from.seg() + (long) from.width() * n, (short) s.segSelector[n]);
        int oldTr = s.tr;
        if (kind == Kind.JMP || kind == Kind.IRET) setBusy(c, oldTr, false);
        if (kind == Kind.CALL || kind == Kind.INT) {
            eflags |= Flags.NT;
            m.write16(newBase, (short) oldTr);
        }
        if (kind != Kind.IRET) setBusy(c, selector, true);

        // load the new task (§7.3 steps 10-14)
        s.tr = selector;
        s.trBase = newBase;
        s.trLimit = (int) Descriptors.limit(d);
        s.trType = type | 2;
        s.cr0 |= CR0_TS;
        if (to == TSS32 && (s.cr0 & CpuState.CR0_PG) != 0) {
            if (c.mmu != null) c.mmu.onCr3Write(cr3);
            s.cr3 = cr3;
        }
        s.setRflags(eflags | 2);
        s.rip = eip;
        for (int r = 0; r < 8; r++) s.gpr[r] = regs[r];
        loadTaskSegments(c, sel, ldt);
        if (trap) s.dr[6] |= 1L << 15; // BT: the debug trap flag of the new TSS (§18.2.3)
    }

    /** LDTR, then CS (its RPL is the new CPL), SS and the data segments; faults are #TS(selector) (§7.3). */
    private static void loadTaskSegments(ExecContext c, int[] sel, int ldt) {
        CpuState s = c.cpu;
        try {
            Descriptors.lldt(c, ldt);
        } catch (GuestFault f) {
            throw GuestFault.of(GuestFault.TS, Descriptors.error(ldt));
        }
        if (Descriptors.v86(s)) {
            FarTransfers.enterV86(s, sel);
            return;
        }
        int cpl = sel[Seg.CS.ordinal()] & 3;
        s.cpl = cpl;
        load(c, Seg.CS, sel[Seg.CS.ordinal()], () -> Descriptors.loadCode(c, sel[Seg.CS.ordinal()], cpl));
        load(c, Seg.SS, sel[Seg.SS.ordinal()], () -> Descriptors.loadStack(c, sel[Seg.SS.ordinal()], cpl, GuestFault.TS));
        for (Seg seg : new Seg[] {Seg.ES, Seg.DS, Seg.FS, Seg.GS}) {
            load(c, seg, sel[seg.ordinal()], () -> Descriptors.load(c, seg, sel[seg.ordinal()]));
        }
    }

    private static void load(ExecContext c, Seg seg, int selector, Runnable loader) {
        try {
            loader.run();
        } catch (GuestFault f) {
            if (f.vector() == GuestFault.NP || f.vector() == GuestFault.SS && seg == Seg.SS) throw f;
            throw GuestFault.of(GuestFault.TS, Descriptors.error(selector));
        }
    }

    /** Sets or clears the busy bit (type bit 1) of TSS descriptor {@code selector} in the GDT. */
    static void setBusy(ExecContext c, int selector, boolean busy) {
        long at = Descriptors.address(c, selector) + 5;
        int b = c.systemMemory().read8(at) & 0xFF;
        c.systemMemory().write8(at, (byte) (busy ? b | 2 : b & ~2));
    }

    /**
     * The stack for privilege level {@code dpl} from the current TSS (SDM Vol. 3A §6.12.1.1,
     * §5.8.5): {SS, ESP} from a 32-bit TSS (ESPn at 4 + 8n, SSn at 8 + 8n), {SS, SP} from a 16-bit
     * one, {null SS with RPL = dpl, RSPn} from a 64-bit one, or IST{@code ist} (1..7, 64-bit only)
     * at 24h + 8(ist - 1). #TS(TR) if the entry lies beyond the TSS limit.
     */
    static long[] innerStack(ExecContext c, int dpl, int ist) {
        CpuState s = c.cpu;
        GuestMemory m = c.systemMemory();
        boolean ia32e = (s.efer & (1L << 10)) != 0;
        if ((s.tr & ~3) == 0 && s.trBase == 0) throw GuestFault.of(GuestFault.TS, 0);
        if (ia32e) {
            long at = ist > 0 ? 0x24 + 8L * (ist - 1) : 4 + 8L * dpl;
            if (at + 7 > (s.trLimit & 0xFFFF_FFFFL)) throw GuestFault.of(GuestFault.TS, Descriptors.error(s.tr));
            return new long[] {dpl, m.read64(s.trBase + at)};
        }
        boolean tss16 = (s.trType & 8) == 0;
        long at = tss16 ? 2 + 4L * dpl : 4 + 8L * dpl;
        int width = tss16 ? 2 : 4;
        if (at + 2L * width - 1 > (s.trLimit & 0xFFFF_FFFFL)) throw GuestFault.of(GuestFault.TS, Descriptors.error(s.tr));
        long sp = tss16 ? m.read16(s.trBase + at) & 0xFFFF : m.read32(s.trBase + at) & 0xFFFF_FFFFL;
        int ss = m.read16(s.trBase + at + width) & 0xFFFF;
        return new long[] {ss, sp};
    }

    /** The back link (previous task) of the current TSS, for IRET with NT = 1. */
    static int backLink(ExecContext c) {
        return c.systemMemory().read16(c.cpu.trBase) & 0xFFFF;
    }
}

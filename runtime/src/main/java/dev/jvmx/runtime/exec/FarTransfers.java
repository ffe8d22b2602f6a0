package dev.jvmx.runtime.exec;

import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.mem.GuestFault;
import dev.jvmx.x86.Flags;
import dev.jvmx.x86.Mode;
import dev.jvmx.x86.Seg;

/**
 * Far JMP, CALL, RET and IRET in protected and IA-32e mode (SDM Vol. 2A "JMP", "CALL", Vol. 2B
 * "RET", "IRET"; Vol. 3A §5.8 privilege-level checks and call gates, §7.3 task switches, §20.3
 * returning to virtual-8086 mode). Every check comes before the first change of state, so a
 * fault leaves the caller's registers as they were (the interpreter rolls back RIP and flags).
 * Call-gate layout (8 bytes; 16 in IA-32e mode, offset 63:32 in bytes 8..11):
 * <pre>
 *   63..48 offset 31:16 | 47 P | 46..45 DPL | 44..40 type (4: 16-bit, C: 32/64-bit) | 36..32 parameter count | 31..16 selector | 15..0 offset 15:0
 * </pre>
 */
final class FarTransfers {
    private FarTransfers() {}

    private static long mask(int bits) { return bits == 64 ? -1L : (1L << bits) - 1; }

    private static boolean ia32e(CpuState s) { return (s.efer & (1L << 10)) != 0; }

    /**
     * A direct JMP / CALL to code segment {@code d}: the privilege rule (§5.8.1, #GP(selector)),
     * then presence (#NP(selector)) and the offset against the limit (#GP(0)).
     */
    private static void checkDirect(CpuState s, int selector, long d, long offset) {
        boolean ok = Descriptors.conforming(d) ? Descriptors.dpl(d) <= s.cpl
                : (selector & 3) <= s.cpl && Descriptors.dpl(d) == s.cpl;
        if (!ok) throw GuestFault.of(GuestFault.GP, Descriptors.error(selector));
        if (!Descriptors.present(d)) throw GuestFault.of(GuestFault.NP, Descriptors.error(selector));
        checkLimit(d, offset);
    }

    /** #GP(0) for an offset beyond the new code segment's limit (not checked in 64-bit code, §5.3). */
    private static void checkLimit(long d, long offset) {
        boolean longCode = (d & (1L << 53)) != 0;
        if (!longCode && offset > Descriptors.limit(d)) throw GuestFault.of(GuestFault.GP, 0);
    }

    /** A call gate: {target selector, offset, parameter count, operand bits}. */
    private record Gate(int selector, long offset, int params, int bits) {}

    private static Gate gate(ExecContext c, int selector, long d) {
        CpuState s = c.cpu;
        if (Descriptors.dpl(d) < s.cpl || Descriptors.dpl(d) < (selector & 3)) throw GuestFault.of(GuestFault.GP, Descriptors.error(selector));
        if (!Descriptors.present(d)) throw GuestFault.of(GuestFault.NP, Descriptors.error(selector));
        long offset = (d & 0xFFFF) | ((d >>> 48) & 0xFFFF) << 16;
        int bits = Descriptors.type(d) == 4 ? 16 : 32;
        if (ia32e(s)) {
            long hi = c.systemMemory().read64(Descriptors.address(c, selector) + 8);
            if (((hi >>> 40) & 0x1F) != 0) throw GuestFault.of(GuestFault.GP, Descriptors.error(selector)); // upper type must be 0
            offset |= (hi & 0xFFFF_FFFFL) << 32;
            bits = 64;
        }
        if (bits == 16) offset &= 0xFFFF;
        return new Gate((int) (d >>> 16) & 0xFFFF, offset, (int) (d >>> 32) & 0x1F, bits);
    }

    /** Whether descriptor {@code d} is a call gate valid in the current mode (type C; 4 only outside IA-32e mode). */
    private static boolean callGate(CpuState s, long d) {
        return Descriptors.system(d) && (Descriptors.type(d) == 0xC || Descriptors.type(d) == 4 && !ia32e(s));
    }

    private static boolean taskTarget(long d) {
        return Descriptors.system(d) && (Descriptors.type(d) == 5 || (Descriptors.type(d) & ~2) == 9 || (Descriptors.type(d) & ~2) == 1);
    }

    /** The TSS selector of a task gate or TSS descriptor {@code d} named by {@code selector} (§7.2.5). */
    private static int taskSelector(CpuState s, int selector, long d) {
        if (Descriptors.dpl(d) < s.cpl || Descriptors.dpl(d) < (selector & 3)) throw GuestFault.of(GuestFault.GP, Descriptors.error(selector));
        if (!Descriptors.present(d)) throw GuestFault.of(GuestFault.NP, Descriptors.error(selector));
        return Descriptors.type(d) == 5 ? (int) (d >>> 16) & 0xFFFF : selector;
    }

    static void jmpf(ExecContext c, int selector, long offset) {
        CpuState s = c.cpu;
        selector &= 0xFFFF;
        if ((selector & ~3) == 0) throw GuestFault.of(GuestFault.GP, 0);
        long d = Descriptors.read(c, selector);
        if (Descriptors.code(d)) {
            checkDirect(s, selector, d, offset);
            Descriptors.setAccessed(c, selector, d);
            Descriptors.enterCode(s, selector, d, s.cpl);
            s.rip = offset;
        } else if (callGate(s, d)) {
            Gate g = gate(c, selector, d);
            long target = Descriptors.codeDescriptor(c, g.selector());
            // JMP through a gate never changes privilege (§5.8.6)
            if (Descriptors.conforming(target) ? Descriptors.dpl(target) > s.cpl : Descriptors.dpl(target) != s.cpl) {
                throw GuestFault.of(GuestFault.GP, Descriptors.error(g.selector()));
            }
            checkLimit(target, g.offset());
            Descriptors.enterCode(s, g.selector(), target, s.cpl);
            s.rip = g.offset();
        } else if (taskTarget(d)) {
            TaskSwitch.to(c, taskSelector(s, selector, d), TaskSwitch.Kind.JMP, s.rip);
        } else {
            throw GuestFault.of(GuestFault.GP, Descriptors.error(selector));
        }
    }

    static void callf(ExecContext c, int selector, long offset, int opSize) {
        CpuState s = c.cpu;
        selector &= 0xFFFF;
        if ((selector & ~3) == 0) throw GuestFault.of(GuestFault.GP, 0);
        long d = Descriptors.read(c, selector);
        if (Descriptors.code(d)) {
            checkDirect(s, selector, d, offset);
            pushReturn(c, opSize, s.segSelector[Seg.CS.ordinal()], s.rip);
            Descriptors.setAccessed(c, selector, d);
            Descriptors.enterCode(s, selector, d, s.cpl);
            s.rip = offset;
        } else if (callGate(s, d)) {
            callGate(c, gate(c, selector, d));
        } else if (taskTarget(d)) {
            TaskSwitch.to(c, taskSelector(s, selector, d), TaskSwitch.Kind.CALL, s.rip);
        } else {
            throw GuestFault.of(GuestFault.GP, Descriptors.error(selector));
        }
    }

    /** Pushes CS and the return offset; restores RSP if the second push faults. */
    private static void pushReturn(ExecContext c, int size, int cs, long ip) {
        CpuState s = c.cpu;
        long sp = s.gpr[CpuState.RSP];
        try {
            Stack.push(c, cs, size);
            Stack.push(c, ip, size);
        } catch (GuestFault f) {
            s.gpr[CpuState.RSP] = sp;
            throw f;
        }
    }

    /**
     * CALL through a call gate (§5.8.5): to a more privileged non-conforming segment on the stack
     * of the target level from the TSS, pushing the caller's SS:ESP, copying the gate's parameter
     * count of words or doublewords from the caller's stack (none in IA-32e mode), then CS:EIP.
     */
    private static void callGate(ExecContext c, Gate g) {
        CpuState s = c.cpu;
        long target = Descriptors.codeDescriptor(c, g.selector());
        int dpl = Descriptors.dpl(target);
        if (dpl > s.cpl) throw GuestFault.of(GuestFault.GP, Descriptors.error(g.selector()));
        if (ia32e(s) && (target & (1L << 53)) == 0) throw GuestFault.of(GuestFault.GP, Descriptors.error(g.selector())); // 64-bit target only
        checkLimit(target, g.offset());
        int oldCs = s.segSelector[Seg.CS.ordinal()], oldSs = s.segSelector[Seg.SS.ordinal()];
        long oldSp = s.gpr[CpuState.RSP];
        if (Descriptors.conforming(target) || dpl == s.cpl) {
            pushReturn(c, g.bits(), oldCs, s.rip);
            Descriptors.enterCode(s, g.selector(), target, s.cpl);
            s.rip = g.offset();
            return;
        }
        long oldSsBase = s.segmentBase(Seg.SS);
        int oldSpBits = Stack.pointerSize(s);
        long[] params = new long[g.bits() == 64 ? 0 : g.params()];
        for (int k = 0; k < params.length; k++) {
            long off = (oldSp + (long) k * (g.bits() / 8)) & mask(oldSpBits);
            params[k] = Operands.load(c.mem, (oldSsBase + off) & 0xFFFF_FFFFL, g.bits());
        }
        long[] stack = TaskSwitch.innerStack(c, dpl, 0);
        SavedState saved = SavedState.of(s);
        try {
            s.cpl = dpl;
            Descriptors.loadStack(c, (int) stack[0], dpl, GuestFault.TS);
            s.gpr[CpuState.RSP] = stack[1];
            s.mode = g.bits() == 64 ? Mode.BITS64 : g.bits() == 16 ? Mode.BITS16 : Mode.BITS32; // pushes at the gate's width
            if (g.bits() == 64) s.gpr[CpuState.RSP] &= ~0xFL;
            Stack.push(c, oldSs, g.bits());
            Stack.push(c, oldSp, g.bits());
            for (int k = params.length - 1; k >= 0; k--) Stack.push(c, params[k], g.bits());
            Stack.push(c, oldCs, g.bits());
            Stack.push(c, s.rip, g.bits());
        } catch (GuestFault f) {
            saved.restore(s);
            throw f;
        }
        Descriptors.enterCode(s, g.selector(), target, dpl);
        s.rip = g.offset();
    }

    /**
     * RET far (SDM "RET"): the return CS's RPL must not be below CPL; to the same level pops
     * CS:EIP (and the immediate), to an outer level also the caller's SS:ESP, after which data
     * segments the outer level may not use become null.
     */
    static void retf(ExecContext c, int size, long extra) {
        CpuState s = c.cpu;
        int bytes = size / 8;
        long ip = Stack.peek(c, size, 0);
        int cs = (int) Stack.peek(c, size, bytes) & 0xFFFF;
        long d = returnCode(c, cs);
        int rpl = cs & 3;
        if (rpl == s.cpl) {
            checkLimit(d, ip);
            Descriptors.setAccessed(c, cs, d);
            Descriptors.enterCode(s, cs, d, rpl);
            Stack.adjust(s, 2L * bytes + extra);
            s.rip = ip;
            return;
        }
        long sp = Stack.peek(c, size, (int) (2 * bytes + extra));
        int ss = (int) Stack.peek(c, size, (int) (3 * bytes + extra)) & 0xFFFF;
        toOuter(c, cs, d, ip, ss, sp + extra, rpl);
    }

    /** The descriptor of a return CS, with the checks of RET/IRET: RPL >= CPL, conforming DPL <= RPL, else DPL = RPL. */
    private static long returnCode(ExecContext c, int cs) {
        CpuState s = c.cpu;
        if ((cs & ~3) == 0) throw GuestFault.of(GuestFault.GP, 0);
        long d = Descriptors.read(c, cs);
        int rpl = cs & 3;
        if (!Descriptors.code(d) || rpl < s.cpl
                || (Descriptors.conforming(d) ? Descriptors.dpl(d) > rpl : Descriptors.dpl(d) != rpl)) {
            throw GuestFault.of(GuestFault.GP, Descriptors.error(cs));
        }
        if (!Descriptors.present(d)) throw GuestFault.of(GuestFault.NP, Descriptors.error(cs));
        return d;
    }

    /** Return to outer level {@code rpl}: SS:ESP from the old stack, CS:EIP, then the data-segment scrub. */
    private static void toOuter(ExecContext c, int cs, long d, long ip, int ss, long sp, int rpl) {
        CpuState s = c.cpu;
        SavedState saved = SavedState.of(s);
        try {
            s.cpl = rpl;
            Descriptors.loadStack(c, ss, rpl, GuestFault.GP);
        } catch (GuestFault f) {
            saved.restore(s);
            throw f;
        }
        Descriptors.setAccessed(c, cs, d);
        Descriptors.enterCode(s, cs, d, rpl);
        setStackPointer(s, sp);
        s.rip = ip;
        Descriptors.dropInaccessible(c);
    }

    /** ESP after a stack switch: 64 bits in 64-bit mode, 32 with a big (SS.B) stack, else SP only. */
    static void setStackPointer(CpuState s, long sp) {
        if (s.mode == Mode.BITS64) s.gpr[CpuState.RSP] = sp;
        else if ((s.segAccess[Seg.SS.ordinal()] & (1 << 14)) != 0 || (s.segAccess[Seg.SS.ordinal()] & Descriptors.AR_UNUSABLE) != 0) s.gpr[CpuState.RSP] = sp & 0xFFFF_FFFFL;
        else s.gpr[CpuState.RSP] = (s.gpr[CpuState.RSP] & ~0xFFFFL) | (sp & 0xFFFF);
    }

    /**
     * IRET in virtual-8086 mode (SDM "IRET"; Vol. 3A §20.2.7): with IOPL = 3 a real-mode style
     * return that leaves IOPL, VM, VIP and VIF alone; with IOPL < 3 #GP(0), except a 16-bit IRET
     * under CR4.VME, which moves the popped IF into VIF (#GP(0) if that would set VIF while VIP
     * is pending, or if the popped TF is set; §20.3.3.1).
     */
    static void iretV86(ExecContext c, int size) {
        CpuState s = c.cpu;
        int bytes = size / 8;
        int iopl = (int) (s.rflags() >>> 12) & 3;
        boolean vme = (s.cr4 & 1) != 0;
        if (iopl < 3 && !(vme && size == 16)) throw GuestFault.of(GuestFault.GP, 0);
        long ip = Stack.peek(c, size, 0);
        int cs = (int) Stack.peek(c, size, bytes) & 0xFFFF;
        long flags = Stack.peek(c, size, 2 * bytes);
        long f = s.rflags();
        if (iopl < 3) {
            if ((flags & Flags.TF) != 0 || (flags & Flags.IF) != 0 && (f & Flags.VIP) != 0) throw GuestFault.of(GuestFault.GP, 0);
            long writable = 0x7FD5L & ~(long) (Flags.IOPL | Flags.IF);
            f = (f & ~writable) | (flags & writable);
            f = (flags & Flags.IF) != 0 ? f | Flags.VIF : f & ~(long) Flags.VIF;
        } else {
            long writable = 0x3F7FD5L & ~(long) (Flags.IOPL | Flags.VM | Flags.VIP | Flags.VIF);
            if (size == 16) writable &= 0xFFFF;
            f = (f & ~writable) | (flags & writable);
        }
        s.loadRealSegment(Seg.CS, cs);
        Stack.adjust(s, 3L * bytes);
        s.rip = ip & 0xFFFF;
        s.setRflags(f | 2);
    }

    /**
     * IRET/IRETD/IRETQ in protected and IA-32e mode (SDM "IRET"): with NT = 1 (not IA-32e) a task
     * return through the back link; with VM = 1 in the popped EFLAGS at CPL 0 a return to
     * virtual-8086 mode; else a return to the same or an outer level. EFLAGS: IOPL changes only at
     * CPL 0, IF only at CPL <= IOPL; VIF and VIP only at CPL 0 ... (Vol. 2 "IRET" operation).
     */
    static void iret(ExecContext c, int size) {
        CpuState s = c.cpu;
        if ((s.rflags() & Flags.NT) != 0 && !ia32e(s)) {
            TaskSwitch.to(c, TaskSwitch.backLink(c), TaskSwitch.Kind.IRET, s.rip);
            return;
        }
        int bytes = size / 8;
        long ip = Stack.peek(c, size, 0);
        int cs = (int) Stack.peek(c, size, bytes) & 0xFFFF;
        long flags = Stack.peek(c, size, 2 * bytes);
        if (size == 32 && (flags & Flags.VM) != 0 && s.cpl == 0) {
            toV86(c, ip, cs, flags);
            return;
        }
        long d = returnCode(c, cs);
        int rpl = cs & 3;
        long newFlags = iretFlags(s, flags, size);
        if (rpl == s.cpl && size != 64) {
            checkLimit(d, ip);
            Descriptors.setAccessed(c, cs, d);
            Descriptors.enterCode(s, cs, d, rpl);
            Stack.adjust(s, 3L * bytes);
            s.rip = ip;
        } else {
            long sp = Stack.peek(c, size, 3 * bytes);
            int ss = (int) Stack.peek(c, size, 4 * bytes) & 0xFFFF;
            if (rpl == s.cpl) { // IRETQ to the same level still pops SS:RSP
                Descriptors.loadStack(c, ss, rpl, GuestFault.GP);
                Descriptors.setAccessed(c, cs, d);
                Descriptors.enterCode(s, cs, d, rpl);
                s.gpr[CpuState.RSP] = sp;
                s.rip = ip;
            } else {
                toOuter(c, cs, d, ip, ss, sp, rpl);
            }
        }
        s.setRflags(newFlags);
    }

    /** The EFLAGS IRET leaves (computed with the CPL before the return). */
    private static long iretFlags(CpuState s, long popped, int size) {
        long keep = Flags.VM | Flags.VIF | Flags.VIP;
        int iopl = (int) (s.rflags() >>> 12) & 3;
        if (s.cpl > 0) keep |= Flags.IOPL;
        if (s.cpl > iopl) keep |= Flags.IF;
        if (s.cpl == 0) keep &= ~(long) (Flags.VIF | Flags.VIP);
        long writable = 0x3F7FD5L & ~keep;
        if (size == 16) writable &= 0xFFFF;
        return (s.rflags() & ~writable) | (popped & writable) | 2;
    }

    /**
     * IRET to virtual-8086 mode (SDM "IRET", RETURN-TO-VIRTUAL-8086-MODE; Vol. 3A §20.2.5): pops
     * EIP, CS, EFLAGS, ESP, SS, ES, DS, FS, GS (doublewords), loads them the real-mode way, CPL 3.
     */
    private static void toV86(ExecContext c, long ip, int cs, long flags) {
        CpuState s = c.cpu;
        long sp = Stack.peek(c, 32, 12);
        int[] sel = new int[6];
        sel[Seg.SS.ordinal()] = (int) Stack.peek(c, 32, 16) & 0xFFFF;
        sel[Seg.ES.ordinal()] = (int) Stack.peek(c, 32, 20) & 0xFFFF;
        sel[Seg.DS.ordinal()] = (int) Stack.peek(c, 32, 24) & 0xFFFF;
        sel[Seg.FS.ordinal()] = (int) Stack.peek(c, 32, 28) & 0xFFFF;
        sel[Seg.GS.ordinal()] = (int) Stack.peek(c, 32, 32) & 0xFFFF;
        sel[Seg.CS.ordinal()] = cs;
        s.setRflags((flags & 0x3F7FD5L) | 2);
        enterV86(s, sel);
        s.gpr[CpuState.RSP] = sp & 0xFFFF_FFFFL;
        s.rip = ip & 0xFFFF;
    }

    /**
     * Segment registers as virtual-8086 mode has them (§20.1.1): base = selector * 16, 64-KiB
     * limit, access rights F3h for all six, CS included (the form VM entry requires, Vol. 3C §26.3.1.2).
     */
    static void enterV86(CpuState s, int[] sel) {
        for (Seg seg : Seg.values()) {
            int r = seg.ordinal();
            s.loadRealSegment(seg, sel[r]);
            s.segLimit[r] = 0xFFFF;
            s.segAccess[r] = 0xF3;
        }
        s.cpl = 3;
        s.mode = Mode.BITS16;
    }

    /**
     * What a privilege-changing transfer changes before it can still fault: the segment registers'
     * selectors and caches, CPL, the code size and RSP; {@link #restore} undoes a partly done
     * stack switch so the fault is taken with the state the instruction started with.
     */
    record SavedState(int[] sel, long[] base, int[] limit, int[] access, long fs, long gs, int cpl, Mode mode, long rsp) {
        static SavedState of(CpuState s) {
            return new SavedState(s.segSelector.clone(), s.segBase.clone(), s.segLimit.clone(), s.segAccess.clone(), s.fsBase, s.gsBase,
                    s.cpl, s.mode, s.gpr[CpuState.RSP]);
        }

        void restore(CpuState s) {
            System.arraycopy(sel, 0, s.segSelector, 0, 6);
            System.arraycopy(base, 0, s.segBase, 0, 6);
            System.arraycopy(limit, 0, s.segLimit, 0, 6);
            System.arraycopy(access, 0, s.segAccess, 0, 6);
            s.fsBase = fs;
            s.gsBase = gs;
            s.cpl = cpl;
            s.mode = mode;
            s.gpr[CpuState.RSP] = rsp;
        }
    }
}

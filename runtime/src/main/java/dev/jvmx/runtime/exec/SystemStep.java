package dev.jvmx.runtime.exec;

import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.mem.GuestFault;
import dev.jvmx.x86.Flags;
import dev.jvmx.x86.Instruction;
import dev.jvmx.x86.Seg;
import java.util.function.BiConsumer;

/**
 * One instruction in system mode: segmented fetch ({@link RealModeFetch}), the two 8086/286 forms
 * the decoder cannot express (POP CS; ESC with no coprocessor fitted, which only computes its
 * address: Intel 8086 Family User's Manual, "ESC"), then {@link Interpreter#step}; exceptions
 * go to the guest through the IVT in real mode. If delivering an exception faults again, the run
 * ends with #DF (real mode has no double-fault frame to push; the monitor treats it as shutdown).
 */
public final class SystemStep {
    private SystemStep() {}

    public static Exit step(ExecContext c, RealModeFetch fetch, BiConsumer<CpuState, Instruction> tracer) {
        return step(c, fetch, null, tracer);
    }

    /**
     * One instruction, taking decoded instructions from {@code cache} (by the host-physical
     * address the MMU's execute fast path gives, keyed also by mode and IP) when the context has
     * an MMU; a miss decodes through {@code fetch} and fills the cache.
     */
    public static Exit step(ExecContext c, RealModeFetch fetch, PhysicalDecodeCache.View cache, BiConsumer<CpuState, Instruction> tracer) {
        CpuState s = c.cpu;
        long flags = s.rflags();
        if (Breakpoints.armed(s) && (flags & Flags.RF) == 0 && instructionBreakpoint(s)) {
            return deliver(c, null, GuestFault.of(GuestFault.DB));
        }
        long events = c.events;
        s.pendingDataBreakpoints = 0;
        Exit e = execute(c, fetch, c.mmu != null && s.generation == dev.jvmx.runtime.cpu.CpuGeneration.MODERN ? cache : null, tracer);
        int dataHits = s.pendingDataBreakpoints;
        s.pendingDataBreakpoints = 0;
        if (e != null || c.events != events) return e;
        if ((flags & (Flags.TF | Flags.RF)) != 0) {
            // RF is cleared once an instruction completes; TF at its start makes a single-step trap (SDM Vol. 3A §18.3.1.4)
            s.setRflags(s.rflags() & ~(long) Flags.RF);
            if ((flags & Flags.TF) != 0) s.dr[6] |= DR6_BS;
        }
        if (dataHits != 0) s.dr[6] |= dataHits; // trap-class data breakpoint after the access (§18.3.1.2 with Breakpoints)
        if ((flags & Flags.TF) != 0 || dataHits != 0) return deliver(c, null, GuestFault.of(GuestFault.DB));
        return e;
    }

    static final long DR6_BS = 1L << 14;

    /** An execution breakpoint at CS:EIP's linear address ({@link Breakpoints#instruction}). */
    private static boolean instructionBreakpoint(CpuState s) {
        long la = s.segmentBase(dev.jvmx.x86.Seg.CS) + s.rip;
        if (s.mode != dev.jvmx.x86.Mode.BITS64) la &= 0xFFFF_FFFFL;
        return Breakpoints.instruction(s, la);
    }

    private static Exit execute(ExecContext c, RealModeFetch fetch, PhysicalDecodeCache.View cache, BiConsumer<CpuState, Instruction> tracer) {
        CpuState s = c.cpu;
        Instruction ins = null;
        dev.jvmx.runtime.mmu.CodeFetch code = c.mmu != null ? c.mmu.code() : null;
        long la = 0;
        if (cache != null) {
            la = s.segmentBase(dev.jvmx.x86.Seg.CS) + s.rip;
            if (s.mode != dev.jvmx.x86.Mode.BITS64) la &= 0xFFFF_FFFFL;
            long pa = c.mmu.codeAddress(la);
            if (pa >= 0) ins = cache.get(pa, s.mode, s.rip);
        }
        if (ins == null) try {
            if (code == null) {
                ins = fetch.decode(c.mem, s);
            } else {
                code.begin();
                ins = fetch.decode(code, s);
                // the instruction runs into a page it cannot be fetched from: that fault is its own
                if (ins.mnemonic() == dev.jvmx.x86.Mnemonic.TRUNCATED && code.pendingFault() != null) throw code.pendingFault();
                if (cache != null && !(s.mode == dev.jvmx.x86.Mode.BITS16 && s.rip + ins.length() > 0x10000)) {
                    long pa = c.mmu.codeAddress(la);
                    if (pa >= 0) cache.put(pa, ins);
                }
            }
        } catch (GuestFault f) {
            return deliver(c, null, f);
        }
        if (!s.realMode() && s.mode != dev.jvmx.x86.Mode.BITS64
                && ((ins.next() - 1) & 0xFFFF_FFFFL) > (s.segLimit[dev.jvmx.x86.Seg.CS.ordinal()] & 0xFFFF_FFFFL)) {
            return deliver(c, null, GuestFault.of(GuestFault.GP, 0)); // past the CS limit (SDM Vol. 3A §5.3)
        }
        if (tracer != null) tracer.accept(s, ins);
        if (c.nonRoot != null) {
            Exit h;
            try {
                h = c.nonRoot.before(c, ins); // #UD / #GP checks that take priority over the exit (SDM Vol. 3C §26.1.1)
            } catch (GuestFault f) {
                return deliver(c, ins, f);
            }
            if (h == NonRootHook.PERFORMED) return c.nonRoot.after(c, ins);
            if (h != null) return h;
        }
        Exit e;
        if (fetch.popCs()) e = popCs(c, ins, fetch.popCsLength());
        else if (fetch.setmo()) e = setmo(c, ins);
        else if (fetch.escapeWithoutFpu()) e = escape(c, ins);
        else e = Interpreter.step(c, ins);
        return e == null && c.nonRoot != null ? c.nonRoot.after(c, ins) : e;
    }

    /**
     * ESC with no coprocessor: only the operand's address is formed; on the 80286 an operand that
     * runs past offset FFFFh still faults with #GP (SingleStepTests D8 captures).
     */
    private static Exit escape(ExecContext c, Instruction ins) {
        CpuState s = c.cpu;
        s.rip = ins.next() & 0xFFFF;
        for (int k = 0; k < ins.operandCount(); k++) {
            if (ins.op(k) instanceof dev.jvmx.x86.Operand.Mem m && !s.generation.wordWrapsInSegment
                    && Segmented.crosses(Operands.offset(s, m), Math.max(8, m.size()))) {
                s.rip = ins.address();
                return deliver(c, ins, GuestFault.of(GuestFault.GP, 0));
            }
        }
        return null;
    }

    /** 8086 opcode 0Fh: POP CS (the next instruction comes from the new CS at the same IP). */
    private static Exit popCs(ExecContext c, Instruction ins, int length) {
        CpuState s = c.cpu;
        s.rip = (ins.address() + length) & 0xFFFF;
        try {
            s.loadRealSegment(Seg.CS, (int) Stack.pop(c, 16));
        } catch (GuestFault f) {
            s.rip = ins.address();
            return deliver(c, ins, f);
        }
        return null;
    }

    /**
     * 8086 SETMO (D0/D1 /6) and SETMOC (D2/D3 /6, only when CL is not 0): the shifter's unused
     * function 6 ORs the operand with all ones; the flags are those of that OR (CF = OF = AF = 0).
     * Undocumented (SingleStepTests 8086 metadata status "undocumented").
     */
    private static Exit setmo(ExecContext c, Instruction ins) {
        CpuState s = c.cpu;
        boolean byCl = ins.operandCount() > 1 && ins.op(1) instanceof dev.jvmx.x86.Operand.Reg;
        s.rip = ins.next() & 0xFFFF;
        if (byCl && (s.gpr[CpuState.RCX] & 0xFF) == 0) return null;
        dev.jvmx.x86.Operand d = ins.op(0);
        try {
            Operands.write(c, d, -1L);
        } catch (GuestFault f) {
            s.rip = ins.address();
            return deliver(c, ins, f);
        }
        dev.jvmx.runtime.cpu.Alu.logic(s, -1L, d.size());
        return null;
    }

    /**
     * Exception delivery through the IVT or IDT ({@link Interrupts#deliverException}: #DF for a
     * fault while delivering, Table 6-5). A triple fault, or a fault while delivering in real
     * mode, ends the run with #DF, which the machine vCPU reports as shutdown (a triple fault).
     */
    static Exit deliver(ExecContext c, Instruction ins, GuestFault f) {
        if (c.nonRoot != null) {
            Exit x = c.nonRoot.exception(c, ins, f);
            if (x != null) return x;
        }
        try {
            Interrupts.deliverException(c, ins, f);
            return null;
        } catch (GuestFault again) {
            if (c.nonRoot != null) return c.nonRoot.nestedException(c, ins, f, again);
            return Exit.exception(GuestFault.of(GuestFault.DF, 0));
        }
    }
}

package dev.jvmx.runtime.exec;

import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.mem.GuestFault;
import dev.jvmx.x86.Flags;
import dev.jvmx.x86.Mode;
import dev.jvmx.x86.Seg;

/**
 * Interrupt and exception delivery through the IDT in protected and IA-32e mode (SDM Vol. 3A
 * §6.10-§6.14, §20.3 for virtual-8086 mode). Gate layout (8 bytes; 16 in IA-32e mode, offset
 * 63:32 in bytes 8..11, IST in bits 34:32):
 * <pre>
 *   63..48 offset 31:16 | 47 P | 46..45 DPL | 43..40 type | 31..16 selector | 15..0 offset 15:0
 *   type: 5 task gate, 6/7 16-bit interrupt/trap gate, E/F 32-bit (IA-32e: 64-bit) interrupt/trap gate
 * </pre>
 * A software INT n needs gate DPL >= CPL (#GP(vector * 8 + 2)). A task gate switches tasks
 * ({@link TaskSwitch}) and pushes the error code on the new task's stack. A handler in a
 * non-conforming segment more privileged than CPL runs on the TSS stack of its level (IA-32e: or
 * on IST n) with the old SS:ESP pushed first; from virtual-8086 mode the handler must be at
 * level 0, and GS, FS, DS, ES are pushed and then nulled. IA-32e mode always pushes SS:RSP, on a
 * 16-byte aligned stack. An interrupt gate clears IF; all gates clear TF, NT, RF and VM. The
 * error code of a fault about the IDT or a selector has EXT = 1 for an external event (§6.13).
 */
public final class ProtectedInterrupts {
    private ProtectedInterrupts() {}

    public static void deliver(ExecContext c, int vector, long returnIp, int errorCode, boolean software) {
        CpuState s = c.cpu;
        boolean ia32e = (s.efer & (1L << 10)) != 0;
        int entrySize = ia32e ? 16 : 8;
        int ext = software ? 0 : 1;
        int idtError = vector * 8 + 2 + ext;
        if ((long) vector * entrySize + entrySize - 1 > s.idtrLimit) throw GuestFault.of(GuestFault.GP, idtError);
        long lo = c.systemMemory().read64(s.idtrBase + (long) vector * entrySize);
        int type = (int) (lo >>> 40) & 0x1F; // with S: a gate has S = 0
        boolean valid = ia32e ? type == 0xE || type == 0xF : type == 5 || type == 6 || type == 7 || type == 0xE || type == 0xF;
        if (!valid) throw GuestFault.of(GuestFault.GP, idtError);
        if (software && ((lo >>> 45) & 3) < s.cpl) throw GuestFault.of(GuestFault.GP, idtError);
        if ((lo & (1L << 47)) == 0) throw GuestFault.of(GuestFault.NP, idtError);
        if (type == 5) {
            if (c.nonRoot != null) throw new NonRootHook.TaskGate((int) (lo >>> 16) & 0xFFFF, vector);
            TaskSwitch.to(c, (int) (lo >>> 16) & 0xFFFF, TaskSwitch.Kind.INT, returnIp);
            // the error code goes onto the new task's stack, a word for a 16-bit TSS (§6.12.2, §7.6)
            if (errorCode >= 0) Stack.push(c, errorCode, TaskSwitch.current16(s) ? 16 : 32);
            return;
        }
        long offset = (lo & 0xFFFF) | ((lo >>> 48) & 0xFFFF) << 16;
        int ist = 0;
        if (ia32e) {
            offset |= (c.systemMemory().read32(s.idtrBase + (long) vector * 16 + 8) & 0xFFFF_FFFFL) << 32;
            ist = (int) (lo >>> 32) & 7;
        }
        int size = ia32e ? 64 : (type & 8) != 0 ? 32 : 16;
        if (size == 16) offset &= 0xFFFF;
        int selector = (int) (lo >>> 16) & 0xFFFF;
        long code;
        try {
            code = Descriptors.codeDescriptor(c, selector);
        } catch (GuestFault f) {
            throw GuestFault.of(f.vector(), f.errorCode() | ext);
        }
        int dpl = Descriptors.dpl(code);
        boolean v86 = Descriptors.v86(s);
        if (dpl > s.cpl || ia32e && (code & (1L << 53)) == 0) throw GuestFault.of(GuestFault.GP, Descriptors.error(selector) | ext);
        boolean inner = !Descriptors.conforming(code) && dpl < s.cpl;
        if (v86 && (!inner || dpl != 0)) throw GuestFault.of(GuestFault.GP, Descriptors.error(selector) | ext); // §20.3.1.1
        long flags = s.rflags();
        int oldCs = s.segSelector[Seg.CS.ordinal()], oldSs = s.segSelector[Seg.SS.ordinal()];
        long oldSp = s.gpr[CpuState.RSP];
        int oldCpl = s.cpl;
        FarTransfers.SavedState saved = FarTransfers.SavedState.of(s);
        int[] v86Segs = {s.segSelector[Seg.GS.ordinal()], s.segSelector[Seg.FS.ordinal()], s.segSelector[Seg.DS.ordinal()], s.segSelector[Seg.ES.ordinal()]};
        try {
            if (inner || ist > 0) {
                long[] stack = TaskSwitch.innerStack(c, inner ? dpl : s.cpl, ist);
                if (inner) {
                    s.cpl = dpl;
                    Descriptors.loadStack(c, (int) stack[0], dpl, GuestFault.TS);
                }
                s.gpr[CpuState.RSP] = stack[1];
            }
            if (ia32e) {
                s.mode = Mode.BITS64;
                s.gpr[CpuState.RSP] &= ~0xFL;
            } else if (inner) {
                s.mode = size == 16 ? Mode.BITS16 : Mode.BITS32; // the pushes use the new stack's width
            }
            if (v86) {
                for (int sel : v86Segs) Stack.push(c, sel, size);
            }
            if (ia32e || inner) {
                Stack.push(c, oldSs, size);
                Stack.push(c, oldSp, size);
            }
            Stack.push(c, flags, size);
            Stack.push(c, oldCs, size);
            Stack.push(c, returnIp, size);
            if (errorCode >= 0) Stack.push(c, errorCode, size);
        } catch (GuestFault f) {
            saved.restore(s);
            throw f;
        }
        Descriptors.enterCode(s, selector, code, inner ? dpl : oldCpl);
        if (v86) {
            for (Seg seg : new Seg[] {Seg.GS, Seg.FS, Seg.DS, Seg.ES}) Descriptors.nullify(s, seg, 0);
        }
        long clear = Flags.TF | Flags.NT | Flags.RF | Flags.VM | ((type & 1) == 0 ? Flags.IF : 0);
        s.setRflags(flags & ~clear);
        s.rip = offset;
    }

    /** Whether exception {@code vector} pushes an error code (SDM Vol. 3A Table 6-1). */
    public static boolean hasErrorCode(int vector) {
        return vector == GuestFault.DF || (vector >= 10 && vector <= 14) || vector == GuestFault.AC || vector == 21;
    }
}

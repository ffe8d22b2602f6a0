package dev.jvmx.runtime.exec;

import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.mem.GuestFault;
import dev.jvmx.x86.Flags;
import dev.jvmx.x86.Instruction;
import dev.jvmx.x86.Seg;

/**
 * Event delivery in system mode, by the current mode: the IVT in real mode
 * ({@link RealModeInterrupts}), the IDT otherwise ({@link ProtectedInterrupts}); software
 * interrupts in virtual-8086 mode by IOPL and CR4.VME (SDM Vol. 3A §20.3.3, Table 20-2); an
 * exception while delivering another becomes #DF or is handled serially (§6.15, Table 6-5), and
 * an exception while delivering #DF is a triple fault: {@link #deliverException} then throws
 * #DF, which its caller turns into shutdown (or the VM exit for a triple fault).
 */
public final class Interrupts {
    private Interrupts() {}

    /**
     * An external interrupt, NMI or software interrupt returning to {@code returnIp}. INT3 and
     * INTO come here with {@code software} set: in virtual-8086 mode they are not IOPL-sensitive
     * and always go to the protected-mode handler (gate DPL checked, SDM Vol. 3A §20.3.3).
     */
    public static void deliver(ExecContext c, int vector, long returnIp, boolean software) {
        CpuState s = c.cpu;
        c.events++;
        if (s.realMode()) RealModeInterrupts.deliver(c, vector, returnIp);
        else ProtectedInterrupts.deliver(c, vector, returnIp, -1, software);
    }

    /** INT n (opcode CD): like {@link #deliver}, but IOPL-sensitive and redirectable in virtual-8086 mode. */
    public static void deliverIntN(ExecContext c, int vector, long returnIp) {
        if (Descriptors.v86(c.cpu) && !c.cpu.realMode()) {
            c.events++;
            softwareInV86(c, vector, returnIp);
        } else {
            deliver(c, vector, returnIp, true);
        }
    }

    /**
     * INT n in virtual-8086 mode (Table 20-2): with CR4.VME and the vector's bit clear in the
     * TSS's interrupt redirection bitmap (the 32 bytes below the I/O map base), through the
     * task's own IVT at linear 0 (with IOPL < 3 the pushed IF is VIF and IOPL reads 3); otherwise
     * IOPL = 3 sends it to the protected-mode handler and IOPL < 3 is #GP(0).
     */
    private static void softwareInV86(ExecContext c, int vector, long returnIp) {
        CpuState s = c.cpu;
        int iopl = SystemFlags.iopl(s);
        if ((s.cr4 & SystemFlags.CR4_VME) != 0 && !redirected(c, vector)) {
            long f = s.rflags();
            int image = (int) (f & 0xFFFF);
            if (iopl < 3) image = (image & ~Flags.IF) | ((f & Flags.VIF) != 0 ? Flags.IF : 0) | Flags.IOPL;
            long oldSp = s.gpr[CpuState.RSP];
            try {
                Stack.push(c, image, 16);
                Stack.push(c, s.segSelector[Seg.CS.ordinal()], 16);
                Stack.push(c, returnIp & 0xFFFF, 16);
            } catch (GuestFault e) {
                s.gpr[CpuState.RSP] = oldSp;
                throw e;
            }
            int ip = c.mem.read16(vector * 4L) & 0xFFFF, cs = c.mem.read16(vector * 4L + 2) & 0xFFFF;
            long clear = Flags.TF | Flags.RF | (iopl < 3 ? Flags.VIF : Flags.IF);
            s.setRflags(f & ~clear);
            s.loadRealSegment(Seg.CS, cs);
            s.rip = ip;
            return;
        }
        if (iopl < 3) throw GuestFault.of(GuestFault.GP, 0);
        ProtectedInterrupts.deliver(c, vector, returnIp, -1, true);
    }

    /** Bit {@code vector} of the interrupt redirection bitmap: 1 = handled in protected mode (§20.3.2). */
    private static boolean redirected(ExecContext c, int vector) {
        CpuState s = c.cpu;
        long ioBase = c.systemMemory().read16(s.trBase + 0x66) & 0xFFFF;
        long at = ioBase - 32 + vector / 8;
        if (at < 0 || at > (s.trLimit & 0xFFFF_FFFFL)) return true;
        return (c.systemMemory().read8(s.trBase + at) >> (vector & 7) & 1) != 0;
    }

    /** An exception raised by {@code ins} (null: by its fetch), see {@link RealModeInterrupts#deliverException}. */
    public static void deliverException(ExecContext c, Instruction ins, GuestFault f) {
        CpuState s = c.cpu;
        c.events++;
        if (s.realMode()) {
            RealModeInterrupts.deliverException(c, ins, f);
            return;
        }
        if (c.nonRoot != null) {
            // in VMX non-root operation each nested exception meets the exception bitmap first
            // (Vol. 3C §28.2.4): the caller hands it to NonRootHook.nestedException
            deliverProtected(c, f);
            return;
        }
        GuestFault current = f;
        while (true) {
            try {
                deliverProtected(c, current);
                return;
            } catch (GuestFault again) {
                if (current.vector() == GuestFault.DF) throw GuestFault.of(GuestFault.DF, 0); // shutdown: the caller stops the vCPU
                current = doubleFault(current.vector(), again.vector()) ? GuestFault.of(GuestFault.DF, 0) : again;
            }
        }
    }

    private static void deliverProtected(ExecContext c, GuestFault f) {
        CpuState s = c.cpu;
        if (f.vector() == GuestFault.PF) s.cr2 = f.address();
        int code = ProtectedInterrupts.hasErrorCode(f.vector()) ? Math.max(0, f.errorCode()) : -1;
        ProtectedInterrupts.deliver(c, f.vector(), s.rip, code, false);
    }

    /** Contributory exceptions: #DE, #TS, #NP, #SS, #GP (Table 6-4). */
    static boolean contributory(int v) {
        return v == GuestFault.DE || v >= 10 && v <= 13;
    }

    /** Table 6-5: a contributory exception or #PF after a contributory one, or either after #PF, is #DF. */
    public static boolean doubleFault(int first, int second) {
        if (contributory(first)) return contributory(second);
        if (first == GuestFault.PF) return contributory(second) || second == GuestFault.PF;
        return false;
    }
}

package dev.jvmx.runtime.exec;

import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.mem.GuestFault;
import dev.jvmx.x86.Instruction;
import dev.jvmx.x86.Mnemonic;
import dev.jvmx.x86.Operand;

/**
 * The 80186/80286 additions that 64-bit mode dropped: PUSHA/PUSHAD, POPA/POPAD, BOUND and SALC (SDM
 * Vol. 2B "PUSHA/PUSHAD", "POPA/POPAD", Vol. 2A "BOUND"). The decoder only produces them outside
 * 64-bit mode.
 */
final class LegacyHandlers {
    private LegacyHandlers() {}

    private static final int[] ORDER = {CpuState.RAX, CpuState.RCX, CpuState.RDX, CpuState.RBX,
        CpuState.RSP, CpuState.RBP, CpuState.RSI, CpuState.RDI};

    static void register(Handler[] t) {
        t[Mnemonic.PUSHA.ordinal()] = (c, i) -> pusha(c, 16);
        t[Mnemonic.PUSHAD.ordinal()] = (c, i) -> pusha(c, 32);
        t[Mnemonic.POPA.ordinal()] = (c, i) -> popa(c, 16);
        t[Mnemonic.POPAD.ordinal()] = (c, i) -> popa(c, 32);
        t[Mnemonic.BOUND.ordinal()] = LegacyHandlers::bound;
        // SALC (D6, undocumented by Intel, AMD APM Vol. 3 Appendix A "reserved"; valid outside 64-bit mode on
        // Intel and AMD, host-checked): AL = CF ? FF : 00, flags unchanged
        t[Mnemonic.ARPL.ordinal()] = LegacyHandlers::arpl;
        t[Mnemonic.SALC.ordinal()] = (c, i) -> Operands.writeGpr(c.cpu, CpuState.RAX, c.cpu.cf() ? 0xFF : 0, 8);
    }

    /**
     * ARPL r/m16, r16 (SDM Vol. 2A "ARPL"): raises the destination selector's RPL to the source's,
     * ZF = 1 when it did; the other flags are unchanged. #UD in real-address and virtual-8086 mode.
     */
    static void arpl(ExecContext c, Instruction i) {
        if (c.cpu.realMode() || (c.cpu.rflags() & dev.jvmx.x86.Flags.VM) != 0) throw GuestFault.of(GuestFault.UD);
        long dest = Operands.read(c, i.op(0)), src = Operands.read(c, i.op(1));
        boolean raise = (dest & 3) < (src & 3);
        if (raise) Operands.write(c, i.op(0), (dest & ~3L) | (src & 3));
        c.cpu.setStatus(dev.jvmx.x86.Flags.ZF, raise ? dev.jvmx.x86.Flags.ZF : 0);
    }

    /** PUSHA: AX CX DX BX, the SP value before the first push, BP SI DI. */
    static void pusha(ExecContext c, int size) {
        CpuState s = c.cpu;
        long oldSp = s.gpr[CpuState.RSP];
        try {
            for (int r : ORDER) Stack.push(c, r == CpuState.RSP ? oldSp : s.gpr[r], size);
        } catch (GuestFault f) {
            s.gpr[CpuState.RSP] = oldSp;
            throw f;
        }
    }

    /** POPA: DI SI BP, (SP skipped), BX DX CX AX. */
    static void popa(ExecContext c, int size) {
        CpuState s = c.cpu;
        long[] v = new long[8];
        for (int k = 7; k >= 0; k--) v[k] = Stack.peek(c, size, (7 - k) * size / 8);
        Stack.adjust(s, 8L * size / 8);
        for (int k = 0; k < 8; k++) {
            if (ORDER[k] != CpuState.RSP) Operands.writeGpr(s, ORDER[k], v[k], size);
        }
    }

    /** BOUND r, m: #BR (vector 5) unless lower &lt;= r &lt;= upper, signed; a register operand is #UD. */
    static void bound(ExecContext c, Instruction i) {
        if (!(i.op(1) instanceof Operand.Mem m)) throw GuestFault.of(GuestFault.UD);
        int size = i.op(0).size();
        long idx = Operands.readSigned(c, i.op(0));
        long off = Operands.offset(c.cpu, m);
        boolean seg16 = m.addrSize() == 16;
        long la = Operands.linear(c.cpu, m);
        long lo = seg16 ? Segmented.load(c, m.seg(), off, size) : Operands.load(c.mem, la, size);
        long hi = seg16 ? Segmented.load(c, m.seg(), (off + size / 8) & 0xFFFF, size) : Operands.load(c.mem, la + size / 8, size);
        lo = (lo << (64 - size)) >> (64 - size);
        hi = (hi << (64 - size)) >> (64 - size);
        if (idx < lo || idx > hi) throw GuestFault.of(GuestFault.BR);
    }
}

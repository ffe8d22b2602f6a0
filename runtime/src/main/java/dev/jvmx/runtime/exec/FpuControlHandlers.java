package dev.jvmx.runtime.exec;

import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.mem.GuestFault;
import dev.jvmx.x86.Instruction;
import dev.jvmx.x86.Mnemonic;
import dev.jvmx.x86.Operand;

/**
 * The x87/SSE control-state instructions C runtimes execute at start-up: FNINIT, FNSTCW, FLDCW,
 * FNSTSW, FNCLEX, FWAIT, LDMXCSR, STMXCSR, FXSAVE, FXRSTOR (64-bit layout, SDM Vol. 1 §10.5.1,
 * Table 10-2: ST0..ST7 at 32 + 16 * i, XMM0..15 at 160 + 16 * i). FOP/FIP/FDP save as zero.
 */
final class FpuControlHandlers {
    private FpuControlHandlers() {}

    /** MXCSR bits that may be set (no DAZ-less parts here: DAZ supported). */
    static final int MXCSR_MASK = 0xFFFF;

    static void register(Handler[] t) {
        t[Mnemonic.FNINIT.ordinal()] = (c, i) -> dev.jvmx.runtime.cpu.X87.init(c.cpu);
        t[Mnemonic.FNCLEX.ordinal()] = (c, i) -> c.cpu.fpuStatus &= 0x7F00;
        t[Mnemonic.FWAIT.ordinal()] = (c, i) -> { };
        t[Mnemonic.WAIT.ordinal()] = (c, i) -> { };
        t[Mnemonic.FNSTCW.ordinal()] = (c, i) -> Operands.write(c, i.op(0), c.cpu.fpuControl);
        t[Mnemonic.FLDCW.ordinal()] = (c, i) -> {
            c.cpu.fpuControl = dev.jvmx.runtime.cpu.X87.loadedControl((int) Operands.read(c, i.op(0)));
            dev.jvmx.runtime.cpu.X87.recomputeSummary(c.cpu);
        };
        t[Mnemonic.FNSTSW.ordinal()] = (c, i) -> Operands.write(c, i.op(0), c.cpu.fpuStatus);
        t[Mnemonic.STMXCSR.ordinal()] = (c, i) -> Operands.store(c.mem, Operands.linear(c.cpu, (Operand.Mem) i.op(0)), c.cpu.mxcsr, 32);
        t[Mnemonic.LDMXCSR.ordinal()] = FpuControlHandlers::ldmxcsr;
        t[Mnemonic.FXSAVE.ordinal()] = FpuControlHandlers::fxsave;
        t[Mnemonic.FXRSTOR.ordinal()] = FpuControlHandlers::fxrstor;
        // REX.W forms: the 64-bit FIP/FDP layout, which differs only in the pointers jvmx saves as zero
        t[Mnemonic.FXSAVE64.ordinal()] = FpuControlHandlers::fxsave;
        t[Mnemonic.FXRSTOR64.ordinal()] = FpuControlHandlers::fxrstor;
    }

    static void ldmxcsr(ExecContext c, Instruction i) {
        int v = (int) Operands.load(c.mem, Operands.linear(c.cpu, (Operand.Mem) i.op(0)), 32);
        if ((v & ~MXCSR_MASK) != 0) throw GuestFault.of(GuestFault.GP, 0);
        c.cpu.mxcsr = v;
    }

    private static long area(ExecContext c, Instruction i) {
        long a = Operands.linear(c.cpu, (Operand.Mem) i.op(0));
        if ((a & 15) != 0) throw GuestFault.of(GuestFault.GP, 0);
        return a;
    }

    static void fxsave(ExecContext c, Instruction i) {
        long a = area(c, i);
        byte[] img = new byte[512];
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(img).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        saveX87(c.cpu, b);
        saveSse(c.cpu, b, 16);
        c.mem.write(a, img, 0, 512);
    }

    /** The x87 part of an FXSAVE/XSAVE legacy region: FCW, FSW, abridged FTW, ST0..ST7 (FOP/FIP/FDP zero). */
    static void saveX87(CpuState s, java.nio.ByteBuffer b) {
        b.putShort(0, (short) s.fpuControl).putShort(2, (short) s.fpuStatus);
        b.put(4, (byte) abridgedTag(s.fpuTag));
        for (int k = 0; k < 8; k++) {
            int p = dev.jvmx.runtime.cpu.X87.physical(s, k);
            b.putLong(32 + 16 * k, s.fprSig[p]).putShort(40 + 16 * k, (short) s.fprSe[p]);
        }
    }

    /** MXCSR, MXCSR_MASK and XMM0..{@code regs - 1} of an FXSAVE/XSAVE legacy region. */
    static void saveSse(CpuState s, java.nio.ByteBuffer b, int regs) {
        b.putInt(24, s.mxcsr).putInt(28, MXCSR_MASK);
        for (int r = 0; r < regs; r++) {
            b.putLong(160 + 16 * r, s.ymm[r * 4]).putLong(168 + 16 * r, s.ymm[r * 4 + 1]);
        }
    }

    static void fxrstor(ExecContext c, Instruction i) {
        CpuState s = c.cpu;
        long a = area(c, i);
        byte[] img = new byte[512];
        c.mem.read8(a + 511); // a fault in the image reports its last byte in CR2 (host-checked)
        c.mem.read(a, img, 0, 512);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(img).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int mx = b.getInt(24);
        if ((mx & ~MXCSR_MASK) != 0) throw GuestFault.of(GuestFault.GP, 0);
        loadX87(s, b);
        s.mxcsr = mx;
        loadXmm(s, b, 16);
    }

    /** Loads FCW, FSW, the abridged FTW and ST0..ST7 from a legacy region (the caller checked it). */
    static void loadX87(CpuState s, java.nio.ByteBuffer b) {
        s.fpuControl = dev.jvmx.runtime.cpu.X87.loadedControl(b.getShort(0) & 0xFFFF);
        s.fpuStatus = b.getShort(2) & 0xFFFF;
        s.fpuTag = fullTag(b.get(4) & 0xFF);
        for (int k = 0; k < 8; k++) {
            int p = dev.jvmx.runtime.cpu.X87.physical(s, k);
            s.fprSig[p] = b.getLong(32 + 16 * k);
            s.fprSe[p] = b.getShort(40 + 16 * k) & 0xFFFF;
        }
        dev.jvmx.runtime.cpu.X87.recomputeSummary(s); // ES and B from the loaded flags and masks (host-checked)
    }

    static void loadXmm(CpuState s, java.nio.ByteBuffer b, int regs) {
        for (int r = 0; r < regs; r++) {
            s.ymm[r * 4] = b.getLong(160 + 16 * r);
            s.ymm[r * 4 + 1] = b.getLong(168 + 16 * r);
        }
    }

    /** Full tag word (2 bits per register, 11 = empty) to FXSAVE's abridged form (1 bit, 1 = valid). */
    static int abridgedTag(int tag) {
        int r = 0;
        for (int k = 0; k < 8; k++) if (((tag >> (2 * k)) & 3) != 3) r |= 1 << k;
        return r;
    }

    static int fullTag(int abridged) {
        int r = 0;
        for (int k = 0; k < 8; k++) r |= ((abridged >> k) & 1) != 0 ? 0 : 3 << (2 * k);
        return r;
    }
}

package dev.jvmx.runtime.exec;

import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.cpu.Xsave;
import dev.jvmx.runtime.mem.GuestFault;
import dev.jvmx.x86.Instruction;
import dev.jvmx.x86.Mnemonic;
import dev.jvmx.x86.Operand;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * XGETBV, XSAVE, XSAVEOPT and XRSTOR in the standard format for the x87, SSE and AVX state
 * components (SDM Vol. 1 §13.4-13.8, Vol. 2 "XSAVE", "XRSTOR"):
 *
 * <pre>
 *   0    legacy region (FXSAVE layout: x87 at 0..23 and 32..159, MXCSR at 24, XMM at 160..415)
 *   512  header: XSTATE_BV (8 bytes), XCOMP_BV (8 bytes), 48 reserved bytes
 *   576  AVX component: bits 255:128 of YMM0..15, 16 bytes each
 * </pre>
 *
 * RFBM = XCR0 AND EDX:EAX. XSAVE writes the requested components and XSTATE_BV[i] = XINUSE[i]
 * for them ({@link Xsave#inUse}); XSAVEOPT is XSAVE (its init and modified optimisations are
 * optional). XRSTOR loads component i when XSTATE_BV[i] is set and initialises it otherwise, and
 * MXCSR whenever SSE or AVX is requested; a compacted area or reserved header bits raise #GP(0)
 * before anything changes. All raise #UD without CR4.OSXSAVE and #GP(0) for an area not 64-byte aligned.
 */
final class XsaveHandlers {
    private XsaveHandlers() {}

    static void register(Handler[] t) {
        t[Mnemonic.XGETBV.ordinal()] = XsaveHandlers::xgetbv;
        for (Mnemonic m : new Mnemonic[] {Mnemonic.XSAVE, Mnemonic.XSAVE64, Mnemonic.XSAVEOPT, Mnemonic.XSAVEOPT64}) t[m.ordinal()] = XsaveHandlers::xsave;
        t[Mnemonic.XRSTOR.ordinal()] = XsaveHandlers::xrstor;
        t[Mnemonic.XRSTOR64.ordinal()] = XsaveHandlers::xrstor;
    }

    /** XGETBV: ECX = 0 reads XCR0 into EDX:EAX; other ECX values are #GP(0) (XINUSE reads are not advertised). */
    static void xgetbv(ExecContext c, Instruction i) {
        CpuState s = c.cpu;
        if (!Xsave.osxsave(s, c.model)) throw GuestFault.of(GuestFault.UD);
        if ((s.gpr[CpuState.RCX] & 0xFFFF_FFFFL) != 0) throw GuestFault.of(GuestFault.GP, 0);
        long v = Xsave.xcr0(s, c.model);
        Operands.writeGpr(s, CpuState.RAX, v, 32);
        Operands.writeGpr(s, CpuState.RDX, v >>> 32, 32);
    }

    private static long area(ExecContext c, Instruction i) {
        if (!Xsave.osxsave(c.cpu, c.model)) throw GuestFault.of(GuestFault.UD);
        long a = Operands.linear(c.cpu, (Operand.Mem) i.op(0));
        if ((a & 63) != 0) throw GuestFault.of(GuestFault.GP, 0);
        return a;
    }

    private static long rfbm(ExecContext c) {
        CpuState s = c.cpu;
        long mask = (s.gpr[CpuState.RDX] & 0xFFFF_FFFFL) << 32 | (s.gpr[CpuState.RAX] & 0xFFFF_FFFFL);
        return Xsave.xcr0(s, c.model) & mask;
    }

    private static int xmmRegs(CpuState s) {
        return s.mode == dev.jvmx.x86.Mode.BITS64 ? 16 : 8;
    }

    static void xsave(ExecContext c, Instruction i) {
        CpuState s = c.cpu;
        long a = area(c, i), rfbm = rfbm(c);
        byte[] img = new byte[Xsave.SIZE_WITH_AVX];
        c.mem.read(a, img, 0, img.length); // untouched bytes stay as they are (and a fault comes first)
        ByteBuffer b = ByteBuffer.wrap(img).order(ByteOrder.LITTLE_ENDIAN);
        if ((rfbm & CpuState.XCR0_X87) != 0) {
            b.putLong(8, 0).putLong(16, 0).putShort(6, (short) 0);
            FpuControlHandlers.saveX87(s, b);
        }
        if ((rfbm & (CpuState.XCR0_SSE | CpuState.XCR0_AVX)) != 0) b.putInt(24, s.mxcsr).putInt(28, FpuControlHandlers.MXCSR_MASK);
        if ((rfbm & CpuState.XCR0_SSE) != 0) FpuControlHandlers.saveSse(s, b, xmmRegs(s));
        if ((rfbm & CpuState.XCR0_AVX) != 0) {
            for (int r = 0; r < xmmRegs(s); r++) b.putLong(Xsave.AVX_OFFSET + 16 * r, s.ymm[r * 4 + 2]).putLong(Xsave.AVX_OFFSET + 16 * r + 8, s.ymm[r * 4 + 3]);
        }
        b.putLong(Xsave.HEADER, (b.getLong(Xsave.HEADER) & ~rfbm) | (Xsave.inUse(s) & rfbm));
        c.mem.write(a, img, 0, (rfbm & CpuState.XCR0_AVX) != 0 ? Xsave.SIZE_WITH_AVX : Xsave.SIZE_LEGACY);
    }

    static void xrstor(ExecContext c, Instruction i) {
        CpuState s = c.cpu;
        long a = area(c, i), rfbm = rfbm(c);
        byte[] img = new byte[Xsave.SIZE_WITH_AVX];
        c.mem.read(a, img, 0, (rfbm & CpuState.XCR0_AVX) != 0 ? Xsave.SIZE_WITH_AVX : Xsave.SIZE_LEGACY);
        ByteBuffer b = ByteBuffer.wrap(img).order(ByteOrder.LITTLE_ENDIAN);
        long xstate = b.getLong(Xsave.HEADER), xcomp = b.getLong(Xsave.HEADER + 8);
        boolean reserved = false;
        for (int k = Xsave.HEADER + 16; k < Xsave.HEADER + 64; k++) reserved |= img[k] != 0;
        int mx = b.getInt(24);
        boolean loadMxcsr = (rfbm & (CpuState.XCR0_SSE | CpuState.XCR0_AVX)) != 0;
        if (xcomp != 0 || reserved || (xstate & ~Xsave.xcr0(s, c.model)) != 0
                || loadMxcsr && (mx & ~FpuControlHandlers.MXCSR_MASK) != 0) {
            throw GuestFault.of(GuestFault.GP, 0);
        }
        int regs = xmmRegs(s);
        s.xinuse = (s.xinuse & ~rfbm) | (xstate & rfbm);
        if ((rfbm & CpuState.XCR0_X87) != 0) {
            if ((xstate & CpuState.XCR0_X87) != 0) {
                FpuControlHandlers.loadX87(s, b);
            } else {
                dev.jvmx.runtime.cpu.X87.init(s);
                java.util.Arrays.fill(s.fprSig, 0);
                java.util.Arrays.fill(s.fprSe, 0);
            }
            dev.jvmx.runtime.cpu.X87.recomputeSummary(s);
        }
        if (loadMxcsr) s.mxcsr = mx;
        if ((rfbm & CpuState.XCR0_SSE) != 0) {
            if ((xstate & CpuState.XCR0_SSE) != 0) FpuControlHandlers.loadXmm(s, b, regs);
            else for (int r = 0; r < regs; r++) Vec.setXmm(s, r, 0, 0);
        }
        if ((rfbm & CpuState.XCR0_AVX) != 0) {
            boolean load = (xstate & CpuState.XCR0_AVX) != 0;
            for (int r = 0; r < regs; r++) {
                s.ymm[r * 4 + 2] = load ? b.getLong(Xsave.AVX_OFFSET + 16 * r) : 0;
                s.ymm[r * 4 + 3] = load ? b.getLong(Xsave.AVX_OFFSET + 16 * r + 8) : 0;
            }
        }
    }
}

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
 * components (SDM Vol. 1 §13.4-13.8, Vol. 2 "XSAVE", "XSAVEOPT", "XRSTOR"):
 *
 * <pre>
 *   0    legacy region: x87 at 0..23 and 32..159 (FXSAVE layout), MXCSR and MXCSR_MASK at 24..31,
 *        XMM0..15 at 160..415 (XMM0..7 outside 64-bit mode)
 *   512  header: XSTATE_BV (8 bytes), XCOMP_BV (8 bytes), 48 reserved bytes
 *   576  AVX component: bits 255:128 of YMM0..15, 16 bytes each (YMM0..7 outside 64-bit mode)
 * </pre>
 *
 * RFBM = XCR0 AND EDX:EAX (§13.7). Which bytes are touched, in which order, and where a fault
 * lands are the SDM's rules where it has them and the host's (checked by testsuites' differential
 * harness, docs/DIFFERENTIAL.md "XSAVE family") where it leaves them open:
 * <ul>
 * <li>XSAVE writes component i for every RFBM[i] = 1 (no init optimisation, §13.7): x87 as bytes
 *     0..23 and 32..159 with the reserved bytes and (not modelled) FPU pointers 0; MXCSR and
 *     MXCSR_MASK when RFBM[1] or RFBM[2]; XSTATE_BV[i] = XINUSE[i] for i in RFBM, its other bits and
 *     the rest of the header unchanged. XSAVEOPT also skips a component with XINUSE[i] = 0 (the init
 *     optimisation, §13.9; MXCSR is still written); its modified optimisation is not used (always
 *     saving is allowed).</li>
 * <li>Faults come before any byte changes (host-checked: a faulting XSAVE writes nothing). The
 *     area's last byte (831 with AVX in RFBM, else 575, the header's last) is probed first, then
 *     the components in layout order; a #PF reports the first byte that fails. XRSTOR reads the
 *     header first (CR2 = area + 520, XCOMP_BV, when the header faults), then byte 831 when RFBM[2],
 *     then the components of RFBM in layout order (whatever XSTATE_BV says), and checks the header
 *     (#GP) only after every read succeeded.</li>
 * <li>XRSTOR (§13.8.1, standard form): #GP(0) when XSTATE_BV has a bit outside XCR0 or header bytes
 *     23:8 (XCOMP_BV and the next 8) are not all 0 — bytes 63:24 are not checked — or, when RFBM[1]
 *     or RFBM[2], MXCSR sets a reserved bit. The model has no compacted format (no XSAVEC), so
 *     XCOMP_BV[63] = 1 is a nonzero byte 15, #GP. Component i of RFBM is loaded when XSTATE_BV[i]
 *     = 1 and initialised otherwise; MXCSR is loaded whenever RFBM[1] or RFBM[2] (host-checked:
 *     whatever XSTATE_BV says); XINUSE[i] becomes XSTATE_BV[i] for i in RFBM.</li>
 * </ul>
 * All raise #UD without CR4.OSXSAVE and #GP(0) for an area not 64-byte aligned (before any access).
 */
final class XsaveHandlers {
    private XsaveHandlers() {}

    static void register(Handler[] t) {
        t[Mnemonic.XGETBV.ordinal()] = XsaveHandlers::xgetbv;
        for (Mnemonic m : new Mnemonic[] {Mnemonic.XSAVE, Mnemonic.XSAVE64}) t[m.ordinal()] = (c, i) -> xsave(c, i, false);
        for (Mnemonic m : new Mnemonic[] {Mnemonic.XSAVEOPT, Mnemonic.XSAVEOPT64}) t[m.ordinal()] = (c, i) -> xsave(c, i, true);
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

    /**
     * Byte ranges {from, to} of the area, in layout order: the x87 part (0..23, 32..159) and the
     * XMM, AVX registers of {@code components}, MXCSR with MXCSR_MASK (24..31) when {@code mxcsr},
     * and the header when {@code header}.
     */
    private static java.util.List<int[]> spans(long components, boolean mxcsr, int regs, boolean header) {
        java.util.List<int[]> l = new java.util.ArrayList<>();
        if ((components & CpuState.XCR0_X87) != 0) l.add(new int[] {0, 24});
        if (mxcsr) l.add(new int[] {24, 32});
        if ((components & CpuState.XCR0_X87) != 0) l.add(new int[] {32, 160});
        if ((components & CpuState.XCR0_SSE) != 0) l.add(new int[] {160, 160 + 16 * regs});
        if (header) l.add(new int[] {Xsave.HEADER, Xsave.AVX_OFFSET});
        if ((components & CpuState.XCR0_AVX) != 0) l.add(new int[] {Xsave.AVX_OFFSET, Xsave.AVX_OFFSET + 16 * regs});
        return l;
    }

    /** MXCSR belongs to both the SSE and the AVX component (SDM Vol. 1 §13.5.2): accessed when either is requested. */
    private static boolean mxcsr(long rfbm) {
        return (rfbm & (CpuState.XCR0_SSE | CpuState.XCR0_AVX)) != 0;
    }

    /** The area's last byte that RFBM {@code rfbm} reaches (the AVX component's, else the header's), probed first. */
    private static long last(long a, long rfbm) {
        return a + ((rfbm & CpuState.XCR0_AVX) != 0 ? Xsave.SIZE_WITH_AVX : Xsave.SIZE_LEGACY) - 1;
    }

    static void xsave(ExecContext c, Instruction i, boolean opt) {
        CpuState s = c.cpu;
        long a = area(c, i), rfbm = rfbm(c), inUse = Xsave.inUse(s);
        int regs = xmmRegs(s);
        // a fault changes nothing: probe the last byte, then every span's first byte and page starts
        Operands.probeWrite(c.mem, last(a, rfbm));
        for (int[] sp : spans(rfbm, mxcsr(rfbm), regs, true)) {
            for (long p = a + sp[0]; p < a + sp[1]; p = (p | 0xFFF) + 1) Operands.probeWrite(c.mem, p);
        }
        long xstate = c.mem.read64(a + Xsave.HEADER);
        byte[] img = new byte[Xsave.SIZE_WITH_AVX];
        ByteBuffer b = ByteBuffer.wrap(img).order(ByteOrder.LITTLE_ENDIAN);
        FpuControlHandlers.saveX87(s, b); // FOP, FIP, FDP (not modelled) and the reserved bytes stay 0
        FpuControlHandlers.saveSse(s, b, regs);
        for (int r = 0; r < regs; r++) b.putLong(Xsave.AVX_OFFSET + 16 * r, s.ymm[r * 4 + 2]).putLong(Xsave.AVX_OFFSET + 16 * r + 8, s.ymm[r * 4 + 3]);
        for (int[] sp : spans(opt ? rfbm & inUse : rfbm, mxcsr(rfbm), regs, false)) c.mem.write(a + sp[0], img, sp[0], sp[1] - sp[0]);
        c.mem.write64(a + Xsave.HEADER, (xstate & ~rfbm) | (inUse & rfbm));
    }

    static void xrstor(ExecContext c, Instruction i) {
        CpuState s = c.cpu;
        long a = area(c, i), rfbm = rfbm(c);
        int regs = xmmRegs(s);
        long xcomp = c.mem.read64(a + Xsave.HEADER + 8); // the header is read first, XCOMP_BV leading (host-checked CR2)
        long xstate = c.mem.read64(a + Xsave.HEADER), reserved = c.mem.read64(a + Xsave.HEADER + 16);
        if ((rfbm & CpuState.XCR0_AVX) != 0) c.mem.read8(last(a, rfbm));
        byte[] img = new byte[Xsave.SIZE_WITH_AVX];
        for (int[] sp : spans(rfbm, mxcsr(rfbm), regs, false)) c.mem.read(a + sp[0], img, sp[0], sp[1] - sp[0]);
        ByteBuffer b = ByteBuffer.wrap(img).order(ByteOrder.LITTLE_ENDIAN);
        int mx = b.getInt(24);
        boolean loadMxcsr = mxcsr(rfbm);
        if (xcomp != 0 || reserved != 0 || (xstate & ~Xsave.xcr0(s, c.model)) != 0
                || loadMxcsr && (mx & ~FpuControlHandlers.MXCSR_MASK) != 0) {
            throw GuestFault.of(GuestFault.GP, 0);
        }
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

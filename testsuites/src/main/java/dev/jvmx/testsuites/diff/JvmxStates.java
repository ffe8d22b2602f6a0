package dev.jvmx.testsuites.diff;

import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.x86.Mode;
import dev.jvmx.x86.Seg;

/**
 * Translates between a differential case's {@link MachineState} and jvmx's {@link CpuState},
 * loading what the native harness loads and reading back what it reports.
 *
 * <p>In: every GPR (32-bit mode: EAX..EDI), RIP = {@link HostLayout#CODE_BASE}, RFLAGS as the
 * harness sets it ({@code CF PF AF ZF SF OF DF} from the case, then bit 1 and IF), MXCSR,
 * XMM0–15 into the low halves of YMM0–15 and the case's YMM upper halves above them (32-bit:
 * YMM0–7), x87 control and status word, the
 * tag word and ST(0)..ST(7) into the physical registers R[(TOP + i) & 7], exactly as jvmx's own
 * FXRSTOR of the harness's FXSAVE image would load them (the harness loads its x87 state with
 * FXRSTOR: an abridged "valid" bit becomes tag 00, "empty" 11), flat segments with the Linux
 * user selectors, FS/GS base 0.
 *
 * <p>Not modelled by {@link CpuState}, so neither loaded nor compared: the FPU instruction and
 * data pointers and opcode (FXSAVE bytes 6..23; the comparison does not look at them either).
 */
public final class JvmxStates {
    /** RFLAGS bits the harness takes from a case; everything else is forced (hostrun.c ALLOWED_FLAGS). */
    static final long LOADED_FLAGS = Rflags.STATUS | Rflags.DF;
    /** Linux user selectors: 64-bit CS 0x33, 32-bit CS 0x23, data 0x2B. */
    private static final int USER_CS64 = 0x33, USER_CS32 = 0x23, USER_DS = 0x2B;

    private JvmxStates() {}

    /** Loads {@code s} into {@code cpu} for a run in {@code arch}; everything else is reset. */
    public static void load(MachineState s, HostArch arch, CpuState cpu) {
        boolean is64 = arch == HostArch.X86_64;
        cpu.mode = is64 ? Mode.BITS64 : Mode.BITS32;
        long mask = is64 ? -1L : 0xFFFF_FFFFL;
        long[] g = s.gpr();
        for (int r = 0; r < 16; r++) cpu.gpr[r] = r < arch.gprCount() ? g[r] & mask : 0;
        cpu.rip = HostLayout.CODE_BASE;
        cpu.setRflags((s.rflags() & LOADED_FLAGS) | Rflags.USER_FIXED);
        cpu.mxcsr = s.mxcsr() & 0xFFFF;
        long[] x = s.xmm();
        java.util.Arrays.fill(cpu.ymm, 0);
        for (int i = 0; i < arch.gprCount(); i++) {
            cpu.ymm[4 * i] = x[2 * i];
            cpu.ymm[4 * i + 1] = x[2 * i + 1];
            cpu.ymm[4 * i + 2] = s.ymmUpper(i, 0);
            cpu.ymm[4 * i + 3] = s.ymmUpper(i, 1);
        }
        X87State f = s.x87();
        cpu.fpuControl = f.fcw();
        cpu.fpuStatus = f.fsw();
        cpu.fpuTag = fullTag(f.ftw());
        int top = f.fsw() >> 11 & 7;
        byte[] st = f.st();
        for (int i = 0; i < 8; i++) {
            int p = (top + i) & 7, at = i * X87State.REG_BYTES;
            long sig = 0;
            for (int k = 7; k >= 0; k--) sig = sig << 8 | (st[at + k] & 0xFF);
            cpu.fprSig[p] = sig;
            cpu.fprSe[p] = (st[at + 8] & 0xFF) | (st[at + 9] & 0xFF) << 8;
        }
        java.util.Arrays.fill(cpu.segSelector, USER_DS);
        cpu.segSelector[Seg.CS.ordinal()] = is64 ? USER_CS64 : USER_CS32;
        cpu.segSelector[Seg.FS.ordinal()] = 0;
        cpu.segSelector[Seg.GS.ordinal()] = 0;
        java.util.Arrays.fill(cpu.segBase, 0);
        cpu.fsBase = 0;
        cpu.gsBase = 0;
    }

    /**
     * The state jvmx reached, as the host harness would report it: 32-bit mode zeroes the upper
     * halves, R8–R15 and XMM8–15; ST(i) in stack order, as FXSAVE stores it.
     */
    public static MachineState read(CpuState cpu, HostArch arch, byte[] dataPage) {
        long mask = arch == HostArch.X86_64 ? -1L : 0xFFFF_FFFFL;
        long[] g = new long[16];
        for (int r = 0; r < arch.gprCount(); r++) g[r] = cpu.gpr[r] & mask;
        long[] x = new long[32], y = new long[32];
        for (int i = 0; i < arch.gprCount(); i++) {
            x[2 * i] = cpu.ymm[4 * i];
            x[2 * i + 1] = cpu.ymm[4 * i + 1];
            y[2 * i] = cpu.ymm[4 * i + 2];
            y[2 * i + 1] = cpu.ymm[4 * i + 3];
        }
        int top = cpu.fpuStatus >> 11 & 7;
        byte[] st = new byte[8 * X87State.REG_BYTES];
        for (int i = 0; i < 8; i++) {
            int p = (top + i) & 7, at = i * X87State.REG_BYTES;
            for (int k = 0; k < 8; k++) st[at + k] = (byte) (cpu.fprSig[p] >>> (8 * k));
            st[at + 8] = (byte) cpu.fprSe[p];
            st[at + 9] = (byte) (cpu.fprSe[p] >> 8);
        }
        X87State x87 = new X87State(cpu.fpuControl & 0xFFFF, cpu.fpuStatus & 0xFFFF, abridgedTag(cpu.fpuTag), st);
        return new MachineState(g, cpu.rflags() | Rflags.USER_FIXED, cpu.mxcsr, x87, x, dataPage, y);
    }

    /** FXSAVE's abridged tag byte (bit i = physical register i not empty) as a full tag word. */
    static int fullTag(int abridged) {
        int tag = 0;
        for (int i = 0; i < 8; i++) if ((abridged & 1 << i) == 0) tag |= 3 << (2 * i);
        return tag;
    }

    /** The abridged tag byte of a full tag word (SDM Vol. 1 §10.5.1.1). */
    static int abridgedTag(int full) {
        int b = 0;
        for (int i = 0; i < 8; i++) if ((full >> (2 * i) & 3) != 3) b |= 1 << i;
        return b;
    }
}

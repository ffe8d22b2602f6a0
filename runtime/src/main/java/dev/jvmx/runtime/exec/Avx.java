package dev.jvmx.runtime.exec;

import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.mem.GuestFault;
import dev.jvmx.runtime.mem.SplitStore;
import dev.jvmx.x86.Instruction;
import dev.jvmx.x86.Operand;
import dev.jvmx.x86.Prefix;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;

/**
 * VEX-encoded vector operands, written once (SDM Vol. 1 §14.1.3, Vol. 2A §2.3): a VEX.128 form
 * works on one 128-bit lane, a VEX.256 form on two; the destination's bits above the operation's
 * width are zeroed up to VLMAX (255), unlike legacy SSE, which leaves them. VEX memory operands
 * have no alignment requirement except where the instruction says so (VMOVAPS...). Most AVX
 * instructions are the SSE operation applied to each 128-bit lane with VEX.vvvv as first source,
 * so the SSE semantics ({@code long[]{lo, hi}} functions) are reused here lane by lane.
 *
 * <pre>
 *   YMMn in CpuState.ymm: [4n] bits 63:0, [4n+1] 127:64, [4n+2] 191:128, [4n+3] 255:192
 *   lane k of a 256-bit memory operand: 16 bytes at address + 16k
 * </pre>
 */
final class Avx {
    private Avx() {}

    /**
     * The VEX part of the #UD gate, after the CPUID-feature check: the VEX general-purpose forms
     * (BMI1, BMI2) need only their feature (exception class 13, SDM Vol. 2A §2.5.1; BMI1 is checked
     * here because the model lets TZCNT's legacy encoding through without it); every other VEX form
     * needs AVX advertised and the AVX state enabled ({@link dev.jvmx.runtime.cpu.Xsave#avxStateEnabled}).
     */
    static boolean allowed(ExecContext c, Instruction i) {
        if (!vex(i)) return true;
        if (!dev.jvmx.runtime.cpu.CpuModel.vexNeedsAvx(i.feature())) return modelAllows(c.model, i);
        return c.model.supports(dev.jvmx.x86.Feature.AVX) && dev.jvmx.runtime.cpu.Xsave.avxStateEnabled(c.cpu, c.model);
    }

    /**
     * The VEX gate of {@link #allowed} when it reads the CPU model only (the BMI forms): true
     * when it lets {@code i} through; false for a form whose gate reads run-time state too.
     */
    static boolean modelAllows(dev.jvmx.runtime.cpu.CpuModel model, Instruction i) {
        dev.jvmx.x86.Feature f = i.feature();
        return f != null && !dev.jvmx.runtime.cpu.CpuModel.vexNeedsAvx(f) && (f != dev.jvmx.x86.Feature.BMI1 || model.hasBmi1());
    }

    static boolean vex(Instruction i) {
        return i.has(Prefix.VEX);
    }

    /** 1 for VEX.128, 2 for VEX.256. */
    static int lanes(Instruction i) {
        return i.has(Prefix.VEX_L) ? 2 : 1;
    }

    /** Lane {@code k} of a register or memory operand (memory: unaligned unless {@code aligned}, which checks the whole operand). */
    static long[] lane(ExecContext c, Operand op, int k, boolean aligned) {
        if (op instanceof Operand.Mem m) {
            long a = Operands.linear(c.cpu, m);
            if (aligned && (a & (m.size() / 8 - 1)) != 0) throw GuestFault.of(GuestFault.GP, 0);
            return new long[] {c.mem.read64(a + 16L * k), c.mem.read64(a + 16L * k + 8)};
        }
        int n = Vec.xmm(op);
        return new long[] {c.cpu.ymm[n * 4 + 2 * k], c.cpu.ymm[n * 4 + 2 * k + 1]};
    }

    /** All {@code lanes} lanes of an operand, read before anything is written (a fault commits nothing). */
    static long[][] load(ExecContext c, Operand op, int lanes, boolean aligned) {
        long[][] v = new long[lanes][];
        for (int k = 0; k < lanes; k++) v[k] = lane(c, op, k, aligned);
        return v;
    }

    /** Writes the lanes to a register (zeroing the rest of the YMM register) or to memory (all or nothing: {@link SplitStore}). */
    static void store(ExecContext c, Operand op, long[][] v, boolean aligned) {
        if (op instanceof Operand.Mem m) {
            long a = Operands.linear(c.cpu, m);
            if (aligned && (a & (m.size() / 8 - 1)) != 0) throw GuestFault.of(GuestFault.GP, 0);
            SplitStore.check(c.mem, a, 16 * v.length); // a fault on the second page writes nothing
            for (int k = 0; k < v.length; k++) {
                c.mem.write64(a + 16L * k, v[k][0]);
                c.mem.write64(a + 16L * k + 8, v[k][1]);
            }
            return;
        }
        setYmm(c.cpu, Vec.xmm(op), v);
    }

    /** A register write of one or two lanes; bits above them become 0 (VLMAX zeroing). */
    static void setYmm(CpuState s, int n, long[]... v) {
        for (int q = 0; q < 4; q++) s.ymm[n * 4 + q] = q / 2 < v.length ? v[q / 2][q & 1] : 0;
    }

    /** {@code V = f(H, W)} lane by lane. */
    static void binary(ExecContext c, Instruction i, BinaryOperator<long[]> f) {
        int n = lanes(i);
        long[][] a = load(c, i.op(1), n, false), b = load(c, i.op(2), n, false);
        long[][] r = new long[n][];
        for (int k = 0; k < n; k++) r[k] = f.apply(a[k], b[k]);
        store(c, i.op(0), r, false);
    }

    /** {@code V = f(W)} lane by lane. */
    static void unary(ExecContext c, Instruction i, UnaryOperator<long[]> f) {
        int n = lanes(i);
        long[][] a = load(c, i.op(1), n, false);
        long[][] r = new long[n][];
        for (int k = 0; k < n; k++) r[k] = f.apply(a[k]);
        store(c, i.op(0), r, false);
    }
}

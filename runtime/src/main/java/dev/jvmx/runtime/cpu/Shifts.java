package dev.jvmx.runtime.cpu;

import static dev.jvmx.runtime.cpu.LazyFlags.mask;
import static dev.jvmx.runtime.cpu.LazyFlags.szp;
import static dev.jvmx.x86.Flags.CF;
import static dev.jvmx.x86.Flags.OF;
import static dev.jvmx.x86.Flags.STATUS;

/**
 * Shifts and rotates (SDM Vol. 2B "SAL/SAR/SHL/SHR", "RCL/RCR/ROL/ROR", "SHLD", "SHRD").
 * The count is masked to 5 bits (6 with a 64-bit operand); a masked count of 0 changes nothing,
 * flags included. Flags the SDM leaves undefined for counts above 1 follow the formulas for
 * count 1 applied to the <em>original</em> operand, and AF is cleared, which is what Intel cores
 * do; ROL/ROR with an immediate count other than 1 leave OF unchanged while the CL forms compute
 * it (an Intel quirk measured on the host by {@code HostDiffTest}; the SDM calls OF undefined).
 */
public final class Shifts {
    private Shifts() {}

    public static int countMask(int size) { return size == 64 ? 0x3F : 0x1F; }

    /** Shift or rotate with a count from CL (or the 1 of the D0/D1 forms). */
    public static long exec(CpuState s, ShiftOp op, long v, long count, int size) {
        return exec(s, op, v, count, size, false);
    }

    /** {@code immediateCount}: the C0/C1 forms, whose ROL/ROR keep OF for counts other than 1. */
    public static long exec(CpuState s, ShiftOp op, long v, long count, int size, boolean immediateCount) {
        int c = (int) count & (s.generation.shiftCountMask > 0x1F ? s.generation.shiftCountMask : countMask(size));
        v &= mask(size);
        if (c == 0) return v;
        long r = shiftOrRotate(s, op, v, c, size, immediateCount);
        if (s.generation.iterativeShiftFlags && c > 1) lastStepOverflow(s, op, r, size);
        return r;
    }

    /** OF as a one-bit-per-step chip leaves it (see {@link CpuGeneration#iterativeShiftFlags}). */
    private static void lastStepOverflow(CpuState s, ShiftOp op, long r, int size) {
        boolean left = op == ShiftOp.SHL || op == ShiftOp.SAL || op == ShiftOp.ROL || op == ShiftOp.RCL;
        int other = left ? (s.cf() ? 1 : 0) : (int) (r >>> (size - 2)) & 1;
        s.setStatus(OF, (msb(r, size) ^ other) != 0 ? OF : 0);
    }

    private static long shiftOrRotate(CpuState s, ShiftOp op, long v, int c, int size, boolean immediateCount) {
        return switch (op) {
            case SHL, SAL -> shl(s, v, c, size);
            case SHR -> shr(s, v, c, size);
            case SAR -> sar(s, v, c, size);
            case ROL -> rol(s, v, c, size, immediateCount && c != 1);
            case ROR -> ror(s, v, c, size, immediateCount && c != 1);
            case RCL -> rcl(s, v, c, size);
            case RCR -> rcr(s, v, c, size);
        };
    }

    private static int msb(long v, int size) { return (int) (v >>> (size - 1)) & 1; }

    /** OF of a one-bit left shift/rotate of {@code v}: MSB xor the bit below it. */
    private static int ofLeft(long v, int size) {
        return (msb(v, size) ^ (int) (v >>> (size - 2)) & 1) != 0 ? OF : 0;
    }

    static long shl(CpuState s, long v, int c, int size) {
        long res = c >= 64 ? 0 : (v << c) & mask(size);
        s.setStatus(STATUS, shlStatus(v, c, size));
        return res;
    }

    static long shr(CpuState s, long v, int c, int size) {
        long res = c >= 64 ? 0 : v >>> c;
        s.setStatus(STATUS, shrStatus(v, c, size));
        return res;
    }

    static long sar(CpuState s, long v, int c, int size) {
        long sx = (v << (64 - size)) >> (64 - size);
        long res = (sx >> Math.min(c, 63)) & mask(size);
        s.setStatus(STATUS, sarStatus(v, c, size));
        return res;
    }

    /*
     * The status flags of SHL/SHR/SAR of the masked value v by a masked count c in 1..63 on a
     * chip without iterativeShiftFlags, and CF/OF of ROL/ROR of v giving res: pure, so generated
     * code can compute them only where something reads them.
     */

    public static int shlStatus(long v, int c, int size) {
        long res = c >= 64 ? 0 : (v << c) & mask(size);
        int cf = c > size ? 0 : (int) (v >>> (size - c)) & 1;
        return szp(res, size) | cf | ofLeft(v, size);
    }

    public static int shrStatus(long v, int c, int size) {
        long res = c >= 64 ? 0 : v >>> c;
        int cf = c > size ? 0 : (int) (v >>> (c - 1)) & 1;
        int of = msb(v, size) != 0 ? OF : 0;
        return szp(res, size) | cf | of;
    }

    public static int sarStatus(long v, int c, int size) {
        long sx = (v << (64 - size)) >> (64 - size);
        long res = (sx >> Math.min(c, 63)) & mask(size);
        int cf = (int) (sx >> Math.min(c - 1, 63)) & 1;
        return szp(res, size) | cf;
    }

    /** CF and OF of ROL of {@code v} giving {@code res}: CF the bit rotated into bit 0, OF as for count 1. */
    public static int rolFlags(long v, long res, int size) {
        return (int) res & 1 | ofLeft(v, size);
    }

    /** CF and OF of ROR of {@code v} giving {@code res}: CF the result's MSB, OF as for count 1. */
    public static int rorFlags(long v, long res, int size) {
        return msb(res, size) | (((int) v & 1 ^ msb(v, size)) != 0 ? OF : 0);
    }

    static long rol(CpuState s, long v, int c, int size, boolean keepOf) {
        int n = c % size;
        long res = n == 0 ? v : ((v << n) | (v >>> (size - n))) & mask(size);
        s.setStatus(keepOf ? CF : CF | OF, rolFlags(v, res, size));
        return res;
    }

    static long ror(CpuState s, long v, int c, int size, boolean keepOf) {
        int n = c % size;
        long res = n == 0 ? v : ((v >>> n) | (v << (size - n))) & mask(size);
        s.setStatus(keepOf ? CF : CF | OF, rorFlags(v, res, size));
        return res;
    }

    static long rcl(CpuState s, long v, int c, int size) {
        int n = size < 32 ? c % (size + 1) : c;
        if (n == 0) return v; // a rotation by a multiple of size+1 changes no flag either (host-checked)
        int cf = s.cf() ? 1 : 0;
        long res = v;
        for (int i = 0; i < n; i++) {
            int out = msb(res, size);
            res = ((res << 1) | cf) & mask(size);
            cf = out;
        }
        s.setStatus(CF | OF, cf | ofLeft(v, size));
        return res;
    }

    static long rcr(CpuState s, long v, int c, int size) {
        int n = size < 32 ? c % (size + 1) : c;
        if (n == 0) return v; // a rotation by a multiple of size+1 changes no flag either (host-checked)
        int cf = s.cf() ? 1 : 0;
        int of = (msb(v, size) ^ cf) != 0 ? OF : 0;
        long res = v;
        for (int i = 0; i < n; i++) {
            int out = (int) res & 1;
            res = (res >>> 1) | ((long) cf << (size - 1));
            cf = out;
        }
        s.setStatus(CF | OF, cf | of);
        return res;
    }

    /** SHLD dst, src, count: dst shifted left, vacated bits filled from the top of src. */
    public static long shld(CpuState s, long dst, long src, long count, int size) {
        int c = (int) count & countMask(size);
        dst &= mask(size);
        src &= mask(size);
        if (c == 0) return dst;
        long res;
        int cf;
        if (size == 64) {
            res = (dst << c) | (src >>> (64 - c));
            cf = (int) (dst >>> (64 - c)) & 1;
        } else if (size == 32) {
            long w = (dst << 32) | src;
            res = (w << c) >>> 32;
            cf = (int) (dst >>> (32 - c)) & 1;
        } else { // 16: counts above 16 shift in dst again (dst:src:dst), as Intel does
            long w = (dst << 32) | (src << 16) | dst;
            res = (w >>> (32 - c)) & 0xFFFF;
            cf = (int) (w >>> (48 - c)) & 1;
        }
        return shiftDoubleFlags(s, res & mask(size), cf, ofLeft(dst, size), size);
    }

    /** SHRD dst, src, count: dst shifted right, vacated bits filled from the bottom of src. */
    public static long shrd(CpuState s, long dst, long src, long count, int size) {
        int c = (int) count & countMask(size);
        dst &= mask(size);
        src &= mask(size);
        if (c == 0) return dst;
        long res;
        int cf;
        if (size == 64) {
            res = (dst >>> c) | (src << (64 - c));
            cf = (int) (dst >>> (c - 1)) & 1;
        } else if (size == 32) {
            long w = (src << 32) | dst;
            res = w >>> c;
            cf = (int) (dst >>> (c - 1)) & 1;
        } else {
            long w = (dst << 32) | (src << 16) | dst;
            res = (w >>> c) & 0xFFFF;
            cf = (int) (w >>> (c - 1)) & 1;
        }
        int of = ((int) src & 1 ^ msb(dst, size)) != 0 ? OF : 0;
        return shiftDoubleFlags(s, res & mask(size), cf, of, size);
    }

    private static long shiftDoubleFlags(CpuState s, long res, int cf, int of, int size) {
        s.setStatus(STATUS, szp(res, size) | cf | of);
        return res;
    }
}

package dev.jvmx.runtime.cpu;

import static dev.jvmx.runtime.cpu.LazyFlags.mask;
import static dev.jvmx.runtime.cpu.LazyFlags.szp;
import static dev.jvmx.x86.Flags.CF;
import static dev.jvmx.x86.Flags.OF;
import static dev.jvmx.x86.Flags.STATUS;

import dev.jvmx.runtime.mem.GuestFault;
import java.math.BigInteger;

/**
 * MUL, IMUL, DIV, IDIV (SDM Vol. 2A/2B). The one-operand forms use the accumulator pair
 * AL/AX:DX/EAX:EDX/RAX:RDX implicitly; DIV/IDIV raise #DE for a zero divisor or a quotient that
 * does not fit (the registers stay unchanged). SF ZF AF PF are undefined after MUL/IMUL; Intel
 * sets SF from the top bit of the low half, PF from its low byte, and clears ZF and AF
 * (measured on the host). DIV/IDIV leave flags undefined;
 * see {@link #divFlags}.
 */
public final class MulDiv {
    private MulDiv() {}

    static long sx(long v, int size) { return (v << (64 - size)) >> (64 - size); }

    /** MUL r/m: unsigned accumulator * src. */
    public static void mul(CpuState s, long src, int size) {
        long a = s.gpr[0] & mask(size), b = src & mask(size);
        long lo, hi;
        if (size == 64) {
            lo = a * b;
            hi = Math.unsignedMultiplyHigh(a, b);
        } else {
            long p = a * b;
            lo = p & mask(size);
            hi = (p >>> size) & mask(size);
        }
        storePair(s, lo, hi, size);
        mulFlags(s, lo, hi != 0, size);
    }

    /** IMUL r/m (one operand): signed accumulator * src into the register pair. */
    public static void imul1(CpuState s, long src, int size) {
        long a = sx(s.gpr[0], size), b = sx(src, size);
        long lo, hi;
        if (size == 64) {
            lo = a * b;
            hi = Math.multiplyHigh(a, b);
        } else {
            long p = a * b;
            lo = p & mask(size);
            hi = (p >> size) & mask(size);
        }
        boolean overflow = size == 64 ? hi != (lo >> 63) : sx(lo, size) != a * b;
        storePair(s, lo & mask(size), hi, size);
        mulFlags(s, lo, overflow, size);
    }

    /** IMUL r, r/m[, imm]: truncated signed product; returns it masked to {@code size}. */
    public static long imul(CpuState s, long a, long b, int size) {
        long x = sx(a, size), y = sx(b, size);
        s.setStatus(STATUS, imulStatus(a, b, size));
        return (x * y) & mask(size);
    }

    /** The six status flags IMUL r, r/m[, imm] of {@code a} and {@code b} leaves (pure: generated code defers them). */
    public static int imulStatus(long a, long b, int size) {
        long x = sx(a, size), y = sx(b, size);
        long lo = x * y;
        boolean overflow = size == 64 ? Math.multiplyHigh(x, y) != (lo >> 63) : sx(lo, size) != lo;
        return mulStatus(lo, overflow, size);
    }

    private static void mulFlags(CpuState s, long lo, boolean overflow, int size) {
        s.setStatus(STATUS, mulStatus(lo, overflow, size));
    }

    private static int mulStatus(long lo, boolean overflow, int size) {
        int f = szp(lo & mask(size), size) & (dev.jvmx.x86.Flags.SF | dev.jvmx.x86.Flags.PF);
        return f | (overflow ? CF | OF : 0);
    }

    private static void storePair(CpuState s, long lo, long hi, int size) {
        if (size == 8) {
            s.gpr[0] = (s.gpr[0] & ~0xFFFFL) | (hi << 8) | lo;
        } else {
            setPart(s, 0, lo, size);
            setPart(s, 2, hi, size);
        }
    }

    static void setPart(CpuState s, int reg, long v, int size) {
        s.gpr[reg] = switch (size) {
            case 8 -> (s.gpr[reg] & ~0xFFL) | (v & 0xFF);
            case 16 -> (s.gpr[reg] & ~0xFFFFL) | (v & 0xFFFF);
            case 32 -> v & 0xFFFF_FFFFL;
            default -> v;
        };
    }

    /** DIV r/m: unsigned (hi:lo) / src. */
    public static void div(CpuState s, long src, int size) {
        long d = src & mask(size);
        if (d == 0) throw GuestFault.of(GuestFault.DE);
        long q, r;
        if (size == 64) {
            long hi = s.gpr[2], lo = s.gpr[0];
            if (Long.compareUnsigned(hi, d) >= 0) throw GuestFault.of(GuestFault.DE);
            if (hi == 0) {
                q = Long.divideUnsigned(lo, d);
                r = Long.remainderUnsigned(lo, d);
            } else {
                BigInteger[] qr = u128(hi, lo).divideAndRemainder(u64(d));
                q = qr[0].longValue();
                r = qr[1].longValue();
            }
        } else {
            long n = dividend(s, size);
            q = Long.divideUnsigned(n, d);
            r = Long.remainderUnsigned(n, d);
            if ((q & ~mask(size)) != 0) throw GuestFault.of(GuestFault.DE);
        }
        storeQuotient(s, q, r, size);
        divFlags(s);
    }

    /** IDIV r/m: signed (hi:lo) / src, quotient truncated toward zero. */
    public static void idiv(CpuState s, long src, int size) {
        long d = sx(src, size);
        if (d == 0) throw GuestFault.of(GuestFault.DE);
        long q, r;
        if (size == 64) {
            long hi = s.gpr[2], lo = s.gpr[0];
            BigInteger[] qr = new BigInteger(1, be(hi, lo)).subtract(hi < 0 ? BigInteger.ONE.shiftLeft(128) : BigInteger.ZERO)
                    .divideAndRemainder(BigInteger.valueOf(d));
            if (qr[0].bitLength() > 63) throw GuestFault.of(GuestFault.DE);
            q = qr[0].longValue();
            r = qr[1].longValue();
        } else {
            long n = sx(dividend(s, size), 2 * size);
            q = n / d;
            r = n % d;
            if (q != sx(q, size)) throw GuestFault.of(GuestFault.DE);
        }
        storeQuotient(s, q & mask(size), r & mask(size), size);
        divFlags(s);
    }

    /**
     * Flags after DIV/IDIV are undefined (SDM); this Intel model leaves them as they were,
     * except that the lazy record is folded (checked against the host by HostDiffTest).
     */
    static void divFlags(CpuState s) {
        s.materializeFlags();
    }

    private static long dividend(CpuState s, int size) {
        return switch (size) {
            case 8 -> s.gpr[0] & 0xFFFF;
            case 16 -> ((s.gpr[2] & 0xFFFF) << 16) | (s.gpr[0] & 0xFFFF);
            default -> ((s.gpr[2] & 0xFFFF_FFFFL) << 32) | (s.gpr[0] & 0xFFFF_FFFFL);
        };
    }

    private static void storeQuotient(CpuState s, long q, long r, int size) {
        if (size == 8) {
            s.gpr[0] = (s.gpr[0] & ~0xFFFFL) | ((r & 0xFF) << 8) | (q & 0xFF);
        } else {
            setPart(s, 0, q, size);
            setPart(s, 2, r, size);
        }
    }

    private static BigInteger u64(long v) { return new BigInteger(1, be(0, v)); }

    private static BigInteger u128(long hi, long lo) { return new BigInteger(1, be(hi, lo)); }

    private static byte[] be(long hi, long lo) {
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (hi >>> (56 - 8 * i));
            b[8 + i] = (byte) (lo >>> (56 - 8 * i));
        }
        return b;
    }
}

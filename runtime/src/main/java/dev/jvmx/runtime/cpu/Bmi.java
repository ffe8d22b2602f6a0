package dev.jvmx.runtime.cpu;

import static dev.jvmx.runtime.cpu.LazyFlags.mask;
import static dev.jvmx.runtime.cpu.LazyFlags.szp;
import static dev.jvmx.x86.Flags.CF;
import static dev.jvmx.x86.Flags.OF;
import static dev.jvmx.x86.Flags.SF;
import static dev.jvmx.x86.Flags.STATUS;
import static dev.jvmx.x86.Flags.ZF;

/**
 * BMI1, BMI2 and ADX (SDM Vol. 2A/2B "ANDN", "BEXTR", "BLSI", "BLSMSK", "BLSR", "BZHI", "MULX",
 * "PDEP", "PEXT", "RORX", "SARX/SHLX/SHRX", "ADCX", "ADOX"). Values are {@code size}-bit (32 or
 * 64) and returned masked to it; TZCNT lives in {@link BitOps}.
 *
 * <p>Undefined flags (AF and PF of the BMI1 forms and BZHI, SF too for BEXTR): the Intel host
 * clears AF and PF, which is what {@link #logic} does (measured by testsuites'
 * {@code ExtensionDifferentialTest} with no flag masked).
 */
public final class Bmi {
    private Bmi() {}

    /** Sets SF ZF PF from {@code r}, CF as given, OF and AF cleared (the BMI1 flag pattern). */
    private static long logic(CpuState s, long r, int size, boolean cf) {
        r &= mask(size);
        s.setStatus(STATUS, (szp(r, size) & (SF | ZF)) | (cf ? CF : 0));
        return r;
    }

    /** ANDN: {@code ~a & b}; SF ZF from the result, CF OF cleared. */
    public static long andn(CpuState s, long a, long b, int size) {
        return logic(s, ~a & b, size, false);
    }

    /**
     * BEXTR: {@code len} = control[15:8] bits of {@code src} from bit {@code start} = control[7:0];
     * bits past the operand come in as 0. ZF from the result, CF OF cleared; SF (undefined) cleared, as the host does.
     */
    public static long bextr(CpuState s, long src, long control, int size) {
        int start = (int) control & 0xFF, len = (int) (control >>> 8) & 0xFF;
        src &= mask(size);
        long r = start >= size ? 0 : src >>> start;
        if (len < 64) r &= (1L << len) - 1;
        s.setStatus(STATUS, r == 0 ? ZF : 0);
        return r;
    }

    /** BLSI: the lowest set bit, {@code -src & src}; CF = (src != 0). */
    public static long blsi(CpuState s, long src, int size) {
        src &= mask(size);
        return logic(s, -src & src, size, src != 0);
    }

    /** BLSMSK: mask up to and including the lowest set bit, {@code (src - 1) ^ src}; CF = (src == 0), ZF always clear. */
    public static long blsmsk(CpuState s, long src, int size) {
        src &= mask(size);
        return logic(s, (src - 1) ^ src, size, src == 0);
    }

    /** BLSR: clears the lowest set bit, {@code (src - 1) & src}; CF = (src == 0). */
    public static long blsr(CpuState s, long src, int size) {
        src &= mask(size);
        return logic(s, (src - 1) & src, size, src == 0);
    }

    /** BZHI: clears bits from index = control[7:0] up; CF = (index > size - 1), SF ZF from the result. */
    public static long bzhi(CpuState s, long src, long control, int size) {
        int n = (int) control & 0xFF;
        long r = n < size ? src & ((1L << n) - 1) : src;
        return logic(s, r, size, n > size - 1);
    }

    /** PDEP: deposits the low bits of {@code src} at the set bits of {@code mask}, low to high. */
    public static long pdep(long src, long mask, int size) {
        return walkMask(src, mask, size, false);
    }

    /** PEXT: gathers the bits of {@code src} at the set bits of {@code mask} into the low bits. */
    public static long pext(long src, long mask, int size) {
        return walkMask(src, mask, size, true);
    }

    /** Walks the set bits of the mask low to high beside a counter bit: PEXT moves mask-bit to counter-bit, PDEP the reverse. */
    private static long walkMask(long src, long mask, int size, boolean extract) {
        long m = mask & mask(size), r = 0;
        for (long bit = 1; m != 0; bit <<= 1) {
            long low = m & -m;
            if ((src & (extract ? low : bit)) != 0) r |= extract ? bit : low;
            m ^= low;
        }
        return r;
    }

    /** MULX high half: unsigned {@code a * b} of {@code size} bits, bits 2*size-1:size. No flags. */
    public static long mulxHigh(long a, long b, int size) {
        if (size == 64) return Math.unsignedMultiplyHigh(a, b);
        return ((a & 0xFFFF_FFFFL) * (b & 0xFFFF_FFFFL)) >>> 32;
    }

    /** MULX low half. */
    public static long mulxLow(long a, long b, int size) {
        return (a * b) & mask(size);
    }

    /** RORX: rotate right by {@code imm} mod size; no flags. */
    public static long rorx(long src, int imm, int size) {
        if (size == 64) return Long.rotateRight(src, imm & 63);
        return Integer.rotateRight((int) src, imm & 31) & 0xFFFF_FFFFL;
    }

    /** SHLX/SHRX/SARX ({@code kind} 0/1/2): count masked to 5 or 6 bits; no flags. */
    public static long shiftx(long src, long count, int size, int kind) {
        int n = (int) count & (size - 1);
        src &= mask(size);
        long r = switch (kind) {
            case 0 -> src << n;
            case 1 -> src >>> n;
            default -> ((src << (64 - size)) >> (64 - size)) >> n;
        };
        return r & mask(size);
    }

    /**
     * ADCX ({@code overflow} false: carry in and out through CF) and ADOX (through OF): unsigned
     * {@code a + b + carry}; the other status flags are unchanged (SDM "ADCX", "ADOX").
     */
    public static long addCarry(CpuState s, long a, long b, int size, boolean overflow) {
        int flag = overflow ? OF : CF;
        long carryIn = (s.statusFlags() & flag) != 0 ? 1 : 0;
        long m = mask(size);
        a &= m;
        b &= m;
        long r = (a + b + carryIn) & m;
        boolean carry = size == 64 ? Long.compareUnsigned(r, a) < 0 || (carryIn != 0 && r == a)
                : a + b + carryIn > m;
        s.setStatus(flag, carry ? flag : 0);
        return r;
    }
}

package dev.jvmx.runtime.cpu;

import static dev.jvmx.x86.Flags.AF;
import static dev.jvmx.x86.Flags.CF;
import static dev.jvmx.x86.Flags.OF;
import static dev.jvmx.x86.Flags.PF;
import static dev.jvmx.x86.Flags.SF;
import static dev.jvmx.x86.Flags.ZF;

/**
 * Lazy status flags: an instruction that sets flags records what it did in {@link CpuState}
 * ({@code ccOp, ccSize, ccA, ccB, ccRes, ccAux}); the flags are computed here only when read.
 * Rules from SDM Vol. 1 App. A (EFLAGS cross-reference) and Vol. 2 per instruction.
 *
 * <pre>
 *  op      ccA    ccB    ccRes        ccAux
 *  ADD     dst    src    dst+src      -
 *  ADC     dst    src    dst+src+cin  cin
 *  SUB     dst    src    dst-src      -       (CMP, NEG: 0-src)
 *  SBB     dst    src    dst-src-cin  cin
 *  LOGIC   -      -      result       -       CF=OF=AF=0
 *  INC     dst    1      dst+1        old CF
 *  DEC     dst    1      dst-1        old CF
 * </pre>
 */
public final class LazyFlags {
    private LazyFlags() {}

    public static final int NONE = 0, ADD = 1, ADC = 2, SUB = 3, SBB = 4, LOGIC = 5, INC = 6, DEC = 7;

    /** Mask of the low {@code size} bits. */
    public static long mask(int size) {
        return size == 64 ? -1L : (1L << size) - 1;
    }

    /** Records a flag-setting operation; returns {@code res} masked to {@code size}. */
    public static long set(CpuState s, int op, int size, long a, long b, long res, long aux) {
        long m = mask(size);
        s.ccOp = op;
        s.ccSize = size;
        s.ccA = a & m;
        s.ccB = b & m;
        s.ccRes = res & m;
        s.ccAux = aux;
        return res & m;
    }

    /** PF, ZF and SF of a result (PF: even parity of the low byte). */
    public static int szp(long res, int size) {
        int f = (Integer.bitCount((int) res & 0xFF) & 1) == 0 ? PF : 0;
        if ((res & mask(size)) == 0) f |= ZF;
        if (((res >>> (size - 1)) & 1) != 0) f |= SF;
        return f;
    }

    /** The six status flags described by the record in {@code s} ({@code ccOp != NONE}). */
    public static int status(CpuState s) {
        return status(s.ccOp, s.ccSize, s.ccA, s.ccB, s.ccRes, s.ccAux);
    }

    public static int status(int op, int size, long a, long b, long res, long aux) {
        int f = szp(res, size);
        long sign = 1L << (size - 1);
        switch (op) {
            case ADD, ADC, INC -> {
                if (op == INC) f |= (int) aux & CF;
                else if (Long.compareUnsigned(res, a) < 0 || (aux != 0 && res == a)) f |= CF;
                if (((a ^ res) & (b ^ res) & sign) != 0) f |= OF;
                f |= (int) ((a ^ b ^ res) & AF);
            }
            case SUB, SBB, DEC -> {
                if (op == DEC) f |= (int) aux & CF;
                else if (Long.compareUnsigned(a, b) < 0 || (aux != 0 && a == b)) f |= CF;
                if (((a ^ b) & (a ^ res) & sign) != 0) f |= OF;
                f |= (int) ((a ^ b ^ res) & AF);
            }
            case LOGIC -> { }
            default -> throw new IllegalStateException("no lazy flag op " + op);
        }
        return f;
    }

    /** CF alone, cheaply (ADC/SBB/RCL/RCR/JB/SETB read it often). */
    public static boolean carry(CpuState s) {
        return switch (s.ccOp) {
            case ADD -> Long.compareUnsigned(s.ccRes, s.ccA) < 0;
            case SUB -> Long.compareUnsigned(s.ccA, s.ccB) < 0;
            case LOGIC -> false;
            default -> (s.statusFlags() & CF) != 0;
        };
    }
}

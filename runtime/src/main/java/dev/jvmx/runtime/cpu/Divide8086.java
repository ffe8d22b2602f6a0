package dev.jvmx.runtime.cpu;

import static dev.jvmx.runtime.cpu.LazyFlags.mask;

import dev.jvmx.runtime.mem.GuestFault;
import dev.jvmx.x86.Flags;

/**
 * DIV and IDIV as the 8086's microcode computes them, because on that chip the "undefined" flags
 * are visible: a #DE frame pushes the flags the microcode's last flag-setting step left, and
 * SingleStepTests compares them. The microcode (routine CORD, with PREIDIV / POSTIDIV around it
 * for IDIV; see reenigne's 8086 microcode disassembly, lines 160h..1CCh) is a restoring shift-and-
 * subtract division over three temporaries:
 * <pre>
 *   tmpa = high half (AH / DX)   tmpc = low half (AL / AX)   tmpb = divisor
 *   flags &lt;- tmpa - tmpb; no borrow: #DE (the quotient cannot fit)
 *   n times: (tmpa:tmpc) &lt;&lt;= 1 through CF; try tmpa - tmpb, keep it when it does not borrow
 *   quotient = ~tmpc (the complemented borrows), remainder = tmpa
 * </pre>
 * IDIV first makes both operands positive, flipping an internal sign flag F1 per negation (a REP
 * prefix starts F1 set: the undocumented quotient negation), and raises #DE afterwards if the
 * quotient overflowed the signed range. The 80286 and later use {@link MulDiv}.
 */
public final class Divide8086 {
    private Divide8086() {}

    /** The three microcode temporaries, the internal carry and F1. */
    private static final class Temps {
        long a, b, c;
        boolean cf, f1;
        final int size;
        final long m;

        Temps(int size) {
            this.size = size;
            this.m = mask(size);
        }

        boolean msb(long v) { return ((v >>> (size - 1)) & 1) != 0; }

        long rcl(long v) {
            boolean out = msb(v);
            long r = ((v << 1) | (cf ? 1 : 0)) & m;
            cf = out;
            return r;
        }
    }

    /** DIV or IDIV of (hi:lo) by {@code divisor}; returns quotient | remainder &lt;&lt; size, or throws #DE with {@link CpuState#faultFlags} set. */
    public static long divide(CpuState s, long hi, long lo, long divisor, int size, boolean signed, boolean repPrefix) {
        Temps t = new Temps(size);
        t.a = hi & t.m;
        t.c = lo & t.m;
        t.b = divisor & t.m;
        t.f1 = repPrefix;
        t.cf = t.msb(t.a);
        if (signed) preIdiv(t);
        cord(s, t);
        long quotient = ~t.c & t.m;
        if (signed) {
            if (!t.cf) throw divideError(s);
            if (t.msb(hi & t.m)) t.a = -t.a & t.m;
            quotient = t.f1 ? (t.c + 1) & t.m : ~t.c & t.m;
            s.setStatus(Flags.CF | Flags.OF, 0);
        }
        return quotient | t.a << size;
    }

    /** PREIDIV: negate a negative dividend (tmpa:tmpc) and a negative divisor, flipping F1 for each. */
    private static void preIdiv(Temps t) {
        if (t.cf) {
            boolean borrow = t.c != 0;
            t.c = -t.c & t.m;
            t.a = borrow ? ~t.a & t.m : -t.a & t.m;
            t.f1 = !t.f1;
        }
        if (t.msb(t.b)) {
            t.b = -t.b & t.m;
            t.f1 = !t.f1;
        }
    }

    /** CORD: the overflow check, then one shift-and-subtract step per quotient bit. */
    private static void cord(CpuState s, Temps t) {
        t.cf = subtractFlags(s, t, t.a);
        if (!t.cf) throw divideError(s);
        for (int i = 0; i < t.size; i++) {
            t.c = t.rcl(t.c);
            t.a = t.rcl(t.a);
            long diff = (t.a - t.b) & t.m;
            if (t.cf) {
                t.cf = false;
                t.a = diff;
            } else {
                t.cf = subtractFlags(s, t, t.a);
                if (!t.cf) t.a = diff;
            }
        }
        t.c = t.rcl(t.c);
        t.cf = t.msb(t.c);
        s.setStatus(Flags.CF, t.cf ? Flags.CF : 0);
    }

    /** Sets all six status flags from {@code a - tmpb} (the microcode's "F" step); returns the borrow. */
    private static boolean subtractFlags(CpuState s, Temps t, long a) {
        Alu.sub(s, a, t.b, t.size);
        s.materializeFlags();
        return Long.compareUnsigned(a, t.b) < 0;
    }

    private static GuestFault divideError(CpuState s) {
        s.faultFlags = s.statusFlags();
        return GuestFault.of(GuestFault.DE);
    }
}

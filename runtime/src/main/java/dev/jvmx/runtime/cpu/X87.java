package dev.jvmx.runtime.cpu;

/**
 * The x87 register stack in {@link CpuState} (SDM Vol. 1 §8.1): TOP in status bits 13:11,
 * ST(i) = R[(TOP + i) mod 8], a 2-bit tag per physical register (00 valid, 01 zero, 10 special,
 * 11 empty). Stack faults (SDM Vol. 1 §8.5.1.1): reading an empty register raises IE+SF (C1=0),
 * pushing onto a full stack IE+SF+C1; masked, the empty read yields the real indefinite and the push
 * pushes it; unmasked, the instruction leaves registers and TOP alone. The {@link F80Env} forms
 * collect these with the arithmetic exceptions; {@link #commit} writes them to the status word and
 * sets ES and B when one is unmasked, so the next waiting instruction raises #MF ({@link #pending}).
 *
 * <pre>
 *  status word: B C3 TOP(3) C2 C1 C0 ES SF PE UE OE ZE DE IE     (bit 15 .. bit 0)
 * </pre>
 */
public final class X87 {
    private X87() {}

    public static final int C0 = 1 << 8, C1 = 1 << 9, C2 = 1 << 10, C3 = 1 << 14;
    static final int IE = 1, SF = 1 << 6;
    /** Error summary (bit 7) and busy (bit 15), set together while an unmasked exception is pending. */
    public static final int ES = 1 << 7, B = 1 << 15;

    public static int top(CpuState s) { return (s.fpuStatus >> 11) & 7; }

    static void setTop(CpuState s, int top) {
        s.fpuStatus = (s.fpuStatus & ~(7 << 11)) | ((top & 7) << 11);
    }

    public static int physical(CpuState s, int i) { return (top(s) + i) & 7; }

    public static boolean isEmpty(CpuState s, int i) {
        return ((s.fpuTag >> (2 * physical(s, i))) & 3) == 3;
    }

    public static F80 st(CpuState s, int i) {
        int r = physical(s, i);
        if (((s.fpuTag >> (2 * r)) & 3) == 3) {
            s.fpuStatus = (s.fpuStatus | IE | SF) & ~C1;
            return F80.INDEFINITE;
        }
        return new F80(s.fprSe[r], s.fprSig[r]);
    }

    /** ST(i) for an operation under {@code env}: an empty register raises IE+SF and reads as the indefinite. */
    public static F80 st(CpuState s, int i, F80Env env) {
        int r = physical(s, i);
        if (((s.fpuTag >> (2 * r)) & 3) == 3) {
            env.raise(IE | SF);
            return F80.INDEFINITE;
        }
        return new F80(s.fprSe[r], s.fprSig[r]);
    }

    /**
     * Push under {@code env}: a full stack raises IE+SF+C1; unmasked, nothing is pushed. An unmasked IE
     * already raised (an SNaN load) suppresses the push too, but the stack check comes first (an SNaN
     * load onto a full stack reports SF and C1 as well: host-checked); an unmasked DE of FLD m32/m64
     * does not suppress it (the value is loaded and ES set: host-checked).
     */
    public static void push(CpuState s, F80 v, F80Env env) {
        int t = (top(s) - 1) & 7;
        if (((s.fpuTag >> (2 * t)) & 3) != 3) {
            env.raise(IE | SF | C1);
            if (env.unmasked(IE)) return;
            v = F80.INDEFINITE;
        } else if ((env.flags & ~env.masks & F80Env.IE) != 0) {
            return;
        }
        setTop(s, t);
        set(s, 0, v);
    }

    /**
     * Records an instruction's exceptions: the sticky flags IE..SF, C1 as the operation left it
     * (rounded up / stack overflow, else 0), and ES+B when any raised exception is unmasked
     * (SDM Vol. 1 §8.1.3.1, §8.6).
     */
    public static void commit(CpuState s, F80Env env) {
        int f = env.flags;
        int st = (s.fpuStatus & ~C1) | (f & (0x7F | C1));
        if ((f & ~env.masks & 0x3F) != 0) st |= ES | B;
        s.fpuStatus = st;
    }

    /**
     * ES and B after FLDCW, FLDENV or FRSTOR: set exactly when an exception flag is set whose mask is
     * clear, so that unmasking a pending flag makes the next waiting instruction raise #MF (SDM "FLDCW").
     */
    public static void recomputeSummary(CpuState s) {
        boolean pend = (s.fpuStatus & ~s.fpuControl & 0x3F) != 0;
        s.fpuStatus = (s.fpuStatus & ~(ES | B)) | (pend ? ES | B : 0);
    }

    /** True if an unmasked exception is pending: a waiting x87 (or MMX) instruction raises #MF first. */
    public static boolean pending(CpuState s) {
        return (s.fpuStatus & ES) != 0;
    }

    public static void set(CpuState s, int i, F80 v) {
        int r = physical(s, i);
        s.fprSe[r] = v.se();
        s.fprSig[r] = v.sig();
        s.fpuTag = (s.fpuTag & ~(3 << (2 * r))) | (tagOf(v) << (2 * r));
    }

    static int tagOf(F80 v) {
        if (v.isZero()) return 1;
        return v.exp() == 0x7FFF || v.exp() == 0 || v.sig() >= 0 ? 2 : 0;
    }

    /** Push; onto a full register the masked stack-overflow response pushes the indefinite instead (C1=1). */
    public static void push(CpuState s, F80 v) {
        int t = (top(s) - 1) & 7;
        boolean overflow = ((s.fpuTag >> (2 * t)) & 3) != 3;
        if (overflow) s.fpuStatus |= IE | SF | C1;
        setTop(s, t);
        set(s, 0, overflow ? F80.INDEFINITE : v);
    }

    public static void pop(CpuState s) {
        int r = top(s);
        s.fpuTag |= 3 << (2 * r);
        setTop(s, r + 1);
    }

    /** Marks ST(i) empty without moving TOP (FFREE). */
    public static void free(CpuState s, int i) {
        s.fpuTag |= 3 << (2 * physical(s, i));
    }

    public static void incTop(CpuState s, int delta) {
        setTop(s, top(s) + delta);
    }

    /** Sets C3 C2 C0 from a comparison result (-1, 0, 1, 2 unordered) as FCOM does; C1 cleared. */
    public static void setCompareCodes(CpuState s, int cmp) {
        int cc = switch (cmp) {
            case -1 -> C0;
            case 0 -> C3;
            case 1 -> 0;
            default -> C3 | C2 | C0;
        };
        s.fpuStatus = (s.fpuStatus & ~(C0 | C1 | C2 | C3)) | cc;
    }

    /**
     * The control word as FLDCW, FLDENV, FRSTOR and FXRSTOR load it: bits 15:13 and 7 are
     * reserved and read as 0, bit 6 reads as 1, bit 12 (the infinity control of the 287, SDM Vol. 1
     * §8.1.5) is kept. Measured on the host: 0x8000 -> 0x0040, 0x0033 -> 0x0073, 0xFFFF -> 0x1F7F.
     */
    public static int loadedControl(int value) { return value & 0x1F3F | 0x40; }

    /** RC field of the control word (bits 11:10). */
    public static int rc(CpuState s) { return (s.fpuControl >> 10) & 3; }

    /** FNINIT state (SDM Vol. 1 §8.7, Table 8-10 "FINIT"). */
    public static void init(CpuState s) {
        s.fpuControl = 0x037F;
        s.fpuStatus = 0;
        s.fpuTag = 0xFFFF;
    }

    /** FXAM class codes in C3 C2 C0 and the sign in C1 (SDM "FXAM"). */
    public static void examine(CpuState s) {
        int cc;
        if (isEmpty(s, 0)) {
            cc = C3 | C0;
        } else {
            F80 v = st(s, 0);
            if (v.isUnsupported()) cc = 0;
            else if (v.isNaN()) cc = C0;
            else if (v.isInf()) cc = C2 | C0;
            else if (v.isZero()) cc = C3;
            else if (v.exp() == 0) cc = C3 | C2;
            else cc = C2;
            if (v.sign()) cc |= C1;
        }
        if (isEmpty(s, 0) && ((s.fprSe[physical(s, 0)] & 0x8000) != 0)) cc |= C1;
        s.fpuStatus = (s.fpuStatus & ~(C0 | C1 | C2 | C3)) | cc;
    }
}

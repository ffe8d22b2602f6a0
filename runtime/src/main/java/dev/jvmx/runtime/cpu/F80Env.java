package dev.jvmx.runtime.cpu;

/**
 * The x87 environment one arithmetic operation runs in, and what it reports: rounding control,
 * precision control and the exception masks from the control word, and the exception flags and C1
 * the operation raised (SDM Vol. 1 §8.1.5, §8.5). One per executed instruction; the handler commits
 * it to the status word with {@link X87#commit}.
 *
 * <pre>
 *  control word:  X RC(2) PC(2) 1 PM UM OM ZM DM IM                  (bit 12 .. bit 0)
 *  PC: 00 = 24 bits, 10 = 53 bits, 11 = 64 bits (01 reserved: treated as 64, as on Intel)
 *  flags:         C1 (bit 9, "rounded up" or stack overflow)  SF PE UE OE ZE DE IE (bit 6 .. 0)
 * </pre>
 */
public final class F80Env {
    public static final int IE = 1, DE = 2, ZE = 4, OE = 8, UE = 16, PE = 32, SF = 64;

    /** Rounding control (0 nearest, 1 down, 2 up, 3 toward zero). */
    public final int rc;
    /** Significand precision of PC-controlled results: 24, 53 or 64. */
    public final int precision;
    /** Exception masks: bit set = masked (control word bits 5:0). */
    public final int masks;
    /** Exception flags raised so far (status-word positions) plus {@link X87#C1} if a result was rounded up. */
    public int flags;

    public F80Env(int rc, int precision, int masks) {
        this.rc = rc & 3;
        this.precision = precision;
        this.masks = masks & 0x3F;
    }

    /** From a control word; {@code pcApplies} false for instructions precision control does not affect. */
    public static F80Env of(int fcw, boolean pcApplies) {
        int pc = (fcw >> 8) & 3;
        return new F80Env(fcw >> 10, !pcApplies ? 64 : pc == 0 ? 24 : pc == 2 ? 53 : 64, fcw);
    }

    /** All exceptions masked, 64-bit precision: the FNINIT environment with rounding {@code rc}. */
    public static F80Env masked(int rc) {
        return new F80Env(rc, 64, 0x3F);
    }

    public boolean unmasked(int flag) {
        return (masks & flag) == 0;
    }

    /** True if an unmasked exception was raised: the instruction must not deliver its result. */
    public boolean faulted() {
        return (flags & ~masks & (IE | DE | ZE)) != 0;
    }

    void raise(int f) {
        flags |= f;
    }

    F80.Format format() {
        return precision == 24 ? F80.PC24 : precision == 53 ? F80.PC53 : F80.EXT;
    }
}

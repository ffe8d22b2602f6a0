package dev.jvmx.runtime.mem;

/**
 * A guest exception raised while executing an instruction: #PF, #GP, #UD, #DE, ...
 * Cheap to throw (no stack trace): it is guest control flow, not a host error.
 * The instruction that raised it has not committed any state (fault-like, SDM Vol. 3A §6.5).
 */
public final class GuestFault extends RuntimeException {
    public static final int DE = 0, DB = 1, NMI = 2, BP = 3, OF = 4, BR = 5, UD = 6, NM = 7, DF = 8,
            TS = 10, NP = 11, SS = 12, GP = 13, PF = 14, MF = 16, AC = 17, MC = 18, XM = 19, VE = 20;

    /** #PF error-code bits (SDM Vol. 3A §4.7). */
    public static final int PF_P = 1, PF_W = 2, PF_U = 4, PF_RSVD = 8, PF_I = 16;

    private final int vector;
    private final int errorCode;
    private final long address;

    public GuestFault(int vector, int errorCode, long address) {
        super(null, null, false, false);
        this.vector = vector;
        this.errorCode = errorCode;
        this.address = address;
    }

    public static GuestFault pageFault(long address, int errorCode) { return new GuestFault(PF, errorCode, address); }

    public static GuestFault of(int vector) { return new GuestFault(vector, -1, 0); }

    public static GuestFault of(int vector, int errorCode) { return new GuestFault(vector, errorCode, 0); }

    public int vector() { return vector; }

    /** The error code, or -1 when the vector has none. */
    public int errorCode() { return errorCode; }

    /** Faulting linear address (CR2) for #PF; 0 otherwise. */
    public long address() { return address; }

    @Override
    public String getMessage() {
        return switch (vector) {
            case PF -> String.format("#PF at 0x%x (error code %d)", address, errorCode);
            default -> "#" + name(vector) + (errorCode >= 0 ? "(" + errorCode + ")" : "");
        };
    }

    public static String name(int vector) {
        return switch (vector) {
            case DE -> "DE"; case DB -> "DB"; case NMI -> "NMI"; case BP -> "BP"; case OF -> "OF";
            case BR -> "BR"; case UD -> "UD"; case NM -> "NM"; case DF -> "DF"; case TS -> "TS";
            case NP -> "NP"; case SS -> "SS"; case GP -> "GP"; case PF -> "PF"; case MF -> "MF";
            case AC -> "AC"; case MC -> "MC"; case XM -> "XM"; case VE -> "VE";
            default -> "vector " + vector;
        };
    }
}

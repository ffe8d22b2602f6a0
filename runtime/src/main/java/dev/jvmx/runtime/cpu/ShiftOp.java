package dev.jvmx.runtime.cpu;

/** Shift and rotate group 2 in /digit order (SDM Vol. 2 App. A, Table A-6; /6 is SAL = SHL). */
public enum ShiftOp {
    ROL, ROR, RCL, RCR, SHL, SHR, SAL, SAR;

    private static final ShiftOp[] VALUES = values();

    public static ShiftOp ofDigit(int digit) { return VALUES[digit]; }
}

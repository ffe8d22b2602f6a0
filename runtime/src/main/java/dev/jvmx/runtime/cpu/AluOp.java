package dev.jvmx.runtime.cpu;

/**
 * The eight classic two-operand ALU operations in their opcode-extension order
 * (/digit of 80..83 and bits 5:3 of opcodes 00..3F; SDM Vol. 2 App. A, Table A-6).
 */
public enum AluOp {
    ADD, OR, ADC, SBB, AND, SUB, XOR, CMP;

    private static final AluOp[] VALUES = values();

    public static AluOp ofDigit(int digit) { return VALUES[digit]; }

    /** CMP computes a difference but writes only flags. */
    public boolean writesResult() { return this != CMP; }
}

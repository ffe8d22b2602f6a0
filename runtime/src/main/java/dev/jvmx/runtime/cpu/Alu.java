package dev.jvmx.runtime.cpu;

/**
 * Integer arithmetic and logic, written once: results are returned masked to the operand size,
 * flags go to {@link CpuState}'s lazy record. Operand values may carry junk above {@code size}.
 * SDM Vol. 2A/2B: ADD, ADC, SUB, SBB, AND, OR, XOR, CMP, TEST, INC, DEC, NEG.
 */
public final class Alu {
    private Alu() {}

    /** {@code a op b}; for CMP the difference (the caller does not store it). */
    public static long exec(CpuState s, AluOp op, long a, long b, int size) {
        return switch (op) {
            case ADD -> add(s, a, b, size);
            case OR -> logic(s, a | b, size);
            case ADC -> adc(s, a, b, size);
            case SBB -> sbb(s, a, b, size);
            case AND -> logic(s, a & b, size);
            case SUB, CMP -> sub(s, a, b, size);
            case XOR -> logic(s, a ^ b, size);
        };
    }

    public static long add(CpuState s, long a, long b, int size) {
        return LazyFlags.set(s, LazyFlags.ADD, size, a, b, a + b, 0);
    }

    public static long adc(CpuState s, long a, long b, int size) {
        long cin = s.cf() ? 1 : 0;
        return LazyFlags.set(s, LazyFlags.ADC, size, a, b, a + b + cin, cin);
    }

    public static long sub(CpuState s, long a, long b, int size) {
        return LazyFlags.set(s, LazyFlags.SUB, size, a, b, a - b, 0);
    }

    public static long sbb(CpuState s, long a, long b, int size) {
        long cin = s.cf() ? 1 : 0;
        return LazyFlags.set(s, LazyFlags.SBB, size, a, b, a - b - cin, cin);
    }

    /** AND/OR/XOR/TEST: CF=OF=0, SF ZF PF from the result, AF 0 (undefined; Intel clears it). */
    public static long logic(CpuState s, long res, int size) {
        return LazyFlags.set(s, LazyFlags.LOGIC, size, 0, 0, res, 0);
    }

    /** INC: CF unchanged. */
    public static long inc(CpuState s, long a, int size) {
        long cf = s.cf() ? 1 : 0;
        return LazyFlags.set(s, LazyFlags.INC, size, a, 1, a + 1, cf);
    }

    /** DEC: CF unchanged. */
    public static long dec(CpuState s, long a, int size) {
        long cf = s.cf() ? 1 : 0;
        return LazyFlags.set(s, LazyFlags.DEC, size, a, 1, a - 1, cf);
    }

    /** NEG: flags of 0 - a (CF set unless a is 0). */
    public static long neg(CpuState s, long a, int size) {
        return LazyFlags.set(s, LazyFlags.SUB, size, 0, a, -a, 0);
    }
}

package dev.jvmx.translator;

/**
 * Jcc straight after the instruction that set its flags: the condition computed from that
 * instruction's operands instead of from materialised flags ({@code Cond.test} builds all six
 * status flags, parity included, to test one or two). Used by generated code when a Jcc directly
 * follows an inline CMP/SUB or TEST/AND/OR/XOR of the same block; the lazy-flag record is still
 * written (later blocks may read it). Proven equal to {@code Cond.test} after {@code Alu.sub} /
 * {@code Alu.logic} by {@code FusedConditionsTest} over edge-value vectors, every size and code.
 *
 * <p>Operands arrive as the lazy record holds them: masked to {@code size} bits. Shifting left by
 * {@code 64 - size} puts the operand's sign bit at bit 63, so signed tests are plain long compares.
 */
public final class FusedConditions {
    private FusedConditions() {}

    /** Condition tttn (SDM Vol. 1 App. B) after {@code a - b} at {@code size} bits (SUB, CMP). */
    public static boolean afterSub(int tttn, int size, long a, long b) {
        int shift = 64 - size;
        long diff = a - b;
        boolean r = switch (tttn >> 1) {
            case 0 -> (((a ^ b) & (a ^ diff)) << shift) < 0;                       // O
            case 1 -> Long.compareUnsigned(a, b) < 0;                                // B
            case 2 -> a == b;                                                        // E
            case 3 -> Long.compareUnsigned(a, b) <= 0;                               // BE
            case 4 -> (diff << shift) < 0;                                           // S
            case 5 -> (Integer.bitCount((int) diff & 0xFF) & 1) == 0;                // P
            case 6 -> (a << shift) < (b << shift);                                   // L
            default -> (a << shift) <= (b << shift);                                 // LE
        };
        return r ^ ((tttn & 1) != 0);
    }

    /** Condition tttn after a logic operation with result {@code res} (TEST, AND, OR, XOR: CF = OF = 0). */
    public static boolean afterLogic(int tttn, int size, long res) {
        int shift = 64 - size;
        boolean r = switch (tttn >> 1) {
            case 0, 1 -> false;                                                      // O, B
            case 2, 3 -> (res << shift) == 0;                                        // E, BE
            case 4, 6 -> (res << shift) < 0;                                         // S, L (SF != OF)
            case 5 -> (Integer.bitCount((int) res & 0xFF) & 1) == 0;                 // P
            default -> (res << shift) <= 0;                                          // LE: ZF or SF
        };
        return r ^ ((tttn & 1) != 0);
    }
}

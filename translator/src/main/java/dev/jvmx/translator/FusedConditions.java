package dev.jvmx.translator;

import dev.jvmx.runtime.cpu.Cond;
import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.cpu.LazyFlags;
import dev.jvmx.runtime.cpu.MulDiv;
import dev.jvmx.runtime.cpu.ShiftOp;
import dev.jvmx.runtime.cpu.Shifts;
import dev.jvmx.x86.Flags;

/**
 * Conditions and the carry read from a lazy-flag record held in locals (generated code keeps the
 * record there, {@link RegisterCache}): after SUB/CMP the condition comes from the operands, after
 * a logic operation from the result, and ZF/SF/PF tests from the result after any operation,
 * instead of from materialised flags ({@code Cond.test} builds all six status flags, parity
 * included, to test one or two). When the record's kind is a constant (the instruction before the
 * Jcc was an inline flag producer) C2 folds the switch away. Proven equal to {@code Cond.test} and
 * {@code CpuState.cf} after every {@code Alu} operation by {@code FusedConditionsTest} over
 * edge-value vectors, every size and code.
 *
 * <p>Operands arrive as the lazy record holds them: masked to {@code size} bits. Shifting left by
 * {@code 64 - size} puts the operand's sign bit at bit 63, so signed tests are plain long compares.
 */
public final class FusedConditions {
    private FusedConditions() {}

    /**
     * Condition tttn of the record ({@code op, size, a, b, res, aux} as {@code LazyFlags.set} leaves
     * them). A record of kind NONE means the flags are in {@code cpu}'s RFLAGS word (the generated
     * code loaded that record from {@code cpu}, so {@code cpu.ccOp} is NONE too).
     */
    public static boolean test(CpuState cpu, int tttn, int op, int size, long a, long b, long res, long aux) {
        switch (op) {
            case LazyFlags.SUB: return afterSub(tttn, size, a, b);
            case LazyFlags.LOGIC: return afterLogic(tttn, size, res);
            case LazyFlags.NONE: return Cond.test(cpu, tttn);
            default:
                int t = tttn >> 1;
                // ZF, SF, PF from the result (LazyFlags.szp, and the shifts'); IMUL clears ZF
                if ((t == 2 || t == 4 || t == 5) && op != DEFERRED_IMUL) return afterLogic(tttn, size, res);
                commit(cpu, op, size, a, b, res, aux);
                return Cond.test(cpu, tttn);
        }
    }

    /**
     * Record kinds only generated code holds (never {@code CpuState}): an instruction whose shared
     * helper sets all six status flags eagerly (SHL/SHR/SAR by a non-zero immediate count, IMUL of
     * two or three operands), recorded by its inputs ({@code a} the value, {@code b} the count or
     * second factor) so the flags are computed only where something reads them: {@link #commit}
     * runs the shared helper then.
     */
    static final int DEFERRED_SHL = 32, DEFERRED_SHR = 33, DEFERRED_SAR = 34, DEFERRED_IMUL = 35;

    /**
     * Writes the record to {@code cpu} as the interpreter would have left it: a {@code LazyFlags}
     * record as it is; a deferred one by running its shared helper (which sets all six status flags,
     * so the record before it does not matter and is dropped first).
     */
    public static void commit(CpuState cpu, int op, int size, long a, long b, long res, long aux) {
        if (op < DEFERRED_SHL) {
            cpu.ccOp = op;
            cpu.ccSize = size;
            cpu.ccA = a;
            cpu.ccB = b;
            cpu.ccRes = res;
            cpu.ccAux = aux;
            return;
        }
        cpu.ccOp = LazyFlags.NONE;
        switch (op) {
            case DEFERRED_SHL -> Shifts.exec(cpu, ShiftOp.SHL, a, b, size, true);
            case DEFERRED_SHR -> Shifts.exec(cpu, ShiftOp.SHR, a, b, size, true);
            case DEFERRED_SAR -> Shifts.exec(cpu, ShiftOp.SAR, a, b, size, true);
            default -> MulDiv.imul(cpu, a, b, size);
        }
    }

    /** CF of the record (see {@link #test}), 0 or 1. */
    public static long carry(CpuState cpu, int op, int size, long a, long b, long res, long aux) {
        return switch (op) {
            case LazyFlags.ADD -> Long.compareUnsigned(res, a) < 0 ? 1 : 0;
            case LazyFlags.SUB -> Long.compareUnsigned(a, b) < 0 ? 1 : 0;
            case LazyFlags.LOGIC -> 0;
            case LazyFlags.INC, LazyFlags.DEC -> aux & Flags.CF;
            case LazyFlags.NONE -> cpu.cf() ? 1 : 0;
            case LazyFlags.ADC, LazyFlags.SBB -> LazyFlags.status(op, size, a, b, res, aux) & Flags.CF;
            default -> {
                commit(cpu, op, size, a, b, res, aux);
                yield cpu.cf() ? 1 : 0;
            }
        };
    }

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

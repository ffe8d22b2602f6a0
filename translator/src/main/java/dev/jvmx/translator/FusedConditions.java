package dev.jvmx.translator;

import dev.jvmx.runtime.cpu.BitOps;
import dev.jvmx.runtime.cpu.Cond;
import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.cpu.LazyFlags;
import dev.jvmx.runtime.cpu.MulDiv;
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
     * Condition tttn of the record held in locals ({@code code} = kind | size &lt;&lt; 8, {@link #code};
     * {@code a, b, res, aux} in the compact layout, see {@link #IN_CPU}).
     */
    public static boolean test(CpuState cpu, int tttn, int code, long a, long b, long res, long aux) {
        return test(cpu, tttn, code & 0xFF, code >>> 8, a, b, res, aux);
    }

    /**
     * Condition tttn of the record ({@code op, size, a, b, res, aux} as {@code LazyFlags.set} leaves
     * them, or in the compact layout). A record of kind NONE means the flags are in {@code cpu}'s
     * RFLAGS word (the locals were set from {@code cpu}, so {@code cpu.ccOp} is NONE too); of kind
     * {@link #IN_CPU}, that {@code cpu}'s own record is the one.
     */
    public static boolean test(CpuState cpu, int tttn, int op, int size, long a, long b, long res, long aux) {
        int t = tttn >> 1;
        switch (op) {
            case LazyFlags.SUB: return afterSub(tttn, size, a, b);
            case LazyFlags.LOGIC: return afterLogic(tttn, size, res);
            case LazyFlags.NONE, IN_CPU: return Cond.test(cpu, tttn);
            default:
                if (op >= ROTATED) { // ZF, SF, PF those of the record before the rotates
                    if (t == 2 || t == 4 || t == 5) return test(cpu, tttn, op & ~ROTATED, size, a, b, res, 0);
                    return Cond.holds(status(cpu, op, size, a, b, res, aux), tttn);
                }
                // ZF, SF, PF from the result (LazyFlags.szp, and the shifts'); not so for IMUL and the bit scans
                if ((t == 2 || t == 4 || t == 5) && op < DEFERRED_IMUL) return afterLogic(tttn, size, result(op, size, a, b, res));
                return Cond.holds(status(cpu, op, size, a, b, res, aux), tttn);
        }
    }

    /** The record kind and size as generated code keeps them, in one int local: kind | size &lt;&lt; 8. */
    static int code(int op, int size) {
        return op | size << 8;
    }

    /**
     * Kind of a record in locals meaning "the record is {@code cpu}'s own" ({@code cpu.ccOp...}):
     * generated code holds it from its entry and after each call that leaves the flags in
     * {@code cpu}, with {@code a, b, res, aux} zero, so it loads nothing and a loop's record locals
     * hold constants on entry. Fields a kind does not need, or that follow from the others, are
     * kept zero too (derived here, {@link #result}, {@link #operandB}): constants the same on
     * every path, which C2 folds instead of carrying them round a loop.
     * <pre>
     *  kind          a      b      res     aux
     *  ADD, SUB      dst    src    0       0
     *  ADC, SBB      dst    src    result  carry in
     *  INC, DEC      0      0      result  CF before
     *  LOGIC         0      0      result  0
     *  DEFERRED_*    input  count/factor  result  0
     *  IN_CPU        0      0      0       0
     * </pre>
     */
    static final int IN_CPU = 63;

    /**
     * Whether a record of kind {@code op} in locals keeps its result in {@code res}; ADD and SUB
     * do not ({@link #result} computes it from the operands). The one statement of that column of
     * the table above: {@code FlagCode} writes and reads records by it, {@code FlagSeeds} guesses
     * a loop's record by it.
     */
    static boolean storesResult(int op) {
        return op != LazyFlags.ADD && op != LazyFlags.SUB;
    }

    /** Whether a record of kind {@code op} in locals keeps its operands in {@code a} and {@code b} (INC, DEC, LOGIC do not: {@link #operandA}). */
    static boolean storesOperands(int op) {
        return op != LazyFlags.INC && op != LazyFlags.DEC && op != LazyFlags.LOGIC;
    }

    /** The result of a record in locals: stored, or (ADD, SUB) computed from the operands. */
    static long result(int op, int size, long a, long b, long res) {
        long r = storesResult(op) ? res : op == LazyFlags.ADD ? a + b : a - b;
        return r & LazyFlags.mask(size);
    }

    /** The first operand of a record in locals: stored, or (INC, DEC) computed from the result. */
    static long operandA(int op, int size, long a, long res) {
        return switch (op) {
            case LazyFlags.INC -> (res - 1) & LazyFlags.mask(size);
            case LazyFlags.DEC -> (res + 1) & LazyFlags.mask(size);
            default -> a;
        };
    }

    /** The second operand of a record in locals: 1 for INC and DEC (not stored). */
    static long operandB(int op, long b) {
        return op == LazyFlags.INC || op == LazyFlags.DEC ? 1 : b;
    }

    /**
     * Record kinds only generated code holds (never {@code CpuState}): an instruction whose shared
     * helper sets all six status flags eagerly (SHL/SHR/SAR by a non-zero immediate count, IMUL of
     * two or three operands), recorded by its inputs ({@code a} the value, {@code b} the count or
     * second factor) so the flags are computed only where something reads them ({@link #status}:
     * the helpers' pure flag functions, {@code Shifts.shlStatus}... and {@code MulDiv.imulStatus}).
     */
    static final int DEFERRED_SHL = 32, DEFERRED_SHR = 33, DEFERRED_SAR = 34, DEFERRED_IMUL = 35;

    /**
     * Deferred bit scans and counts ({@code a} the source masked to the size): their flags are
     * not those of the result ({@code BitOps.bsfStatus}...), so no condition reads the result.
     */
    static final int DEFERRED_BSF = 36, DEFERRED_BSR = 37, DEFERRED_TZCNT = 38, DEFERRED_LZCNT = 39, DEFERRED_POPCNT = 40;

    /**
     * Kind bit of a record after ROL/ROR (SDM Vol. 2B "RCL/RCR/ROL/ROR": they write CF, and OF,
     * and keep SF/ZF/AF/PF): {@code op & ~ROTATED} and {@code size, a, b, res} are the record
     * before the rotates, left in place, and {@code aux} holds the flags the rotates wrote: their
     * bits in the low word, the mask of the flags written (CF, or CF|OF) shifted left by 32. The
     * record before needs no {@code aux} for those flags ({@code aux} is only ever an incoming
     * carry, and CF is always written). So a rotate computes nothing of the flags before it, and
     * its own are plain arithmetic C2 drops when nothing reads them.
     */
    static final int ROTATED = 64;

    /** The six status flags the record describes, without writing {@code cpu} (a record of kind NONE reads them from it). */
    public static int status(CpuState cpu, int op, int size, long a, long b, long res, long aux) {
        if (op >= ROTATED) {
            int written = (int) (aux >>> 32);
            return status(cpu, op & ~ROTATED, size, a, b, res, 0) & ~written | (int) aux & written;
        }
        return switch (op) {
            case LazyFlags.NONE, IN_CPU -> cpu.statusFlags();
            case DEFERRED_SHL -> Shifts.shlStatus(a, (int) b, size);
            case DEFERRED_SHR -> Shifts.shrStatus(a, (int) b, size);
            case DEFERRED_SAR -> Shifts.sarStatus(a, (int) b, size);
            case DEFERRED_IMUL -> MulDiv.imulStatus(a, b, size);
            case DEFERRED_BSF -> BitOps.bsfStatus(a, size);
            case DEFERRED_BSR -> BitOps.bsrStatus(a, size);
            case DEFERRED_TZCNT -> BitOps.tzcntStatus(a, size);
            case DEFERRED_LZCNT -> BitOps.lzcntStatus(a, size);
            case DEFERRED_POPCNT -> BitOps.popcntStatus(a);
            default -> LazyFlags.status(op, size, operandA(op, size, a, res), operandB(op, b), result(op, size, a, b, res), aux);
        };
    }

    /** {@link #commit} of a record in locals ({@code code}: {@link #code}). */
    public static void commit(CpuState cpu, int code, long a, long b, long res, long aux) {
        commit(cpu, code & 0xFF, code >>> 8, a, b, res, aux);
    }

    /**
     * Writes the record to {@code cpu} as the interpreter would have left it: a {@code LazyFlags}
     * record as {@code LazyFlags.set} leaves it (fields the compact layout leaves out computed);
     * {@link #IN_CPU} not at all (it is there); any other as the flags it describes ({@link #status}).
     */
    public static void commit(CpuState cpu, int op, int size, long a, long b, long res, long aux) {
        if (op == IN_CPU) return;
        if (op < DEFERRED_SHL) {
            cpu.ccOp = op;
            cpu.ccSize = size;
            cpu.ccA = operandA(op, size, a, res);
            cpu.ccB = operandB(op, b);
            cpu.ccRes = result(op, size, a, b, res);
            cpu.ccAux = aux;
            return;
        }
        int f = status(cpu, op, size, a, b, res, aux);
        cpu.ccOp = LazyFlags.NONE;
        cpu.setStatus(Flags.STATUS, f);
    }

    /** {@link #carry} of a record in locals ({@code code}: {@link #code}). */
    public static long carry(CpuState cpu, int code, long a, long b, long res, long aux) {
        return carry(cpu, code & 0xFF, code >>> 8, a, b, res, aux);
    }

    /** CF of the record (see {@link #test}), 0 or 1. */
    public static long carry(CpuState cpu, int op, int size, long a, long b, long res, long aux) {
        return switch (op) {
            case LazyFlags.ADD -> Long.compareUnsigned(result(op, size, a, b, res), a) < 0 ? 1 : 0;
            case LazyFlags.SUB -> Long.compareUnsigned(a, b) < 0 ? 1 : 0;
            case LazyFlags.LOGIC -> 0;
            case LazyFlags.INC, LazyFlags.DEC -> aux & Flags.CF;
            case LazyFlags.NONE, IN_CPU -> cpu.cf() ? 1 : 0;
            default -> status(cpu, op, size, a, b, res, aux) & Flags.CF;
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

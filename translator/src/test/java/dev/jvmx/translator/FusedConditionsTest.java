package dev.jvmx.translator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jvmx.runtime.cpu.Alu;
import dev.jvmx.runtime.cpu.Cond;
import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.cpu.LazyFlags;
import dev.jvmx.runtime.cpu.MulDiv;
import dev.jvmx.runtime.cpu.ShiftOp;
import dev.jvmx.runtime.cpu.Shifts;
import dev.jvmx.x86.Flags;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link FusedConditions} agrees with {@link Cond#test} after the shared ALU semantics, for every code and size. */
class FusedConditionsTest {
    static final long[] EDGES = {0, 1, 2, 0x7F, 0x80, 0xFF, 0x100, 0x7FFF, 0x8000, 0xFFFF, 0x7FFF_FFFFL, 0x8000_0000L,
        0xFFFF_FFFFL, 0x1_0000_0000L, Long.MAX_VALUE, Long.MIN_VALUE, -1, -2, 0x5555_5555_5555_5555L};
    static final int[] SIZES = {8, 16, 32, 64};

    static long[] values() {
        Random r = new Random(11);
        long[] v = new long[EDGES.length + 12];
        System.arraycopy(EDGES, 0, v, 0, EDGES.length);
        for (int k = EDGES.length; k < v.length; k++) v[k] = r.nextLong();
        return v;
    }

    @Test
    void afterSubMatchesCondTest() {
        CpuState s = new CpuState();
        for (int size : SIZES) for (long a : values()) for (long b : values()) {
            Alu.sub(s, a, b, size);
            for (int cc = 0; cc < 16; cc++) {
                assertEquals(Cond.test(s, cc), FusedConditions.afterSub(cc, size, s.ccA, s.ccB),
                        "cc " + cc + " size " + size + " a " + Long.toHexString(a) + " b " + Long.toHexString(b));
            }
        }
    }

    @Test
    void afterLogicMatchesCondTest() {
        CpuState s = new CpuState();
        for (int size : SIZES) for (long a : values()) for (long b : values()) {
            for (long res : new long[] {a & b, a | b, a ^ b}) {
                Alu.logic(s, res, size);
                for (int cc = 0; cc < 16; cc++) {
                    assertEquals(Cond.test(s, cc), FusedConditions.afterLogic(cc, size, s.ccRes),
                            "cc " + cc + " size " + size + " res " + Long.toHexString(res));
                }
            }
        }
    }

    /**
     * The record in locals: after every Alu operation (with both incoming carries), {@code test} and
     * {@code carry} over the record agree with {@code Cond.test} and {@code cf()} of the CPU the
     * operation ran on; after a shift or IMUL, {@code commit} of the deferred record leaves the
     * flags the shared helper leaves.
     */
    @Test
    void theRecordInLocalsAgreesWithTheInterpreterAfterEveryOperation() {
        for (int size : SIZES) for (long a : values()) for (long b : values()) for (boolean cin : new boolean[] {false, true}) {
            for (int op = 0; op < 7; op++) {
                CpuState s = new CpuState();
                s.setRflags(cin ? 1 : 0);
                int kind = aluOp(s, op, a, b, size);
                String where = "op " + op + " size " + size + " a " + Long.toHexString(a) + " b " + Long.toHexString(b) + " cin " + cin;
                long ccA = s.ccA, ccB = s.ccB, ccRes = s.ccRes, ccAux = s.ccAux;
                assertEquals(s.cf() ? 1 : 0, FusedConditions.carry(s, kind, size, ccA, ccB, ccRes, ccAux), where);
                for (int cc = 0; cc < 16; cc++) {
                    assertEquals(Cond.test(s, cc), FusedConditions.test(s, cc, kind, size, ccA, ccB, ccRes, ccAux), where + " cc " + cc);
                }
                // the compact record FlagCode keeps in locals reads the same and commits the interpreter's record
                long[] c = compact(kind, ccA, ccB, ccRes, ccAux);
                int code = FusedConditions.code(kind, size);
                assertEquals(s.cf() ? 1 : 0, FusedConditions.carry(s, code, c[0], c[1], c[2], c[3]), where);
                for (int cc = 0; cc < 16; cc++) {
                    assertEquals(Cond.test(s, cc), FusedConditions.test(s, cc, code, c[0], c[1], c[2], c[3]), where + " compact cc " + cc);
                }
                CpuState got = new CpuState();
                FusedConditions.commit(got, code, c[0], c[1], c[2], c[3]);
                assertEquals(List.of(s.ccOp, s.ccSize, s.ccA, s.ccB, s.ccRes, s.ccAux),
                        List.of(got.ccOp, got.ccSize, got.ccA, got.ccB, got.ccRes, got.ccAux), where + " committed");
                // a record marked as the CPU's own reads the CPU and commits nothing
                int inCpu = FusedConditions.code(FusedConditions.IN_CPU, 0);
                assertEquals(s.cf() ? 1 : 0, FusedConditions.carry(s, inCpu, 0, 0, 0, 0), where);
                for (int cc = 0; cc < 16; cc++) assertEquals(Cond.test(s, cc), FusedConditions.test(s, cc, inCpu, 0, 0, 0, 0), where);
                FusedConditions.commit(s, inCpu, 0, 0, 0, 0);
                assertEquals(List.of(kind, ccA, ccB, ccRes, ccAux), List.of(s.ccOp, s.ccA, s.ccB, s.ccRes, s.ccAux), where + " in the CPU");
            }
            for (int kind = FusedConditions.DEFERRED_SHL; kind <= FusedConditions.DEFERRED_IMUL; kind++) {
                long count = (b & (size == 64 ? 63 : 31)) | 1;
                if (kind == FusedConditions.DEFERRED_IMUL && size == 8) continue;
                CpuState ref = new CpuState();
                ref.setRflags(cin ? 1 : 0);
                Alu.add(ref, a, b, size); // a pending record the deferred one replaces
                switch (kind) {
                    case FusedConditions.DEFERRED_SHL -> Shifts.exec(ref, ShiftOp.SHL, a, count, size, true);
                    case FusedConditions.DEFERRED_SHR -> Shifts.exec(ref, ShiftOp.SHR, a, count, size, true);
                    case FusedConditions.DEFERRED_SAR -> Shifts.exec(ref, ShiftOp.SAR, a, count, size, true);
                    default -> MulDiv.imul(ref, a, b, size);
                }
                CpuState got = new CpuState();
                got.setRflags(cin ? 1 : 0);
                Alu.add(got, a, b, size);
                long second = kind == FusedConditions.DEFERRED_IMUL ? b : count;
                FusedConditions.commit(got, kind, size, a & LazyFlags.mask(size), second, 0, 0);
                assertEquals(ref.rflags(), got.rflags(), "deferred " + kind + " size " + size + " a " + Long.toHexString(a));
            }
        }
    }

    /**
     * A rotate after every Alu operation: the record marked {@link FusedConditions#ROTATED} with
     * the rotate's CF/OF in {@code aux} (as {@code FlagCode.rotated} leaves it) reads back as the
     * flags {@code Shifts} leaves on the CPU the operation ran on: every condition, the carry, and
     * the committed RFLAGS.
     */
    @Test
    void aRotatedRecordAgreesWithTheInterpreter() {
        for (int size : SIZES) for (long a : values()) for (long b : values()) for (int op = 0; op < 7; op++) {
            for (ShiftOp rot : new ShiftOp[] {ShiftOp.ROL, ShiftOp.ROR}) for (boolean imm : new boolean[] {false, true}) {
                int count = (int) (b >>> 7) & Shifts.countMask(size) | 1;
                CpuState ref = new CpuState();
                ref.setRflags(b & 1);
                int kind = aluOp(ref, op, a, b, size);
                long ccA = ref.ccA, ccB = ref.ccB, ccRes = ref.ccRes;
                long v = b & LazyFlags.mask(size);
                long res = Shifts.exec(ref, rot, v, count, size, imm);
                int written = imm && count != 1 ? Flags.CF : Flags.CF | Flags.OF;
                int bits = rot == ShiftOp.ROL ? Shifts.rolFlags(v, res, size) : Shifts.rorFlags(v, res, size);
                long aux = (long) written << 32 | bits & written;
                int marked = kind | FusedConditions.ROTATED;
                String where = rot + " imm " + imm + " after op " + op + " size " + size + " a " + Long.toHexString(a) + " b " + Long.toHexString(b);
                assertEquals(ref.cf() ? 1 : 0, FusedConditions.carry(ref, marked, size, ccA, ccB, ccRes, aux), where);
                for (int cc = 0; cc < 16; cc++) {
                    assertEquals(Cond.test(ref, cc), FusedConditions.test(ref, cc, marked, size, ccA, ccB, ccRes, aux), where + " cc " + cc);
                }
                CpuState got = new CpuState();
                got.setRflags(b & 1);
                FusedConditions.commit(got, marked, size, ccA, ccB, ccRes, aux);
                assertEquals(ref.rflags(), got.rflags(), where);
                long[] c = compact(kind, ccA, ccB, ccRes, 0);
                int code = FusedConditions.code(marked, size);
                assertEquals(ref.cf() ? 1 : 0, FusedConditions.carry(ref, code, c[0], c[1], c[2], aux), where);
                for (int cc = 0; cc < 16; cc++) {
                    assertEquals(Cond.test(ref, cc), FusedConditions.test(ref, cc, code, c[0], c[1], c[2], aux), where + " compact cc " + cc);
                }
                got = new CpuState();
                got.setRflags(b & 1);
                FusedConditions.commit(got, code, c[0], c[1], c[2], aux);
                assertEquals(ref.rflags(), got.rflags(), where + " compact");
            }
        }
    }

    /**
     * The record as {@code FlagCode} keeps it in locals (the layout in {@link FusedConditions#IN_CPU}):
     * ADD/SUB without the result, INC/DEC with the result only.
     */
    private static long[] compact(int kind, long a, long b, long res, long aux) {
        return switch (kind) {
            case LazyFlags.ADD, LazyFlags.SUB -> new long[] {a, b, 0, aux};
            case LazyFlags.INC, LazyFlags.DEC -> new long[] {0, 0, res, aux};
            default -> new long[] {a, b, res, aux};
        };
    }

    private static int aluOp(CpuState s, int op, long a, long b, int size) {
        switch (op) {
            case 0 -> Alu.add(s, a, b, size);
            case 1 -> Alu.adc(s, a, b, size);
            case 2 -> Alu.sub(s, a, b, size);
            case 3 -> Alu.sbb(s, a, b, size);
            case 4 -> Alu.logic(s, a ^ b, size);
            case 5 -> Alu.inc(s, a, size);
            default -> Alu.dec(s, a, size);
        }
        return s.ccOp;
    }
}

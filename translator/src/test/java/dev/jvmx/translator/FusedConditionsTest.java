package dev.jvmx.translator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jvmx.runtime.cpu.Alu;
import dev.jvmx.runtime.cpu.Cond;
import dev.jvmx.runtime.cpu.CpuState;
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
}

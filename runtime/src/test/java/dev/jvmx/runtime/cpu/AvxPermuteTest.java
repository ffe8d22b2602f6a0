package dev.jvmx.runtime.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jvmx.x86.Flags;
import org.junit.jupiter.api.Test;

/** {@link AvxPermute} on hand-checked vectors (quadwords listed low to high). */
class AvxPermuteTest {
    static final long[] A = {0x0000_0001_0000_0000L, 0x0000_0003_0000_0002L, 0x0000_0005_0000_0004L, 0x0000_0007_0000_0006L};
    static final long[] B = {0x0000_0011_0000_0010L, 0x0000_0013_0000_0012L, 0x0000_0015_0000_0014L, 0x0000_0017_0000_0016L};

    @Test
    void perm2x128SelectsAndZeroesHalves() {
        assertArrayEquals(new long[] {B[2], B[3], A[0], A[1]}, AvxPermute.perm2x128(A, B, 0x03));
        assertArrayEquals(new long[] {0, 0, A[2], A[3]}, AvxPermute.perm2x128(A, B, 0x18));
    }

    @Test
    void permqAndPermdReorder() {
        assertArrayEquals(new long[] {A[3], A[2], A[1], A[0]}, AvxPermute.permq(A, 0x1B));
        // dword indices 7..0 reverse the dwords
        long[] idx = {0x0000_0006_0000_0007L, 0x0000_0004_0000_0005L, 0x0000_0002_0000_0003L, 0x0000_0000_0000_0001L};
        assertArrayEquals(new long[] {0x0000_0006_0000_0007L, 0x0000_0004_0000_0005L, 0x0000_0002_0000_0003L, 0x0000_0000_0000_0001L},
                AvxPermute.permd(idx, A));
    }

    @Test
    void permilStaysInsideEachLane() {
        assertArrayEquals(new long[] {0x0000_0003_0000_0003L, 0x0000_0003_0000_0003L, 0x0000_0007_0000_0007L, 0x0000_0007_0000_0007L},
                AvxPermute.permilpsImm(A, 0xFF));
        assertArrayEquals(new long[] {A[1], A[0], A[3], A[2]}, AvxPermute.permilpdImm(A, 0b0101));
    }

    @Test
    void variableShiftsSaturateTheirCounts() {
        long[] v = {0x8000_0000_0000_0001L, 0, 0, 0}, counts = {0x0000_0020_0000_0001L, 0, 0, 0};
        assertArrayEquals(new long[] {0x0000_0000_0000_0002L, 0, 0, 0}, AvxPermute.shiftVariable(v, counts, 32, 0));
        assertArrayEquals(new long[] {0xFFFF_FFFF_0000_0000L, 0, 0, 0}, AvxPermute.shiftVariable(v, counts, 32, 2));
        assertArrayEquals(new long[] {0x4000_0000_0000_0000L, 0, 0, 0}, AvxPermute.shiftVariable(v, new long[] {1, 0, 0, 0}, 64, 1));
    }

    @Test
    void blendvAndTestUseSignBits() {
        long[] mask = {0x8000_0000_0000_0000L, 0, 0, -1L};
        assertArrayEquals(new long[] {0x0000_0011_0000_0000L, A[1], A[2], B[3]}, AvxPermute.blendv(A, B, mask, 32));
        assertEquals(Flags.ZF, AvxPermute.test(new long[] {0, 0}, new long[] {-1L, -1L}, 64) & (Flags.ZF | Flags.CF));
        assertEquals(Flags.ZF | Flags.CF, AvxPermute.test(new long[] {-1L, 0}, new long[] {0x7FFF_FFFF_FFFF_FFFFL, 0}, 64));
    }
}

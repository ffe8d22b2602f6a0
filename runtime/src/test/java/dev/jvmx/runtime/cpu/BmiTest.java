package dev.jvmx.runtime.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jvmx.x86.Flags;
import org.junit.jupiter.api.Test;

/**
 * Known vectors for {@link Bmi} and {@link Clmul}: values computed on an Intel host with the
 * compiler intrinsics ({@code _pdep_u64}, {@code _pext_u64}, {@code _mm_clmulepi64_si128}); the
 * CLMUL operands are those of Intel's "Carry-Less Multiplication Instruction" white paper.
 */
class BmiTest {
    @Test
    void pdepAndPextKnownValues() {
        assertEquals(0x45006780L, Bmi.pdep(0x12345678L, 0xFF00FFF0L, 64));
        assertEquals(0x12567L, Bmi.pext(0x12345678L, 0xFF00FFF0L, 64));
        assertEquals(0xB0E0E0F0L, Bmi.pdep(0xDEADBEEFL, 0xF0F0F0F0L, 32));
        assertEquals(2L, Bmi.pext(0xFEDCBA9876543210L, 0x8000000000000001L, 64));
        assertEquals(0xFFFF_FFFFL, Bmi.pdep(-1L, -1L, 32)); // the mask is cut to the operand size
    }

    @Test
    void bextrAndBzhiEdgeControls() {
        CpuState s = new CpuState();
        assertEquals(0x34L, Bmi.bextr(s, 0x12345678L, 0x0810, 32));
        assertEquals(0L, Bmi.bextr(s, 0x12345678L, 0x0820, 32)); // start past the operand
        assertEquals(Flags.ZF, s.statusFlags() & Flags.ZF);
        assertEquals(0x1234_5678L, Bmi.bextr(s, 0x12345678L, 0xFF00, 32)); // length past the operand
        assertEquals(0x5678L, Bmi.bzhi(s, 0x12345678L, 16, 32));
        assertEquals(0, s.statusFlags() & Flags.CF);
        assertEquals(-1L, Bmi.bzhi(s, -1L, 64, 64)); // index = size: nothing cleared, CF set
        assertEquals(Flags.CF, s.statusFlags() & Flags.CF);
    }

    @Test
    void blsFamilyFlags() {
        CpuState s = new CpuState();
        assertEquals(0L, Bmi.blsi(s, 0, 64));
        assertEquals(Flags.ZF, s.statusFlags() & (Flags.ZF | Flags.CF));
        assertEquals(-1L, Bmi.blsmsk(s, 0, 64));
        assertEquals(Flags.CF | Flags.SF, s.statusFlags() & (Flags.CF | Flags.SF | Flags.ZF));
        assertEquals(0x10L, Bmi.blsr(s, 0x18, 32));
    }

    @Test
    void adcxChainsThroughCarryOnly() {
        CpuState s = new CpuState();
        s.setRflags(Flags.CF | Flags.OF | 2);
        assertEquals(0L, Bmi.addCarry(s, -1L, 0, 64, false)); // carry in, carry out
        assertEquals(Flags.CF | Flags.OF, s.statusFlags() & (Flags.CF | Flags.OF));
        assertEquals(5L, Bmi.addCarry(s, 2, 2, 32, true)); // ADOX: OF in, OF out clear, CF kept
        assertEquals(Flags.CF, s.statusFlags() & (Flags.CF | Flags.OF));
    }

    @Test
    void mulxAndShiftsWithoutFlags() {
        assertEquals(0xFFFF_FFFF_FFFF_FFFEL, Bmi.mulxHigh(-1L, -1L, 64));
        assertEquals(1L, Bmi.mulxLow(-1L, -1L, 64));
        assertEquals(0xFFFF_FFFEL, Bmi.mulxHigh(0xFFFF_FFFFL, 0xFFFF_FFFFL, 32));
        assertEquals(0x8000_0000L, Bmi.rorx(1, 33, 32));
        assertEquals(0xFFFF_FFFFL, Bmi.shiftx(0x8000_0000L, 63, 32, 2)); // SARX count masked to 31
    }

    @Test
    void clmulWhitePaperVectors() {
        long[] a = {0x63746f725d53475dL, 0x7b5b546573745665L}, b = {0x5b477565726f6e5dL, 0x4869285368617929L};
        assertArrayEquals(new long[] {0x929633d5d36f0451L, 0x1d4d84c85c3440c0L}, Clmul.pclmulqdq(a, b, 0x00));
        assertArrayEquals(new long[] {0xbabf262df4b7d5c9L, 0x1a2bf6db3a30862fL}, Clmul.pclmulqdq(a, b, 0x01));
        assertArrayEquals(new long[] {0x7fa540ac2a281315L, 0x1bd17c8d556ab5a1L}, Clmul.pclmulqdq(a, b, 0x10));
        assertArrayEquals(new long[] {0xd66ee03e410fd4edL, 0x1d1e1f2c592e7c45L}, Clmul.pclmulqdq(a, b, 0x11));
    }
}

package dev.jvmx.runtime.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvmx.x86.Feature;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What the guest sees through CPUID and RDTSC (SDM Vol. 2A "CPUID", Table 3-8). */
class CpuModelTest {
    private final CpuModel m = CpuModel.defaultModel();

    private static String text(int... regs) {
        ByteBuffer b = ByteBuffer.allocate(4 * regs.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int r : regs) b.putInt(r);
        return new String(b.array(), StandardCharsets.US_ASCII);
    }

    @Test
    void vendorAndMaximumLeaves() {
        int[] l0 = m.cpuid(0, 0);
        assertEquals("GenuineIntel", text(l0[1], l0[3], l0[2]));
        assertEquals(0xD, l0[0]);
        assertEquals(0x8000_0008, m.cpuid(0x8000_0000, 0)[0]);
    }

    @Test
    void brandStringIsNulTerminatedAscii() {
        String brand = text(m.cpuid(0x8000_0002, 0)) + text(m.cpuid(0x8000_0003, 0)) + text(m.cpuid(0x8000_0004, 0));
        assertTrue(brand.startsWith("jvmx virtual x86-64 CPU"), brand);
        assertEquals('\0', brand.charAt(47));
    }

    @Test
    void advertisesSse42ButNothingUnimplemented() {
        int[] l1 = m.cpuid(1, 0);
        assertEquals(0x6FB, l1[0], "family 6, model 0x0F, stepping 11");
        assertTrue((l1[3] & (1 << 26)) != 0, "SSE2");
        assertTrue((l1[3] & (1 << 25)) != 0, "SSE");
        // SSE3 PCLMULQDQ SSSE3 FMA SSE4.1 SSE4.2 POPCNT AES XSAVE OSXSAVE AVX F16C: every form host-compared
        int verified = 1 | 1 << 1 | 1 << 9 | 1 << 12 | 1 << 19 | 1 << 20 | 1 << 23 | 1 << 25 | 1 << 26 | 1 << 27 | 1 << 28 | 1 << 29;
        assertEquals(verified, l1[2] & verified);
        int notImplemented = 1 << 30; // RDRAND
        assertEquals(0, l1[2] & notImplemented);
        assertEquals(1 << 3 | 1 << 5 | 1 << 8 | 1 << 9 | 1 << 19 | 1 << 29, m.cpuid(7, 0)[1], "leaf 7: BMI1, AVX2, BMI2, ERMS, ADX, SHA (no AVX-512)");
        assertTrue(m.supports(Feature.SSE3));
        assertTrue(m.supports(Feature.AVX));
        assertTrue(m.supports(Feature.SHA));
        assertFalse(m.supports(Feature.XSAVEC));
        assertTrue(m.supports(Feature.SSE2));
    }

    @Test
    void cacheLeavesDescribeAConsistentHierarchy() {
        assertEquals(0xFF, (m.cpuid(2, 0)[0] >> 8) & 0xFF, "leaf 2 points at leaf 4");
        int[] sizes = {32 << 10, 32 << 10, 1 << 20, 8 << 20};
        for (int sub = 0; sub < 4; sub++) {
            int[] r = m.cpuid(4, sub);
            int ways = (r[1] >>> 22) + 1, partitions = ((r[1] >> 12) & 0x3FF) + 1, line = (r[1] & 0xFFF) + 1, sets = r[2] + 1;
            assertEquals(sizes[sub], ways * partitions * line * sets, "leaf 4." + sub);
            assertTrue((r[0] & 0x1F) != 0, "a cache type");
        }
        assertEquals(0, m.cpuid(4, 4)[0] & 0x1F, "no fifth cache");
        assertEquals(0, m.cpuid(0xB, 2)[1], "topology ends after the core level");
    }

    @Test
    void basicLeavesAboveTheMaximumRepeatTheHighestOne() {
        assertEquals(m.cpuid(0xD, 0)[0], m.cpuid(0x40, 0)[0]);
    }

    @Test
    void tscAdvances() throws InterruptedException {
        long a = m.rdtsc();
        Thread.sleep(2);
        assertTrue(m.rdtsc() - a >= 2_000_000, "at least 1 tick per ns: 2 ms is 2M ticks or more");
    }

    @Test
    void verifiedExtensionsAreAdvertisedByTheDefaultModelAndNotByTheBaseline() {
        CpuModel ext = CpuModel.defaultModel(), base = new CpuModel();
        int ecx = ext.cpuid(1, 0)[2];
        for (int bit : new int[] {0, 9, 19, 20, 23}) { // SSE3 SSSE3 SSE4.1 SSE4.2 POPCNT
            assertTrue((ecx & 1 << bit) != 0, "leaf 1 ECX bit " + bit);
            assertFalse((base.cpuid(1, 0)[2] & 1 << bit) != 0, "default leaf 1 ECX bit " + bit);
        }
        assertTrue((ext.cpuid(0x8000_0001, 0)[2] & 1 << 5) != 0, "ABM (LZCNT)");
        assertTrue(ext.hasLzcnt() && !base.hasLzcnt());
        for (Feature f : new Feature[] {Feature.SSE3, Feature.SSSE3, Feature.SSE41, Feature.SSE42, Feature.POPCNT}) {
            assertTrue(ext.supports(f), f.name());
            assertFalse(base.supports(f), f.name());
        }
        int avxBits = 1 << 28 | 1 << 27 | 1 << 26 | 1 << 12 | 1 << 29; // AVX OSXSAVE XSAVE FMA F16C
        assertTrue(ext.supports(Feature.AVX) && !base.supports(Feature.AVX));
        assertEquals(avxBits, ext.cpuid(1, 0)[2] & avxBits, "the default model advertises AVX OSXSAVE XSAVE FMA F16C");
        assertEquals(0, base.cpuid(1, 0)[2] & avxBits);
        assertTrue((ext.cpuid(7, 0)[1] & 1 << 5) != 0, "AVX2");
        assertEquals(0, base.cpuid(7, 0)[1] & 1 << 5, "no AVX2 in the SSE2 baseline");
        assertEquals(7, ext.cpuid(0xD, 0)[0], "XCR0 bits x87 SSE AVX");
        assertEquals(832, ext.cpuid(0xD, 0)[1], "XSAVE area with AVX");
        assertEquals(832, ext.cpuid(0xD, 0)[2], "largest XSAVE area");
        assertEquals(1, ext.cpuid(0xD, 1)[0], "XSAVEOPT only (no XSAVEC, XGETBV ECX=1, XSAVES)");
        assertEquals(256, ext.cpuid(0xD, 2)[0], "AVX component size");
        assertEquals(576, ext.cpuid(0xD, 2)[1], "AVX component offset");
        assertEquals(0, ext.cpuid(0xD, 3)[0], "no component past AVX");
        assertEquals(0, base.cpuid(0xD, 0)[0]);
        assertEquals(ecx, CpuModel.withAvx().cpuid(1, 0)[2], "withAvx is the default model");
        assertEquals(base.features1Edx(), ext.features1Edx());
        for (int bit : new int[] {1, 25}) { // PCLMULQDQ AES
            assertTrue((ecx & 1 << bit) != 0, "leaf 1 ECX bit " + bit);
            assertFalse((base.cpuid(1, 0)[2] & 1 << bit) != 0, "default leaf 1 ECX bit " + bit);
        }
        for (int bit : new int[] {3, 8, 19}) { // BMI1 BMI2 ADX
            assertTrue((ext.cpuid(7, 0)[1] & 1 << bit) != 0, "leaf 7 EBX bit " + bit);
            assertFalse((base.cpuid(7, 0)[1] & 1 << bit) != 0, "default leaf 7 EBX bit " + bit);
        }
        assertTrue(ext.hasBmi1() && !base.hasBmi1());
    }
}

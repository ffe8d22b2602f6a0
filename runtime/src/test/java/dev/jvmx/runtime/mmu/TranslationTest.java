package dev.jvmx.runtime.mmu;

import static dev.jvmx.runtime.mmu.PageTables.*;
import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every mode and page size translates: linear -> physical read and write, SDM Vol. 3A §4.3-4.5. */
class TranslationTest {

    @ParameterizedTest(name = "{0} page shift {1}: 0x{2} -> 0x{3}")
    @CsvSource(delimiter = '|', textBlock = """
        # mode  | shift | linear     | physical
        BITS32  | 12    | 00C01000   | 00400000
        BITS32  | 22    | 00C00000   | 00400000
        PAE     | 12    | C0001000   | 00400000
        PAE     | 21    | 80200000   | 00400000
        LEVEL4  | 12    | 7F0000001000 | 00400000
        LEVEL4  | 21    | 7F0000200000 | 00400000
        LEVEL4  | 30    | 7F0040000000 | 00000000
        """)
    void readsAndWritesThroughEveryPageSize(PagingMode mode, int shift, String linHex, String physHex) {
        Rig r = new Rig(mode);
        long la = Long.parseLong(linHex, 16), pa = Long.parseLong(physHex, 16);
        r.pt.map(la, pa, shift, P | W);
        long off = 0x3456 & ((1L << shift) - 1) & ~7;
        long probePa = Math.max(pa + off, 0x40_0000L + (off & 0xFF8)); // keep the 1G probe in RAM above the tables
        long probeLa = la + (probePa - pa);
        r.pattern(probePa & ~0xFFFL, 0x5A);
        assertEquals(r.phys64(probePa), r.mmu.read64(probeLa));
        assertEquals((int) r.phys64(probePa), r.mmu.read32(probeLa));
        assertEquals((short) r.phys64(probePa), r.mmu.read16(probeLa));
        assertEquals((byte) r.phys64(probePa), r.mmu.read8(probeLa));
        r.mmu.write64(probeLa + 8, 0x1122_3344_5566_7788L);
        assertEquals(0x1122_3344_5566_7788L, r.phys64(probePa + 8));
        r.mmu.write16(probeLa + 16, (short) 0xBEEF);
        assertEquals(0xBEEF, r.mem.readPhys(probePa + 16, 2));
        assertEquals(probePa + 24, r.mmu.translate(probeLa + 24, AccessKind.READ));
    }

    @Test
    void pse36FourMegabytePageReachesAbove4GiB() {
        Rig r = new Rig(PagingMode.BITS32, 40);
        r.pt.map(0x0080_0000L, 0x12_0040_0000L, 22, P | W);
        assertEquals(0x12_0040_0000L >>> 32 << 13, r.pt.entry(0x0080_0000L, 2) & 0x1F_E000L);
        assertEquals(0x12_0040_0123L, r.mmu.translate(0x0080_0123L, AccessKind.READ));
        assertEquals((byte) 0xAB, r.mmu.read8(0x0080_0123L));
        assertEquals(java.util.List.of(0x12_0040_0123L), r.mmioReads);
    }

    @Test
    void pse36IsLimitedByMaxPhyAddr() {
        Rig r = new Rig(PagingMode.BITS32, 36);
        r.pt.map(0x0080_0000L, 0x0_0040_0000L | 0xF_0000_0000L, 22, P);
        assertEquals(0xF_0040_0000L, r.mmu.translate(0x0080_0000L, AccessKind.READ));
    }

    @Test
    void psIgnoredWithoutCr4Pse() {
        Rig r = new Rig(PagingMode.BITS32);
        r.setCr4(0);
        // A PDE with PS=1 now points at a page table: place one at its address.
        long table = r.pt.alloc();
        r.pt.setEntry(0x0080_0000L, 2, table | P | W | PS);
        r.mem.writePhys(table + 4 * 5, 4, 0x0040_5000L | P);
        assertEquals(0x0040_5010L, r.mmu.translate(0x0080_5010L, AccessKind.READ));
    }

    @Test
    void pagingOffIsIdentityAndThirtyTwoBitsWide() {
        Rig r = new Rig(PagingMode.NONE);
        r.pattern(0x40_0000L, 1);
        assertEquals(r.phys64(0x40_0010L), r.mmu.read64(0x40_0010L));
        assertEquals(0x40_0010L, r.mmu.translate(0x1_0040_0010L, AccessKind.FETCH));
    }

    @Test
    void thirtyTwoBitModesWrapLinearAddresses() {
        Rig r = new Rig(PagingMode.PAE);
        r.pt.map(0x0000_0000L, 0x40_0000L, 12, P | W);
        r.pt.map(0xFFFF_F000L, 0x40_1000L, 12, P | W);
        r.mmu.write32(0xFFFF_FFFEL, 0xAABB_CCDD);
        assertEquals(0xCCDD, r.mem.readPhys(0x40_1FFEL, 2));
        assertEquals(0xAABB, r.mem.readPhys(0x40_0000L, 2));
    }

    @Test
    void mmioPagesAreReachedThroughPagingWithTheTranslatedAddress() {
        Rig r = new Rig(PagingMode.LEVEL4);
        r.pt.map(0x7000_0000_0000L, 0xFEE0_0000L, 12, P | W);
        r.mmu.write32(0x7000_0000_00B0L, 0);
        r.mmu.write32(0x7000_0000_00B0L, 5);
        assertEquals(java.util.List.of(java.util.List.of(0xFEE0_00B0L, 4L, 0L), java.util.List.of(0xFEE0_00B0L, 4L, 5L)),
                r.mmioWrites);
        assertEquals(0xAB, r.mmu.read32(0x7000_0000_0020L));
        assertEquals(java.util.List.of(0xFEE0_0020L), r.mmioReads);
    }

    @Test
    void pageTablesInMmioDoNotHangTheWalk() {
        Rig r = new Rig(PagingMode.BITS32);
        // CR3 in the MMIO hole: every entry reads 0xAB (P, R/W, PWT, A, PS); the A bit is set,
        // so no update is needed; with PSE the PDE is a 4M page at physical 0.
        r.setCr3(0xFEC0_0000L);
        r.cr3 = 0xFEC0_0000L;
        assertEquals(0x0012_3456L, r.mmu.translate(0x0012_3456L, AccessKind.READ));
        r.setCr4(0);   // PS ignored: the PDE points at a page table at 0, whose PTEs are zero
        Faults.expect("0", 0x0012_3456L, () -> r.mmu.read8(0x0012_3456L));
    }
}

package dev.jvmx.runtime.mmu;

import static dev.jvmx.runtime.mmu.PageTables.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.jvmx.runtime.mem.GuestFault;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Reserved bits per mode and level (SDM Vol. 3A §4.3-4.5 entry tables, §4.7 RSVD). Each row:
 * mode, MAXPHYADDR, page shift of the mapping, level of the entry changed, bit set, access,
 * expected outcome. The page is P W U; the access is a CPL-0 one.
 */
class ReservedBitsTest {
    static final long LA = 0x0000_0000L;

    @ParameterizedTest(name = "{0} M={1} {2}-bit page: level {3} bit {4} {5} -> {6}")
    @CsvSource(delimiter = '|', textBlock = """
        # mode | M  | shift | level | bit | access | expected
        LEVEL4 | 46 | 12    | 4     | 7   | READ   | P+RSVD
        LEVEL4 | 46 | 12    | 4     | 46  | READ   | P+RSVD
        LEVEL4 | 46 | 12    | 4     | 51  | WRITE  | P+W+RSVD
        LEVEL4 | 46 | 12    | 3     | 50  | READ   | P+RSVD
        LEVEL4 | 46 | 12    | 2     | 47  | FETCH  | P+RSVD+I
        LEVEL4 | 46 | 12    | 1     | 46  | READ   | P+RSVD
        LEVEL4 | 39 | 12    | 1     | 39  | READ   | P+RSVD
        LEVEL4 | 39 | 12    | 1     | 45  | READ   | P+RSVD
        LEVEL4 | 46 | 12    | 1     | 52  | READ   | ok
        LEVEL4 | 46 | 12    | 4     | 58  | READ   | ok
        LEVEL4 | 46 | 12    | 1     | 7   | READ   | ok
        LEVEL4 | 46 | 21    | 2     | 13  | READ   | P+RSVD
        LEVEL4 | 46 | 21    | 2     | 20  | READ   | P+RSVD
        LEVEL4 | 46 | 21    | 2     | 12  | READ   | ok
        LEVEL4 | 46 | 30    | 3     | 13  | READ   | P+RSVD
        LEVEL4 | 46 | 30    | 3     | 29  | READ   | P+RSVD
        LEVEL4 | 46 | 30    | 3     | 12  | READ   | ok
        PAE    | 46 | 12    | 2     | 62  | READ   | P+RSVD
        PAE    | 46 | 12    | 1     | 52  | READ   | P+RSVD
        PAE    | 39 | 12    | 1     | 40  | WRITE  | P+W+RSVD
        PAE    | 46 | 21    | 2     | 13  | READ   | P+RSVD
        PAE    | 46 | 21    | 2     | 20  | READ   | P+RSVD
        PAE    | 46 | 12    | 1     | 7   | READ   | ok
        BITS32 | 46 | 22    | 2     | 21  | READ   | P+RSVD
        BITS32 | 46 | 22    | 2     | 20  | READ   | ok
        BITS32 | 36 | 22    | 2     | 17  | READ   | P+RSVD
        BITS32 | 36 | 22    | 2     | 16  | READ   | ok
        BITS32 | 39 | 22    | 2     | 20  | READ   | P+RSVD
        BITS32 | 46 | 12    | 1     | 11  | READ   | ok
        BITS32 | 46 | 12    | 2     | 9   | READ   | ok
        """)
    void reservedBit(PagingMode mode, int maxPhy, int shift, int level, int bit, AccessKind access, String expected) {
        Rig r = new Rig(mode, maxPhy);
        r.pt.map(LA, 0, shift, P | W | U);
        r.pt.orEntry(LA, level, 1L << bit);
        Faults.expect(expected, LA, () -> Faults.access(r, LA, access, false));
    }

    @Test
    void reservedBitFaultSetsNoAccessedFlag() {
        Rig r = new Rig(PagingMode.LEVEL4);
        r.pt.map(LA, 0x40_0000L, 12, P | W);
        r.pt.orEntry(LA, 1, 1L << 50);
        assertThrows(GuestFault.class, () -> r.mmu.read8(LA));
        for (int level = 4; level >= 1; level--) assertEquals(0, r.pt.entry(LA, level) & A, "level " + level);
    }

    @Test
    void paePdpteWithReservedBitMakesCr3LoadRaiseGp() {
        Rig r = new Rig(PagingMode.PAE);
        long before = r.cr3;
        r.pt.write(r.pt.root + 8, r.pt.read(r.pt.root + 8) | 1L << 1);
        GuestFault f = assertThrows(GuestFault.class, () -> r.setCr3(r.cr3));
        assertEquals(GuestFault.GP, f.vector());
        assertEquals(0, f.errorCode());
        assertEquals(before, r.cr3);
    }

    @Test
    void paeNotPresentPdpteLoadsAndFaultsOnUse() {
        Rig r = new Rig(PagingMode.PAE);
        r.pt.write(r.pt.root + 8 * 2, 1L << 1); // not present: other bits are ignored
        r.setCr3(r.cr3);
        r.cpl = 3;
        Faults.expect("U", 0x8000_1000L, () -> r.mmu.read8(0x8000_1000L));
    }

    @Test
    void paePdptesAreRegistersUntilTheNextCr3Load() {
        Rig r = new Rig(PagingMode.PAE);
        r.pt.map(0x4000_0000L, 0x40_0000L, 12, P);
        r.pattern(0x40_0000L, 7);
        long pdpte = r.pt.read(r.pt.root + 8);
        r.pt.write(r.pt.root + 8, 0); // PDPTE 1 cleared in memory only
        r.mmu.flushAll();
        assertEquals(r.phys64(0x40_0000L), r.mmu.read64(0x4000_0000L));
        assertEquals(pdpte, r.mmu.pdptes()[1], "the register keeps the value loaded at MOV CR3");
        r.setCr3(r.cr3);
        Faults.expect("0", 0x4000_0000L, () -> r.mmu.read64(0x4000_0000L));
    }

    @Test
    void vmEntryMayInstallPdptesFromTheVmcs() {
        Rig r = new Rig(PagingMode.PAE);
        long table = r.pt.alloc();
        r.mem.writePhys(table, 8, 0x40_0000L | P | PS);     // PDE 0: a 2-MByte page
        long[] vmcs = {0, 0, table | P, 0};
        r.mmu.sync(vmcs);
        assertArrayEquals(vmcs, r.mmu.pdptes());
        assertEquals(0x40_3234L, r.mmu.translate(0x8000_3234L, AccessKind.READ));
        Faults.expect("0", 0x0000_1000L, () -> r.mmu.read8(0x0000_1000L));
    }
}

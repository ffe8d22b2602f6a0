package dev.jvmx.runtime.mmu;

import static dev.jvmx.runtime.mmu.PageTables.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.jvmx.runtime.mem.GuestFault;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Accessed and dirty flags (SDM Vol. 3A §4.8): A in every entry used by a translation, D in the
 * entry that maps the page, only for writes; nothing for a walk that faults; PAE PDPTEs have none.
 */
class AccessedDirtyTest {
    static final long LA = 0x0000_0000_0060_5000L;

    @ParameterizedTest(name = "{0} {1}-bit page, {2}")
    @CsvSource({
        "BITS32, 12, READ", "BITS32, 12, WRITE", "BITS32, 22, WRITE", "PAE, 12, READ", "PAE, 21, WRITE",
        "LEVEL4, 12, READ", "LEVEL4, 12, WRITE", "LEVEL4, 21, WRITE", "LEVEL4, 30, READ", "LEVEL4, 30, WRITE",
        "LEVEL4, 12, FETCH",
    })
    void accessedOnEveryLevelDirtyOnLeafForWrites(PagingMode mode, int shift, AccessKind access) {
        Rig r = new Rig(mode);
        r.pt.map(LA, shift == 30 ? 0 : 0x40_0000L, shift, P | W);
        Faults.access(r, LA, access, false);
        int leaf = leafLevel(r.pt, shift);
        for (int level = r.pt.topLevel(); level >= leaf; level--) {
            long e = r.pt.entry(LA, level);
            if (mode == PagingMode.PAE && level == 3) {
                assertEquals(0, e & (A | D), "PDPTE untouched");
                continue;
            }
            assertEquals(A, e & A, "A at level " + level);
            boolean dirty = level == leaf && access == AccessKind.WRITE;
            assertEquals(dirty ? D : 0, e & D, "D at level " + level);
        }
    }

    private static int leafLevel(PageTables pt, int shift) {
        for (int l = 1; ; l++) if (pt.shift(l) == shift) return l;
    }

    @ParameterizedTest(name = "{0}: faulting {1} sets no flag")
    @CsvSource({"LEVEL4, WRITE", "LEVEL4, FETCH", "PAE, WRITE", "BITS32, WRITE"})
    void faultingWalkSetsNothing(PagingMode mode, AccessKind access) {
        Rig r = new Rig(mode);
        r.pt.map(LA, 0x40_0000L, 12, P | (mode == PagingMode.BITS32 ? 0 : XD));
        r.cpl = 3; // supervisor page: every user access faults
        assertThrows(GuestFault.class, () -> Faults.access(r, LA, access, false));
        for (int level = mode == PagingMode.PAE ? 2 : r.pt.topLevel(); level >= 1; level--) {
            assertEquals(0, r.pt.entry(LA, level) & (A | D), "level " + level);
        }
    }

    @Test
    void notPresentLeafLeavesUpperLevelsUntouched() {
        Rig r = new Rig(PagingMode.LEVEL4);
        r.pt.map(LA, 0x40_0000L, 12, 0);
        assertThrows(GuestFault.class, () -> r.mmu.read8(LA));
        for (int level = 4; level >= 2; level--) assertEquals(0, r.pt.entry(LA, level) & A);
    }

    @Test
    void writeAfterReadSetsDirtyThroughTheSlowPath() {
        Rig r = new Rig(PagingMode.LEVEL4);
        r.pt.map(LA, 0x40_0000L, 12, P | W);
        r.mmu.read8(LA);
        r.mmu.read8(LA + 1);
        assertEquals(0, r.pt.entry(LA, 1) & D);
        r.mmu.write8(LA, (byte) 1);
        assertEquals(A | D, r.pt.entry(LA, 1) & (A | D));
    }

    @Test
    void readOnlyWriteWithWpClearSetsDirty() {
        Rig r = new Rig(PagingMode.LEVEL4);
        r.pt.map(LA, 0x40_0000L, 12, P);
        r.mmu.write8(LA, (byte) 1);
        assertEquals(A | D, r.pt.entry(LA, 1) & (A | D));
        assertEquals(1, r.mem.readPhys(0x40_0000L, 1));
    }

    @Test
    void flagsAlreadySetAreNotRewritten() {
        Rig r = new Rig(PagingMode.LEVEL4);
        r.pt.map(LA, 0x40_0000L, 12, P | W | A | D);
        long before = r.pt.entry(LA, 1);
        r.mmu.write8(LA, (byte) 1);
        assertEquals(before, r.pt.entry(LA, 1));
    }
}

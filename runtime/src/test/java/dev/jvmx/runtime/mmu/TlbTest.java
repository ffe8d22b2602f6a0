package dev.jvmx.runtime.mmu;

import static dev.jvmx.runtime.mmu.PageTables.*;
import static dev.jvmx.runtime.mmu.PagingContext.*;
import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * TLB semantics (SDM Vol. 3A §4.10): a cached translation is used, stale or not, until an
 * operation of §4.10.4.1 invalidates it. Every test maps LA to page OLD, uses it, repoints the
 * PTE to NEW in memory, then checks which page an access reaches.
 */
class TlbTest {
    static final long LA = 0x0000_0000_0070_2000L;
    static final long OLD = 0x40_0000L, NEW = 0x41_0000L;

    private static Rig rig(PagingMode mode, long leafFlags) {
        Rig r = new Rig(mode);
        r.pattern(OLD, 0x11);
        r.pattern(NEW, 0x22);
        r.pt.map(LA, OLD, 12, P | W | leafFlags);
        assertEquals(r.phys64(OLD), r.mmu.read64(LA));
        r.pt.setEntry(LA, 1, NEW | P | W | leafFlags);
        return r;
    }

    private static void assertReaches(Rig r, long page) {
        assertEquals(r.phys64(page + 8), r.mmu.read64(LA + 8));
    }

    @ParameterizedTest
    @CsvSource({"BITS32", "PAE", "LEVEL4"})
    void staleUntilInvlpg(PagingMode mode) {
        Rig r = rig(mode, 0);
        assertReaches(r, OLD);
        r.mmu.invlpg(LA + 0x123);
        assertReaches(r, NEW);
    }

    @Test
    void movCr3WithoutPcideFlushesNonGlobal() {
        Rig r = rig(PagingMode.LEVEL4, 0);
        r.setCr3(r.cr3);
        assertReaches(r, NEW);
    }

    @Test
    void globalPageSurvivesCr3AndGoesWithInvlpgOrPgeToggle() {
        Rig r = rig(PagingMode.LEVEL4, G);
        r.setCr4(r.cr4 | CR4_PGE); // changing PGE flushes everything: refill as global
        assertReaches(r, NEW);
        r.pt.setEntry(LA, 1, OLD | P | W | G);
        r.setCr3(r.cr3);
        assertReaches(r, NEW);
        r.setCr4(r.cr4 & ~CR4_PGE);
        assertReaches(r, OLD);
    }

    @Test
    void globalFlagNeedsCr4Pge() {
        Rig r = rig(PagingMode.LEVEL4, G);
        r.setCr3(r.cr3);
        assertReaches(r, NEW);
    }

    @Test
    void pcidEntriesSurviveCr3WritesWithBit63() {
        Rig r = new Rig(PagingMode.LEVEL4);
        r.setCr4(r.cr4 | CR4_PCIDE);
        r.setCr3(r.pt.root | 1);
        r.pattern(OLD, 0x11);
        r.pattern(NEW, 0x22);
        r.pt.map(LA, OLD, 12, P | W);
        assertReaches(r, OLD);                      // PCID 1 caches OLD
        r.pt.setEntry(LA, 1, NEW | P | W);
        r.setCr3(r.pt.root | 2 | CR3_NO_FLUSH);     // PCID 2: walks, caches NEW
        assertReaches(r, NEW);
        r.setCr3(r.pt.root | 1 | CR3_NO_FLUSH);     // back to PCID 1, not flushed
        assertEquals(1, r.mmu.controls().pcid());
        assertReaches(r, OLD);                      // the PCID-1 entry survived both CR3 writes
        r.setCr3(r.pt.root | 2 | CR3_NO_FLUSH);
        assertReaches(r, NEW);                      // and so did the PCID-2 one
        r.setCr3(r.pt.root | 1 | CR3_NO_FLUSH);
        r.setCr3(r.pt.root | 1);                    // bit 63 clear: PCID 1 flushed
        assertReaches(r, NEW);
    }

    @Test
    void pcidStaleEntryIsUsedAfterSwitchingBack() {
        Rig r = new Rig(PagingMode.LEVEL4);
        r.setCr4(r.cr4 | CR4_PCIDE);
        r.setCr3(r.pt.root | 5);
        r.pattern(OLD, 0x11);
        r.pattern(NEW, 0x22);
        r.pt.map(LA, OLD, 12, P | W);
        r.mmu.read64(LA);
        r.pt.setEntry(LA, 1, NEW | P | W);
        r.setCr3(r.pt.root | 6 | CR3_NO_FLUSH);
        r.setCr3(r.pt.root | 5 | CR3_NO_FLUSH);
        assertReaches(r, OLD);
    }

    @ParameterizedTest(name = "INVPCID {0} for PCID {1} -> {2}")
    @CsvSource({
        "INDIVIDUAL_ADDRESS, 3, NEW", "INDIVIDUAL_ADDRESS, 4, OLD", "SINGLE_CONTEXT, 3, NEW",
        "SINGLE_CONTEXT, 4, OLD", "ALL_CONTEXT, 4, NEW", "ALL_CONTEXT_INCLUDING_GLOBALS, 4, NEW",
    })
    void invpcid(InvpcidType type, int pcid, String expected) {
        Rig r = new Rig(PagingMode.LEVEL4);
        r.setCr4(r.cr4 | CR4_PCIDE);
        r.setCr3(r.pt.root | 3);
        r.pattern(OLD, 0x11);
        r.pattern(NEW, 0x22);
        r.pt.map(LA, OLD, 12, P | W);
        r.mmu.read64(LA);
        r.pt.setEntry(LA, 1, NEW | P | W);
        r.mmu.invpcid(type, pcid, LA);
        assertReaches(r, expected.equals("NEW") ? NEW : OLD);
    }

    @ParameterizedTest(name = "INVPCID {0} and global pages -> {1}")
    @CsvSource({"ALL_CONTEXT, OLD", "SINGLE_CONTEXT, OLD", "ALL_CONTEXT_INCLUDING_GLOBALS, NEW"})
    void invpcidAndGlobals(InvpcidType type, String expected) {
        Rig r = new Rig(PagingMode.LEVEL4);
        r.setCr4(r.cr4 | CR4_PCIDE | CR4_PGE);
        r.pattern(OLD, 0x11);
        r.pattern(NEW, 0x22);
        r.pt.map(LA, OLD, 12, P | W | G);
        r.mmu.read64(LA);
        r.pt.setEntry(LA, 1, NEW | P | W | G);
        r.mmu.invpcid(type, 0, LA);
        assertReaches(r, expected.equals("NEW") ? NEW : OLD);
    }

    @Test
    void invlpgDropsEveryGranuleOfALargePage() {
        Rig r = new Rig(PagingMode.LEVEL4);
        long la = 0x0000_0000_0060_0000L;
        r.pattern(0x40_0000L + 0x5000, 0x11);
        r.pt.map(la, 0x40_0000L, 21, P | W);
        assertEquals(r.phys64(0x40_5000L), r.mmu.read64(la + 0x5000));
        r.pt.setEntry(la, 2, 0x20_0000L | P | W | PS);
        r.mmu.invlpg(la + 0x1000);                   // another 4K granule of the same 2M page
        assertEquals(r.phys64(0x20_5000L), r.mmu.read64(la + 0x5000));
    }

    @Test
    void pagingOffFlushesEverything() {
        Rig r = rig(PagingMode.LEVEL4, G);
        r.setCr0(r.cr0 & ~CR0_PG);
        assertEquals(r.phys64(LA + 8), r.mmu.read64(LA + 8));  // identity now
        r.setCr0(r.cr0 | CR0_PG);
        assertReaches(r, NEW);
    }

    @Test
    void smepSetFlushesCurrentPcid() {
        Rig r = rig(PagingMode.LEVEL4, 0);
        r.setCr4(r.cr4 | CR4_SMEP);
        assertReaches(r, NEW);
    }

    @Test
    void wpChangeKeepsTranslationsButAppliesNewRights() {
        Rig r = new Rig(PagingMode.LEVEL4);
        r.pt.map(LA, OLD, 12, P | D);
        r.mmu.write8(LA, (byte) 5);
        r.setCr0(r.cr0 | CR0_WP);
        Faults.expect("P+W", LA, () -> r.mmu.write8(LA, (byte) 6));
        assertEquals(5, r.mem.readPhys(OLD, 1));
    }

    @Test
    void permissionUpgradeWithoutInvlpgIsSeenOnTheFaultingAccess() {
        Rig r = new Rig(PagingMode.LEVEL4);
        r.pt.map(LA, OLD, 12, P | U);
        r.cpl = 3;
        r.mmu.read8(LA);
        r.pt.setEntry(LA, 1, OLD | P | U | W);
        r.mmu.write8(LA, (byte) 9);   // the cached entry forbids it: the slow path re-walks
        assertEquals(9, r.mem.readPhys(OLD, 1));
    }

    @Test
    void smapWithAcIsCheckedOnEveryAccessNotCached() {
        Rig r = new Rig(PagingMode.LEVEL4);
        r.setCr4(r.cr4 | CR4_SMAP);
        r.pt.map(LA, OLD, 12, P | W | U);
        r.ac = true;
        r.mmu.read8(LA);
        r.mmu.read8(LA);
        r.ac = false;
        Faults.expect("P", LA, () -> r.mmu.read8(LA));
    }

    @Test
    void cplSelectsTheTagSet() {
        Rig r = new Rig(PagingMode.LEVEL4);
        r.pt.map(LA, OLD, 12, P | W);
        r.mmu.read8(LA);
        r.cpl = 3;
        Faults.expect("P+U", LA, () -> r.mmu.read8(LA));
    }

    @Test
    void pkruWriteAppliesToCachedEntries() {
        Rig r = new Rig(PagingMode.LEVEL4);
        r.setCr4(r.cr4 | CR4_PKE);
        r.pt.map(LA, OLD, 12, P | W | U | 3L << 59);
        r.cpl = 3;
        r.mmu.read8(LA);
        r.setPkru(1 << 6);
        Faults.expect("P+U+PK", LA, () -> r.mmu.read8(LA));
    }

    @Test
    void fastTagsFollowDirtyFlagAndRam() {
        Rig r = new Rig(PagingMode.LEVEL4);
        r.pt.map(LA, OLD, 12, P | W);
        r.pt.map(LA + 0x1000, 0xFEC0_0000L, 12, P | W | D);  // MMIO: never a fast tag
        Tlb tlb = tlbOf(r);
        r.mmu.read8(LA);
        int i = tlb.index(LA >>> 12);
        assertEquals(LA >>> 12, tlb.read[i], "read tag after a read");
        assertEquals(Tlb.INVALID, tlb.write[i], "no write tag while D = 0");
        assertEquals(Tlb.INVALID, tlb.read[i | Tlb.SIZE], "supervisor page: no user tag");
        r.mmu.write8(LA, (byte) 1);
        assertEquals(LA >>> 12, tlb.write[i], "write tag once D = 1");
        r.mmu.read8(LA + 0x1000);
        int j = tlb.index((LA >>> 12) + 1);
        assertEquals((LA >>> 12) + 1, tlb.vpn[j]);
        assertEquals(Tlb.INVALID, tlb.read[j]);
        assertEquals(java.util.List.of(0xFEC0_0000L), r.mmioReads);
    }

    static Tlb tlbOf(Rig r) { return r.mmu.tlb(); }

    /** §4.10.4.1: which control-register changes drop a cached translation (G = the page is global). */
    @ParameterizedTest(name = "{0} (global page: {1}) -> {2}")
    @CsvSource({
        "CR4.PGE off->on, false, NEW", "CR4.PGE on->off, true, NEW", "CR4.PCIDE on->off, true, NEW",
        "CR4.SMEP off->on, false, NEW", "CR4.PSE off->on, false, NEW", "CR4.SMAP off->on, false, OLD",
        "CR0.WP off->on, false, OLD", "EFER.NXE on->off, false, OLD", "CR3 same value, true, OLD",
        "CR0.PG on->off->on, true, NEW", "INVVPID all-context, false, OLD", "INVVPID single-context 0, false, NEW",
    })
    void controlChanges(String change, boolean global, String expected) {
        Rig r = new Rig(PagingMode.LEVEL4);
        long startCr4 = r.cr4 | (global || change.startsWith("CR4.PGE on") ? CR4_PGE : 0)
                | (change.startsWith("CR4.PCIDE") ? CR4_PCIDE : 0);
        r.setCr4(startCr4);
        r.pattern(OLD, 0x11);
        r.pattern(NEW, 0x22);
        r.pt.map(LA, OLD, 12, P | W | (global ? G : 0));
        r.mmu.read64(LA);
        r.pt.setEntry(LA, 1, NEW | P | W | (global ? G : 0));
        switch (change) {
            case "CR4.PGE off->on" -> r.setCr4(r.cr4 | CR4_PGE);
            case "CR4.PGE on->off" -> r.setCr4(r.cr4 & ~CR4_PGE);
            case "CR4.PCIDE on->off" -> r.setCr4(r.cr4 & ~CR4_PCIDE);
            case "CR4.SMEP off->on" -> r.setCr4(r.cr4 | CR4_SMEP);
            case "CR4.PSE off->on" -> r.setCr4(r.cr4 | CR4_PSE);
            case "CR4.SMAP off->on" -> r.setCr4(r.cr4 | CR4_SMAP);
            case "CR0.WP off->on" -> r.setCr0(r.cr0 | CR0_WP);
            case "EFER.NXE on->off" -> r.setEfer(r.efer & ~EFER_NXE);
            case "CR3 same value" -> r.setCr3(r.cr3);
            case "CR0.PG on->off->on" -> { r.setCr0(r.cr0 & ~CR0_PG); r.setCr0(r.cr0 | CR0_PG); }
            case "INVVPID all-context" -> r.mmu.invvpid(dev.jvmx.vmx.ept.InvvpidType.ALL_CONTEXT, 0, 0);
            case "INVVPID single-context 0" -> r.mmu.invvpid(dev.jvmx.vmx.ept.InvvpidType.SINGLE_CONTEXT, 0, 0);
            default -> throw new IllegalArgumentException(change);
        }
        assertReaches(r, expected.equals("NEW") ? NEW : OLD);
    }

    @Test
    void userAccessesHitTheUserTagSet() {
        Rig r = new Rig(PagingMode.LEVEL4);
        r.pt.map(LA, OLD, 12, P | W | U | D);
        r.cpl = 3;
        r.mmu.write32(LA, 7);
        int i = r.mmu.tlb().index(LA >>> 12);
        assertEquals(LA >>> 12, r.mmu.tlb().write[i | Tlb.SIZE]);
        assertEquals(LA >>> 12, r.mmu.tlb().write[i], "supervisor may write too (WP = 0)");
        assertEquals(7, r.mmu.read32(LA));
    }
}

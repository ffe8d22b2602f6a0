package dev.jvmx.runtime.mmu;

import static dev.jvmx.runtime.mmu.PageTables.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Self-modifying code (DESIGN.md "Memory"): writes to fetched-from pages take the slow path. */
class CodePagesTest {
    static final long LA = 0x0000_0000_0090_0000L, PA = 0x40_0000L;

    @Test
    void firstWriteAfterAFetchIsReportedOnce() {
        Rig r = new Rig(PagingMode.LEVEL4);
        r.pt.map(LA, PA, 12, P | W | D);
        List<long[]> changes = new ArrayList<>();
        CodePages pages = new CodePages((s, e) -> changes.add(new long[] {s, e}));
        r.mmu.setCodePages(pages);
        r.mmu.write8(LA + 1, (byte) 0x90);
        assertTrue(changes.isEmpty(), "not code yet");
        byte[] insn = new byte[2];
        r.mmu.fetch(LA, insn, 0, 2);
        assertEquals((byte) 0x90, insn[1]);
        assertTrue(pages.isCode(PA));
        assertEquals(Tlb.INVALID, r.mmu.tlb().write[r.mmu.tlb().index(LA >>> 12)], "write tag dropped");
        r.mmu.write8(LA + 0x10, (byte) 0xC3);
        r.mmu.write8(LA + 0x11, (byte) 0xC3);
        assertEquals(1, changes.size());
        assertArrayEquals(new long[] {PA, PA + 0x1000}, changes.get(0));
        assertFalse(pages.isCode(PA));
        r.mmu.fetch(LA, insn, 0, 2);
        r.mmu.write8(LA, (byte) 0xCC);
        assertEquals(2, changes.size());
        assertEquals(0xCC, r.mem.readPhys(PA, 1));
    }

    @Test
    void markingByOneVcpuDropsTheWriteTagOfAnother() {
        Rig a = new Rig(PagingMode.LEVEL4);
        a.pt.map(LA, PA, 12, P | W | D);
        Mmu b = new Mmu(a, a.phys, 46);
        List<Long> changes = new ArrayList<>();
        CodePages pages = new CodePages((s, e) -> changes.add(s));
        a.mmu.setCodePages(pages);
        b.setCodePages(pages);
        b.write8(LA, (byte) 1);                 // b caches a write tag
        a.mmu.fetch(LA, new byte[1], 0, 1);     // a marks the page as code
        b.write8(LA, (byte) 2);                 // b must see it
        assertEquals(List.of(PA), changes);
    }
}

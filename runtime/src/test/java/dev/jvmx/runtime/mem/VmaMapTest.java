package dev.jvmx.runtime.mem;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class VmaMapTest {
    private final VmaMap map = new VmaMap();

    private void add(long start, long end) { map.insert(new Vma(start, end, Prot.RW, new Backing(0), 0, "r")); }

    @Test
    void findAndFree() {
        add(0x10000, 0x20000);
        assertNotNull(map.find(0x10000));
        assertNotNull(map.find(0x1FFFF));
        assertNull(map.find(0x20000));
        assertNull(map.find(0xFFFF));
        assertTrue(map.isFree(0x20000, 0x30000));
        assertTrue(map.isFree(0, 0x10000));
        assertFalse(map.isFree(0x1F000, 0x21000));
        assertTrue(map.isFullyMapped(0x10000, 0x20000));
        assertFalse(map.isFullyMapped(0x10000, 0x21000));
    }

    @Test
    void topDownSearchSkipsRegionsAndRespectsTheFloor() {
        add(0x80000, 0x90000);
        add(0x70000, 0x7F000);
        assertEquals(0x90000, map.findFreeTopDown(0x10000, 0x10000, 0xA0000), "the gap at the top");
        assertEquals(0x7F000, map.findFreeTopDown(0x1000, 0x10000, 0x90000), "a one-page hole between regions");
        assertEquals(0x60000, map.findFreeTopDown(0x10000, 0x10000, 0x90000), "below both");
        assertEquals(-1, map.findFreeTopDown(0x70000, 0x10000, 0x90000), "nothing big enough above the floor");
        assertEquals(0x10000, map.findFreeTopDown(0x60000, 0x10000, 0x90000), "exactly down to the floor");
    }

    @Test
    void insertReplacesAndSplitsOverlaps() {
        add(0x10000, 0x40000);
        map.insert(new Vma(0x20000, 0x30000, Prot.READ, new Backing(0), 0, "mid"));
        assertEquals(3, map.all().size());
        assertEquals(0x20000, map.find(0x10000).end());
        assertEquals("mid", map.find(0x20000).name());
        assertEquals(0x30000, map.find(0x3F000).start());
        assertEquals(0x20000, map.find(0x30000).backingOffset(), "the tail keeps its place in the old backing");
    }

    @Test
    void protectSplitsOnlyTheRange() {
        add(0x10000, 0x40000);
        map.protect(0x18000, 0x20000, Prot.NONE);
        assertEquals(3, map.all().size());
        assertEquals(Prot.NONE, map.find(0x18000).prot());
        assertEquals(Prot.RW, map.find(0x17FFF).prot());
        assertEquals(Prot.RW, map.find(0x20000).prot());
    }
}

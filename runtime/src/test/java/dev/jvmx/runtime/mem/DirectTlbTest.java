package dev.jvmx.runtime.mem;

import static dev.jvmx.runtime.mem.ProcessAddressSpace.PAGE_SIZE;
import static org.junit.jupiter.api.Assertions.*;

import dev.jvmx.runtime.mem.ProcessAddressSpace.Placement;
import org.junit.jupiter.api.Test;

/** The entry layout translated code relies on: tag and addend side by side, one compare per access. */
class DirectTlbTest {
    private final ProcessAddressSpace mem = new ProcessAddressSpace();
    private final DirectTlb tlb = mem.directTlb();

    private long map(int pages, int prot) {
        long a = mem.mmap(0, (long) pages * PAGE_SIZE, prot, Placement.HINT, "test");
        assertTrue(a > 0, "mmap");
        return a;
    }

    @Test
    void aFilledEntryHoldsTheTagAndTheAddendOfItsPage() {
        long a = map(2, Prot.RW);
        mem.write64(a + 8, 0x1122334455667788L); // fills the read and write entries of page a
        int j = DirectTlb.slot(a + 8);
        assertEquals(2 * DirectTlb.index(a >>> DirectTlb.PAGE_SHIFT), j);
        assertEquals(a >>> DirectTlb.PAGE_SHIFT, DirectTlb.entry(tlb.readTags, j), "read tag");
        assertEquals(a >>> DirectTlb.PAGE_SHIFT, DirectTlb.entry(tlb.writeTags, j), "write tag");
        long host = DirectTlb.entry(tlb.readTags, j + 1) + a + 8;
        assertEquals(0x1122334455667788L, DirectTlb.load64(host), "addend + guest address is the host byte");
        assertEquals(host, tlb.hostOf(tlb.writeTags, a + 8, 8));
        DirectTlb.store32(host, 0xCAFEBABE);
        assertEquals(0xCAFEBABE, mem.read32(a + 8));
    }

    @Test
    void aHitNeedsTheLastByteInTheSamePage() {
        long a = map(2, Prot.RW);
        mem.read8(a);
        mem.read8(a + PAGE_SIZE);
        long end = a + PAGE_SIZE - 8;
        assertEquals(DirectTlb.slot(end), DirectTlb.hit(tlb.readTags, end, 8));
        assertEquals(-1, DirectTlb.hit(tlb.readTags, end + 1, 8), "crosses into the next page: miss, though both pages are in");
        assertEquals(0, tlb.hostOf(tlb.readTags, end + 1, 8));
        assertEquals(-1, DirectTlb.hit(tlb.readTags, -8, 8), "wraps past 2^64");
    }

    @Test
    void readOnlyAndCodePagesHaveNoWriteTag() {
        long ro = map(1, Prot.READ);
        mem.read8(ro);
        assertEquals(ro >>> DirectTlb.PAGE_SHIFT, DirectTlb.entry(tlb.readTags, DirectTlb.slot(ro)));
        assertEquals(-1, DirectTlb.hit(tlb.writeTags, ro, 1));
        long code = map(1, Prot.RWX);
        mem.fetch(code, new byte[4], 0, 4);
        mem.read8(code);
        assertTrue(DirectTlb.hit(tlb.readTags, code, 1) >= 0);
        assertEquals(-1, DirectTlb.hit(tlb.writeTags, code, 1), "writes to fetched code take the slow path");
    }

    @Test
    void entryStaysInsideItsArray() {
        if (DirectTlb.class.desiredAssertionStatus()) assertThrows(AssertionError.class, () -> DirectTlb.entry(new long[16], 3));
        long[] entries = DirectTlb.emptyEntries();
        entries[5] = 77;
        assertEquals(77, DirectTlb.entry(entries, 5));
        assertEquals(77, DirectTlb.entry(entries, 5 + 2 * DirectTlb.SIZE), "an index past the end wraps into the array");
        assertEquals(DirectTlb.INVALID, DirectTlb.entry(entries, -2 * DirectTlb.SIZE), "a negative index too");
    }
}

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
        long off = DirectTlb.offset(a + 8);
        assertEquals(16L * DirectTlb.index(a >>> DirectTlb.PAGE_SHIFT), off);
        assertEquals(a >>> DirectTlb.PAGE_SHIFT, DirectTlb.tag(tlb.readTags, off), "read tag");
        assertEquals(a >>> DirectTlb.PAGE_SHIFT, DirectTlb.tag(tlb.writeTags, off), "write tag");
        assertEquals(tlb.readTags[(int) off / 8], DirectTlb.tag(tlb.readTags, off), "the tag is element 2i");
        assertEquals(tlb.readTags[(int) off / 8 + 1], DirectTlb.addend(tlb.readTags, off), "the addend element 2i+1");
        long host = DirectTlb.addend(tlb.readTags, off) + a + 8;
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
        assertEquals(DirectTlb.offset(end), DirectTlb.hit(tlb.readTags, end, 8));
        assertEquals(-1, DirectTlb.hit(tlb.readTags, end + 1, 8), "crosses into the next page: miss, though both pages are in");
        assertEquals(0, tlb.hostOf(tlb.readTags, end + 1, 8));
        assertEquals(-1, DirectTlb.hit(tlb.readTags, -8, 8), "wraps past 2^64");
    }

    @Test
    void readOnlyAndCodePagesHaveNoWriteTag() {
        long ro = map(1, Prot.READ);
        mem.read8(ro);
        assertEquals(ro >>> DirectTlb.PAGE_SHIFT, DirectTlb.tag(tlb.readTags, DirectTlb.offset(ro)));
        assertEquals(-1, DirectTlb.hit(tlb.writeTags, ro, 1));
        long code = map(1, Prot.RWX);
        mem.fetch(code, new byte[4], 0, 4);
        mem.read8(code);
        assertTrue(DirectTlb.hit(tlb.readTags, code, 1) >= 0);
        assertEquals(-1, DirectTlb.hit(tlb.writeTags, code, 1), "writes to fetched code take the slow path");
    }

    @Test
    void entryReadsStayInsideTheirArray() {
        if (DirectTlb.class.desiredAssertionStatus()) assertThrows(AssertionError.class, () -> DirectTlb.tag(new long[16], 0));
        long[] entries = DirectTlb.emptyEntries();
        entries[4] = 77;
        entries[5] = 78;
        assertEquals(77, DirectTlb.tag(entries, 32));
        assertEquals(78, DirectTlb.addend(entries, 32));
        assertEquals(77, DirectTlb.tag(entries, 32 + 2L * 8 * DirectTlb.SIZE), "an offset past the end wraps into the array");
        assertEquals(77, DirectTlb.tag(entries, 32 + 7), "a misaligned offset is an entry's");
        assertEquals(78, DirectTlb.addend(entries, 32 + 15));
        assertEquals(DirectTlb.INVALID, DirectTlb.tag(entries, -16L * DirectTlb.SIZE), "a negative offset too");
        assertEquals(0, DirectTlb.addend(entries, DirectTlb.OFFSET_MASK), "the last addend is the last element");
    }

    /** The span of {@code addr}'s write entry (after a hit): {start, end}. */
    private long[] span(long addr) {
        long off = DirectTlb.offset(addr);
        assertEquals(addr >>> DirectTlb.PAGE_SHIFT, DirectTlb.tag(tlb.writeTags, off), "write tag");
        long start = DirectTlb.tag(tlb.spans, off);
        return new long[] {start, start + DirectTlb.addend(tlb.spans, off) + 7};
    }

    @Test
    void aWriteEntrysSpanIsItsMappingAndOneAddendServesIt() {
        long a = map(8, Prot.RW);
        mem.write64(a + 3 * PAGE_SIZE, 0x55);
        assertArrayEquals(new long[] {a, a + 8 * PAGE_SIZE}, span(a + 3 * PAGE_SIZE));
        long addend = DirectTlb.addend(tlb.writeTags, DirectTlb.offset(a + 3 * PAGE_SIZE));
        mem.write64(a + 7 * PAGE_SIZE + 8, 0x66); // another page of the span: host-contiguous
        assertEquals(0x66, DirectTlb.load64(addend + a + 7 * PAGE_SIZE + 8), "the span's addend reaches its last page");
        assertEquals(0x55, DirectTlb.load64(addend + a + 3 * PAGE_SIZE));
        assertEquals(DirectTlb.spanLimit(8 * PAGE_SIZE), DirectTlb.addend(tlb.spans, DirectTlb.offset(a + 7 * PAGE_SIZE)), "an 8-byte access must end inside");
    }

    @Test
    void spansLeaveOutPagesHoldingCode() {
        long a = map(8, Prot.RWX);
        mem.write8(a + 2 * PAGE_SIZE, (byte) 1);
        mem.write8(a + 6 * PAGE_SIZE, (byte) 1);
        assertArrayEquals(new long[] {a, a + 8 * PAGE_SIZE}, span(a + 2 * PAGE_SIZE));
        mem.fetch(a + 4 * PAGE_SIZE, new byte[4], 0, 4); // page 4 becomes code: entries already filled shrink
        assertArrayEquals(new long[] {a + 2 * PAGE_SIZE, a + 3 * PAGE_SIZE}, span(a + 2 * PAGE_SIZE));
        assertArrayEquals(new long[] {a + 6 * PAGE_SIZE, a + 7 * PAGE_SIZE}, span(a + 6 * PAGE_SIZE));
        mem.write8(a + PAGE_SIZE, (byte) 1); // filled now: up to the code page
        assertArrayEquals(new long[] {a, a + 4 * PAGE_SIZE}, span(a + PAGE_SIZE));
        mem.write8(a + 5 * PAGE_SIZE, (byte) 1);
        assertArrayEquals(new long[] {a + 5 * PAGE_SIZE, a + 8 * PAGE_SIZE}, span(a + 5 * PAGE_SIZE));
    }

    @Test
    void spansStopAtTheMappingAndItsPermissions() {
        long a = map(6, Prot.RW);
        assertEquals(0, mem.mprotect(a + 2 * PAGE_SIZE, PAGE_SIZE, Prot.READ));
        mem.write8(a + PAGE_SIZE, (byte) 1);
        mem.write8(a + 3 * PAGE_SIZE, (byte) 1);
        assertArrayEquals(new long[] {a, a + 2 * PAGE_SIZE}, span(a + PAGE_SIZE), "up to the read-only page");
        assertArrayEquals(new long[] {a + 3 * PAGE_SIZE, a + 6 * PAGE_SIZE}, span(a + 3 * PAGE_SIZE));
    }
}

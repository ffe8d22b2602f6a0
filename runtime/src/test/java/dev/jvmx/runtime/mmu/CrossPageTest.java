package dev.jvmx.runtime.mmu;

import static dev.jvmx.runtime.mmu.PageTables.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.jvmx.runtime.mem.GuestFault;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Accesses that cross a page boundary: both pages are translated, the lower first, before any
 * byte moves; a fault reports the page that faults, CR2 = the first byte of the access on it.
 */
class CrossPageTest {
    static final long PAGE1 = 0x0000_0000_0050_0000L, PAGE2 = PAGE1 + 0x1000;

    @ParameterizedTest(name = "{0} bytes at page end - {1}")
    @CsvSource({"2, 1", "4, 1", "4, 3", "8, 1", "8, 5", "8, 7"})
    void readAndWriteSpanBothPages(int size, int beforeEnd) {
        Rig r = new Rig(PagingMode.LEVEL4);
        r.pt.map(PAGE1, 0x40_0000L, 12, P | W);
        r.pt.map(PAGE2, 0x60_0000L, 12, P | W);     // not physically contiguous
        long la = PAGE2 - beforeEnd;
        long v = 0x8877_6655_4433_2211L & (size == 8 ? -1L : (1L << 8 * size) - 1);
        switch (size) {
            case 2 -> r.mmu.write16(la, (short) v);
            case 4 -> r.mmu.write32(la, (int) v);
            default -> r.mmu.write64(la, v);
        }
        for (int b = 0; b < size; b++) {
            long pa = b < beforeEnd ? 0x40_1000L - beforeEnd + b : 0x60_0000L + b - beforeEnd;
            assertEquals(v >>> 8 * b & 0xFF, r.mem.readPhys(pa, 1), "byte " + b);
        }
        long back = switch (size) {
            case 2 -> r.mmu.read16(la) & 0xFFFFL;
            case 4 -> r.mmu.read32(la) & 0xFFFF_FFFFL;
            default -> r.mmu.read64(la);
        };
        assertEquals(v, back);
    }

    @ParameterizedTest(name = "page1 [{0}] page2 [{1}] cpl{2} {3} -> {4} at {5}")
    @CsvSource(delimiter = '|', textBlock = """
        # page1 | page2 | cpl | access | error  | faulting page
        P W U   | -     | 3   | READ   | U      | 2
        P W U   | -     | 3   | WRITE  | W+U    | 2
        -       | P W U | 3   | READ   | U      | 1
        P W U   | P U   | 3   | WRITE  | P+W+U  | 2
        P U     | P W U | 3   | WRITE  | P+W+U  | 1
        P W U   | P W   | 3   | READ   | P+U    | 2
        -       | -     | 0   | READ   | 0      | 1
        """)
    void faultOnTheRightPage(String page1, String page2, int cpl, AccessKind access, String error, int faulting) {
        Rig r = new Rig(PagingMode.LEVEL4);
        r.pt.map(PAGE1, 0x40_0000L, 12, Faults.entryFlags(page1));
        r.pt.map(PAGE2, 0x60_0000L, 12, Faults.entryFlags(page2));
        r.cpl = cpl;
        long la = PAGE2 - 3;
        GuestFault f = assertThrows(GuestFault.class, () -> {
            if (access == AccessKind.WRITE) r.mmu.write64(la, -1L);
            else r.mmu.read64(la);
        });
        assertEquals(Faults.errorCode(error), f.errorCode());
        assertEquals(faulting == 1 ? la : PAGE2, f.address());
        assertEquals(0, r.mem.readPhys(0x40_0FFDL, 2), "no byte of a faulting write is stored");
    }

    @ParameterizedTest(name = "fetch of {0} bytes with page 2 [{1}] -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
        8  | P W   | 8
        8  | -     | 3
        8  | P XD  | 3
        2  | -     | 2
        """)
    void fetchStopsAtTheFirstUnfetchableByte(int len, String page2, int expected) {
        Rig r = new Rig(PagingMode.LEVEL4);
        r.pt.map(PAGE1, 0x40_0000L, 12, P | W);
        r.pt.map(PAGE2, 0x60_0000L, 12, Faults.entryFlags(page2));
        r.mem.writePhys(0x40_0FFDL, 2, 0xC3_90);
        byte[] buf = new byte[len];
        assertEquals(expected, r.mmu.fetch(PAGE2 - 3, buf, 0, len));
        assertEquals((byte) 0x90, buf[0]);
        assertEquals((byte) 0xC3, buf[1]);
    }
}

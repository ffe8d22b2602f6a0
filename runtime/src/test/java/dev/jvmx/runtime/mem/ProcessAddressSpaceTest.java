package dev.jvmx.runtime.mem;

import static dev.jvmx.runtime.mem.GuestFault.PF_I;
import static dev.jvmx.runtime.mem.GuestFault.PF_P;
import static dev.jvmx.runtime.mem.GuestFault.PF_U;
import static dev.jvmx.runtime.mem.GuestFault.PF_W;
import static dev.jvmx.runtime.mem.ProcessAddressSpace.PAGE_SIZE;
import static org.junit.jupiter.api.Assertions.*;

import dev.jvmx.runtime.mem.ProcessAddressSpace.Placement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class ProcessAddressSpaceTest {
    private final ProcessAddressSpace mem = new ProcessAddressSpace();

    private static GuestFault pf(Executable access, long addr, int code) {
        GuestFault f = assertThrows(GuestFault.class, access);
        assertEquals(GuestFault.PF, f.vector());
        assertEquals(addr, f.address(), "CR2");
        assertEquals(code, f.errorCode(), "error code");
        return f;
    }

    private long map(int pages, int prot) {
        long a = mem.mmap(0, (long) pages * PAGE_SIZE, prot, Placement.HINT, "test");
        assertTrue(a > 0 && a % PAGE_SIZE == 0 && a < ProcessAddressSpace.MMAP_TOP, "address 0x" + Long.toHexString(a));
        return a;
    }

    @Test
    void anonymousMemoryIsZeroAndLittleEndian() {
        long a = map(2, Prot.RW);
        assertEquals(0, mem.read64(a + 100));
        mem.write64(a, 0x1122334455667788L);
        assertEquals((byte) 0x88, mem.read8(a));
        assertEquals((short) 0x7788, mem.read16(a));
        assertEquals(0x55667788, mem.read32(a));
        assertEquals(0x1122334455667788L, mem.read64(a));
        mem.write16(a + 10, (short) 0xBEEF);
        mem.write32(a + 20, 0xCAFEBABE);
        mem.write8(a + 30, (byte) -1);
        assertEquals((short) 0xBEEF, mem.read16(a + 10));
        assertEquals(0xCAFEBABE, mem.read32(a + 20));
        assertEquals(-1, mem.read8(a + 30));
    }

    @Test
    void pageCrossingAccessesWork() {
        long a = map(2, Prot.RW);
        long edge = a + PAGE_SIZE - 3;
        mem.write64(edge, 0x0102030405060708L);
        assertEquals(0x0102030405060708L, mem.read64(edge));
        assertEquals(0x05060708, mem.read32(edge));
        assertEquals((byte) 0x05, mem.read8(a + PAGE_SIZE));
        mem.write16(a + PAGE_SIZE - 1, (short) 0xA1B2);
        assertEquals((short) 0xA1B2, mem.read16(a + PAGE_SIZE - 1));
    }

    @Test
    void unmappedAccessesRaisePageFaultsWithoutP() {
        pf(() -> mem.read8(0), 0, PF_U);
        pf(() -> mem.read64(0x1234), 0x1234, PF_U);
        pf(() -> mem.write32(0x5000, 1), 0x5000, PF_U | PF_W);
        pf(() -> mem.fetch(0x400000, new byte[16], 0, 16), 0x400000, PF_U | PF_I);
    }

    @Test
    void wildAddressesFaultAndNeverTouchTheHost() {
        pf(() -> mem.read64(-1L), -1L, PF_U);
        pf(() -> mem.read64(Long.MIN_VALUE), Long.MIN_VALUE, PF_U);
        pf(() -> mem.write64(ProcessAddressSpace.USER_END - 4, 1), ProcessAddressSpace.USER_END - 4, PF_U | PF_W);
        pf(() -> mem.read(0x7FFF_0000_0000L, new byte[10], 0, 10), 0x7FFF_0000_0000L, PF_U);
    }

    @Test
    void permissionsFollowX86PagingWithNx() {
        long ro = map(1, Prot.READ), rx = map(1, Prot.RX), none = map(1, Prot.NONE), wo = map(1, Prot.WRITE);
        assertEquals(0, mem.read32(ro));
        pf(() -> mem.write8(ro + 5, (byte) 1), ro + 5, PF_U | PF_P | PF_W);
        pf(() -> mem.fetch(ro, new byte[4], 0, 4), ro, PF_U | PF_P | PF_I);
        assertEquals(4, mem.fetch(rx, new byte[4], 0, 4));
        pf(() -> mem.read8(none), none, PF_U | PF_P);
        pf(() -> mem.write8(none, (byte) 1), none, PF_U | PF_P | PF_W);
        mem.write8(wo, (byte) 9);
        assertEquals(9, mem.read8(wo), "a writable page is readable on x86");
    }

    @Test
    void pageCrossingWriteIntoReadOnlyPageCommitsNothing() {
        long a = map(2, Prot.RW);
        assertEquals(0, mem.mprotect(a + PAGE_SIZE, PAGE_SIZE, Prot.READ));
        mem.write64(a + PAGE_SIZE - 8, 0x7777);
        pf(() -> mem.write64(a + PAGE_SIZE - 4, -1L), a + PAGE_SIZE, PF_U | PF_P | PF_W);
        assertEquals(0x7777, mem.read64(a + PAGE_SIZE - 8), "the first page is unchanged");
        assertThrows(GuestFault.class, () -> mem.write(a + PAGE_SIZE - 2, new byte[4], 0, 4));
        assertEquals(0, mem.read16(a + PAGE_SIZE - 2));
    }

    @Test
    void fetchStopsAtTheFirstNonExecutableByte() {
        long a = mem.mmap(0, 2L * PAGE_SIZE, Prot.RX, Placement.HINT, "code");
        mem.mprotect(a + PAGE_SIZE, PAGE_SIZE, Prot.READ);
        byte[] buf = new byte[15];
        assertEquals(5, mem.fetch(a + PAGE_SIZE - 5, buf, 0, 15));
        mem.munmap(a + PAGE_SIZE, PAGE_SIZE);
        assertEquals(5, mem.fetch(a + PAGE_SIZE - 5, buf, 0, 15));
    }

    @Test
    void theTlbNeverOutlivesAMappingChange() {
        long a = map(1, Prot.RW);
        mem.write64(a, 42);
        assertEquals(42, mem.read64(a));
        mem.mprotect(a, PAGE_SIZE, Prot.READ);
        pf(() -> mem.write64(a, 1), a, PF_U | PF_P | PF_W);
        assertEquals(42, mem.read64(a));
        mem.munmap(a, PAGE_SIZE);
        pf(() -> mem.read64(a), a, PF_U);
    }

    @Test
    void munmapSplitsARegionAndKeepsTheRest() {
        long a = map(3, Prot.RW);
        mem.write8(a, (byte) 1);
        mem.write8(a + 2L * PAGE_SIZE, (byte) 3);
        assertEquals(0, mem.munmap(a + PAGE_SIZE, PAGE_SIZE));
        pf(() -> mem.read8(a + PAGE_SIZE), a + PAGE_SIZE, PF_U);
        assertEquals(1, mem.read8(a));
        assertEquals(3, mem.read8(a + 2L * PAGE_SIZE));
        assertEquals(2, mem.mappings().stream().filter(v -> v.name().equals("test")).count());
        assertEquals(0, mem.munmap(a + PAGE_SIZE, PAGE_SIZE), "unmapping a hole is fine");
        assertEquals(-ProcessAddressSpace.EINVAL, mem.munmap(a + 1, PAGE_SIZE));
        assertEquals(-ProcessAddressSpace.EINVAL, mem.munmap(a, 0));
    }

    @Test
    void mprotectEdgeCases() {
        long a = map(2, Prot.RW);
        assertEquals(-ProcessAddressSpace.EINVAL, mem.mprotect(a + 8, PAGE_SIZE, Prot.READ));
        assertEquals(0, mem.mprotect(a, 0, Prot.READ));
        assertEquals(-ProcessAddressSpace.ENOMEM, mem.mprotect(a, 3L * PAGE_SIZE, Prot.READ), "part of the range is unmapped");
        assertEquals(Prot.RW, mem.regionAt(a).prot(), "a failed mprotect changes nothing");
        assertEquals(0, mem.mprotect(a + PAGE_SIZE, 1, Prot.NONE), "the length is rounded up to a page");
        assertEquals(Prot.NONE, mem.regionAt(a + PAGE_SIZE).prot());
        assertEquals(Prot.RW, mem.regionAt(a).prot());
    }

    @Test
    void mmapPlacement() {
        assertEquals(-ProcessAddressSpace.EINVAL, mem.mmap(0, 0, Prot.RW, Placement.HINT, "x"));
        long hint = 0x2000_0000L;
        assertEquals(hint, mem.mmap(hint, PAGE_SIZE, Prot.RW, Placement.HINT, "x"), "a free hint is taken");
        long other = mem.mmap(hint, PAGE_SIZE, Prot.RW, Placement.HINT, "x");
        assertNotEquals(hint, other, "a taken hint is not");
        assertEquals(-ProcessAddressSpace.EEXIST, mem.mmap(hint, PAGE_SIZE, Prot.RW, Placement.FIXED_NOREPLACE, "x"));
        assertEquals(-ProcessAddressSpace.EINVAL, mem.mmap(hint + 1, PAGE_SIZE, Prot.RW, Placement.FIXED, "x"));
        mem.write64(hint, 5);
        assertEquals(hint, mem.mmap(hint, PAGE_SIZE, Prot.RW, Placement.FIXED, "y"));
        assertEquals(0, mem.read64(hint), "MAP_FIXED replaces the old pages with zero pages");
        long a = map(1, Prot.RW), b = map(1, Prot.RW);
        assertTrue(b < a, "mmap grows down");
    }

    @Test
    void hugeReservationsCostNothingUntilTouched() {
        long a = mem.mmap(0, 1L << 40, Prot.NONE, Placement.HINT, "reserve");
        assertTrue(a > 0);
        assertEquals(0, mem.mprotect(a + (1L << 39), PAGE_SIZE, Prot.RW));
        mem.write64(a + (1L << 39), 1);
        assertEquals(1, mem.read64(a + (1L << 39)));
    }

    @Test
    void mmapWithContent() {
        long a = mem.mmap(0, PAGE_SIZE + 10, Prot.READ, Placement.HINT, "file", new byte[] {1, 2, 3});
        assertEquals(0x030201, mem.read32(a));
        assertEquals(0, mem.read8(a + PAGE_SIZE + 5));
        assertThrows(GuestFault.class, () -> mem.write8(a, (byte) 0));
    }

    @Test
    void brkGrowsAndShrinksTheHeap() {
        long start = 0x60_0000L;
        assertEquals(-1, mem.brk(0), "no heap before the loader sets one");
        mem.setBrkStart(start - 100);
        assertEquals(start, mem.brk(0));
        assertEquals(start, mem.brk(start - PAGE_SIZE), "below the start: unchanged");
        assertEquals(start + 10_000, mem.brk(start + 10_000));
        mem.write64(start + 9_990, 77);
        assertEquals(77, mem.read64(start + 9_990));
        assertEquals(start + 100, mem.brk(start + 100));
        pf(() -> mem.read8(start + PAGE_SIZE), start + PAGE_SIZE, PF_U);
        assertEquals(0, mem.read8(start + 99));
        assertEquals(start + 5 * PAGE_SIZE, mem.mmap(start + 5 * PAGE_SIZE, PAGE_SIZE, Prot.RW, Placement.FIXED, "block"));
        assertEquals(start + 100, mem.brk(start + 8 * PAGE_SIZE), "cannot grow into another mapping");
    }

    @Test
    void discardGivesZeroPagesWithTheSamePermissions() {
        long a = map(2, Prot.RW);
        mem.write64(a, 1);
        mem.write64(a + PAGE_SIZE, 2);
        assertEquals(0, mem.discard(a, PAGE_SIZE));
        assertEquals(0, mem.read64(a));
        assertEquals(2, mem.read64(a + PAGE_SIZE));
        mem.write64(a, 3);
    }

    @Test
    void pokeIgnoresPermissionsButNotHoles() {
        long a = map(1, Prot.READ);
        mem.poke(a + 1, new byte[] {9}, 0, 1);
        assertEquals(9, mem.read8(a + 1));
        assertThrows(GuestFault.class, () -> mem.poke(0x1000, new byte[1], 0, 1));
    }

    @Test
    void writesToFetchedCodeAreReportedOncePerFetch() {
        java.util.List<String> events = new java.util.ArrayList<>();
        mem.setCodeChangeListener((s, e) -> events.add(Long.toHexString(s) + "-" + Long.toHexString(e)));
        long a = map(2, Prot.RWX);
        mem.write8(a + 5, (byte) 1);
        assertEquals(java.util.List.of(), events, "no code fetched yet: writes are plain");
        byte[] code = new byte[8];
        mem.fetch(a, code, 0, 8);
        assertEquals(1, code[5]);
        mem.write8(a + 6, (byte) 2);
        mem.write32(a + 100, 3);
        assertEquals(java.util.List.of(Long.toHexString(a) + "-" + Long.toHexString(a + PAGE_SIZE)), events, "once, for the page");
        mem.fetch(a, code, 0, 8);
        assertEquals(2, code[6], "the fetch sees the new byte");
        mem.write(a + 1, new byte[] {9}, 0, 1);
        assertEquals(2, events.size(), "bulk writes count too");
        mem.write8(a + PAGE_SIZE, (byte) 1);
        assertEquals(2, events.size(), "the other page never held code");
        mem.fetch(a, code, 0, 8);
        mem.munmap(a + PAGE_SIZE, PAGE_SIZE);
        assertEquals(2, events.size(), "unmapping a data page is no code change");
        mem.mprotect(a, PAGE_SIZE, Prot.RX);
        assertEquals(3, events.size(), "mprotect over code is");
    }

    @Test
    void bulkAccessesAcrossPages() {
        long a = map(3, Prot.RW);
        byte[] data = new byte[2 * PAGE_SIZE + 100];
        for (int i = 0; i < data.length; i++) data[i] = (byte) i;
        mem.write(a + 50, data, 0, data.length);
        byte[] back = new byte[data.length];
        mem.read(a + 50, back, 0, back.length);
        assertArrayEquals(data, back);
        assertTrue(mem.isAccessible(a, 3L * PAGE_SIZE, true));
        assertFalse(mem.isAccessible(a, 3L * PAGE_SIZE + 1, false));
    }
}

package dev.jvmx.translator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvmx.x86.Mode;
import org.junit.jupiter.api.Test;

/** CLOCK eviction and page invalidation, on translations with stand-in code. */
class CodeCacheTest {
    static Translation t(long address) {
        return t(address, address >>> 12);
    }

    static Translation t(long address, long lastPage) {
        return new Translation(new CodeKey(address, Mode.BITS64, 0), lastPage, (c, b) -> null, 1, 1, 10);
    }

    @Test
    void aFullCacheEvictsAnUnreferencedTranslationAndKillsIt() {
        CodeCache cache = new CodeCache(3);
        Translation a = t(0x1000), b = t(0x2000), c = t(0x3000);
        cache.put(a);
        cache.put(b);
        cache.put(c);
        a.referenced = false;
        b.referenced = true;
        c.referenced = true;
        Translation d = t(0x4000);
        cache.put(d);
        assertEquals(3, cache.size());
        assertFalse(a.alive());
        assertNull(cache.get(a.key()));
        assertSame(d, cache.get(d.key()));
        assertEquals(1, cache.evictions());
    }

    @Test
    void whenEverythingIsReferencedTheHandGivesASecondChanceThenEvicts() {
        CodeCache cache = new CodeCache(2);
        Translation a = t(0x1000), b = t(0x2000);
        cache.put(a);
        cache.put(b);
        cache.put(t(0x3000));
        assertEquals(2, cache.size());
        assertTrue(a.alive() != b.alive(), "exactly one of the two was evicted");
    }

    @Test
    void invalidatingAPageKillsEveryTranslationWithBytesInIt() {
        CodeCache cache = new CodeCache(8);
        Translation a = t(0x1000), b = t(0x1800), other = t(0x2000), straddling = t(0xFFE, 1);
        cache.put(a);
        cache.put(b);
        cache.put(other);
        cache.put(straddling);
        assertEquals(3, cache.invalidatePage(1));
        assertFalse(a.alive());
        assertFalse(b.alive());
        assertFalse(straddling.alive());
        assertTrue(other.alive());
        assertEquals(1, cache.size());
        assertEquals(0, cache.invalidatePage(1));
    }

    @Test
    void aNewTranslationReplacesTheOneWithTheSameKey() {
        CodeCache cache = new CodeCache(4);
        Translation a = t(0x1000), again = t(0x1000);
        cache.put(a);
        cache.put(again);
        assertFalse(a.alive());
        assertSame(again, cache.get(a.key()));
        assertEquals(1, cache.size());
    }
}

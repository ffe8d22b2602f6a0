package dev.jvmx.translator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The bounded set of live translations, keyed by {@link CodeKey} and indexed by guest page.
 *
 * <p>Eviction is CLOCK (second chance): translations sit in a ring of {@code capacity} slots; every
 * execution sets {@link Translation#referenced} (a plain store, cheap enough for the hot path); when
 * the ring is full the hand sweeps, clearing set bits, and evicts the first translation whose bit
 * is clear. An evicted or invalidated translation is {@link Translation#kill() killed}, so the cache
 * holds no strong reference to its hidden class afterwards and the class can unload.
 *
 * <p>Owned by one executor thread (not thread-safe): the compiler thread hands finished
 * translations back through a queue and the executor installs them here.
 */
final class CodeCache {
    private final Translation[] ring;
    private final Map<CodeKey, Translation> byKey = new HashMap<>();
    private final Map<Long, List<Translation>> byPage = new HashMap<>();
    private int hand;
    private int size;
    private long evictions;

    CodeCache(int capacity) {
        ring = new Translation[capacity];
    }

    Translation get(CodeKey key) {
        return byKey.get(key);
    }

    /** Adds {@code t}, evicting (and killing) a cold translation when full; replaces one with the same key. */
    void put(Translation t) {
        Translation old = byKey.get(t.key());
        if (old != null) remove(old);
        if (size == ring.length) remove(victim());
        int s = freeSlot();
        ring[s] = t;
        t.slot = s;
        size++;
        byKey.put(t.key(), t);
        for (long p = t.key().page(); p <= t.lastPage(); p++) byPage.computeIfAbsent(p, k -> new ArrayList<>()).add(t);
    }

    /** Kills and removes every translation whose code starts in guest page {@code page}; returns how many. */
    int invalidatePage(long page) {
        List<Translation> list = byPage.get(page);
        if (list == null) return 0;
        List<Translation> copy = List.copyOf(list);
        for (Translation t : copy) remove(t);
        return copy.size();
    }

    /** The translations with code in guest page {@code page} (a view: do not keep it across changes to the cache). */
    java.util.Collection<Translation> onPage(long page) {
        List<Translation> list = byPage.get(page);
        return list == null ? List.of() : list;
    }

    /** Kills and removes every translation; returns how many. */
    int clear() {
        int n = size;
        for (Translation t : ring) if (t != null) remove(t);
        return n;
    }

    int size() { return size; }

    int capacity() { return ring.length; }

    long evictions() { return evictions; }

    private Translation victim() {
        while (true) {
            Translation t = ring[hand];
            if (t != null && !t.referenced) {
                evictions++;
                return t;
            }
            if (t != null) t.referenced = false;
            hand = (hand + 1) % ring.length;
        }
    }

    private int freeSlot() {
        for (int k = 0; k < ring.length; k++) {
            int s = (hand + k) % ring.length;
            if (ring[s] == null) return s;
        }
        throw new IllegalStateException("code cache full after eviction");
    }

    private void remove(Translation t) {
        t.kill();
        ring[t.slot] = null;
        t.slot = -1;
        size--;
        byKey.remove(t.key());
        for (long p = t.key().page(); p <= t.lastPage(); p++) {
            List<Translation> list = byPage.get(p);
            list.remove(t);
            if (list.isEmpty()) byPage.remove(p);
        }
    }
}

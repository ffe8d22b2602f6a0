package dev.jvmx.translator;

import dev.jvmx.x86.Mode;

/**
 * RIP -> {@link Block}, direct-mapped: a hit is one index and three compares, a collision simply
 * replaces the older block (its translation survives in the {@link CodeCache} and is found again
 * by key). Bounded, so cold code does not accumulate.
 */
final class BlockTable {
    private static final int BITS = 14;
    private final Block[] slots = new Block[1 << BITS];

    Block get(long rip, Mode mode, long fingerprint) {
        Block b = slots[index(rip)];
        if (b != null && b.start() == rip && b.mode() == mode && b.key.fingerprint() == fingerprint) return b;
        return null;
    }

    void put(Block b) {
        slots[index(b.start())] = b;
    }

    /** Drops (and marks invalid) every block with bytes in guest page {@code page}. */
    int invalidatePage(long page) {
        int n = 0;
        for (int i = 0; i < slots.length; i++) {
            Block b = slots[i];
            if (b != null && b.onPage(page)) {
                b.valid = false;
                slots[i] = null;
                n++;
            }
        }
        return n;
    }

    /** Drops (and marks invalid) every block. */
    void clear() {
        for (int i = 0; i < slots.length; i++) {
            if (slots[i] != null) slots[i].valid = false;
            slots[i] = null;
        }
    }

    private static int index(long rip) {
        return (int) (rip ^ (rip >>> BITS)) & ((1 << BITS) - 1);
    }
}

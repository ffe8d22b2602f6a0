package dev.jvmx.runtime.machine.dev;

/**
 * One counter of the 8254 (Intel 8254 datasheet 231164-005, "Mode Definitions"), computed from
 * elapsed input-clock ticks instead of stepped: the count loaded at tick {@code t0} gives the
 * counter value and OUT at any later tick. Modes 0 (interrupt on terminal count), 1 (hardware
 * one-shot, treated as mode 0 without a gate edge), 2 (rate generator), 3 (square wave), 4
 * (software strobe) and 5 (treated as 4). A count of 0 means 65536 (binary) or 10000 (BCD).
 */
final class PitChannel {
    int mode;
    boolean bcd;
    int rwMode = 3;            // 1 LSB, 2 MSB, 3 LSB then MSB
    boolean gate = true;
    private int reload;        // value written (0 = max)
    private long loadTick = -1; // tick at which counting started; -1: no count written
    private boolean writeHigh, readHigh;
    private int writeLatch;
    private int latched = -1;   // counter latch, -1: none
    private int statusLatch = -1;

    private int period() {
        if (reload != 0) return reload;
        return bcd ? 10000 : 0x10000;
    }

    /** Control word for this counter (SC bits already decoded). */
    void control(int rw, int mode, boolean bcd) {
        this.rwMode = rw;
        this.mode = mode > 5 ? mode - 4 : mode; // modes 6, 7 are 2, 3
        this.bcd = bcd;
        this.loadTick = -1;
        this.writeHigh = false;
        this.readHigh = false;
        this.latched = -1;
    }

    void latchCount(long tick) {
        if (latched < 0) latched = count(tick);
    }

    void latchStatus(long tick) {
        if (statusLatch < 0) {
            statusLatch = (out(tick) ? 0x80 : 0) | (loadTick < 0 ? 0x40 : 0) | rwMode << 4 | mode << 1 | (bcd ? 1 : 0);
        }
    }

    void write(int v, long tick) {
        switch (rwMode) {
            case 1 -> load(v, tick);
            case 2 -> load(v << 8, tick);
            default -> {
                if (!writeHigh) {
                    writeLatch = v;
                    writeHigh = true;
                } else {
                    writeHigh = false;
                    load(writeLatch | v << 8, tick);
                }
            }
        }
    }

    private void load(int value, long tick) {
        reload = value & 0xFFFF;
        loadTick = tick;
    }

    int read(long tick) {
        if (statusLatch >= 0) {
            int s = statusLatch;
            statusLatch = -1;
            return s;
        }
        int value = latched >= 0 ? latched : count(tick);
        int r = switch (rwMode) {
            case 1 -> value & 0xFF;
            case 2 -> value >>> 8;
            default -> readHigh ? value >>> 8 : value & 0xFF;
        };
        if (rwMode == 3) readHigh = !readHigh;
        if (latched >= 0 && (rwMode != 3 || !readHigh)) latched = -1;
        return r & 0xFF;
    }

    /** The counting element at {@code tick}. */
    int count(long tick) {
        if (loadTick < 0) return reload;
        long d = tick - loadTick;
        int p = period();
        int c = switch (mode) {
            case 2 -> (int) (p - d % p);
            case 3 -> (p & ~1) - 2 * (int) (d % Math.max(1, p / 2)); // counts down by 2, twice a period
            default -> (int) ((p - d) & 0xFFFF);
        };
        return c & 0xFFFF;
    }

    /** OUT at {@code tick}. */
    boolean out(long tick) {
        if (loadTick < 0) return mode != 0;
        long d = tick - loadTick;
        int p = period();
        return switch (mode) {
            case 0, 1 -> d >= p;
            case 2 -> d % p != p - 1 || p == 1;
            case 3 -> d % p < (p + 1) / 2;
            default -> d != p; // 4, 5: one low tick at terminal count
        };
    }

    /** Rising edges of OUT in ticks (from, to]: how many interrupts the counter raised. */
    long risingEdges(long from, long to) {
        if (loadTick < 0 || to <= from) return 0;
        int p = period();
        long a = Math.max(from, loadTick) - loadTick;
        long b = to - loadTick;
        return switch (mode) {
            case 0, 1 -> a < p && b >= p ? 1 : 0;
            case 2, 3 -> b / p - a / p;            // OUT rises once per period
            default -> a <= p && b > p ? 1 : 0;     // 4, 5: back high after the strobe
        };
    }

    /** The next tick after {@code tick} at which OUT rises, or -1 if never. */
    long nextRise(long tick) {
        if (loadTick < 0) return -1;
        int p = period();
        long d = tick - loadTick;
        return switch (mode) {
            case 0, 1 -> d < p ? loadTick + p : -1;
            case 2, 3 -> loadTick + (d / p + 1) * p;
            default -> d <= p ? loadTick + p + 1 : -1;
        };
    }
}

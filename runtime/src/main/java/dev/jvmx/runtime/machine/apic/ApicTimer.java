package dev.jvmx.runtime.machine.apic;

import dev.jvmx.runtime.machine.dev.Clock;

/**
 * The local APIC timer (SDM Vol. 3A §11.5.4): a 32-bit down-counter clocked by the bus clock
 * divided per the divide configuration register, started by writing the initial-count register,
 * one-shot or periodic per LVT timer bits 18:17. TSC-deadline mode (10b) is not advertised
 * (CPUID.01H:ECX[24] = 0) and behaves as one-shot. The bus clock is 1 GHz unless configured,
 * so one count is {@code divisor} nanoseconds at the default.
 * <pre>
 *  divide configuration: bits 3,1,0: 000 /2  001 /4  010 /8  011 /16  100 /32  101 /64  110 /128  111 /1
 * </pre>
 */
final class ApicTimer {
    private final Clock clock;
    private final long busHz;
    private int divideConfig;
    private long initialCount;
    private long startTick = -1;     // bus tick at which counting (re)started; -1: stopped
    private long firedPeriods;       // expirations already delivered since startTick
    private boolean periodic;

    ApicTimer(Clock clock, long busHz) {
        this.clock = clock;
        this.busHz = busHz;
    }

    private long busTicks() {
        long n = clock.nanos();
        return n / 1_000_000_000L * busHz + n % 1_000_000_000L * busHz / 1_000_000_000L;
    }

    int divisor() {
        int code = (divideConfig & 3) | (divideConfig & 8) >>> 1;
        return code == 7 ? 1 : 2 << code;
    }

    int divideConfig() { return divideConfig; }

    void setDivideConfig(int v) { divideConfig = v & 0xB; }

    void setPeriodic(boolean p) { periodic = p; }

    long initialCount() { return initialCount; }

    /** Writing the initial-count register (re)starts the timer; 0 stops it. */
    void start(long count) {
        initialCount = count & 0xFFFF_FFFFL;
        firedPeriods = 0;
        startTick = initialCount == 0 ? -1 : busTicks();
    }

    private long period() { return initialCount * divisor(); }

    /** The current-count register. */
    long currentCount() {
        if (startTick < 0) return 0;
        long elapsed = busTicks() - startTick;
        if (!periodic && elapsed >= period()) return 0;
        return initialCount - (elapsed % period()) / divisor();
    }

    /** Expirations not yet delivered (one-shot: at most one, then the timer stops). */
    long takeExpirations() {
        if (startTick < 0) return 0;
        long periods = (busTicks() - startTick) / period();
        if (!periodic) periods = Math.min(periods, 1);
        long fresh = periods - firedPeriods;
        firedPeriods = periods;
        if (!periodic && periods >= 1) startTick = -1;
        return Math.max(0, fresh);
    }

    /** Clock time (ns) of the next expiration, or -1. */
    long nextEventNanos() {
        if (startTick < 0) return -1;
        long next = startTick + (firedPeriods + 1) * period();
        return next / busHz * 1_000_000_000L + (next % busHz * 1_000_000_000L + busHz - 1) / busHz;
    }
}

package dev.jvmx.runtime.machine.dev;

/** A clock that moves only when told to: deterministic timers for tests and virtual-time runs. */
public final class ManualClock implements Clock {
    private long now;
    private final long epoch;

    public ManualClock() { this(0); }

    /** A clock whose RTC reads {@code epochSeconds} at time 0. */
    public ManualClock(long epochSeconds) { this.epoch = epochSeconds; }

    @Override public long nanos() { return now; }

    @Override public long epochSecondsAtOrigin() { return epoch; }

    public void advance(long nanos) {
        if (nanos < 0) throw new IllegalArgumentException("time goes forward");
        now += nanos;
    }

    public void set(long nanos) {
        if (nanos < now) throw new IllegalArgumentException("time goes forward");
        now = nanos;
    }
}

package dev.jvmx.runtime.machine.dev;

/**
 * The time source of the timers (PIT, local APIC timer, RTC). Injected so that tests are
 * deterministic ({@link ManualClock}) while a real run uses {@link #system()}.
 */
public interface Clock {
    /** Monotonic nanoseconds since an arbitrary origin. */
    long nanos();

    /** Wall-clock seconds since the Unix epoch at {@code nanos() == 0}: what the RTC starts from. */
    default long epochSecondsAtOrigin() { return 0; }

    /** The host's monotonic clock; the RTC starts at the host's current time. */
    static Clock system() {
        long origin = System.nanoTime();
        long epoch = System.currentTimeMillis() / 1000;
        return new Clock() {
            @Override public long nanos() { return System.nanoTime() - origin; }
            @Override public long epochSecondsAtOrigin() { return epoch; }
        };
    }
}

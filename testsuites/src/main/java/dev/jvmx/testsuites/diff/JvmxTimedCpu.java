package dev.jvmx.testsuites.diff;

import java.util.List;

/**
 * A {@link GuestCpu} that adds up the wall time spent in another one, so that a campaign can say
 * where its time goes (host harness, jvmx, or the generator and comparison around them).
 */
public final class JvmxTimedCpu implements GuestCpu {
    private final GuestCpu cpu;
    private long nanos;

    public JvmxTimedCpu(GuestCpu cpu) {
        this.cpu = cpu;
    }

    /** Wall time spent inside the wrapped CPU so far, in nanoseconds. */
    public long nanos() {
        return nanos;
    }

    @Override
    public Outcome run(byte[] code, MachineState initial) {
        long t0 = System.nanoTime();
        try {
            return cpu.run(code, initial);
        } finally {
            nanos += System.nanoTime() - t0;
        }
    }

    @Override
    public List<Outcome> runAll(List<TestCase> cases) {
        long t0 = System.nanoTime();
        try {
            return cpu.runAll(cases);
        } finally {
            nanos += System.nanoTime() - t0;
        }
    }
}

package dev.jvmx.translator;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.jctools.queues.MpscArrayQueue;

/**
 * The compiler thread: vCPU threads offer {@link CompileJob}s on a bounded JCTools MPSC queue (a
 * full queue refuses, and the block stays in the interpreter until it asks again); one daemon
 * thread translates them in order and offers each finished job to the requesting executor's own
 * result queue (SPSC: this thread produces, that vCPU consumes). The thread parks when idle;
 * {@link #submit} unparks it.
 *
 * <p>One instance serves every executor in the JVM ({@link #shared()}); tests may make their own.
 */
public final class BackgroundCompiler {
    private static final int QUEUE_CAPACITY = 1024;

    private final MpscArrayQueue<CompileJob> queue = new MpscArrayQueue<>(QUEUE_CAPACITY);
    private final Thread thread;
    private final LongAdder compiled = new LongAdder();
    private final LongAdder compileNanos = new LongAdder();
    private volatile boolean running = true;

    public BackgroundCompiler(String name) {
        thread = Thread.ofPlatform().name(name).daemon().unstarted(this::loop);
        thread.start();
    }

    private static final class Holder {
        static final BackgroundCompiler SHARED = new BackgroundCompiler("jvmx-jit-compiler");
    }

    /** The JVM-wide compiler thread, started on first use. */
    public static BackgroundCompiler shared() { return Holder.SHARED; }

    /** False when the queue is full (the caller retries later). */
    boolean submit(CompileJob job) {
        if (!queue.offer(job)) return false;
        LockSupport.unpark(thread);
        return true;
    }

    /** Jobs translated so far and the time spent (for counters and the latency benchmark). */
    public long compiled() { return compiled.sum(); }

    public long compileNanos() { return compileNanos.sum(); }

    /** Stops the thread after the job in progress (queued jobs are dropped). */
    public void shutdown() {
        running = false;
        LockSupport.unpark(thread);
    }

    private void loop() {
        while (running) {
            CompileJob job = queue.relaxedPoll();
            if (job == null) {
                LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(10));
                continue;
            }
            long t0 = System.nanoTime();
            job.compile();
            compileNanos.add(System.nanoTime() - t0);
            compiled.increment();
        }
    }
}

package dev.jvmx.bench.jit;

import dev.jvmx.runtime.exec.Executor;
import dev.jvmx.runtime.exec.Interpreter;
import dev.jvmx.translator.JitOptions;
import dev.jvmx.translator.TieredExecutor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Guest instructions per second per tier on a simple loop ({@link GuestLoop}): {@code interpreter}
 * is tier 0 ({@link Interpreter}), {@code tiered-off} the tiered executor with translation off
 * (block-stepped interpreter), {@code block} tier 1 with every block translated up front.
 * The score is guest instructions per second ({@code ops/s}, one op per guest instruction).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TierThroughputBench {
    static final int ITERATIONS = 100_000;

    @Param({"interpreter", "tiered-off", "block"})
    public String tier;

    private GuestLoop registers, memory;
    private Executor registersExecutor, memoryExecutor;

    @Setup
    public void setUp() {
        registers = new GuestLoop(ITERATIONS, false);
        memory = new GuestLoop(ITERATIONS, true);
        registersExecutor = executor(); // one each: both loops sit at the same guest address
        memoryExecutor = executor();
    }

    private Executor executor() {
        JitOptions o = JitOptions.defaults().withBackground(false).withThreshold(0);
        return switch (tier) {
            case "interpreter" -> new Interpreter();
            case "tiered-off" -> new TieredExecutor(o.withMode(JitOptions.Mode.OFF));
            case "block" -> new TieredExecutor(o.withMode(JitOptions.Mode.BLOCK));
            default -> throw new IllegalArgumentException("tier " + tier);
        };
    }

    /** Register-only loop body (add, xor, dec, jnz): one op per guest instruction. */
    @Benchmark
    @OperationsPerInvocation(2 + 4 * ITERATIONS)
    public long registerLoop() {
        return registers.run(registersExecutor);
    }

    /** The same with a store per iteration (mov [rsi+rcx*8], rdx). */
    @Benchmark
    @OperationsPerInvocation(2 + 5 * ITERATIONS)
    public long memoryLoop() {
        return memory.run(memoryExecutor);
    }
}

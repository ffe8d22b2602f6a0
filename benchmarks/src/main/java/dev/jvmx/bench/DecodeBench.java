package dev.jvmx.bench;

import dev.jvmx.x86.Decoder;
import dev.jvmx.x86.ElfImage;
import dev.jvmx.x86.Instruction;
import dev.jvmx.x86.Mode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Decode throughput on a realistic instruction mix: the executable sections of an x86-64 ELF
 * (by default a static glibc program if one is found, else the system libc), decoded linearly.
 * The score is instructions per second ({@code ops/s} with one op per decoded instruction).
 *
 * <p>{@code -p elf=/path/to/static-binary} picks another program.
 *
 * <p>On a shared machine wall-clock scores mostly measure the other processes; {@link #main} runs
 * the same loop and reports instructions per second of this thread's CPU time instead, the
 * median of several rounds (run from the repository root after {@code benchmarks/jmh.sh -l} has
 * built the module):
 * <pre>
 *   java -cp 'benchmarks/target/classes:benchmarks/target/lib/*' dev.jvmx.bench.DecodeBench [ELF [ROUNDS]]
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DecodeBench {
    /** Instructions decoded per benchmark invocation (a window that wraps around the text). */
    static final int BATCH = 10_000;

    @Param({""})
    public String elf;

    private byte[] text;
    private long base;
    private int pos;

    @Setup(Level.Trial)
    public void load() throws IOException {
        Path p = elf.isEmpty() ? defaultElf() : Path.of(elf);
        ElfImage image = ElfImage.read(p);
        ElfImage.Section s = image.codeSections().stream().filter(x -> x.name().equals(".text")).findFirst()
                .orElse(image.codeSections().getFirst());
        text = s.bytes();
        base = s.address();
    }

    static Path defaultElf() {
        for (String c : new String[] {"examples/hello-glibc", "/usr/lib/x86_64-linux-gnu/libc.so.6", "/lib64/libc.so.6"}) {
            Path p = Path.of(c);
            if (Files.isRegularFile(p)) return p;
        }
        throw new IllegalStateException("no x86-64 ELF found; pass -p elf=PATH");
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void decode(Blackhole bh) {
        byte[] t = text;
        int p = pos;
        for (int i = 0; i < BATCH; i++) {
            if (p >= t.length - 1) p = 0;
            Instruction ins = Decoder.decode(Mode.BITS64, t, p, t.length - p, base + p);
            bh.consume(ins);
            p += ins.isInvalid() ? 1 : ins.length();
        }
        pos = p;
    }

    /** Decode throughput in instructions per CPU-second of this thread; see the class comment. */
    public static void main(String[] args) throws IOException {
        DecodeBench b = new DecodeBench();
        b.elf = args.length > 0 ? args[0] : "";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        b.load();
        Blackhole bh = new Blackhole(
                "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 1000; i++) b.decode(bh); // warm-up: 10 million decodes
        double[] mips = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long t0 = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < 400; i++) b.decode(bh);
            long t1 = mx.getCurrentThreadCpuTime();
            mips[r] = 400.0 * BATCH / ((t1 - t0) / 1e9) / 1e6;
        }
        Arrays.sort(mips);
        System.out.printf("decode: median %.2f, best %.2f million instructions per CPU-second (%d rounds of %d)%n",
                mips[rounds / 2], mips[rounds - 1], rounds, 400 * BATCH);
    }
}

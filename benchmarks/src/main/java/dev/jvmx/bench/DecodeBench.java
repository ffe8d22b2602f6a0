package dev.jvmx.bench;

import dev.jvmx.x86.Decoder;
import dev.jvmx.x86.ElfImage;
import dev.jvmx.x86.Instruction;
import dev.jvmx.x86.Mode;
import java.io.IOException;
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
}

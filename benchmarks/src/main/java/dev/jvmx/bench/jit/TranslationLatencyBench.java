package dev.jvmx.bench.jit;

import dev.jvmx.translator.BlockTranslator;
import dev.jvmx.translator.CodeKey;
import dev.jvmx.translator.JitOptions;
import dev.jvmx.translator.Translation;
import dev.jvmx.x86.BlockScanner;
import dev.jvmx.x86.Instruction;
import dev.jvmx.x86.Mode;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Translation latency per block and per region: ASM generation plus hidden-class definition of one
 * block of {@code size} instructions, or of a region of eight such blocks (a mix of inline forms and handler calls), in microseconds. Each
 * invocation defines a new hidden class, which becomes garbage at once (as an evicted one would).
 */
@State(Scope.Thread)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TranslationLatencyBench {
    /** add rax, rcx / mov [rsi+rcx*8], rdx / imul rdx, rax (handler) / dec ecx, repeated; ends in jnz. */
    private static final byte[][] MIX = {
        {0x48, 0x01, (byte) 0xC8}, {0x48, (byte) 0x89, 0x14, (byte) 0xCE}, {0x48, 0x0F, (byte) 0xAF, (byte) 0xD0}, {(byte) 0xFF, (byte) 0xC9},
    };

    @Param({"4", "16", "60"})
    public int size;

    private BlockTranslator translator;
    private Instruction[] block;
    private Instruction[][] region;
    private CodeKey key;

    @Setup
    public void setUp() {
        byte[] code = new byte[size * 4 + 2];
        int n = 0;
        for (int k = 0; k < size; k++) {
            byte[] ins = MIX[k % MIX.length];
            System.arraycopy(ins, 0, code, n, ins.length);
            n += ins.length;
        }
        code[n++] = 0x75;
        code[n++] = (byte) 0x80;
        long org = 0x40_0000;
        block = new BlockScanner(4096, 64).scan(Mode.BITS64, code, 0, n, org).instructions().toArray(Instruction[]::new);
        key = new CodeKey(org, Mode.BITS64, 0);
        translator = new BlockTranslator(JitOptions.defaults());
        region = new Instruction[8][];
        for (int j = 0; j < region.length; j++) region[j] = block; // eight blocks' worth of code in one method
    }

    /** One block of {@code size} instructions. */
    @Benchmark
    public Translation translateBlock() {
        return translator.translate(key, key.page(), block);
    }

    /** A region of eight such blocks (cut to fit the bytecode cap when {@code size} is large). */
    @Benchmark
    public Translation translateRegion() {
        return translator.translate(key, key.page(), region);
    }
}

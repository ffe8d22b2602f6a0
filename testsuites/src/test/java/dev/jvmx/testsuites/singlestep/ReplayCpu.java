package dev.jvmx.testsuites.singlestep;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;

/**
 * A fake {@link TestCpu} that "executes" a test by looking up its expected final state: the
 * runner and comparator must then report every test as passed. A flags tamperer lets a test
 * change the result to check masking and failure reporting.
 */
final class ReplayCpu implements TestCpu {
    private final Map<String, SingleStepTest> byInitialRegs = new HashMap<>();
    private final Map<Integer, Integer> memory = new HashMap<>();
    private Registers16 regs;
    private CpuKind kind;
    IntUnaryOperator flagsTamper = f -> f;
    IntUnaryOperator axTamper = ax -> ax;
    int maxAddressSeen;

    ReplayCpu(Path... files) throws IOException {
        for (Path p : files) {
            for (TestFile f : TestFile.list(p)) f.read(t -> byInitialRegs.put(key(t), t));
        }
    }

    /** Test sets reuse initial registers across opcodes: registers and initial memory identify a test. */
    private static String key(SingleStepTest t) {
        StringBuilder sb = new StringBuilder(t.initial().regs().toString());
        int[] a = t.initial().addresses(), v = t.initial().values();
        for (int i = 0; i < a.length; i++) sb.append(a[i] & 0xF_FFFF).append('=').append(v[i]).append(',');
        return sb.toString();
    }

    private final StringBuilder writes = new StringBuilder();

    @Override
    public void reset(CpuKind k) {
        kind = k;
        memory.clear();
        writes.setLength(0);
    }

    @Override
    public void setRegisters(Registers16 r) {
        regs = r.copy();
    }

    @Override
    public void writeMemory(int a, int v) {
        maxAddressSeen = Math.max(maxAddressSeen, a);
        writes.append(a & 0xF_FFFF).append('=').append(v).append(',');
        memory.put(a, v);
    }

    @Override
    public void run(CpuKind.StopAt stop, int maxInstructions) {
        SingleStepTest t = byInitialRegs.get(regs.toString() + writes);
        if (t == null) throw new IllegalStateException("unknown test");
        Registers16 fin = t.expected().regs();
        for (Reg16 r : Reg16.values()) if (fin.has(r)) regs.set(r, fin.get(r));
        regs.set(Reg16.FLAGS, flagsTamper.applyAsInt(regs.get(Reg16.FLAGS)));
        regs.set(Reg16.AX, axTamper.applyAsInt(regs.get(Reg16.AX)));
        int[] a = t.expected().addresses(), v = t.expected().values();
        for (int i = 0; i < a.length; i++) memory.put(a[i] & kind.addressMask(), v[i]);
    }

    @Override
    public Registers16 registers() {
        return regs;
    }

    @Override
    public int readMemory(int a) {
        return memory.getOrDefault(a, 0);
    }

    static List<Path> of(Path dir, String... names) {
        return java.util.Arrays.stream(names).map(dir::resolve).toList();
    }
}

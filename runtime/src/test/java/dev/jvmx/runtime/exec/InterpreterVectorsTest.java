package dev.jvmx.runtime.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.mem.GuestFault;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs {@code interpreter-vectors.asm} (a test resource; its header is the legend): small asm
 * programs with the expected final state written beside the code.
 */
class InterpreterVectorsTest {
    static final long ORG = 0x40_0000L, DATA = 0x60_0000L, STACK_TOP = 0x80_0000L;
    static final String[] GPR = {"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
        "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15"};

    record Vector(String name, String code, Map<String, String> init, Map<String, String> expect) {}

    static List<Vector> parse() throws Exception {
        String text;
        try (InputStream in = InterpreterVectorsTest.class.getResourceAsStream("/dev/jvmx/runtime/cpu/interpreter-vectors.asm")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<Vector> out = new ArrayList<>();
        Vector cur = null;
        StringBuilder code = null;
        for (String line : text.split("\n")) {
            if (line.startsWith(";; test ")) {
                if (cur != null) out.add(new Vector(cur.name(), code.toString(), cur.init(), cur.expect()));
                cur = new Vector(line.substring(8).trim(), "", new LinkedHashMap<>(), new LinkedHashMap<>());
                code = new StringBuilder();
            } else if (cur != null && (line.startsWith(";; expect ") || line.startsWith(";; init "))) {
                Map<String, String> into = line.startsWith(";; init ") ? cur.init() : cur.expect();
                for (String kv : line.substring(line.indexOf(' ', 3) + 1).trim().split("\\s+")) {
                    int eq = kv.indexOf('=');
                    into.put(kv.substring(0, eq), kv.substring(eq + 1));
                }
            } else if (cur != null) {
                code.append(line).append('\n');
            }
        }
        if (cur != null) out.add(new Vector(cur.name(), code.toString(), cur.init(), cur.expect()));
        return out;
    }

    @TestFactory
    Stream<DynamicTest> vectors() throws Exception {
        assumeTrue(Nasm.available(), "nasm not found: interpreter vectors skipped");
        List<Vector> vs = parse();
        assertTrue(vs.size() >= 20, "vector file parsed");
        // each program gets a label table appended: dq of every @label its expectations name
        List<String> sources = new ArrayList<>();
        List<List<String>> labels = new ArrayList<>();
        for (Vector v : vs) {
            List<String> ls = v.expect().values().stream().filter(x -> x.startsWith("@")).map(x -> x.substring(1)).distinct().toList();
            labels.add(ls);
            StringBuilder src = new StringBuilder(v.code()).append("\nalign 8\n__labels:\n");
            for (String l : ls) src.append("dq ").append(l).append('\n');
            sources.add(src.toString());
        }
        List<byte[]> bins = sources.stream().map(src -> Nasm.assemble("64", ORG, src)).toList(); // labels are per program
        List<DynamicTest> tests = new ArrayList<>();
        for (int k = 0; k < vs.size(); k++) {
            Vector v = vs.get(k);
            byte[] bin = bins.get(k);
            Map<String, Long> labelValues = new LinkedHashMap<>();
            List<String> ls = labels.get(k);
            ByteBuffer b = ByteBuffer.wrap(bin).order(ByteOrder.LITTLE_ENDIAN);
            for (int j = 0; j < ls.size(); j++) labelValues.put(ls.get(j), b.getLong(bin.length - 8 * (ls.size() - j)));
            tests.add(DynamicTest.dynamicTest(v.name(), () -> run(v, bin, labelValues)));
        }
        return tests.stream();
    }

    static void run(Vector v, byte[] bin, Map<String, Long> labels) {
        FlatMemory mem = new FlatMemory().map(ORG, bin.length).map(DATA, 0x1000).map(STACK_TOP - 0x10000, 0x10000);
        mem.write(ORG, bin, 0, bin.length);
        CpuState s = new CpuState();
        s.rip = ORG;
        s.gpr[CpuState.RSP] = STACK_TOP;
        s.setRflags(0x202);
        v.init().forEach((k, val) -> {
            long x = k.equals("mode") ? 0 : Long.parseUnsignedLong(val, 16);
            switch (k) {
                case "fs_base" -> s.fsBase = x;
                case "gs_base" -> s.gsBase = x;
                case "mode" -> s.mode = dev.jvmx.x86.Mode.ofBits(Integer.parseInt(val));
                default -> s.gpr[List.of(GPR).indexOf(k)] = x;
            }
        });
        Exit exit = new Interpreter().run(s, mem, 100_000);
        String expectedExit = v.expect().getOrDefault("exit", "HLT");
        assertEquals(expectedExit, describe(exit), v.name() + ": exit");
        v.expect().forEach((k, val) -> {
            if (k.equals("exit")) return;
            long want = val.startsWith("@") ? labels.get(val.substring(1)) : 0;
            if (!val.startsWith("@") && !k.equals("flags") && !k.startsWith("xmm")) want = Long.parseUnsignedLong(val, 16);
            int g = List.of(GPR).indexOf(k);
            if (g >= 0) {
                assertEquals(Long.toHexString(want), Long.toHexString(s.gpr[g]), v.name() + ": " + k);
            } else if (k.equals("rip")) {
                assertEquals(Long.toHexString(want), Long.toHexString(s.rip), v.name() + ": rip");
            } else if (k.equals("flags")) {
                String[] mv = val.split(":");
                long mask = Long.parseLong(mv[0], 16);
                assertEquals(mv[1], Long.toHexString(s.rflags() & mask), v.name() + ": flags & " + mv[0]);
            } else if (k.startsWith("m64:")) {
                assertEquals(Long.toHexString(want), Long.toHexString(mem.read64(Long.parseLong(k.substring(4), 16))), v.name() + ": " + k);
            } else if (k.startsWith("xmm")) {
                int n = Integer.parseInt(k.substring(3));
                String[] hl = val.split(":");
                assertEquals(val, Long.toHexString(s.ymm[n * 4 + 1]) + ":" + Long.toHexString(s.ymm[n * 4]), v.name() + ": " + k);
                assertEquals(Long.parseUnsignedLong(hl[1], 16), s.ymm[n * 4]);
            } else {
                throw new IllegalArgumentException(v.name() + ": unknown expectation " + k);
            }
        });
    }

    static String describe(Exit e) {
        return switch (e.kind()) {
            case EXCEPTION -> "#" + GuestFault.name(e.fault().vector()).replace(' ', '_');
            default -> e.kind().name();
        };
    }
}

package dev.jvmx.translator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.exec.Executor;
import dev.jvmx.runtime.exec.Exit;
import dev.jvmx.runtime.exec.Interpreter;
import dev.jvmx.runtime.mem.ProcessAddressSpace;
import dev.jvmx.runtime.mem.Prot;
import dev.jvmx.x86.Mode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The interpreter's own execution vectors ({@code runtime/src/test/resources/.../interpreter-vectors.asm},
 * whose expectations the runtime's InterpreterVectorsTest checks) run again here, differentially:
 * each program through the interpreter, through tier 1 with threshold 0 and with regions, and the
 * final registers, RIP, RFLAGS, vector registers, exit, data and stack must be identical.
 */
class InterpreterVectorsAcrossTiersTest {
    static final long ORG = 0x40_0000L, DATA = 0x60_0000L, STACK_TOP = 0x80_0000L;
    static final List<String> GPR = List.of("rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
            "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15");

    record Vector(String name, String code, Map<String, String> init) {}

    @BeforeAll
    static void nasm() {
        Nasm.require();
    }

    static Path vectorFile() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path f = p.resolve("runtime/src/test/resources/dev/jvmx/runtime/cpu/interpreter-vectors.asm");
            if (Files.isRegularFile(f)) return f;
        }
        System.out.println("skipped: interpreter-vectors.asm not found");
        Assumptions.abort("interpreter-vectors.asm not found");
        return null;
    }

    static List<Vector> parse(String text) {
        List<Vector> out = new ArrayList<>();
        String name = null;
        Map<String, String> init = null;
        StringBuilder code = null;
        for (String line : text.split("\n")) {
            if (line.startsWith(";; test ")) {
                if (name != null) out.add(new Vector(name, code.toString(), init));
                name = line.substring(8).trim();
                init = new LinkedHashMap<>();
                code = new StringBuilder();
            } else if (name != null && line.startsWith(";; init ")) {
                for (String kv : line.substring(8).trim().split("\\s+")) init.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
            } else if (name != null && !line.startsWith(";; ")) {
                code.append(line).append('\n');
            }
        }
        if (name != null) out.add(new Vector(name, code.toString(), init));
        return out;
    }

    @Test
    void everyInterpreterVectorEndsInTheSameStateInEveryTier() throws Exception {
        List<Vector> vectors = parse(Files.readString(vectorFile()));
        assertTrue(vectors.size() >= 20, "vector file parsed");
        List<String> failures = new ArrayList<>();
        for (Vector v : vectors) {
            if (v.name().equals("rdtsc_advances")) continue; // reads the host clock: no two runs agree
            byte[] bin = Nasm.assemble(ORG, v.code());
            String ref = run(v, bin, new Interpreter());
            String block = run(v, bin, TierDifferentialTest.jit(0));
            String region = run(v, bin, TierDifferentialTest.regions());
            if (!ref.equals(block)) failures.add(v.name() + " (blocks)\n  interpreter " + ref + "\n  tiered      " + block);
            if (!ref.equals(region)) failures.add(v.name() + " (regions)\n  interpreter " + ref + "\n  tiered      " + region);
        }
        assertEquals("", String.join("\n", failures));
    }

    /** Runs one vector the way the runtime's test sets it up; returns the final state as text. */
    static String run(Vector v, byte[] bin, Executor x) {
        ProcessAddressSpace mem = new ProcessAddressSpace();
        mem.mmap(ORG, ProcessAddressSpace.pageUp(bin.length), Prot.RWX, ProcessAddressSpace.Placement.FIXED, "code");
        mem.poke(ORG, bin, 0, bin.length);
        mem.mmap(DATA, 0x1000, Prot.RW, ProcessAddressSpace.Placement.FIXED, "data");
        mem.mmap(STACK_TOP - 0x10000, 0x10000, Prot.RW, ProcessAddressSpace.Placement.FIXED, "stack");
        if (x instanceof TieredExecutor t) mem.setCodeChangeListener(t);
        else if (x instanceof Interpreter i) mem.setCodeChangeListener((s, e) -> i.decodeCache().invalidate(s, e));
        CpuState s = new CpuState();
        s.rip = ORG;
        s.gpr[CpuState.RSP] = STACK_TOP;
        s.setRflags(0x202);
        v.init().forEach((k, val) -> {
            switch (k) {
                case "fs_base" -> s.fsBase = Long.parseUnsignedLong(val, 16);
                case "gs_base" -> s.gsBase = Long.parseUnsignedLong(val, 16);
                case "mode" -> s.mode = Mode.ofBits(Integer.parseInt(val));
                default -> s.gpr[GPR.indexOf(k)] = Long.parseUnsignedLong(val, 16);
            }
        });
        Exit e = x.run(s, mem, 100_000);
        byte[] data = new byte[0x1000], stack = new byte[0x10000];
        mem.read(DATA, data, 0, data.length);
        mem.read(STACK_TOP - 0x10000, stack, 0, stack.length);
        return String.format("exit=%s%s rip=%x rflags=%x gpr=%s ymm=%s data=%d stack=%d", e.kind(),
                e.fault() != null ? "(" + e.fault().getMessage() + ")" : "", s.rip, s.rflags(), Arrays.toString(s.gpr),
                Arrays.toString(s.ymm), Arrays.hashCode(data), Arrays.hashCode(stack));
    }
}

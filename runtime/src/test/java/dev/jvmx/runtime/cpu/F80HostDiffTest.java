package dev.jvmx.runtime.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The x87 soft float ({@link F80Math}, {@link F80Convert}) against the host FPU: {@code x87ref.c}
 * (a test resource) computes the same operations natively on edge-biased operands in all four
 * rounding modes; results must be bit-identical.
 */
class F80HostDiffTest {
    private final Random rnd = new Random(0x38305F78L);

    static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (new File(dir, tool).canExecute()) return true;
        }
        return false;
    }

    F80 operand() {
        return switch (rnd.nextInt(8)) {
            case 0 -> F80Convert.fromDouble(new long[] {0, 0x8000_0000_0000_0000L, 0x7FF0_0000_0000_0000L,
                0xFFF0_0000_0000_0000L, 0x7FF8_0000_0000_0000L, 0x3FF0_0000_0000_0000L, 1L}[rnd.nextInt(7)]);
            case 1 -> new F80(rnd.nextInt(2) << 15 | rnd.nextInt(3), rnd.nextLong() >>> rnd.nextInt(64)); // denormal range
            case 2 -> new F80(rnd.nextInt(2) << 15 | 0x7FFE - rnd.nextInt(3), rnd.nextLong() | 1L << 63); // near overflow
            case 3 -> new F80(rnd.nextInt(2) << 15 | 0x7FFF, 1L << 63 | rnd.nextLong() >>> 2 | (rnd.nextBoolean() ? 1L << 62 : 1)); // NaN
            case 4 -> F80Convert.fromLong(rnd.nextInt(2000) - 1000);
            case 5 -> F80Convert.fromDouble(Double.doubleToRawLongBits(rnd.nextGaussian() * Math.pow(10, rnd.nextInt(40) - 20)));
            default -> new F80(rnd.nextInt(2) << 15 | (0x3FFF - 70 + rnd.nextInt(140)), rnd.nextLong() | 1L << 63);
        };
    }

    @Test
    void softFloatMatchesTheHostFpu() throws Exception {
        assumeTrue(onPath("gcc"), "gcc not found: x87 differential test skipped");
        String arch = System.getProperty("os.arch");
        assumeTrue("amd64".equals(arch) || "x86_64".equals(arch), "host is not x86-64");
        Path dir = Files.createTempDirectory("jvmx-x87ref");
        Path src = dir.resolve("x87ref.c"), exe = dir.resolve("x87ref");
        try (InputStream in = getClass().getResourceAsStream("/dev/jvmx/runtime/cpu/x87ref.c")) {
            Files.write(src, in.readAllBytes());
        }
        Process cc = new ProcessBuilder("gcc", "-O1", "-o", exe.toString(), src.toString()).redirectErrorStream(true).start();
        String log = new String(cc.getInputStream().readAllBytes());
        assertTrue(cc.waitFor(120, TimeUnit.SECONDS) && cc.exitValue() == 0, log);

        String[] ops = {"add", "sub", "mul", "div", "sqrt", "rnd", "dbl", "flt", "i64", "cmp", "prem", "prem1"};
        List<String> lines = new ArrayList<>();
        List<String> expectedJava = new ArrayList<>();
        for (int k = 0; k < 30000; k++) {
            String op = ops[k % ops.length];
            int rc = rnd.nextInt(4);
            F80 a = operand(), b = operand();
            if (op.equals("i64") && rnd.nextBoolean()) a = new F80(rnd.nextInt(2) << 15 | (0x3FFF + rnd.nextInt(66)), rnd.nextLong() | 1L << 63);
            lines.add(String.format("%s %x %x %x %x %x", op, rc, a.se(), a.sig(), b.se(), b.sig()));
            expectedJava.add(compute(op, rc, a, b));
        }
        Process p = new ProcessBuilder(exe.toString()).start();
        Thread w = Thread.ofPlatform().start(() -> {
            try (var out = p.getOutputStream()) {
                out.write((String.join("\n", lines) + "\n").getBytes());
            } catch (Exception ignored) {
                // reported by the size check below
            }
        });
        String[] host = new String(p.getInputStream().readAllBytes()).split("\n");
        w.join();
        assertEquals(lines.size(), host.length, "x87ref answered every line");
        List<String> bad = new ArrayList<>();
        for (int k = 0; k < lines.size(); k++) {
            if (!host[k].equals(expectedJava.get(k))) bad.add(lines.get(k) + " -> host " + host[k] + " jvmx " + expectedJava.get(k));
        }
        System.out.println("x87 host diff: " + lines.size() + " operations, " + bad.size() + " mismatches");
        assertEquals(0, bad.size(), String.join("\n", bad.subList(0, Math.min(30, bad.size()))));
    }

    static String compute(String op, int rc, F80 a, F80 b) {
        F80 r = switch (op) {
            case "add" -> F80Math.apply(F80Math.Op.ADD, a, b, rc);
            case "sub" -> F80Math.apply(F80Math.Op.SUB, a, b, rc);
            case "mul" -> F80Math.apply(F80Math.Op.MUL, a, b, rc);
            case "div" -> F80Math.apply(F80Math.Op.DIV, a, b, rc);
            case "sqrt" -> F80Math.sqrt(a, rc);
            case "rnd" -> F80Math.roundToInt(a, rc);
            default -> null;
        };
        if (op.startsWith("prem")) {
            Object[] p = F80Math.prem(a, b, op.equals("prem1"));
            return String.format("%x %x %x", (int) p[1], ((F80) p[0]).se() & 0xFFFF, ((F80) p[0]).sig());
        }
        if (r != null) return String.format("%x %x", r.se() & 0xFFFF, r.sig());
        return switch (op) {
            case "dbl" -> Long.toHexString(F80Convert.toDouble(a, rc));
            case "flt" -> Integer.toHexString(F80Convert.toFloat(a, rc));
            case "i64" -> Long.toHexString(F80Convert.toInt(a, 64, rc));
            default -> {
                int c = F80Math.compare(a, b);
                yield Integer.toHexString(c == 2 ? 7 : c == 0 ? 4 : c < 0 ? 1 : 0);
            }
        };
    }
}

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
    /** Fixed by default; {@code -Djvmx.x87.seed=N} explores other operands. */
    private final Random rnd = new Random(Long.getLong("jvmx.x87.seed", 0x38305F78L));

    static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (new File(dir, tool).canExecute()) return true;
        }
        return false;
    }

    /**
     * A rounding control alone (0..3), or a whole control word: random precision control, and in a
     * quarter of those some exceptions unmasked (not for cmp, whose unmasked response keeps EFLAGS).
     */
    int controlWord(String op) {
        if (rnd.nextBoolean()) return rnd.nextInt(4);
        int cw = 0x0040 | rnd.nextInt(4) << 8 | rnd.nextInt(4) << 10 | 0x3F;
        if (rnd.nextInt(2) == 0 && !op.equals("cmp")) cw &= ~rnd.nextInt(64);
        return cw <= 3 ? cw | 0x1000 : cw;
    }

    /** Raw double bits biased to SNaNs, QNaNs, denormals, zeros and ordinary values (float: the high half). */
    long memoryDouble() {
        long sign = rnd.nextBoolean() ? 1L << 63 : 0;
        return sign | switch (rnd.nextInt(5)) {
            case 0 -> 0x7FF0_0000_0000_0000L | rnd.nextLong() >>> (13 + rnd.nextInt(2)); // SNaN or QNaN (or inf)
            case 1 -> rnd.nextLong() >>> (12 + rnd.nextInt(40));                          // denormal
            case 2 -> 0x7F80_0000_0000_0000L | (rnd.nextLong() >>> 40) << 32;              // float NaN/inf
            case 3 -> (rnd.nextLong() >>> 41) << 32;                                       // float denormal
            default -> rnd.nextLong() >>> 1;
        };
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
        Path exe = compileRef();

        String[] ops = {"add", "sub", "mul", "div", "sqrt", "rnd", "dbl", "flt", "i64", "cmp", "prem", "prem1", "ldd", "lds", "scale"};
        List<String> lines = new ArrayList<>();
        List<String> expectedJava = new ArrayList<>();
        for (int k = 0; k < 45000; k++) {
            String op = ops[k % ops.length];
            int cw = controlWord(op);
            F80 a = operand(), b = operand();
            if (op.equals("i64") && rnd.nextBoolean()) a = new F80(rnd.nextInt(2) << 15 | (0x3FFF + rnd.nextInt(66)), rnd.nextLong() | 1L << 63);
            if (op.equals("scale")) b = F80Convert.fromLong(rnd.nextInt(6) == 0 ? rnd.nextLong() >> rnd.nextInt(64) : rnd.nextInt(40000) - 20000);
            if (op.startsWith("ld")) a = new F80(0, op.equals("ldd") ? memoryDouble() : memoryDouble() >>> 32);
            lines.add(String.format("%s %x %x %x %x %x", op, cw, a.se(), a.sig(), b.se(), b.sig()));
            expectedJava.add(compute(op, cw, a, b));
        }
        String[] host = runHost(exe, lines);
        assertEquals(lines.size(), host.length, "x87ref answered every line");
        List<String> bad = new ArrayList<>();
        for (int k = 0; k < lines.size(); k++) {
            if (!host[k].equals(expectedJava.get(k))) bad.add(lines.get(k) + " -> host " + host[k] + " jvmx " + expectedJava.get(k));
        }
        System.out.println("x87 host diff: " + lines.size() + " operations, " + bad.size() + " mismatches");
        assertEquals(0, bad.size(), String.join("\n", bad.subList(0, Math.min(30, bad.size()))));
    }

    static String[] runHost(Path exe, List<String> lines) throws Exception {
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
        return host;
    }

    static Path compileRef() throws Exception {
        Path dir = Files.createTempDirectory("jvmx-x87ref");
        Path src = dir.resolve("x87ref.c"), exe = dir.resolve("x87ref");
        try (InputStream in = F80HostDiffTest.class.getResourceAsStream("/dev/jvmx/runtime/cpu/x87ref.c")) {
            Files.write(src, in.readAllBytes());
        }
        Process cc = new ProcessBuilder("gcc", "-O1", "-o", exe.toString(), src.toString()).redirectErrorStream(true).start();
        String log = new String(cc.getInputStream().readAllBytes());
        assertTrue(cc.waitFor(120, TimeUnit.SECONDS) && cc.exitValue() == 0, log);
        return exe;
    }

    /**
     * The transcendentals (F80Transcendental, correctly rounded) against the host, which promises
     * less than 1 ulp of error (SDM Vol. 1 §8.3.10): over edge-biased operands and random control
     * words, every result is within {@link #TRANSCENDENTAL_ULPS} of the host's, and the status word
     * is the host's except C1 where the results differ or the host's own rounding went the other
     * way (docs/DIFFERENTIAL.md, "x87 transcendentals"). Prints the worst error per instruction and
     * how many results are bit-identical. {@code -Djvmx.x87.transcendentals=N} runs N operations.
     */
    @Test
    void transcendentalsStayWithinOneUlpOfTheHost() throws Exception {
        assumeTrue(onPath("gcc"), "gcc not found: x87 transcendental test skipped");
        String arch = System.getProperty("os.arch");
        assumeTrue("amd64".equals(arch) || "x86_64".equals(arch), "host is not x86-64");
        Path exe = compileRef();
        String[] ops = {"sin", "cos", "ptan", "sincos", "f2xm1", "patan", "yl2x", "yl2xp1"};
        int n = Integer.getInteger("jvmx.x87.transcendentals", 16000);
        List<String> lines = new ArrayList<>();
        List<F80[]> mine = new ArrayList<>();
        List<Integer> mineSw = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            String op = ops[k % ops.length];
            int cw = controlWord(op);
            F80 a = transcendentalOperand(op), b = operand();
            lines.add(String.format("%s %x %x %x %x %x", op, cw, a.se(), a.sig(), b.se(), b.sig()));
            int fcw = cw <= 3 ? 0x037F | cw << 10 : cw;
            F80Env env = F80Env.of(fcw, false);
            F80[] r = transcendental(op, a, b, env);
            mine.add(r);
            mineSw.add(sw(env));
        }
        String[] host = runHost(exe, lines);
        assertEquals(lines.size(), host.length, "x87ref answered every line");
        java.util.Map<String, double[]> worst = new java.util.TreeMap<>(); // op -> {max ulp, cases, identical, C1 differs}
        List<String> bad = new ArrayList<>();
        for (int k = 0; k < host.length; k++) {
            String[] f = host[k].split(" ");
            String op = lines.get(k).split(" ")[0];
            double[] w = worst.computeIfAbsent(op, o -> new double[4]);
            F80[] r = mine.get(k);
            F80 h0 = new F80(Integer.parseInt(f[0], 16), Long.parseUnsignedLong(f[1], 16));
            int hsw = Integer.parseInt(f[2], 16);
            double u = ulpsApart(h0, r[0]);
            boolean identical = u == 0;
            if (r.length > 1) { // ST1 of ptan/sincos, when something was pushed
                F80 h1 = new F80(Integer.parseInt(f[3], 16), Long.parseUnsignedLong(f[4], 16));
                double u1 = ulpsApart(h1, r[1]);
                identical &= u1 == 0;
                u = Math.max(u, u1);
            }
            int mySw = mineSw.get(k);
            boolean c1Only = ((hsw ^ mySw) & ~X87.C1) == 0;
            w[1]++;
            if (identical) w[2]++;
            if (u <= TRANSCENDENTAL_ULPS && c1Only) {
                w[0] = Math.max(w[0], u);
                if (hsw != mySw) w[3]++;
            } else {
                bad.add(lines.get(k) + " -> host " + host[k] + " jvmx " + render(r) + " " + Integer.toHexString(mySw) + " (" + u + " ulp)");
            }
        }
        worst.forEach((op, w) -> System.out.printf("x87 %-7s %6d operations, %6d bit-identical, worst %.0f ulp, C1 differs in %d%n",
                op, (long) w[1], (long) w[2], w[0], (long) w[3]));
        assertEquals(0, bad.size(), bad.size() + " outside the bound:\n" + String.join("\n", bad.subList(0, Math.min(40, bad.size()))));
    }

    /** The documented bound: the host is within 1 ulp of the exact value, jvmx within 1/2 (correctly rounded). */
    static final double TRANSCENDENTAL_ULPS = 1;

    private static String render(F80[] r) {
        StringBuilder sb = new StringBuilder();
        for (F80 v : r) sb.append(String.format("%x %x ", v.se() & 0xFFFF, v.sig()));
        return sb.toString().trim();
    }

    /** Arguments for {@code op}: half the time the general edge-biased operand, else one in the instruction's domain. */
    F80 transcendentalOperand(String op) {
        if (rnd.nextBoolean()) return operand();
        int exp = switch (op) {
            case "f2xm1" -> 0x3FFF - rnd.nextInt(rnd.nextInt(8) == 0 ? 16000 : 70);
            case "yl2xp1" -> 0x3FFD - rnd.nextInt(rnd.nextInt(8) == 0 ? 16000 : 70);
            case "yl2x" -> 0x3FFF + rnd.nextInt(200) - 100;
            default -> 0x3FFF + rnd.nextInt(rnd.nextInt(4) == 0 ? 64 : 4) - rnd.nextInt(rnd.nextInt(8) == 0 ? 16000 : 40);
        };
        boolean neg = rnd.nextBoolean() && !op.equals("yl2x");
        return new F80((neg ? 0x8000 : 0) | Math.max(1, exp), rnd.nextLong() | 1L << 63);
    }

    /** What x87ref prints for one transcendental line: {ST0} or, for ptan/sincos, {ST0, ST1}; flags into env. */
    static F80[] transcendental(String op, F80 a, F80 b, F80Env env) {
        F80Transcendental.Fn fn = switch (op) {
            case "sin" -> F80Transcendental.Fn.SIN;
            case "cos" -> F80Transcendental.Fn.COS;
            case "ptan" -> F80Transcendental.Fn.TAN;
            case "sincos" -> F80Transcendental.Fn.SIN;
            case "f2xm1" -> F80Transcendental.Fn.EXP2M1;
            case "patan" -> F80Transcendental.Fn.ATAN2;
            case "yl2x" -> F80Transcendental.Fn.YLOG2X;
            default -> F80Transcendental.Fn.YLOG2XP1;
        };
        boolean trig = op.equals("sin") || op.equals("cos") || op.equals("ptan") || op.equals("sincos");
        if (trig && !F80Transcendental.trigInRange(a)) {
            env.flags |= X87.C2;
            return new F80[] {a};
        }
        boolean binary = op.equals("patan") || op.startsWith("yl2x");
        F80 r = F80Transcendental.apply(fn, a, binary ? b : null, env);
        if (env.faulted()) return new F80[] {a}; // nothing stored or popped: x87ref reads ST0
        if (op.equals("ptan")) return new F80[] {r.isNaN() ? r : F80.ONE, r};
        if (op.equals("sincos")) {
            if (r.isNaN()) return new F80[] {r, r};
            env.flags &= ~X87.C1;
            return new F80[] {F80Transcendental.apply(F80Transcendental.Fn.COS, a, null, env), r};
        }
        return new F80[] {r};
    }

    /** |a - b| in ulps of the host's {@code a}; 0 for identical bits, infinite for different classes or signs. */
    static double ulpsApart(F80 a, F80 b) {
        if (a.equals(b)) return 0;
        if (a.isNaN() || b.isNaN() || a.isInf() || b.isInf() || a.sign() != b.sign()) return Double.POSITIVE_INFINITY;
        return ulps(a, b);
    }

    /** |a - b| in ulps of {@code a} (both finite, same sign expected). */
    static double ulps(F80 a, F80 b) {
        if (a.isZero() && b.isZero()) return 0;
        java.math.BigDecimal x = value(a), y = value(b);
        java.math.BigDecimal ulp = new java.math.BigDecimal(java.math.BigInteger.ONE).multiply(
                java.math.BigDecimal.valueOf(2).pow(Math.max(a.exp(), 1) - F80.BIAS - 63, java.math.MathContext.DECIMAL128));
        return x.subtract(y).abs().divide(ulp, java.math.MathContext.DECIMAL64).doubleValue();
    }

    static java.math.BigDecimal value(F80 v) {
        java.math.BigDecimal m = new java.math.BigDecimal(v.mant());
        java.math.BigDecimal r = m.multiply(java.math.BigDecimal.valueOf(2).pow(v.scale(), java.math.MathContext.DECIMAL128));
        return v.sign() ? r.negate() : r;
    }

    /** What x87ref prints for one line, computed by the soft float (the status word as X87.commit forms it). */
    static String compute(String op, int cw, F80 a, F80 b) {
        int fcw = cw <= 3 ? 0x037F | cw << 10 : cw;
        boolean pc = op.equals("add") || op.equals("sub") || op.equals("mul") || op.equals("div") || op.equals("sqrt");
        F80Env env = F80Env.of(fcw, pc);
        int extra = 0;
        F80 r = switch (op) {
            case "add" -> F80Math.apply(F80Math.Op.ADD, a, b, env);
            case "sub" -> F80Math.apply(F80Math.Op.SUB, a, b, env);
            case "mul" -> F80Math.apply(F80Math.Op.MUL, a, b, env);
            case "div" -> F80Math.apply(F80Math.Op.DIV, a, b, env);
            case "sqrt" -> F80Math.sqrt(a, env);
            case "rnd" -> F80Math.roundToInt(a, env);
            case "scale" -> F80Math.fscale(a, b, env);
            case "ldd" -> F80Convert.fromDouble(a.sig(), env);
            case "lds" -> F80Convert.fromFloat((int) a.sig(), env);
            default -> null;
        };
        if (op.startsWith("prem")) {
            Object[] p = F80Math.prem(a, b, op.equals("prem1"), env);
            r = (F80) p[0];
            extra = (int) p[1];
        }
        if (r != null) {
            boolean ld = op.startsWith("ld");
            if (ld && (env.flags & ~env.masks & F80Env.IE) != 0) r = F80.ZERO; // nothing pushed: FSTP of the empty ST0 faults too
            else if (!ld && env.faulted()) r = a;
            else if (op.startsWith("prem")) env.flags = (env.flags & ~X87.C1) | extra;
            return String.format("%x %x %x", r.se() & 0xFFFF, r.sig(), sw(env));
        }
        long v = switch (op) {
            case "dbl" -> F80Convert.toDouble(a, env);
            case "flt" -> F80Convert.toFloat(a, env) & 0xFFFF_FFFFL;
            case "i64" -> F80Convert.toInt(a, 64, env.rc, env);
            default -> {
                int c = F80Math.compare(a, b, false, env);
                yield c == 2 ? 7 : c == 0 ? 4 : c < 0 ? 1 : 0;
            }
        };
        boolean suppressed = env.faulted() || (env.flags & ~env.masks & (F80Env.OE | F80Env.UE)) != 0;
        return String.format("%x %x", suppressed ? 0 : v, sw(env));
    }

    /** The status word X87.commit would leave after FNINIT, TOP cleared. */
    static int sw(F80Env env) {
        int f = env.flags & (0x7F | X87.C0 | X87.C1 | X87.C2 | X87.C3);
        if ((env.flags & ~env.masks & 0x3F) != 0) f |= X87.ES | X87.B;
        return f;
    }
}

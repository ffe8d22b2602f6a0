package dev.jvmx.runtime.exec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Test helper: the native side of the differential tests. Compiles {@code hostrun.c} (a test
 * resource; its header documents the line format) once per JVM and runs batches of snippets on
 * the host CPU.
 */
final class HostHarness {
    static final long CODE_ADDR = 0x7000_0000L;
    static final long DATA_ADDR = 0x7100_0000L;
    static final int DATA_SIZE = 0x2000;

    private static Path binary;

    private HostHarness() {}

    /** Null when the host cannot run the harness; otherwise why-not is null and this is usable. */
    static String unavailableReason() {
        if (!Tools.x86Linux()) return "host is not x86-64 Linux";
        if (!Tools.onPath("gcc")) return "gcc not found";
        if (!Tools.onPath("nasm")) return "nasm not found";
        return null;
    }

    /** Final state of one native run: 16 GPRs, RFLAGS, XMM0-3 (lo, hi), data-area hash, signal (0 = none). */
    record Result(long[] gpr, long rflags, long[] xmm, int mxcsr, long dataHash, int signal) {}

    static synchronized Path binary() {
        if (binary != null) return binary;
        try {
            Path dir = Files.createTempDirectory("jvmx-hostrun");
            Path src = dir.resolve("hostrun.c");
            try (InputStream in = HostHarness.class.getResourceAsStream("/dev/jvmx/runtime/cpu/hostrun.c")) {
                Files.write(src, in.readAllBytes());
            }
            Path exe = dir.resolve("hostrun");
            Process p = new ProcessBuilder("gcc", "-O1", "-no-pie", "-o", exe.toString(), src.toString())
                    .redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IllegalStateException("gcc failed: " + log);
            binary = exe;
            return exe;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static List<Result> run(List<long[]> initialGprs, List<Long> initialFlags, List<long[]> initialXmm, List<Integer> mxcsr,
                            List<byte[]> code) {
        StringBuilder input = new StringBuilder();
        HexFormat hex = HexFormat.of();
        for (int k = 0; k < code.size(); k++) {
            for (long v : initialGprs.get(k)) input.append(Long.toHexString(v)).append(' ');
            input.append(Long.toHexString(initialFlags.get(k))).append(' ');
            for (long v : initialXmm.get(k)) input.append(Long.toHexString(v)).append(' ');
            input.append(Integer.toHexString(mxcsr.get(k))).append(' ');
            input.append(hex.formatHex(code.get(k))).append('\n');
        }
        try {
            Process p = new ProcessBuilder(binary().toString()).redirectErrorStream(true).start();
            Thread writer = Thread.ofPlatform().start(() -> {
                try (var out = p.getOutputStream()) {
                    out.write(input.toString().getBytes());
                } catch (IOException ignored) {
                    // the reader reports the failure
                }
            });
            String output = new String(p.getInputStream().readAllBytes());
            writer.join();
            if (!p.waitFor(120, TimeUnit.SECONDS)) throw new IllegalStateException("hostrun timed out");
            Files.writeString(binary().resolveSibling("last-input.txt"), input);
            List<Result> results = new ArrayList<>();
            for (String line : output.split("\n")) {
                if (line.isBlank()) continue;
                String[] f = line.trim().split(" ");
                if (f.length != 28) throw new IllegalStateException("hostrun (input kept beside " + binary() + "): " + output.substring(0, Math.min(500, output.length())));
                long[] g = new long[16];
                for (int i = 0; i < 16; i++) g[i] = Long.parseUnsignedLong(f[i], 16);
                long[] x = new long[8];
                for (int i = 0; i < 8; i++) x[i] = Long.parseUnsignedLong(f[17 + i], 16);
                results.add(new Result(g, Long.parseUnsignedLong(f[16], 16), x, Integer.parseInt(f[25], 16),
                        Long.parseUnsignedLong(f[26], 16), Integer.parseInt(f[27])));
            }
            if (results.size() != code.size()) throw new IllegalStateException("hostrun returned " + results.size() + " of " + code.size() + ": " + output.substring(Math.max(0, output.length() - 300)));
            return results;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The data area as the harness fills it before every case. */
    static void fillData(FlatMemory m) {
        m.map(DATA_ADDR, DATA_SIZE);
        for (int i = 0; i < DATA_SIZE; i++) m.write8(DATA_ADDR + i, (byte) (i * 131 + 7));
    }

    static long hashData(FlatMemory m) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < DATA_SIZE; i++) {
            h ^= m.read8(DATA_ADDR + i) & 0xFF;
            h *= 0x100000001b3L;
        }
        return h;
    }
}

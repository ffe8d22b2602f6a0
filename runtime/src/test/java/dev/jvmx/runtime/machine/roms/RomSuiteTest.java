package dev.jvmx.runtime.machine.roms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jvmx.runtime.machine.BootSource;
import dev.jvmx.runtime.machine.Machine;
import dev.jvmx.runtime.machine.MachineConfig;
import dev.jvmx.runtime.machine.MachineMonitor;
import dev.jvmx.runtime.machine.MachineStop;
import dev.jvmx.runtime.machine.boot.CpuMode;
import dev.jvmx.runtime.machine.cpu.SmpBoot;
import dev.jvmx.runtime.machine.dev.ManualClock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ROM tests of {@code runtime/src/test/roms}: each nasm source carries its expectations
 * ({@code ;@ key: value} lines, legend in {@code build.sh}); its committed image in {@code bin/}
 * is booted on the PC platform (the machinery of {@code jvmx boot}: {@link Machine},
 * {@link MachineMonitor}, {@link SmpBoot}) and the stop, the exit code, the debug-console and the
 * COM1 output are compared. The images are what runs, so these never skip;
 * {@link #imagesMatchTheirSources} reassembles each source and fails on a stale image (skipped,
 * with a message, when nasm is not installed).
 */
public class RomSuiteTest {
    /** The ROM sources and images: from the runtime module, or (the suite run with the JIT) from a sibling module. */
    public static final Path ROMS = Files.isDirectory(Path.of("src/test/roms")) ? Path.of("src/test/roms") : Path.of("../runtime/src/test/roms");

    @TempDir
    Path dir;

    /** One ROM test: its name and its {@code ;@} expectations. */
    public record Rom(String name, Map<String, String> expect) {
        public Path image() { return ROMS.resolve("bin").resolve(name + ".bin"); }

        public String get(String key, String otherwise) { return expect.getOrDefault(key, otherwise); }
    }

    public static List<Rom> roms() throws IOException {
        List<Rom> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(ROMS)) {
            for (Path src : files.filter(p -> p.toString().endsWith(".asm")).sorted().toList()) {
                Map<String, String> expect = new LinkedHashMap<>();
                for (String line : Files.readAllLines(src)) {
                    if (!line.startsWith(";@ ")) continue;
                    int colon = line.indexOf(':');
                    expect.put(line.substring(3, colon).strip(), line.substring(colon + 1).strip().replace("\\n", "\n"));
                }
                String file = src.getFileName().toString();
                out.add(new Rom(file.substring(0, file.length() - 4), expect));
            }
        }
        return out;
    }

    @Test
    void everySourceHasAnImageAndExpectations() throws IOException {
        List<Rom> roms = roms();
        assertFalse(roms.isEmpty(), "no ROM sources under " + ROMS.toAbsolutePath());
        for (Rom r : roms) {
            assertTrue(Files.isRegularFile(r.image()), r.name() + ": no image; run " + ROMS.resolve("build.sh"));
            assertTrue(r.expect().containsKey("boot"), r.name() + ": no ;@ boot");
            assertTrue(r.expect().containsKey("exit") != r.expect().containsKey("stop"), r.name() + ": needs one of ;@ exit and ;@ stop");
        }
    }

    @TestFactory
    Stream<DynamicTest> romsRunToTheirExpectedOutputAndExitCode() throws IOException {
        return roms().stream().map(r -> DynamicTest.dynamicTest(r.name(), () -> check(r)));
    }

    void check(Rom r) throws Exception {
        check(r, dir, monitor -> { });
    }

    /** Boots {@code r} (files in {@code dir}) with {@code setup} applied to its monitor, and checks what its {@code ;@} lines say. */
    public static void check(Rom r, Path dir, java.util.function.Consumer<MachineMonitor> setup) throws Exception {
        ByteArrayOutputStream debugcon = new ByteArrayOutputStream();
        Path serial = dir.resolve(r.name() + ".com1");
        MachineConfig cfg = MachineConfig.builder(source(r))
                .memory(16 << 20).cpus(Integer.parseInt(r.get("cpus", "1"))).stdout(debugcon).serial(serial.toString())
                .clock(new ManualClock()).maxInstructions(Long.decode(r.get("max-instructions", "2000000")))
                .nestedVmx("on".equals(r.get("nested-vmx", "off"))).build();
        MachineStop stop;
        try (Machine m = Machine.create(cfg)) {
            MachineMonitor monitor = new MachineMonitor(m);
            setup.accept(monitor);
            stop = SmpBoot.run(monitor);
        }
        String com1 = Files.exists(serial) ? Files.readString(serial, StandardCharsets.ISO_8859_1) : "";
        String out = debugcon.toString(StandardCharsets.ISO_8859_1);
        String seen = stop + ", debugcon \"" + out + "\", serial \"" + com1 + "\"";
        if (r.expect().containsKey("stop")) {
            assertEquals(MachineStop.Reason.valueOf(r.get("stop", "").toUpperCase().replace('-', '_')), stop.reason(), r.name() + ": " + seen);
        } else {
            assertEquals(MachineStop.Reason.EXIT_DEVICE, stop.reason(), r.name() + ": " + seen);
            assertEquals(Integer.decode(r.get("exit", "")) << 1 | 1, stop.status(), r.name() + ": " + seen);
        }
        assertEquals(r.get("debugcon", ""), out, r.name() + ": debugcon");
        assertEquals(r.get("serial", ""), com1, r.name() + ": serial");
    }

    static BootSource source(Rom r) {
        String[] boot = r.get("boot", "").split("\\s+");
        return switch (boot[0]) {
            case "rom" -> new BootSource.Rom(r.image());
            case "kernel" -> new BootSource.Kernel(r.image(), r.get("cmdline", ""), List.of());
            case "flat-real", "flat-protected", "flat-long" -> {
                long at = Long.decode(boot[1]);
                CpuMode mode = CpuMode.valueOf(boot[0].substring(5).toUpperCase());
                yield new BootSource.Flat(r.image(), at, mode, at);
            }
            default -> throw new IllegalArgumentException(r.name() + ": unknown ;@ boot: " + r.get("boot", ""));
        };
    }

    @Test
    void imagesMatchTheirSources() throws Exception {
        for (Rom r : roms()) {
            Path out = dir.resolve(r.name() + ".bin");
            Process p;
            try {
                p = new ProcessBuilder("nasm", "-f", "bin", "-i", ROMS.toString() + "/", "-o", out.toString(), ROMS.resolve(r.name() + ".asm").toString())
                        .redirectErrorStream(true).start();
            } catch (IOException noNasm) {
                System.out.println("SKIP: nasm not installed, cannot check the committed ROM images against their sources ("
                        + noNasm.getMessage() + "); the ROM runs use the committed images");
                assumeTrue(false, "nasm not installed");
                return;
            }
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), r.name() + ": nasm failed: " + log);
            assertArrayEquals(Files.readAllBytes(out), Files.readAllBytes(r.image()),
                    r.name() + ": bin/" + r.name() + ".bin is stale; run " + ROMS.resolve("build.sh") + " and commit the image");
        }
    }
}

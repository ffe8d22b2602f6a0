package dev.jvmx.runtime.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link Bcd} against the host CPU in 32-bit mode: {@code bcdref.c} (a freestanding i386 program,
 * no multilib needed) runs DAA, DAS, AAA, AAS over every AL with CF/AF in and junk in the other
 * status flags, for several AH values, and AAM/AAD with six immediates; AX and the six status
 * flags must be bit-identical, the undefined ones included.
 */
class BcdHostDiffTest {
    @Test
    void bcdAdjustmentsMatchTheHostCpu() throws Exception {
        assumeTrue(F80HostDiffTest.onPath("gcc"), "gcc not found");
        String arch = System.getProperty("os.arch");
        assumeTrue("amd64".equals(arch) || "x86_64".equals(arch), "host is not x86-64");
        Path dir = Files.createTempDirectory("jvmx-bcdref");
        Path src = dir.resolve("bcdref.c"), exe = dir.resolve("bcdref");
        try (InputStream in = BcdHostDiffTest.class.getResourceAsStream("/dev/jvmx/runtime/cpu/bcdref.c")) {
            Files.write(src, in.readAllBytes());
        }
        Process cc = new ProcessBuilder("gcc", "-m32", "-O1", "-static", "-nostdlib", "-ffreestanding", "-fno-pie", "-no-pie",
                "-o", exe.toString(), src.toString()).redirectErrorStream(true).start();
        String log = new String(cc.getInputStream().readAllBytes());
        assumeTrue(cc.waitFor(120, TimeUnit.SECONDS) && cc.exitValue() == 0, "cannot build a 32-bit program: " + log);
        Process p = new ProcessBuilder(exe.toString()).start();
        String[] lines = new String(p.getInputStream().readAllBytes()).split("\n");
        assertTrue(lines.length > 60000, "bcdref ran: " + lines.length + " lines");
        List<String> bad = new ArrayList<>();
        for (String line : lines) {
            String d = check(line.split(" "));
            if (d != null) bad.add(line + " -> jvmx " + d);
        }
        System.out.println("BCD host diff: " + lines.length + " cases, " + bad.size() + " mismatches");
        assertEquals(0, bad.size(), String.join("\n", bad.subList(0, Math.min(20, bad.size()))));
    }

    /** One line "OP AX FLAGS IMM AX' FLAGS'": null if jvmx agrees, else its AX and flags. */
    static String check(String[] f) {
        CpuState s = new CpuState();
        s.gpr[CpuState.RAX] = 0x1234_5678_0000_0000L | Integer.parseInt(f[1], 16);
        s.setRflags(Integer.parseInt(f[2], 16));
        int imm = Integer.parseInt(f[3], 16);
        switch (f[0]) {
            case "daa" -> Bcd.decimalAdjust(s, false);
            case "das" -> Bcd.decimalAdjust(s, true);
            case "aaa" -> Bcd.asciiAdjust(s, false);
            case "aas" -> Bcd.asciiAdjust(s, true);
            case "aam" -> Bcd.aam(s, imm);
            default -> Bcd.aad(s, imm);
        }
        int ax = (int) s.gpr[CpuState.RAX] & 0xFFFF, fl = (int) s.rflags() & 0x8D5;
        boolean ok = ax == Integer.parseInt(f[4], 16) && fl == (Integer.parseInt(f[5], 16) & 0x8D5)
                && (s.gpr[CpuState.RAX] >>> 16) == 0x1234_5678_0000L;
        return ok ? null : String.format("%04x %03x", ax, fl);
    }
}

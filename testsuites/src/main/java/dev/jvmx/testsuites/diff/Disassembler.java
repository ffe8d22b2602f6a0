package dev.jvmx.testsuites.diff;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Turns a snippet into Intel-syntax text for diff reports. jvmx's own disassembler (driven by
 * the frontend-x86 definition table) plugs in here once it exists; until then {@link #objdump()}
 * asks binutils and {@link #NONE} prints nothing.
 */
@FunctionalInterface
public interface Disassembler {

    /** One line per instruction, or an empty list when unknown. */
    List<String> disassemble(byte[] code, long address);

    Disassembler NONE = (code, address) -> List.of();

    /** binutils objdump for 64-bit code; see {@link #objdump(HostArch)}. */
    static Disassembler objdump() {
        return objdump(HostArch.X86_64);
    }

    /** binutils objdump in Intel syntax; empty output when objdump is missing or fails. Slow: for reports only. */
    static Disassembler objdump(HostArch arch) {
        String machine = arch == HostArch.X86_64 ? "i386:x86-64" : "i386";
        return (code, address) -> {
            try {
                Path f = Files.createTempFile("jvmx-snippet", ".bin");
                try {
                    Files.write(f, code);
                    Process p = new ProcessBuilder("objdump", "-D", "-b", "binary", "-m", machine, "-M", "intel",
                            "--adjust-vma=0x" + Long.toHexString(address), f.toString()).redirectErrorStream(true).start();
                    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) return List.of();
                    List<String> lines = new ArrayList<>();
                    for (String line : out.split("\n")) {
                        // "10010000:\t48 01 d8             \tadd    rax,rbx"
                        String[] cols = line.split("\t");
                        if (cols.length >= 3 && cols[0].trim().endsWith(":")) lines.add(cols[2].trim().replaceAll("\\s+", " "));
                    }
                    return lines;
                } finally {
                    Files.deleteIfExists(f);
                }
            } catch (IOException e) {
                return List.of();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of();
            }
        };
    }

    /** Hex bytes separated by spaces, for reports. */
    static String hex(byte[] code) {
        return HexFormat.ofDelimiter(" ").formatHex(code);
    }
}

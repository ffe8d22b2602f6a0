package dev.jvmx.testsuites.diff;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Encodes instruction texts with nasm for {@link ExtensionDifferentialTest}: all of them in one
 * nasm run, one label per instruction and a table of their lengths after the code. The snippets
 * use no RIP-relative or absolute addresses, so their bytes do not depend on where they run.
 */
final class ExtensionForms {
    private ExtensionForms() {}

    /** Why nasm cannot be used, or null. */
    static String unavailableReason() {
        try {
            Process p = new ProcessBuilder("nasm", "-v").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0 ? null : "nasm -v failed";
        } catch (IOException | InterruptedException e) {
            return "nasm not found on PATH (" + e.getMessage() + ")";
        }
    }

    /** The bytes of each text, assembled for {@code bits} (32 or 64). */
    static List<byte[]> assemble(int bits, List<String> texts) {
        StringBuilder src = new StringBuilder("BITS ").append(bits).append('\n');
        for (int k = 0; k < texts.size(); k++) src.append("i").append(k).append(": ").append(texts.get(k)).append('\n');
        src.append("i").append(texts.size()).append(":\n");
        for (int k = 0; k < texts.size(); k++) src.append("dw i").append(k + 1).append(" - i").append(k).append('\n');
        try {
            Path dir = Files.createTempDirectory("jvmx-ext-forms");
            Path in = dir.resolve("forms.asm"), out = dir.resolve("forms.bin");
            Files.writeString(in, src);
            Process p = new ProcessBuilder("nasm", "-f", "bin", "-o", out.toString(), in.toString()).redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IllegalStateException("nasm failed:\n" + log);
            byte[] bin = Files.readAllBytes(out);
            ByteBuffer table = ByteBuffer.wrap(bin, bin.length - 2 * texts.size(), 2 * texts.size()).order(ByteOrder.LITTLE_ENDIAN);
            List<byte[]> r = new ArrayList<>(texts.size());
            int at = 0;
            for (int k = 0; k < texts.size(); k++) {
                int len = Short.toUnsignedInt(table.getShort());
                r.add(java.util.Arrays.copyOfRange(bin, at, at + len));
                at += len;
            }
            Files.delete(in);
            Files.delete(out);
            Files.delete(dir);
            return r;
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("cannot run nasm", e);
        }
    }
}

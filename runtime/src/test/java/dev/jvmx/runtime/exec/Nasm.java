package dev.jvmx.runtime.exec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Test helper: assembles snippets with nasm ({@code -f bin}), many in one run. */
public final class Nasm {
    private Nasm() {}

    public static boolean available() {
        return Tools.onPath("nasm");
    }

    /** Assembles one program at {@code org}. */
    public static byte[] assemble(String bits, long org, String source) {
        List<byte[]> r = assembleAll(bits, org, List.of(source));
        return r.get(0);
    }

    /**
     * Assembles each snippet as if placed at {@code org}, in one nasm process: snippet k goes in its
     * own section with {@code vstart=org}; a table of (start, end) file offsets follows the code.
     */
    public static List<byte[]> assembleAll(String bits, long org, List<String> snippets) {
        List<byte[]> all = new ArrayList<>(snippets.size());
        for (int from = 0; from < snippets.size(); from += CHUNK) { // nasm slows down with many sections
            all.addAll(assembleChunk(bits, org, snippets.subList(from, Math.min(snippets.size(), from + CHUNK))));
        }
        return all;
    }

    private static final int CHUNK = 600;

    private static List<byte[]> assembleChunk(String bits, long org, List<String> snippets) {
        StringBuilder src = new StringBuilder("BITS " + bits + "\n");
        int n = snippets.size();
        src.append("section tbl start=0\n");
        for (int k = 0; k < n; k++) src.append("dq section.s").append(k).append(".start, s").append(k).append("_end - s").append(k).append("_begin\n");
        for (int k = 0; k < n; k++) {
            src.append("section s").append(k).append(k == 0 ? " follows=tbl" : " follows=s" + (k - 1))
                    .append(" vstart=").append(org).append('\n')
                    .append("s").append(k).append("_begin:\n").append(snippets.get(k)).append('\n')
                    .append("s").append(k).append("_end:\n");
        }
        try {
            Path dir = Files.createTempDirectory("jvmx-nasm");
            Path in = dir.resolve("in.asm"), out = dir.resolve("out.bin");
            Files.writeString(in, src);
            Process p = new ProcessBuilder("nasm", "-f", "bin", "-o", out.toString(), in.toString())
                    .redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IllegalStateException("nasm failed: " + log);
            byte[] bin = Files.readAllBytes(out);
            ByteBuffer b = ByteBuffer.wrap(bin).order(ByteOrder.LITTLE_ENDIAN);
            List<byte[]> result = new ArrayList<>(n);
            for (int k = 0; k < n; k++) {
                int start = (int) b.getLong(16 * k), len = (int) b.getLong(16 * k + 8);
                byte[] code = new byte[len];
                System.arraycopy(bin, start, code, 0, len);
                result.add(code);
            }
            Files.delete(in);
            Files.delete(out);
            Files.delete(dir);
            return result;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

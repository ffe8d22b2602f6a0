package dev.jvmx.x86;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs GNU objdump on many byte sequences at once. Each sequence gets its own slot in one flat
 * binary, padded with 0x90 so objdump resynchronises at the next slot whatever length it decoded:
 * a slot is the decoder's instruction bytes (all 15 bytes when our decoder rejects the sequence)
 * plus 16 NOPs; no instruction objdump starts inside the bytes can reach past the NOPs, and from
 * there on every NOP is one instruction.
 */
final class ObjdumpOracle {
    private ObjdumpOracle() {}

    /** objdump's view of the instruction at a slot start: length and text; null if none started there. */
    record Result(int length, String text) {
        boolean bad() { return text.contains("(bad)"); }
    }

    static boolean available() {
        try {
            Process p = new ProcessBuilder("objdump", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    static String[] command(Mode mode, Path file) {
        return switch (mode) {
            case BITS64 -> new String[] {"objdump", "-D", "-z", "-b", "binary", "-m", "i386:x86-64", "-M", "intel,intel64",
                "--insn-width=16", file.toString()};
            case BITS32 -> new String[] {"objdump", "-D", "-z", "-b", "binary", "-m", "i386", "-M", "intel",
                "--insn-width=16", file.toString()};
            case BITS16 -> new String[] {"objdump", "-D", "-z", "-b", "binary", "-m", "i8086", "-M", "intel",
                "--insn-width=16", file.toString()};
        };
    }

    /** Decodes each sequence's first instruction with objdump; {@code ourLength[i] <= 0} means "keep all bytes". */
    static Result[] run(Mode mode, List<byte[]> seqs, int[] ourLength) throws IOException, InterruptedException {
        int[] starts = new int[seqs.size()];
        int total = 0;
        for (int i = 0; i < seqs.size(); i++) {
            starts[i] = total;
            total += (ourLength[i] > 0 ? ourLength[i] : seqs.get(i).length) + 16;
        }
        byte[] buf = new byte[total];
        java.util.Arrays.fill(buf, (byte) 0x90);
        for (int i = 0; i < seqs.size(); i++) {
            byte[] s = seqs.get(i);
            System.arraycopy(s, 0, buf, starts[i], ourLength[i] > 0 ? ourLength[i] : s.length);
        }
        Path file = Files.createTempFile("jvmx-objdump", ".bin");
        try {
            Files.write(file, buf);
            Process p = new ProcessBuilder(command(mode, file)).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            Result[] out = new Result[seqs.size()];
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8),
                    1 << 16)) {
                parse(r, starts, out);
            }
            p.waitFor();
            return out;
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static void parse(BufferedReader r, int[] starts, Result[] out) throws IOException {
        int k = 0;
        String line;
        while ((line = r.readLine()) != null && k < starts.length) {
            int colon = line.indexOf(":\t");
            if (colon < 0) continue;
            int addr = parseHex(line, colon);
            if (addr < 0) continue;
            while (k < starts.length && starts[k] < addr) k++;
            if (k >= starts.length || starts[k] != addr) continue;
            int tab = line.indexOf('\t', colon + 2);
            if (tab < 0) continue;
            String bytes = line.substring(colon + 2, tab).trim();
            out[k++] = new Result((bytes.length() + 1) / 3, line.substring(tab + 1).trim());
        }
    }

    private static int parseHex(String line, int end) {
        int v = 0;
        boolean any = false;
        for (int i = 0; i < end; i++) {
            char c = line.charAt(i);
            if (c == ' ') continue;
            int d = Character.digit(c, 16);
            if (d < 0) return -1;
            v = v * 16 + d;
            any = true;
        }
        return any ? v : -1;
    }
}

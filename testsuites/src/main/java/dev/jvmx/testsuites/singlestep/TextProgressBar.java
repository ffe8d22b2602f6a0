package dev.jvmx.testsuites.singlestep;

import java.io.PrintStream;

/**
 * A one-line progress bar on a terminal stream (stderr, so {@code --format json} keeps stdout
 * clean): {@code [########............] 140/325 C6  failed 3}, redrawn with a carriage return.
 */
public final class TextProgressBar implements ProgressListener {
    private static final int WIDTH = 30;
    private final PrintStream out;
    private int failed;

    public TextProgressBar(PrintStream out) {
        this.out = out;
    }

    @Override
    public void fileStarted(TestFile file, int fileIndex, int fileCount) {
        draw(fileIndex, fileCount, file.key());
    }

    @Override
    public void fileDone(OpcodeResult result, int fileIndex, int fileCount) {
        failed += result.failed();
        draw(fileIndex + 1, fileCount, result.opcode());
        if (fileIndex + 1 == fileCount) out.println();
    }

    /** The bar for {@code done} of {@code total}. */
    static String bar(int done, int total) {
        int filled = total == 0 ? WIDTH : done * WIDTH / total;
        return "[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "]";
    }

    private void draw(int done, int total, String key) {
        out.print(String.format("\r%s %d/%d %-6s failed %d", bar(done, total), done, total, key, failed));
        out.flush();
    }
}

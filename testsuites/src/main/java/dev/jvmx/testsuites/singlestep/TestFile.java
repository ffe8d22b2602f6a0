package dev.jvmx.testsuites.singlestep;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * One opcode's test file: {@code XX.json}, {@code XX.json.gz}, {@code XX.MOO} or {@code XX.MOO.gz},
 * and {@code XX.R.*} for a group opcode whose ModR/M reg field is R. The opcode part is hex
 * (two digits, or more for two-byte opcodes such as {@code 0FA0}).
 */
public record TestFile(Path path, String opcode, int reg, boolean moo) {
    private static final Pattern NAME =
            Pattern.compile("([0-9A-Fa-f]{2,6})(?:\\.([0-7]))?\\.(json|moo)(\\.gz)?", Pattern.CASE_INSENSITIVE);

    /** The key shown in reports and matched by a filter: {@code 80.1}, {@code F6}. */
    public String key() {
        return reg < 0 ? opcode : opcode + "." + reg;
    }

    /** The file for {@code p}, or null if its name is not a test file's. */
    public static TestFile of(Path p) {
        Matcher m = NAME.matcher(p.getFileName().toString());
        if (!m.matches()) return null;
        int reg = m.group(2) == null ? -1 : Integer.parseInt(m.group(2));
        return new TestFile(p, m.group(1).toUpperCase(Locale.ROOT), reg, m.group(3).equalsIgnoreCase("moo"));
    }

    /**
     * The test files under {@code path} (a folder, searched one level deep, or one file), one per
     * opcode key in hex order; when both a JSON and a MOO file exist for a key, JSON is used.
     */
    public static List<TestFile> list(Path path) throws IOException {
        if (Files.isRegularFile(path)) {
            TestFile f = of(path);
            if (f == null) throw new IOException(path + " is not a SingleStepTests file (XX[.R].json[.gz] or .MOO[.gz])");
            return List.of(f);
        }
        Map<String, TestFile> byKey = new LinkedHashMap<>();
        try (Stream<Path> s = Files.list(path)) {
            for (Path p : s.sorted().toList()) {
                TestFile f = of(p);
                if (f != null && (!byKey.containsKey(f.key()) || byKey.get(f.key()).moo())) byKey.put(f.key(), f);
            }
        }
        List<TestFile> out = new ArrayList<>(byKey.values());
        out.sort(Comparator.comparing(TestFile::opcode).thenComparingInt(TestFile::reg));
        return out;
    }

    /** Streams every test of the file to {@code sink}. */
    public void read(Consumer<SingleStepTest> sink) throws IOException {
        try (InputStream in = open()) {
            if (moo) MooReader.read(in, sink);
            else JsonTestReader.read(in, sink);
        }
    }

    private InputStream open() throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
        in.mark(2);
        int b0 = in.read(), b1 = in.read();
        in.reset();
        return b0 == 0x1F && b1 == 0x8B ? new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16) : in;
    }
}

package dev.jvmx.x86;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads tab-separated allow-list resources ('#' comments); each row must carry a reason. */
final class AllowFile {
    private AllowFile() {}

    static List<String[]> read(String resource) throws IOException {
        List<String[]> out = new ArrayList<>();
        try (InputStream in = AllowFile.class.getResourceAsStream(resource)) {
            if (in == null) throw new IOException("missing resource " + resource);
            for (String l : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (l.isBlank() || l.startsWith("#")) continue;
                String[] c = l.split("\t");
                if (c.length < 3 || c[2].isBlank()) throw new IOException(resource + ": entry without a reason: " + l);
                out.add(c);
            }
        }
        return out;
    }
}

package dev.jvmx.testsuites.singlestep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * A test set's {@code revocation_list.txt}: one test hash per line of tests found to be bad;
 * lines starting with {@code #} and blank lines are ignored. Revoked tests are skipped.
 */
public final class RevocationList {
    private final Set<String> hashes;

    private RevocationList(Set<String> hashes) {
        this.hashes = hashes;
    }

    public static RevocationList empty() {
        return new RevocationList(Set.of());
    }

    public static RevocationList read(Path file) throws IOException {
        Set<String> s = new HashSet<>();
        for (String line : Files.readAllLines(file)) {
            String t = line.strip();
            if (!t.isEmpty() && !t.startsWith("#")) s.add(t.toLowerCase(Locale.ROOT));
        }
        return new RevocationList(Set.copyOf(s));
    }

    public boolean revoked(String hash) {
        return hash != null && hashes.contains(hash.toLowerCase(Locale.ROOT));
    }

    public int size() {
        return hashes.size();
    }
}

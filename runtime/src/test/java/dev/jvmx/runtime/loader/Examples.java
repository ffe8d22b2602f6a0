package dev.jvmx.runtime.loader;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the committed example guests ({@code examples/} at the repository root). */
public final class Examples {
    private Examples() {}

    public static Path dir() {
        String root = System.getProperty("jvmx.root");
        if (root != null && !root.isBlank() && Files.isDirectory(Path.of(root, "examples"))) return Path.of(root, "examples");
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("examples"))) return p.resolve("examples");
        }
        throw new IllegalStateException("cannot find the examples/ directory (set -Djvmx.root)");
    }

    public static Path get(String name) { return dir().resolve(name); }
}

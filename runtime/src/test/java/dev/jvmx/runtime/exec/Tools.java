package dev.jvmx.runtime.exec;

import java.io.File;

/** Test helper: finds host tools; tests skip (with the reason printed) when one is missing. */
final class Tools {
    private Tools() {}

    static boolean onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) return false;
        for (String dir : path.split(File.pathSeparator)) {
            if (new File(dir, name).canExecute()) return true;
        }
        return false;
    }

    /** True on an x86-64 Linux host, where native differential runs make sense. */
    static boolean x86Linux() {
        String arch = System.getProperty("os.arch");
        return System.getProperty("os.name").startsWith("Linux") && ("amd64".equals(arch) || "x86_64".equals(arch));
    }
}

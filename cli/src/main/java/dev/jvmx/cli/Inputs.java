package dev.jvmx.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Checks and parsers for command-line input, each failing with a one-line {@link UserError}. */
final class Inputs {
    private Inputs() {}

    static void requireReadableFile(Path file) {
        if (!Files.exists(file)) throw new UserError(file + ": no such file");
        if (Files.isDirectory(file)) throw new UserError(file + ": is a directory");
        if (!Files.isReadable(file)) throw new UserError(file + ": not readable");
    }

    /** Decimal, or hexadecimal with a 0x prefix; an optional k/m/g suffix is not accepted here. */
    static long parseAddress(String option, String text) {
        try {
            String t = text.trim().replace("_", "");
            if (t.startsWith("0x") || t.startsWith("0X")) return Long.parseUnsignedLong(t.substring(2), 16);
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new UserError(option + ": '" + text + "' is not an address (decimal or 0x hex)");
        }
    }
}

package dev.jvmx.cli;

import picocli.CommandLine;

/** The subcommands of {@code jvmx}, in the order {@code --help} lists them. */
final class Commands {
    private Commands() {}

    static void register(CommandLine cl) {
    }
}

package dev.jvmx.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;

/** The subcommands of {@code jvmx}, in the order {@code --help} lists them. */
final class Commands {
    private Commands() {}

    private static final Map<String, Supplier<Object>> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put("run", RunCommand::new);
        COMMANDS.put("boot", BootCommand::new);
        COMMANDS.put("suite", SuiteCommand::new);
        COMMANDS.put("disasm", DisasmCommand::new);
        COMMANDS.put("vmxcap", VmxcapCommand::new);
        COMMANDS.put("vmcs-fields", VmcsFieldsCommand::new);
    }

    /** Names of the registered subcommands (besides {@code help}). */
    static final List<String> NAMES = List.copyOf(COMMANDS.keySet());

    static void register(CommandLine cl) {
        COMMANDS.forEach((name, factory) -> cl.addSubcommand(name, factory.get()));
    }
}

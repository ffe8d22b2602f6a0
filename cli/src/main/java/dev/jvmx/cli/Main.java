package dev.jvmx.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code jvmx} command. Each subcommand is a thin class that parses its options and calls
 * into runtime, frontend-x86 or vmx-model; no engine logic lives here.
 *
 * <p>Exit status: a subcommand's own status (for {@code run}, the guest's), 2 for bad usage or
 * bad input, 70 for an internal error (with {@code JVMX_DEBUG=1} the Java stack trace is shown).
 */
@Command(name = "jvmx", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "x86 binary translation engine for the JVM with a software VT-x model.",
        subcommands = {CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_INTERNAL = 70;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit status (tests call this instead of main). */
    public static int execute(String... args) {
        CommandLine cl = commandLine();
        return cl.execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        Commands.register(cl);
        cl.setExecutionExceptionHandler(Main::internalError);
        cl.setParameterExceptionHandler(Main::usageError);
        return cl;
    }

    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        System.err.println("jvmx: " + e.getMessage());
        System.err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for more information.");
        return EXIT_USAGE;
    }

    private static int internalError(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        if (e instanceof UserError u) {
            System.err.println("jvmx: " + u.getMessage());
            return u.status();
        }
        System.err.println("jvmx: internal error: " + e);
        if (System.getenv("JVMX_DEBUG") != null) {
            e.printStackTrace(System.err);
        } else {
            System.err.println("jvmx: set JVMX_DEBUG=1 to see the Java stack trace; please report it.");
        }
        return EXIT_INTERNAL;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"jvmx " + (v == null ? "0.1.0-SNAPSHOT" : v)
                    + " on Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")"};
        }
    }
}

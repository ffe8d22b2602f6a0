package dev.jvmx.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MainTest {
    /** Runs the command line with stdout and stderr captured. */
    static Result run(String... args) {
        PrintStream out = System.out, err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        try {
            int status = Main.execute(args);
            return new Result(status, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    record Result(int status, String out, String err) {}

    @Test
    void helpListsTheCommands() {
        Result r = run("--help");
        assertEquals(0, r.status());
        for (String cmd : Commands.NAMES) {
            assertTrue(r.out().contains("  " + cmd), () -> "--help does not list " + cmd + ":\n" + r.out());
        }
    }

    @Test
    void unknownCommandIsAUsageErrorWithoutStackTrace() {
        Result r = run("no-such-command");
        assertEquals(Main.EXIT_USAGE, r.status());
        assertTrue(r.err().startsWith("jvmx: "), r.err());
        assertTrue(!r.err().contains("Exception") && !r.err().contains("\tat "), r.err());
    }

    @Test
    void versionNamesTheJavaRuntime() {
        Result r = run("--version");
        assertEquals(0, r.status());
        assertTrue(r.out().startsWith("jvmx ") && r.out().contains("Java " + Runtime.version().feature()), r.out());
    }
}

package dev.jvmx.runtime.loader;

/**
 * A program cannot be loaded. The message is for users as it stands: one line naming the file
 * and the problem (the CLI prints {@code jvmx: <message>}); no stack trace is recorded.
 */
public final class LoadException extends Exception {
    public LoadException(String message) {
        super(message, null, false, false);
    }
}

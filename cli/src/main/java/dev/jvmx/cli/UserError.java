package dev.jvmx.cli;

/** A problem with the user's input: printed as one line {@code jvmx: message}, never with a stack trace. */
public final class UserError extends RuntimeException {
    private final int status;

    public UserError(String message) { this(message, Main.EXIT_USAGE); }

    public UserError(String message, int status) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() { return status; }
}

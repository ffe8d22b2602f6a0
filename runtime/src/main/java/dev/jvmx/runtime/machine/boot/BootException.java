package dev.jvmx.runtime.machine.boot;

/** A boot image that cannot be loaded: the message says what is wrong with it, for the user. */
public final class BootException extends Exception {
    public BootException(String message) {
        super(message);
    }
}

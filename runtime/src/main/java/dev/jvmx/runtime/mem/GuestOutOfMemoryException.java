package dev.jvmx.runtime.mem;

/**
 * The host could not provide memory for a guest page on first touch. The process monitor ends
 * the guest as the Linux OOM killer would (SIGKILL); it is not a guest exception.
 */
public final class GuestOutOfMemoryException extends RuntimeException {
    public GuestOutOfMemoryException() {
        super("out of memory: the host could not allocate a guest page", null, false, false);
    }
}

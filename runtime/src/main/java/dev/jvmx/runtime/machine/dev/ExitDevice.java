package dev.jvmx.runtime.machine.dev;

import dev.jvmx.runtime.machine.bus.IoDevice;

/**
 * The exit device at port 0xF4, compatible with QEMU's {@code isa-debug-exit}: writing a value
 * {@code code} asks the machine to stop with exit status {@code (code << 1) | 1} (always odd, so
 * it never reads as success by accident). Any access width is accepted; reads return all ones.
 */
public final class ExitDevice implements IoDevice {
    public static final int PORT = 0xF4;

    private boolean requested;
    private int code;

    @Override
    public int in(int port, int size) {
        return -1;
    }

    @Override
    public void out(int port, int size, int value) {
        if (!requested) {
            requested = true;
            code = value;
        }
    }

    /** True once the guest wrote to the port. */
    public boolean requested() { return requested; }

    /** The value written. */
    public int code() { return code; }

    /** The process exit status: {@code (code << 1) | 1}. */
    public int status() { return (code << 1) | 1; }

    /** Forgets a request (the monitor consumed it). */
    public void clear() { requested = false; }
}

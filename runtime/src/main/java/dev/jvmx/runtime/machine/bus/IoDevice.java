package dev.jvmx.runtime.machine.bus;

/**
 * A device on the I/O port bus. {@code size} is the access width in bytes (1, 2 or 4); values are
 * zero-extended and only the low {@code size * 8} bits are meaningful. Devices whose registers are
 * bytes extend {@link ByteIoDevice}, which splits wider accesses into consecutive byte ports as the
 * ISA bus does.
 */
public interface IoDevice {
    int in(int port, int size);

    void out(int port, int size, int value);
}

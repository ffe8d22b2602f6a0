package dev.jvmx.runtime.machine.bus;

/**
 * An I/O device with 8-bit registers. A 16- or 32-bit access to port P reaches ports P, P+1, ...
 * one byte each, low byte first (an 8-bit ISA device sees a word access as two byte cycles).
 */
public abstract class ByteIoDevice implements IoDevice {
    /** Reads the 8-bit register at {@code port}. */
    protected abstract int inByte(int port);

    /** Writes the 8-bit register at {@code port}. */
    protected abstract void outByte(int port, int value);

    @Override
    public final int in(int port, int size) {
        int v = 0;
        for (int i = 0; i < size; i++) v |= (inByte((port + i) & 0xFFFF) & 0xFF) << (8 * i);
        return v;
    }

    @Override
    public final void out(int port, int size, int value) {
        for (int i = 0; i < size; i++) outByte((port + i) & 0xFFFF, (value >>> (8 * i)) & 0xFF);
    }
}

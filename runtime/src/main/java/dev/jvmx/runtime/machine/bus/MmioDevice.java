package dev.jvmx.runtime.machine.bus;

/**
 * A device mapped into the physical address space. {@code offset} is relative to the start of
 * the range the device registered; {@code size} is 1, 2, 4 or 8 bytes; values are zero-extended.
 */
public interface MmioDevice {
    long read(long offset, int size);

    void write(long offset, int size, long value);
}

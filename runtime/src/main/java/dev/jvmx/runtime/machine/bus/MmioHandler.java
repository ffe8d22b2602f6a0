package dev.jvmx.runtime.machine.bus;

/**
 * Where {@link PhysicalMemory} sends an access that is neither RAM nor ROM. Driven directly this
 * is the {@link MmioBus}; under the machine monitor it is the monitor, which counts the access as
 * an EPT_VIOLATION exit (how it arrives once guest-physical memory is mapped through EPT) and then
 * hands it to the bus.
 */
public interface MmioHandler {
    long mmioRead(long physical, int size);

    void mmioWrite(long physical, int size, long value);
}

package dev.jvmx.runtime.machine.bus;

import java.util.Map;
import java.util.TreeMap;

/**
 * The 64 KiB I/O port space of a PC. Devices claim port ranges; an access to an unclaimed port
 * reads all ones and a write to one is dropped, as on a PC where nobody drives the data bus
 * (pull-ups). Unclaimed accesses are counted per port so a user can see what the guest probed.
 */
public final class IoBus {
    private final IoDevice[] devices = new IoDevice[0x10000];
    private final String[] names = new String[0x10000];
    private final Map<Integer, Long> unclaimedReads = new TreeMap<>();
    private final Map<Integer, Long> unclaimedWrites = new TreeMap<>();

    /** Claims ports {@code first .. first + count - 1} for {@code device}. */
    public void register(int first, int count, IoDevice device, String name) {
        if (first < 0 || count <= 0 || first + count > 0x10000) {
            throw new IllegalArgumentException("port range " + first + "+" + count);
        }
        for (int p = first; p < first + count; p++) {
            if (devices[p] != null) {
                throw new IllegalStateException(String.format("port 0x%x claimed by %s and %s", p, names[p], name));
            }
            devices[p] = device;
            names[p] = name;
        }
    }

    /** IN of {@code size} bytes (1, 2, 4) from {@code port}: the value, zero-extended. */
    public int in(int port, int size) {
        port &= 0xFFFF;
        IoDevice d = devices[port];
        if (d == null) {
            unclaimedReads.merge(port, 1L, Long::sum);
            return (int) mask(size);
        }
        return (int) (d.in(port, size) & mask(size));
    }

    /** OUT of the low {@code size} bytes of {@code value} to {@code port}. */
    public void out(int port, int size, int value) {
        port &= 0xFFFF;
        IoDevice d = devices[port];
        if (d == null) {
            unclaimedWrites.merge(port, 1L, Long::sum);
            return;
        }
        d.out(port, size, (int) (value & mask(size)));
    }

    /** The name of the device claiming {@code port}, or null. */
    public String owner(int port) {
        return names[port & 0xFFFF];
    }

    /** Reads from unclaimed ports, by port (ascending). */
    public Map<Integer, Long> unclaimedReads() {
        return Map.copyOf(unclaimedReads);
    }

    /** Writes to unclaimed ports, by port. */
    public Map<Integer, Long> unclaimedWrites() {
        return Map.copyOf(unclaimedWrites);
    }

    /** Total number of accesses that hit no device. */
    public long unclaimedCount() {
        long n = 0;
        for (long v : unclaimedReads.values()) n += v;
        for (long v : unclaimedWrites.values()) n += v;
        return n;
    }

    static long mask(int size) {
        return switch (size) {
            case 1 -> 0xFFL;
            case 2 -> 0xFFFFL;
            case 4 -> 0xFFFF_FFFFL;
            default -> throw new IllegalArgumentException("I/O size " + size);
        };
    }
}

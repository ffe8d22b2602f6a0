package dev.jvmx.runtime.machine.dev;

import dev.jvmx.runtime.machine.bus.IoBus;
import dev.jvmx.runtime.machine.bus.IoDevice;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A firmware-configuration interface in the style of QEMU's fw_cfg (docs/specs/fw_cfg.rst):
 * a 16-bit write to the selector port 0x510 picks an item and resets its read offset; each read
 * of the data port 0x511 returns its next byte (0 past the end). Items are little-endian.
 * Keys shared with QEMU keep QEMU's numbers; the signature says which platform answers.
 * <pre>
 *  key     item              type
 *  0x0000  SIGNATURE         "JVMX" (4 bytes)
 *  0x0001  REVISION          u32, 1
 *  0x0003  RAM_SIZE          u64, bytes of RAM
 *  0x0005  CPU_COUNT         u16, number of vCPUs
 *  0x0100  LOW_RAM_END       u64, end of RAM below 4 GiB
 *  0x0101  HIGH_RAM_SIZE     u64, bytes of RAM mapped from 4 GiB
 *  0x0102  CMDLINE           bytes, the kernel command line (no terminator)
 * </pre>
 * An unknown key reads as an empty item.
 */
public final class FwCfg implements IoDevice {
    public static final int PORT_SELECTOR = 0x510, PORT_DATA = 0x511;
    public static final int SIGNATURE = 0x0000, REVISION = 0x0001, RAM_SIZE = 0x0003, CPU_COUNT = 0x0005,
            LOW_RAM_END = 0x0100, HIGH_RAM_SIZE = 0x0101, CMDLINE = 0x0102;

    private final Map<Integer, byte[]> items = new HashMap<>();
    private int selector;
    private int offset;

    public FwCfg(long ramSize, long lowRamEnd, int cpus, String cmdline) {
        items.put(SIGNATURE, "JVMX".getBytes(StandardCharsets.US_ASCII));
        items.put(REVISION, le(4, 1));
        items.put(RAM_SIZE, le(8, ramSize));
        items.put(CPU_COUNT, le(2, cpus));
        items.put(LOW_RAM_END, le(8, lowRamEnd));
        items.put(HIGH_RAM_SIZE, le(8, ramSize - lowRamEnd));
        items.put(CMDLINE, cmdline == null ? new byte[0] : cmdline.getBytes(StandardCharsets.UTF_8));
    }

    public void attach(IoBus bus) {
        bus.register(PORT_SELECTOR, 2, this, "fw-cfg");
    }

    private static byte[] le(int size, long v) {
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v);
        byte[] out = new byte[size];
        System.arraycopy(b.array(), 0, out, 0, size);
        return out;
    }

    /** Adds or replaces an item. */
    public void put(int key, byte[] value) {
        items.put(key & 0xFFFF, value.clone());
    }

    @Override
    public int in(int port, int size) {
        if (port != PORT_DATA) return (int) ((1L << (8 * size)) - 1);
        int v = 0;
        for (int i = 0; i < size; i++) v |= nextByte() << (8 * i);
        return v;
    }

    private int nextByte() {
        byte[] item = items.getOrDefault(selector, new byte[0]);
        return offset < item.length ? item[offset++] & 0xFF : 0;
    }

    @Override
    public void out(int port, int size, int value) {
        if (port == PORT_SELECTOR) {
            selector = value & 0xFFFF;
            offset = 0;
        }
    }
}

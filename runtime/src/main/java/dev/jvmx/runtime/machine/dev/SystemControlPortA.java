package dev.jvmx.runtime.machine.dev;

import dev.jvmx.runtime.machine.bus.ByteIoDevice;
import dev.jvmx.runtime.machine.bus.PhysicalMemory;

/**
 * Port 0x92, "System Control Port A" of PS/2-compatible chipsets (the "fast A20" gate): bit 1
 * enables A20, bit 0 requests a fast CPU reset (reported, the monitor decides what it means).
 */
public final class SystemControlPortA extends ByteIoDevice {
    public static final int PORT = 0x92;
    private final PhysicalMemory memory;
    private boolean resetRequested;

    public SystemControlPortA(PhysicalMemory memory) {
        this.memory = memory;
    }

    @Override
    protected int inByte(int port) {
        return memory.a20() ? 0x02 : 0x00;
    }

    @Override
    protected void outByte(int port, int value) {
        memory.setA20((value & 0x02) != 0);
        if ((value & 0x01) != 0) resetRequested = true;
    }

    public boolean resetRequested() { return resetRequested; }
}

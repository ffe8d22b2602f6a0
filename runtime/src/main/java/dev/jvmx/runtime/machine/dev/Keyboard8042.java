package dev.jvmx.runtime.machine.dev;

import dev.jvmx.runtime.machine.bus.ByteIoDevice;
import dev.jvmx.runtime.machine.bus.IoBus;
import dev.jvmx.runtime.machine.bus.PhysicalMemory;
import java.util.ArrayDeque;

/**
 * The 8042 keyboard controller as far as boot code uses it (IBM PC/AT Technical Reference,
 * "Keyboard Controller"): status at 0x64 (bit 0 output buffer full, bit 1 input buffer full —
 * always clear here, commands complete at once — bit 2 system flag), data at 0x60, and the
 * commands 0x20/0x60 (read/write command byte), 0xAA (self test: 0x55), 0xAB (interface test: 0),
 * 0xAD/0xAE (disable/enable keyboard), 0xD0/0xD1 (read/write the output port, whose bit 1 is
 * the A20 gate and bit 0 the CPU reset line), 0xDD/0xDF (A20 off/on) and 0xFE (pulse reset).
 * No keyboard is attached: keyboard commands written to 0x60 are answered with 0xFE (resend).
 */
public final class Keyboard8042 extends ByteIoDevice {
    public static final int DATA = 0x60, STATUS = 0x64;

    private final PhysicalMemory memory;
    private final ArrayDeque<Integer> output = new ArrayDeque<>();
    private int commandByte = 0x45;
    private int pending = -1;
    private boolean resetRequested;

    public Keyboard8042(PhysicalMemory memory) {
        this.memory = memory;
    }

    public void attach(IoBus bus) {
        bus.register(DATA, 1, this, "i8042");
        bus.register(STATUS, 1, this, "i8042");
    }

    /** The guest pulsed the CPU reset line (command 0xFE or output-port bit 0 cleared). */
    public boolean resetRequested() { return resetRequested; }

    @Override
    protected int inByte(int port) {
        if (port == STATUS) return (output.isEmpty() ? 0 : 1) | 0x04 | 0x10; // OBF, system flag, unlocked
        Integer v = output.poll();
        return v == null ? 0 : v;
    }

    private int outputPort() {
        return 0x01 | (memory.a20() ? 0x02 : 0);
    }

    @Override
    protected void outByte(int port, int value) {
        if (port == STATUS) {
            command(value);
        } else if (pending >= 0) {
            data(pending, value);
            pending = -1;
        } else {
            output.add(0xFE); // keyboard command, no keyboard: resend
        }
    }

    private void command(int c) {
        switch (c) {
            case 0x20 -> output.add(commandByte);
            case 0x60, 0xD1 -> pending = c;
            case 0xAA -> output.add(0x55);
            case 0xAB -> output.add(0x00);
            case 0xAD -> commandByte |= 0x10;
            case 0xAE -> commandByte &= ~0x10;
            case 0xD0 -> output.add(outputPort());
            case 0xDD -> memory.setA20(false);
            case 0xDF -> memory.setA20(true);
            case 0xFE -> resetRequested = true;
            default -> { } // other commands: accepted and ignored
        }
    }

    private void data(int command, int v) {
        if (command == 0x60) {
            commandByte = v;
            return;
        }
        memory.setA20((v & 0x02) != 0);
        if ((v & 0x01) == 0) resetRequested = true;
    }
}

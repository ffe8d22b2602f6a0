package dev.jvmx.runtime.machine.dev;

import dev.jvmx.runtime.machine.bus.ByteIoDevice;
import dev.jvmx.runtime.machine.bus.IoBus;

/**
 * The 8254 programmable interval timer of the PC (Intel 8254 datasheet 231164-005): counters
 * 0..2 at ports 0x40..0x42, the control word register at 0x43 (counter latch, read-back and
 * mode commands), input clock 1.193182 MHz. Counter 0's OUT drives IRQ0; counter 2's gate and
 * OUT are bits 0 and 5 of port 0x61 (speaker/NMI status, IBM PC/AT Technical Reference).
 *
 * <p>Time comes from an injected {@link Clock}; the machine calls {@link #update()} between guest
 * runs and the rising edges of OUT0 since the last update become IRQ0 pulses. Edges that fall in
 * one interval are coalesced into one pulse, as an edge-triggered 8259 would see them when the
 * CPU is slow to acknowledge.
 * <pre>
 *  control word: SC1 SC0 RW1 RW0 M2 M1 M0 BCD   (SC = 11: read-back: 1 1 /COUNT /STATUS C2 C1 C0 0)
 * </pre>
 */
public final class Pit8254 extends ByteIoDevice {
    public static final long INPUT_HZ = 1_193_182L;
    public static final int PORT_BASE = 0x40, PORT_CONTROL = 0x43, PORT_B = 0x61;

    private final PitChannel[] channels = {new PitChannel(), new PitChannel(), new PitChannel()};
    private final Clock clock;
    private final IrqSink irqs;
    private long lastUpdateTick;
    private int portB;
    private long irq0Pulses;

    public Pit8254(Clock clock, IrqSink irqs) {
        this.clock = clock;
        this.irqs = irqs;
        this.lastUpdateTick = tick();
    }

    public void attach(IoBus bus) {
        bus.register(PORT_BASE, 4, this, "pit");
        bus.register(PORT_B, 1, this, "port-b");
    }

    /** Input-clock ticks at the clock's current time. */
    long tick() {
        return ticksOf(clock.nanos());
    }

    static long ticksOf(long nanos) {
        return nanos / 1_000_000_000L * INPUT_HZ + nanos % 1_000_000_000L * INPUT_HZ / 1_000_000_000L;
    }

    static long nanosOf(long ticks) {
        return ticks / INPUT_HZ * 1_000_000_000L + (ticks % INPUT_HZ * 1_000_000_000L + INPUT_HZ - 1) / INPUT_HZ;
    }

    /** Raises IRQ0 if counter 0's OUT rose since the last update. */
    public void update() {
        long now = tick();
        if (channels[0].risingEdges(lastUpdateTick, now) > 0) {
            irq0Pulses++;
            irqs.pulse(0);
        }
        lastUpdateTick = now;
    }

    /** Clock time (ns) of the next IRQ0, or -1 if counter 0 will not raise one. */
    public long nextEventNanos() {
        long t = channels[0].nextRise(tick());
        return t < 0 ? -1 : nanosOf(t);
    }

    /** IRQ0 pulses raised so far. */
    public long irq0Count() { return irq0Pulses; }

    @Override
    protected int inByte(int port) {
        if (port == PORT_B) {
            boolean out2 = channels[2].gate && channels[2].out(tick());
            return (portB & 0x0F) | (out2 ? 0x20 : 0);
        }
        if (port == PORT_CONTROL) return 0xFF; // the control register is write-only
        return channels[port - PORT_BASE].read(tick());
    }

    @Override
    protected void outByte(int port, int value) {
        if (port == PORT_B) {
            portB = value;
            channels[2].gate = (value & 1) != 0;
            return;
        }
        if (port != PORT_CONTROL) {
            update();
            channels[port - PORT_BASE].write(value, tick());
            return;
        }
        control(value);
    }

    private void control(int v) {
        int sc = v >>> 6;
        if (sc == 3) {
            readBack(v);
            return;
        }
        int rw = (v >>> 4) & 3;
        if (rw == 0) {
            channels[sc].latchCount(tick());
        } else {
            update();
            channels[sc].control(rw, (v >>> 1) & 7, (v & 1) != 0);
        }
    }

    private void readBack(int v) {
        for (int c = 0; c < 3; c++) {
            if ((v & (2 << c)) == 0) continue;
            if ((v & 0x20) == 0) channels[c].latchCount(tick());
            if ((v & 0x10) == 0) channels[c].latchStatus(tick());
        }
    }
}

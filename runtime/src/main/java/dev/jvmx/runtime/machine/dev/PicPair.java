package dev.jvmx.runtime.machine.dev;

import dev.jvmx.runtime.machine.bus.ByteIoDevice;
import dev.jvmx.runtime.machine.bus.IoBus;

/**
 * The PC/AT's cascaded 8259A pair: master at ports 0x20/0x21 (IRQ0..7), slave at 0xA0/0xA1
 * (IRQ8..15) whose INT output drives master input 2 (IBM PC/AT Technical Reference, "System
 * Interrupts"). Acknowledging a slave interrupt sets ISR bit 2 on the master too, so the guest
 * sends EOI to both. A request that vanishes before acknowledge yields the spurious vector of
 * input 7 (IRQ7, or IRQ15 with the master's cascade input in service), ISR untouched on the chip
 * that raised it (datasheet: "if no interrupt request is present ... the 8259A will issue an
 * interrupt level 7").
 */
public final class PicPair extends ByteIoDevice implements IrqSink {
    public static final int MASTER_CMD = 0x20, MASTER_DATA = 0x21, SLAVE_CMD = 0xA0, SLAVE_DATA = 0xA1;
    private static final int CASCADE_IR = 2;

    private final Pic8259 master = new Pic8259();
    private final Pic8259 slave = new Pic8259();
    private long spurious;

    public void attach(IoBus bus) {
        bus.register(MASTER_CMD, 2, this, "pic-master");
        bus.register(SLAVE_CMD, 2, this, "pic-slave");
    }

    @Override
    public void setIrq(int irq, boolean level) {
        if (irq < 8) {
            master.setInput(irq, level);
        } else {
            slave.setInput(irq - 8, level);
            updateCascade();
        }
    }

    private void updateCascade() {
        master.setInput(CASCADE_IR, slave.intOutput());
    }

    /** The INTR line to the CPU. */
    public boolean interruptPending() {
        updateCascade();
        return master.intOutput();
    }

    /** The two INTA cycles: the vector of the highest-priority request (or a spurious IRQ7/15 vector). */
    public int acknowledge() {
        updateCascade();
        int ir = master.pendingIr();
        if (ir < 0) {
            spurious++;
            return master.vector(7);
        }
        master.acknowledge(ir);
        if (ir != CASCADE_IR) return master.vector(ir);
        int sir = slave.pendingIr();
        int vector;
        if (sir < 0) {
            spurious++;
            vector = slave.vector(7);
        } else {
            slave.acknowledge(sir);
            vector = slave.vector(sir);
        }
        updateCascade();
        return vector;
    }

    /** Spurious acknowledges so far. */
    public long spuriousCount() { return spurious; }

    public Pic8259 master() { return master; }

    public Pic8259 slave() { return slave; }

    @Override
    protected int inByte(int port) {
        Pic8259 p = (port & 0x80) != 0 ? slave : master;
        int v = (port & 1) == 0 ? p.readCommand() : p.readData();
        if (p == slave) updateCascade();
        return v;
    }

    @Override
    protected void outByte(int port, int value) {
        Pic8259 p = (port & 0x80) != 0 ? slave : master;
        if ((port & 1) == 0) p.writeCommand(value);
        else p.writeData(value);
        updateCascade();
    }
}

package dev.jvmx.runtime.machine.apic;

import dev.jvmx.runtime.machine.dev.IrqSink;
import dev.jvmx.runtime.machine.dev.PicPair;

/**
 * Where an ISA IRQ line goes on this PC: to the 8259 pair (IRQ n on input n) and to the I/O APIC
 * (IRQ n on pin n, except IRQ0, the PIT, which is wired to pin 2 — the "interrupt source
 * override" every PC firmware reports in its MP/ACPI tables; pin 0 carries the 8259's INTR).
 */
public final class IsaIrqRouting implements IrqSink {
    private final PicPair pic;
    private final IoApic ioApic;

    public IsaIrqRouting(PicPair pic, IoApic ioApic) {
        this.pic = pic;
        this.ioApic = ioApic;
    }

    /** I/O APIC pin for ISA IRQ {@code irq}. */
    public static int pinOf(int irq) {
        return irq == 0 ? 2 : irq;
    }

    @Override
    public void setIrq(int irq, boolean level) {
        pic.setIrq(irq, level);
        if (ioApic != null) ioApic.setPin(pinOf(irq), level);
    }
}

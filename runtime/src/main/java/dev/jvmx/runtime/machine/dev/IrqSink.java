package dev.jvmx.runtime.machine.dev;

/**
 * The ISA interrupt request lines 0..15 as a device sees them: it drives its line high or low.
 * Edge-triggered inputs latch a request on the rising edge, so a device that wants one interrupt
 * per event calls {@link #pulse(int)}.
 */
public interface IrqSink {
    void setIrq(int irq, boolean level);

    default void pulse(int irq) {
        setIrq(irq, true);
        setIrq(irq, false);
    }

    IrqSink NONE = (irq, level) -> { };
}

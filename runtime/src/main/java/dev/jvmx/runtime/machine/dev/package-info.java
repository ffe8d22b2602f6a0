/**
 * The ISA devices of the PC platform, one class each, each citing its datasheet:
 * {@link dev.jvmx.runtime.machine.dev.PicPair} / {@link dev.jvmx.runtime.machine.dev.Pic8259}
 * (8259A), {@link dev.jvmx.runtime.machine.dev.Pit8254} (8254, time from an injected
 * {@link dev.jvmx.runtime.machine.dev.Clock}), {@link dev.jvmx.runtime.machine.dev.Cmos}
 * (MC146818A RTC + CMOS RAM with the memory-size bytes), {@link dev.jvmx.runtime.machine.dev.Uart16550}
 * (COM1), {@link dev.jvmx.runtime.machine.dev.PortSink} (POST ports 0x80/0x190, debug console
 * 0xE9), {@link dev.jvmx.runtime.machine.dev.ExitDevice} (0xF4, QEMU isa-debug-exit semantics),
 * {@link dev.jvmx.runtime.machine.dev.FwCfg} (0x510/0x511, keys in its javadoc) and
 * {@link dev.jvmx.runtime.machine.dev.SystemControlPortA} (0x92, fast A20) and
 * {@link dev.jvmx.runtime.machine.dev.Keyboard8042} (0x60/0x64: the A20 gate and reset line boot
 * code drives through the keyboard controller; no keyboard attached).
 *
 * <p>Why: devices are plain state machines behind port accesses, with no threads and no host
 * time of their own, so a test drives them byte by byte and a {@code ManualClock} makes timer
 * behaviour exact. Interrupt lines are an {@link dev.jvmx.runtime.machine.dev.IrqSink}: the
 * machine routes ISA IRQs to the 8259 pair and the I/O APIC.
 */
package dev.jvmx.runtime.machine.dev;

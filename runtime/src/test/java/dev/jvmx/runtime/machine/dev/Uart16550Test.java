package dev.jvmx.runtime.machine.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvmx.runtime.machine.bus.IoBus;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

class Uart16550Test {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final boolean[] irq4 = new boolean[1];
    private final Uart16550 uart = new Uart16550(0x3F8, 4, (irq, level) -> irq4[0] = level, out);
    private final IoBus bus = new IoBus();

    Uart16550Test() {
        uart.attach(bus);
    }

    @Test
    void transmittedBytesReachTheHostAndThrIsAlwaysEmpty() {
        for (char c : "ok\n".toCharArray()) {
            assertEquals(0x60, bus.in(0x3FD, 1) & 0x60);
            bus.out(0x3F8, 1, c);
        }
        assertEquals("ok\n", out.toString());
    }

    @Test
    void divisorLatchIsBehindDlab() {
        bus.out(0x3FB, 1, 0x80);
        bus.out(0x3F8, 1, 0x01);
        bus.out(0x3F9, 1, 0x00);
        bus.out(0x3FB, 1, 0x03);
        assertEquals(1, uart.divisor());
        assertEquals(0x03, bus.in(0x3FB, 1));
        assertEquals("", out.toString(), "divisor writes are not data");
    }

    @Test
    void receivedDataRaisesIrq4WhenEnabledAndOut2IsSet() {
        bus.out(0x3F9, 1, 0x01); // IER: RX data
        uart.receive('x');
        assertFalse(irq4[0], "OUT2 gates the interrupt on a PC");
        bus.out(0x3FC, 1, 0x08);
        assertTrue(irq4[0]);
        assertEquals(0x04, bus.in(0x3FA, 1) & 0x0F);
        assertEquals(0x01, bus.in(0x3FD, 1) & 0x01);
        assertEquals('x', bus.in(0x3F8, 1));
        assertFalse(irq4[0]);
        assertEquals(0x01, bus.in(0x3FA, 1) & 0x0F);
    }

    @Test
    void thrEmptyInterruptIsClearedByReadingIir() {
        bus.out(0x3FC, 1, 0x08);
        bus.out(0x3F9, 1, 0x02);
        assertTrue(irq4[0]);
        assertEquals(0x02, bus.in(0x3FA, 1) & 0x0F);
        assertFalse(irq4[0]);
        bus.out(0x3F8, 1, 'a');
        assertTrue(irq4[0], "the byte left at once: THR empty again");
    }

    @Test
    void fifoHoldsSixteenBytesThenOverruns() {
        bus.out(0x3FA, 1, 0x07);
        assertEquals(0xC0, bus.in(0x3FA, 1) & 0xC0);
        for (int i = 0; i < 17; i++) uart.receive(i);
        assertEquals(0x02, bus.in(0x3FD, 1) & 0x02, "overrun error");
        for (int i = 0; i < 16; i++) assertEquals(i, bus.in(0x3F8, 1));
        assertEquals(0, bus.in(0x3FD, 1) & 0x01);
    }

    @Test
    void loopbackSendsTransmittedBytesToTheReceiver() {
        bus.out(0x3FC, 1, 0x10);
        bus.out(0x3F8, 1, 0x42);
        assertEquals(0x42, bus.in(0x3F8, 1));
        assertEquals("", out.toString());
    }
}

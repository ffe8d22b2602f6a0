package dev.jvmx.runtime.machine.apic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvmx.runtime.machine.dev.ManualClock;
import dev.jvmx.runtime.machine.dev.PicPair;
import org.junit.jupiter.api.Test;

class IoApicTest {
    private final ApicBus bus = new ApicBus();
    private final LocalApic cpu0 = new LocalApic(0, true, new ManualClock(), 1_000_000_000L);
    private final IoApic io;

    IoApicTest() {
        bus.add(cpu0);
        io = new IoApic(1, bus);
        cpu0.write(0xF0, 4, 0x1FF);
    }

    private void program(int pin, long entry) {
        io.write(0x00, 4, 0x10 + 2 * pin);
        io.write(0x10, 4, entry & 0xFFFF_FFFFL);
        io.write(0x00, 4, 0x11 + 2 * pin);
        io.write(0x10, 4, entry >>> 32);
    }

    @Test
    void versionAndIdRegisters() {
        io.write(0x00, 4, 0x01);
        assertEquals(0x0017_0020L, io.read(0x10, 4));
        io.write(0x00, 4, 0x00);
        assertEquals(1L << 24, io.read(0x10, 4));
    }

    @Test
    void edgeEntryDeliversToTheDestinationApic() {
        program(4, 0x34);
        io.setPin(4, true);
        io.setPin(4, false);
        assertEquals(0x34, cpu0.acknowledge());
        assertEquals(1, io.messageCount());
    }

    @Test
    void maskedEntryDeliversNothing() {
        assertEquals(1L << 16, io.entry(3));
        io.setPin(3, true);
        assertFalse(cpu0.interruptPending());
    }

    @Test
    void levelEntrySetsRemoteIrrAndRedeliversAfterEoiWhileAsserted() {
        program(9, 0x8000 | 0x39);
        io.setPin(9, true);
        assertTrue((io.entry(9) & 1 << 14) != 0, "remote IRR");
        assertEquals(0x39, cpu0.acknowledge());
        cpu0.write(0xB0, 4, 0);   // EOI: level vector -> broadcast to the I/O APIC
        assertEquals(2, io.messageCount(), "line still asserted: delivered again");
        assertEquals(0x39, cpu0.acknowledge());
        io.setPin(9, false);
        cpu0.write(0xB0, 4, 0);
        assertEquals(0, io.entry(9) & 1 << 14);
    }

    @Test
    void isaRoutingSendsIrq0ToPin2AndToThePic() {
        PicPair pic = new PicPair();
        IsaIrqRouting route = new IsaIrqRouting(pic, io);
        program(2, 0x30);
        route.pulse(0);
        assertEquals(0x30, cpu0.acknowledge());
        assertEquals(1, pic.master().irr(), "the same edge is latched by the 8259");
        CpuInterrupts ic = new CpuInterrupts(cpu0, pic);
        assertTrue(ic.interruptPending(), "8259 INTR passes LINT0 (ExtINT)");
        assertEquals(0x00, ic.acknowledge(), "an uninitialised 8259 has vector base 0");
        assertFalse(ic.interruptPending());
    }
}

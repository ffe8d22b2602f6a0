package dev.jvmx.runtime.machine.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvmx.runtime.machine.bus.IoBus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PicPairTest {
    private final IoBus bus = new IoBus();
    private final PicPair pic = new PicPair();

    /** The PC BIOS / Linux initialisation: master vectors 0x20, slave 0x28, cascade on IR2. */
    @BeforeEach
    void init() {
        pic.attach(bus);
        bus.out(0x20, 1, 0x11);
        bus.out(0x21, 1, 0x20);
        bus.out(0x21, 1, 0x04);
        bus.out(0x21, 1, 0x01);
        bus.out(0xA0, 1, 0x11);
        bus.out(0xA1, 1, 0x28);
        bus.out(0xA1, 1, 0x02);
        bus.out(0xA1, 1, 0x01);
    }

    @Test
    void lowerIrqNumberWinsAndInServiceBlocksLowerPriorityUntilEoi() {
        pic.pulse(3);
        pic.pulse(1);
        assertTrue(pic.interruptPending());
        assertEquals(0x21, pic.acknowledge());
        assertFalse(pic.interruptPending(), "IRQ3 waits while IRQ1 is in service");
        bus.out(0x20, 1, 0x0B); // OCW3: read ISR
        assertEquals(0x02, bus.in(0x20, 1));
        bus.out(0x20, 1, 0x20); // non-specific EOI
        assertTrue(pic.interruptPending());
        assertEquals(0x23, pic.acknowledge());
    }

    @Test
    void higherPriorityNestsOverLowerInService() {
        pic.pulse(5);
        assertEquals(0x25, pic.acknowledge());
        pic.pulse(0);
        assertTrue(pic.interruptPending());
        assertEquals(0x20, pic.acknowledge());
    }

    @Test
    void slaveInterruptGoesThroughCascadeAndNeedsBothEois() {
        pic.pulse(12);
        assertEquals(0x2C, pic.acknowledge());
        assertEquals(0x04, pic.master().isr());
        assertEquals(0x10, pic.slave().isr());
        pic.pulse(14);
        assertFalse(pic.interruptPending(), "cascade input in service");
        bus.out(0xA0, 1, 0x20);
        bus.out(0x20, 1, 0x20);
        assertTrue(pic.interruptPending());
        assertEquals(0x2E, pic.acknowledge());
    }

    @Test
    void maskedLinesDoNotInterruptAndIrrShowsThem() {
        bus.out(0x21, 1, 0xFF & ~0x04);
        pic.setIrq(4, true);
        assertFalse(pic.interruptPending());
        bus.out(0x20, 1, 0x0A); // OCW3: read IRR
        assertEquals(0x10, bus.in(0x20, 1) & 0x10);
        assertEquals(0xFB, bus.in(0x21, 1));
        bus.out(0x21, 1, 0x00);
        assertEquals(0x24, pic.acknowledge());
    }

    @Test
    void vanishedRequestGivesSpuriousIrq7WithoutSettingIsr() {
        assertEquals(0x27, pic.acknowledge());
        assertEquals(0, pic.master().isr());
        assertEquals(1, pic.spuriousCount());
    }

    @Test
    void slaveRequestMaskedAfterTheCascadeLatchedGivesSpuriousIrq15() {
        pic.pulse(10);
        assertTrue(pic.interruptPending());
        bus.out(0xA1, 1, 0x04); // mask IRQ10 on the slave
        assertEquals(0x2F, pic.acknowledge());
        assertEquals(0x04, pic.master().isr(), "the master acknowledged its cascade input: EOI it");
        assertEquals(0, pic.slave().isr());
    }

    @Test
    void levelTriggeredRequestFollowsTheLine() {
        bus.out(0x20, 1, 0x19); // ICW1 with LTIM
        bus.out(0x21, 1, 0x20);
        bus.out(0x21, 1, 0x04);
        bus.out(0x21, 1, 0x01);
        pic.setIrq(3, true);
        pic.setIrq(3, false);
        assertFalse(pic.interruptPending(), "a level request disappears with the line");
        pic.setIrq(3, true);
        assertEquals(0x23, pic.acknowledge());
        bus.out(0x20, 1, 0x20);
        assertTrue(pic.interruptPending(), "still asserted after EOI: requested again");
    }

    @Test
    void autoEoiLeavesNothingInService() {
        bus.out(0x20, 1, 0x11);
        bus.out(0x21, 1, 0x08);
        bus.out(0x21, 1, 0x04);
        bus.out(0x21, 1, 0x03); // 8086 mode, AEOI
        pic.pulse(6);
        assertEquals(0x0E, pic.acknowledge());
        assertEquals(0, pic.master().isr());
    }

    @Test
    void specificEoiAndRotation() {
        pic.pulse(1);
        pic.acknowledge();
        bus.out(0x20, 1, 0xE1); // rotate on specific EOI for IR1: IR1 becomes lowest
        assertEquals(0, pic.master().isr());
        pic.pulse(1);
        pic.pulse(3);
        assertEquals(0x23, pic.acknowledge(), "after rotation IR2.. outrank IR1");
    }

    @Test
    void pollCommandReturnsHighestRequest() {
        pic.pulse(6);
        bus.out(0x20, 1, 0x0C); // OCW3 poll
        assertEquals(0x86, bus.in(0x20, 1));
        assertEquals(0x40, pic.master().isr());
    }
}

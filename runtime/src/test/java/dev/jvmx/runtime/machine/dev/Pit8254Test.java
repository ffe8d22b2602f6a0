package dev.jvmx.runtime.machine.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jvmx.runtime.machine.bus.IoBus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class Pit8254Test {
    private final ManualClock clock = new ManualClock();
    private final List<String> irqs = new ArrayList<>();
    private final Pit8254 pit = new Pit8254(clock, (irq, level) -> irqs.add(irq + (level ? "+" : "-")));
    private final IoBus bus = new IoBus();

    Pit8254Test() {
        pit.attach(bus);
    }

    private void program(int channel, int mode, int count) {
        bus.out(0x43, 1, channel << 6 | 0x30 | mode << 1);
        bus.out(0x40 + channel, 1, count & 0xFF);
        bus.out(0x40 + channel, 1, count >>> 8);
    }

    @Test
    void rateGeneratorRaisesIrq0OncePerPeriod() {
        program(0, 2, 11932); // ~10 ms
        clock.advance(9_000_000);
        pit.update();
        assertEquals(List.of(), irqs);
        clock.advance(1_100_000);
        pit.update();
        assertEquals(List.of("0+", "0-"), irqs);
        clock.advance(10_000_000);
        pit.update();
        assertEquals(2, pit.irq0Count());
    }

    @Test
    void nextEventIsTheNextRisingEdge() {
        program(0, 3, 1193);
        long next = pit.nextEventNanos();
        assertEquals(1193L * 1_000_000_000L / Pit8254.INPUT_HZ, next, 1);
    }

    @Test
    void mode0InterruptsOnceAtTerminalCount() {
        program(0, 0, 1000);
        clock.advance(2_000_000);
        pit.update();
        clock.advance(20_000_000);
        pit.update();
        assertEquals(1, pit.irq0Count());
        assertEquals(-1, pit.nextEventNanos());
    }

    @Test
    void counterLatchFreezesTheValueRead() {
        program(0, 2, 10000);
        clock.advance(84_000); // 100 input ticks (838.1 ns each)
        bus.out(0x43, 1, 0x00); // latch counter 0
        clock.advance(1_000_000);
        int lo = bus.in(0x40, 1), hi = bus.in(0x40, 1);
        assertEquals(10000 - 100, hi << 8 | lo);
    }

    @Test
    void readBackStatusReportsModeAndAccess() {
        program(2, 3, 0x1234);
        bus.out(0x43, 1, 0xE8); // read-back, status only, counter 2
        assertEquals(0x36, bus.in(0x42, 1) & 0x3F);
    }

    @Test
    void channel2GateAndOutputOnPortB() {
        program(2, 0, 100);
        bus.out(0x61, 1, 0x01);
        assertEquals(0, bus.in(0x61, 1) & 0x20);
        clock.advance(200_000);
        assertEquals(0x20, bus.in(0x61, 1) & 0x20);
    }
}

package dev.jvmx.runtime.machine.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvmx.runtime.machine.bus.IoBus;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class CmosTest {
    private static final long T0 = LocalDateTime.of(2024, 2, 29, 13, 45, 30).toEpochSecond(ZoneOffset.UTC);
    private final ManualClock clock = new ManualClock(T0);
    private final IoBus bus = new IoBus();

    private int read(int reg) {
        bus.out(0x70, 1, reg);
        return bus.in(0x71, 1);
    }

    private void write(int reg, int v) {
        bus.out(0x70, 1, reg);
        bus.out(0x71, 1, v);
    }

    @Test
    void timeIsBcdByDefaultAndFollowsTheClock() {
        new Cmos(clock, 64 << 20).attach(bus);
        assertEquals(0x30, read(0x00));
        assertEquals(0x45, read(0x02));
        assertEquals(0x13, read(0x04));
        assertEquals(0x29, read(0x07));
        assertEquals(0x02, read(0x08));
        assertEquals(0x24, read(0x09));
        assertEquals(0x20, read(0x32));
        assertEquals(0x05, read(0x06), "Thursday; 1 = Sunday");
        clock.advance(5_000_000_000L);
        assertEquals(0x35, read(0x00));
    }

    @Test
    void binaryModeAndGuestSetTime() {
        new Cmos(clock, 64 << 20).attach(bus);
        write(0x0B, 0x06);
        assertEquals(45, read(0x02));
        write(0x04, 7);
        assertEquals(7, read(0x04));
        assertEquals(45, read(0x02));
    }

    @Test
    void memorySizeRegisters() {
        new Cmos(clock, 64 << 20).attach(bus);
        assertEquals(640, read(0x15) | read(0x16) << 8);
        int ext = (64 << 10) - 1024;
        assertEquals(ext, read(0x17) | read(0x18) << 8);
        assertEquals(ext, read(0x30) | read(0x31) << 8);
        assertEquals((64 - 16) * 16, read(0x34) | read(0x35) << 8);
    }

    @Test
    void updateInProgressIsSetJustBeforeTheSecondChanges() {
        new Cmos(clock, 4 << 20).attach(bus);
        assertEquals(0, read(0x0A) & 0x80);
        clock.advance(999_900_000L);
        assertEquals(0x80, read(0x0A) & 0x80);
        assertEquals(0x26, read(0x0A) & 0x7F);
    }

    @Test
    void statusRegistersAndNmiMask() {
        Cmos cmos = new Cmos(clock, 4 << 20);
        cmos.attach(bus);
        assertEquals(0x80, read(0x0D));
        assertEquals(0x02, read(0x0B) & 0x02, "24-hour mode");
        bus.out(0x70, 1, 0x8F);
        assertTrue(cmos.nmiMasked());
        write(0x40, 0x5A);
        assertEquals(0x5A, read(0x40));
    }
}

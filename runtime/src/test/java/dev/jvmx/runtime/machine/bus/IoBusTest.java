package dev.jvmx.runtime.machine.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IoBusTest {
    @Test
    void unclaimedPortsReadAllOnesIgnoreWritesAndAreCounted() {
        IoBus bus = new IoBus();
        assertEquals(0xFF, bus.in(0x1234, 1));
        assertEquals(0xFFFF, bus.in(0x1234, 2));
        assertEquals(0xFFFF_FFFF, bus.in(0x300, 4));
        bus.out(0x300, 1, 5);
        assertEquals(Map.of(0x1234, 2L, 0x300, 1L), bus.unclaimedReads());
        assertEquals(Map.of(0x300, 1L), bus.unclaimedWrites());
        assertEquals(4, bus.unclaimedCount());
    }

    @Test
    void wordAccessToByteDeviceReachesConsecutivePorts() {
        List<String> log = new ArrayList<>();
        ByteIoDevice dev = new ByteIoDevice() {
            @Override protected int inByte(int port) { return port & 0xFF; }
            @Override protected void outByte(int port, int value) { log.add(Integer.toHexString(port) + "=" + value); }
        };
        IoBus bus = new IoBus();
        bus.register(0x60, 4, dev, "dev");
        assertEquals(0x6160, bus.in(0x60, 2));
        bus.out(0x60, 2, 0x0201);
        assertEquals(List.of("60=1", "61=2"), log);
        assertEquals("dev", bus.owner(0x63));
    }

    @Test
    void overlappingClaimsAreRefused() {
        IoBus bus = new IoBus();
        IoDevice d = new IoDevice() {
            @Override public int in(int port, int size) { return 0; }
            @Override public void out(int port, int size, int value) { }
        };
        bus.register(0x40, 4, d, "a");
        assertThrows(IllegalStateException.class, () -> bus.register(0x43, 1, d, "b"));
    }
}

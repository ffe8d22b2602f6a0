package dev.jvmx.runtime.machine.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PhysicalMemoryTest {
    private final MmioBus mmio = new MmioBus();
    private final PhysicalMemory m = new PhysicalMemory(2 << 20, mmio);

    private static byte[] rom64k() {
        byte[] rom = new byte[0x10000];
        rom[0xFFF0] = (byte) 0xEA; // the reset vector: last 16 bytes of the image
        rom[0] = 0x11;
        return rom;
    }

    @Test
    void ramIsLittleEndianAndZeroFilled() {
        assertEquals(0, m.readPhys(0x1234, 8));
        m.writePhys(0x1000, 4, 0x11223344);
        assertEquals(0x44, m.readPhys(0x1000, 1));
        assertEquals(0x3344, m.readPhys(0x1000, 2));
        assertEquals(0x11223344L, m.read32(0x1000) & 0xFFFF_FFFFL);
    }

    @Test
    void romAppearsAtResetVectorAndBelowOneMegabyteAndIgnoresWrites() {
        m.mapRom(rom64k());
        assertEquals(0xEA, m.readPhys(0xFFFF_FFF0L, 1));
        assertEquals(0xEA, m.readPhys(0xFFFF0, 1));
        assertEquals(0x11, m.readPhys(0xF0000, 1));
        m.writePhys(0xF0000, 1, 0x99);
        assertEquals(0x11, m.readPhys(0xF0000, 1));
        assertEquals(1, m.romWrites());
        assertEquals(0, m.readPhys(0xEFFFF, 1), "RAM below the ROM window");
    }

    @Test
    void accessStraddlingRamAndRomIsSplit() {
        m.mapRom(rom64k());
        m.writePhys(0xEFFFF, 1, 0x22);
        assertEquals(0x1122, m.readPhys(0xEFFFF, 2));
    }

    @Test
    void a20DisabledWrapsAtOneMegabyte() {
        m.writePhys(0x00010, 1, 0x5A);
        assertEquals(0, m.readPhys(0x100010, 1), "A20 on: 1 MiB + 16 is its own byte");
        m.setA20(false);
        assertEquals(0x5A, m.readPhys(0x100010, 1));
        m.writePhys(0x10FFEF, 1, 0x77);
        assertEquals(0x77, m.readPhys(0x0FFEF, 1));
    }

    @Test
    void unmappedAddressesGoToMmioDevicesOrReadAllOnes() {
        List<String> log = new ArrayList<>();
        mmio.register(0xFEC0_0000L, 0x1000, new MmioDevice() {
            @Override public long read(long offset, int size) { log.add("r" + offset); return 0xAB; }
            @Override public void write(long offset, int size, long value) { log.add("w" + offset + "=" + value); }
        }, "probe");
        assertEquals(0xAB, m.readPhys(0xFEC0_0010L, 4));
        m.writePhys(0xFEC0_0020L, 4, 7);
        assertEquals(List.of("r16", "w32=7"), log);
        assertEquals(0xFFFF_FFFFL, m.readPhys(0x8000_0000L, 4), "beyond RAM, nothing there");
        assertEquals(-1L, m.readPhys(0x8000_0000L, 8));
        assertEquals(2, mmio.unclaimedCount());
    }

    @Test
    void loaderViewReportsRamOffsets() {
        assertEquals(0x5000, m.ramOffset(0x5000));
        assertEquals(-1, m.ramOffset(2 << 20));
        m.loadRam(0x7C00, new byte[] {1, 2, 3}, 0, 3);
        assertEquals(0x030201, m.readPhys(0x7C00, 4) & 0xFFFFFF);
    }
}

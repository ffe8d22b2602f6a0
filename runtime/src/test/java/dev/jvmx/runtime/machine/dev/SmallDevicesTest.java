package dev.jvmx.runtime.machine.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvmx.runtime.machine.bus.IoBus;
import dev.jvmx.runtime.machine.bus.MmioBus;
import dev.jvmx.runtime.machine.bus.PhysicalMemory;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class SmallDevicesTest {
    private final IoBus bus = new IoBus();

    @Test
    void exitDeviceStatusIsCodeShiftedLeftOrOne() {
        ExitDevice d = new ExitDevice();
        bus.register(0xF4, 1, d, "exit");
        bus.out(0xF4, 1, 0x10);
        assertTrue(d.requested());
        assertEquals(0x21, d.status());
    }

    @Test
    void fwCfgReportsSignatureRamSizeAndCpuCount() {
        new FwCfg(64L << 20, 64L << 20, 4, "console=ttyS0").attach(bus);
        bus.out(0x510, 2, FwCfg.SIGNATURE);
        StringBuilder sig = new StringBuilder();
        for (int i = 0; i < 4; i++) sig.append((char) bus.in(0x511, 1));
        assertEquals("JVMX", sig.toString());
        bus.out(0x510, 2, FwCfg.RAM_SIZE);
        long ram = 0;
        for (int i = 0; i < 8; i++) ram |= (long) bus.in(0x511, 1) << (8 * i);
        assertEquals(64L << 20, ram);
        bus.out(0x510, 2, FwCfg.CPU_COUNT);
        assertEquals(4, bus.in(0x511, 2));
        assertEquals(0, bus.in(0x511, 1), "past the end");
        bus.out(0x510, 2, 0x7777);
        assertEquals(0, bus.in(0x511, 1), "unknown key is empty");
    }

    @Test
    void postPortRecordsAndPrintsCodesAndDebugConsolePassesBytes() {
        ByteArrayOutputStream post = new ByteArrayOutputStream();
        ByteArrayOutputStream con = new ByteArrayOutputStream();
        PortSink p80 = PortSink.post("post", post);
        bus.register(0x80, 1, p80, "post");
        bus.register(0xE9, 1, PortSink.debugConsole(con), "debugcon");
        bus.out(0x80, 1, 0x3C);
        bus.out(0xE9, 1, 'h');
        bus.out(0xE9, 1, 'i');
        assertEquals(List.of(0x3C), p80.written());
        assertEquals("POST 0x3c" + System.lineSeparator(), post.toString());
        assertEquals("hi", con.toString());
        assertEquals(0xE9, bus.in(0xE9, 1));
    }

    @Test
    void port92ControlsA20() {
        PhysicalMemory m = new PhysicalMemory(2 << 20, new MmioBus());
        bus.register(0x92, 1, new SystemControlPortA(m), "port92");
        assertEquals(0x02, bus.in(0x92, 1));
        bus.out(0x92, 1, 0x00);
        assertFalse(m.a20());
        bus.out(0x92, 1, 0x02);
        assertTrue(m.a20());
    }

    @Test
    void keyboardControllerGatesA20AndPulsesReset() {
        PhysicalMemory m = new PhysicalMemory(2 << 20, new MmioBus());
        m.setA20(false);
        Keyboard8042 kbc = new Keyboard8042(m);
        kbc.attach(bus);
        assertEquals(0, bus.in(0x64, 1) & 0x02, "input buffer never full: A20 wait loops finish");
        bus.out(0x64, 1, 0xD1);
        bus.out(0x60, 1, 0xDF);
        assertTrue(m.a20());
        bus.out(0x64, 1, 0xD0);
        assertEquals(1, bus.in(0x64, 1) & 1, "output buffer full");
        assertEquals(0x03, bus.in(0x60, 1));
        bus.out(0x64, 1, 0xAA);
        assertEquals(0x55, bus.in(0x60, 1));
        assertFalse(kbc.resetRequested());
        bus.out(0x64, 1, 0xFE);
        assertTrue(kbc.resetRequested());
    }
}

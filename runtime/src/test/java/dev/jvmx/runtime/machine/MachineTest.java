package dev.jvmx.runtime.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jvmx.runtime.machine.boot.CpuMode;
import dev.jvmx.runtime.machine.boot.InitialCpuState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MachineTest {
    @TempDir Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @Test
    void romBootStartsTheBspAtTheResetVectorAndApsWaitForSipi() throws Exception {
        byte[] rom = new byte[0x10000];
        rom[0xFFF0] = (byte) 0xF4;
        Path f = Files.write(dir.resolve("t.rom"), rom);
        Machine m = TestMachines.create(TestMachines.flat(dir, out).cpus(2).build());
        try (Machine r = Machine.create(MachineConfig.builder(new BootSource.Rom(f)).cpus(2).stdout(out).build())) {
            InitialCpuState s = r.initialState(0);
            assertEquals(0xF4, r.memory().readPhys(s.cs().base() + s.rip(), 1));
            assertEquals(InitialCpuState.Activity.WAIT_FOR_SIPI, r.initialState(1).activity());
        }
        m.close();
    }

    @Test
    void kernelBootPassesCmdlineToFirmwareConfigToo() throws Exception {
        Path k = dir.resolve("k.elf");
        byte[] elf = new byte[0x100];
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(elf).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put(0, new byte[] {0x7F, 'E', 'L', 'F', 1, 1, 1}).putShort(16, (short) 2).putShort(18, (short) 3).putInt(20, 1)
                .putInt(24, 0x100000)
                .putInt(28, 52).putShort(42, (short) 32).putShort(44, (short) 1);
        b.putInt(52, 1).putInt(56, 0x80).putInt(60, 0x100000).putInt(64, 0x100000).putInt(68, 0x10).putInt(72, 0x10);
        b.putInt(0xA0, 0x1BADB002).putInt(0xA4, 0).putInt(0xA8, -0x1BADB002);
        Files.write(k, elf);
        Path mod = Files.write(dir.resolve("initrd"), new byte[] {1});
        var cfg = MachineConfig.builder(new BootSource.Kernel(k, "quiet", List.of(mod))).stdout(out).build();
        try (Machine m = Machine.create(cfg)) {
            assertEquals(0x2BADB002L, m.bootState().gpr(0));
            MachineMonitor mon = new MachineMonitor(m);
            mon.handle(0, MachineExit.Io.out(0x510, 2, 0x102));
            MachineExit.Io ins = MachineExit.Io.ins(0x511, 1, 5, true);
            mon.handle(0, ins);
            assertEquals("quiet", new String(ins.data()));
        }
    }

    @Test
    void serialInputArrivesBetweenRuns() {
        var cfg = TestMachines.flat(dir, out).serialInput(true).stdin(new ByteArrayInputStream("ab".getBytes())).build();
        MachineMonitor mon = new MachineMonitor(TestMachines.create(cfg));
        mon.pollDevices();
        assertEquals(new ExitAction.ResumeWithValue('a'), mon.handle(0, MachineExit.Io.in(0x3F8, 1)));
        assertEquals(new ExitAction.ResumeWithValue(0x60), mon.handle(0, MachineExit.Io.in(0x3FD, 1)),
                "no FIFO: the second byte waits on stdin instead of overrunning");
        mon.pollDevices();
        assertEquals(new ExitAction.ResumeWithValue('b'), mon.handle(0, MachineExit.Io.in(0x3F8, 1)));
    }

    @Test
    void postCodesArePrintedOnlyForTheChosenPortButRecordedOnBoth() {
        MachineMonitor mon = new MachineMonitor(TestMachines.create(TestMachines.flat(dir, out).postPort(0x80).build()));
        mon.handle(0, MachineExit.Io.out(0x80, 1, 0x12));
        mon.handle(0, MachineExit.Io.out(0x190, 1, 0x34));
        assertEquals("POST 0x12" + System.lineSeparator(), out.toString());
        assertEquals(List.of(0x34), mon.machine().postPort(0x190).written());
        assertNull(mon.machine().postPort(0x81));
    }

    @Test
    void postPortOnAnotherDevicesPortIsRefused() {
        var cfg = TestMachines.flat(dir, out).postPort(0x3F8).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Machine.create(cfg));
        assertEquals("POST port 0x3f8 is taken by uart@0x3f8", e.getMessage());
    }

    @Test
    void serialToAFileAndNone() throws IOException {
        Path log = dir.resolve("serial.log");
        Machine m = TestMachines.create(TestMachines.flat(dir, out).serial(log.toString()).build());
        new MachineMonitor(m).handle(0, MachineExit.Io.out(0x3F8, 1, 'Z'));
        m.close();
        assertEquals("Z", Files.readString(log));
        assertEquals("", out.toString());
    }

    @Test
    void configValidatesAndParsesSizes() {
        assertEquals(512L << 20, MachineConfig.parseSize("512M"));
        assertEquals(2L << 30, MachineConfig.parseSize("2g"));
        assertEquals(0x100000, MachineConfig.parseSize("0x100000"));
        var b = MachineConfig.builder(new BootSource.Flat(dir.resolve("x"), 0, CpuMode.REAL, 0));
        assertThrows(IllegalArgumentException.class, () -> b.memory(1 << 20).build());
        assertThrows(IllegalArgumentException.class, () -> b.memory(4 << 20).cpus(0).build());
    }
}

package dev.jvmx.runtime.machine.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jvmx.runtime.machine.BootSource;
import dev.jvmx.runtime.machine.Machine;
import dev.jvmx.runtime.machine.MachineConfig;
import dev.jvmx.runtime.machine.MachineMonitor;
import dev.jvmx.runtime.machine.MachineRunner;
import dev.jvmx.runtime.machine.MachineStop;
import dev.jvmx.runtime.machine.dev.ManualClock;
import dev.jvmx.runtime.machine.boot.CpuMode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real guests assembled with nasm at test time, run by {@link InterpreterVcpu} under the machine monitor. */
class InterpreterVcpuTest {
    @TempDir
    Path dir;

    /** Assembles {@code name}.asm from the test resources to a flat binary, or skips (printing why) without nasm. */
    Path assemble(String name) throws IOException, InterruptedException {
        Path src = dir.resolve(name + ".asm");
        try (InputStream in = getClass().getResourceAsStream(name + ".asm")) {
            Files.write(src, in.readAllBytes());
        }
        Path out = dir.resolve(name + ".bin");
        Process p;
        try {
            p = new ProcessBuilder("nasm", "-f", "bin", "-o", out.toString(), src.toString()).redirectErrorStream(true).start();
        } catch (IOException noNasm) {
            System.out.println("SKIP: nasm not found (" + noNasm.getMessage() + ")");
            assumeTrue(false, "nasm not found");
            return null;
        }
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "nasm failed: " + log);
        return out;
    }

    record Run(MachineStop stop, String debugcon, String serial) {}

    Run boot(Path image, CpuMode mode) throws Exception {
        return boot(image, mode, 0x7C00);
    }

    Run boot(Path image, CpuMode mode, long load) throws Exception {
        return boot(new BootSource.Flat(image, load, mode, load));
    }

    Run boot(BootSource source) throws Exception {
        return boot(source, 1);
    }

    Run boot(BootSource source, int cpus) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Path serial = dir.resolve("com1.txt");
        MachineConfig cfg = MachineConfig.builder(source)
                .memory(4 << 20).cpus(cpus).stdout(out).serial(serial.toString()).clock(new ManualClock()).maxInstructions(100_000).build();
        MachineStop stop;
        try (Machine m = Machine.create(cfg)) {
            MachineMonitor monitor = new MachineMonitor(m);
            stop = SmpBoot.run(monitor);
        }
        String com1 = Files.exists(serial) ? Files.readString(serial) : "";
        return new Run(stop, out.toString(StandardCharsets.ISO_8859_1), com1);
    }

    @Test
    void realModeGuestPrintsTakesAnInterruptAndExits() throws Exception {
        Run r = boot(assemble("real_hello"), CpuMode.REAL);
        assertEquals(MachineStop.Reason.EXIT_DEVICE, r.stop().reason(), r.stop().toString());
        assertEquals((0x21 << 1) | 1, r.stop().status());
        assertEquals("real mode ok\n", r.debugcon());
        assertEquals("real mode ok\n", r.serial());
    }

    @Test
    void realToProtectedModeSwitch() throws Exception {
        Run r = boot(assemble("real_to_protected"), CpuMode.REAL);
        assertEquals(MachineStop.Reason.EXIT_DEVICE, r.stop().reason(), r.stop().toString());
        assertEquals((0x22 << 1) | 1, r.stop().status());
        assertEquals("P", r.debugcon());
    }

    @Test
    void protectedModeInterruptAndExceptionThroughTheIdt() throws Exception {
        Run r = boot(assemble("protected_idt"), CpuMode.REAL);
        assertEquals(MachineStop.Reason.EXIT_DEVICE, r.stop().reason(), r.stop().toString());
        assertEquals((0x25 << 1) | 1, r.stop().status());
        assertEquals("IDT", r.debugcon());
    }

    @Test
    void pitInterruptsThroughThePicWakeHlt() throws Exception {
        Run r = boot(assemble("pit_irq"), CpuMode.REAL);
        assertEquals(MachineStop.Reason.EXIT_DEVICE, r.stop().reason(), r.stop().toString());
        assertEquals((0x26 << 1) | 1, r.stop().status());
        assertEquals("PIT", r.debugcon());
    }

    @Test
    void multibootKernelSwitchesToLongMode() throws Exception {
        Run r = boot(new BootSource.Kernel(assemble("multiboot64"), "", java.util.List.of()));
        assertEquals(MachineStop.Reason.EXIT_DEVICE, r.stop().reason(), r.stop().toString());
        assertEquals((0x27 << 1) | 1, r.stop().status());
        assertEquals("mb64\n", r.serial());
    }

    @Test
    void anApplicationProcessorStartsOnInitAndSipi() throws Exception {
        Run r = boot(new BootSource.Flat(assemble("smp_sipi"), 0x7C00, CpuMode.REAL, 0x7C00), 2);
        assertEquals(MachineStop.Reason.EXIT_DEVICE, r.stop().reason(), r.stop().toString());
        assertEquals((0x28 << 1) | 1, r.stop().status());
        assertEquals("AB", r.debugcon());
    }

    @Test
    void ring3CallsTheKernelThroughAGateOnTheTssStack() throws Exception {
        Run r = boot(assemble("ring3_gate"), CpuMode.REAL);
        assertEquals(MachineStop.Reason.EXIT_DEVICE, r.stop().reason(), r.stop().toString());
        assertEquals((0x29 << 1) | 1, r.stop().status());
        assertEquals("K", r.debugcon());
    }

    @Test
    void pagingSetsAccessedAndDirtyAndRaisesPageFaults() throws Exception {
        Run r = boot(assemble("paging"), CpuMode.REAL);
        assertEquals(MachineStop.Reason.EXIT_DEVICE, r.stop().reason(), r.stop().toString());
        assertEquals((0x2A << 1) | 1, r.stop().status());
        assertEquals("PF", r.debugcon());
    }

    @Test
    void flatLongModeGuest() throws Exception {
        Run r = boot(assemble("long_flat"), CpuMode.LONG, 0x100000);
        assertEquals(MachineStop.Reason.EXIT_DEVICE, r.stop().reason(), r.stop().toString());
        assertEquals((0x23 << 1) | 1, r.stop().status());
        assertEquals("L64", r.debugcon());
    }

    @Test
    void romStartsAtTheResetVector() throws Exception {
        Run r = boot(new BootSource.Rom(assemble("rom_post")));
        assertEquals(MachineStop.Reason.EXIT_DEVICE, r.stop().reason(), r.stop().toString());
        assertEquals((0x24 << 1) | 1, r.stop().status());
        assertEquals("ROM", r.debugcon());
    }

    @Test
    void hltWithInterruptsOffStopsTheMachine() throws Exception {
        Path img = dir.resolve("hlt.bin");
        Files.write(img, new byte[] {(byte) 0xFA, (byte) 0xF4}); // cli; hlt
        Run r = boot(img, CpuMode.REAL);
        assertEquals(MachineStop.Reason.HALTED, r.stop().reason());
    }
}

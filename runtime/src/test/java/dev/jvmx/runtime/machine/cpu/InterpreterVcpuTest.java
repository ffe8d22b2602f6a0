package dev.jvmx.runtime.machine.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.jvmx.runtime.machine.BootSource;
import dev.jvmx.runtime.machine.Machine;
import dev.jvmx.runtime.machine.MachineConfig;
import dev.jvmx.runtime.machine.MachineMonitor;
import dev.jvmx.runtime.machine.MachineStop;
import dev.jvmx.runtime.machine.dev.ManualClock;
import dev.jvmx.runtime.machine.boot.CpuMode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link InterpreterVcpu} under the machine monitor on hand-made code; the nasm guests are the ROM
 * tests ({@code runtime/src/test/roms}, {@code RomSuiteTest}).
 */
class InterpreterVcpuTest {
    @TempDir
    Path dir;

    record Run(MachineStop stop, String debugcon, String serial) {}

    Run boot(Path image, CpuMode mode) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Path serial = dir.resolve("com1.txt");
        MachineConfig cfg = MachineConfig.builder(new BootSource.Flat(image, 0x7C00, mode, 0x7C00))
                .memory(4 << 20).stdout(out).serial(serial.toString()).clock(new ManualClock()).maxInstructions(100_000).build();
        MachineStop stop;
        try (Machine m = Machine.create(cfg)) {
            MachineMonitor monitor = new MachineMonitor(m);
            stop = SmpBoot.run(monitor);
        }
        String com1 = Files.exists(serial) ? Files.readString(serial) : "";
        return new Run(stop, out.toString(StandardCharsets.ISO_8859_1), com1);
    }

    @Test
    void hltWithInterruptsOffStopsTheMachine() throws Exception {
        Path img = dir.resolve("hlt.bin");
        Files.write(img, new byte[] {(byte) 0xFA, (byte) 0xF4}); // cli; hlt
        Run r = boot(img, CpuMode.REAL);
        assertEquals(MachineStop.Reason.HALTED, r.stop().reason());
    }

    /** The guest in non-root operation keeps its decoded instructions in the machine's cache (by host-physical address). */
    @Test
    void decodedInstructionsAreKeptInTheMachinesCache() throws Exception {
        Path img = dir.resolve("loop.bin");
        // mov cx, 100; l: dec cx; jnz l; mov al, 2Ah; out F4h, al; hlt
        Files.write(img, new byte[] {(byte) 0xB9, 100, 0, 0x49, 0x75, (byte) 0xFD, (byte) 0xB0, 0x2A, (byte) 0xE6, (byte) 0xF4, (byte) 0xF4});
        MachineConfig cfg = MachineConfig.builder(new BootSource.Flat(img, 0x7C00, CpuMode.REAL, 0x7C00))
                .memory(4 << 20).stdout(new ByteArrayOutputStream()).serial(dir.resolve("com1.txt").toString())
                .clock(new ManualClock()).maxInstructions(100_000).build();
        try (Machine m = Machine.create(cfg)) {
            MachineStop stop = SmpBoot.run(new MachineMonitor(m));
            assertEquals(MachineStop.Reason.EXIT_DEVICE, stop.reason(), stop.toString());
            assertEquals(0x2A << 1 | 1, stop.status());
            dev.jvmx.x86.Instruction dec = m.decodeCache().view().get(0x7C03, dev.jvmx.x86.Mode.BITS16, 0x7C03);
            assertNotNull(dec, "DEC CX at 7C03h is not in the decode cache");
            assertEquals(dev.jvmx.x86.Mnemonic.DEC, dec.mnemonic());
        }
    }

    /**
     * TF = 1 on an OUT that exits and the monitor completes: the single-step trap follows it (a
     * pending debug exception delivered at VM entry, SDM Vol. 3C §27.7.3), with the return IP
     * just after the OUT. Guest (nasm, org 7C00h): IVT[1] = handler; PUSHF / OR TF / POPF;
     * {@code out 0E9h, al}; after_out: exit 2Ah if the handler ran once and saw IP = after_out
     * (else 1 / 2); the handler counts, records the IP and clears TF in its frame.
     */
    @Test
    void singleStepTrapFollowsAnInstructionTheMonitorCompleted() throws Exception {
        Path img = dir.resolve("tf.bin");
        Files.write(img, java.util.HexFormat.of().parseHex(
                "31c08ed88ed0bc0070c7060400387cc706060000009c580d000150b0419de6e9b001803e4c7c01750cb002813e4d7c207c7502b02ae6f4f4fe064c7c5589e58b4602a34d7c816606fffe5dcf000000"));
        Run r = boot(img, CpuMode.REAL);
        assertEquals(MachineStop.Reason.EXIT_DEVICE, r.stop().reason(), r.stop().toString());
        assertEquals(0x2A << 1 | 1, r.stop().status(), r.stop().toString());
        assertEquals("A", r.debugcon());
    }

    /**
     * An exception through an IDT task gate in non-root operation is a task-switch exit (SDM Vol.
     * 3C §26.2) with the #DE as IDT-vectoring information, which the vCPU completes by delivering
     * the #DE in root mode. Guest (nasm, org 7C00h): protected mode, LTR 18h, DIV by zero with IDT
     * entry 0 a task gate to TSS 20h; task B checks its back link (18h) and the main task's saved
     * EIP (the DIV), prints E and exits 2Eh (1: no task switch, 2 / 3: a check failed).
     */
    @Test
    void exceptionThroughAnIdtTaskGateExitsAndIsCompleted() throws Exception {
        Path img = dir.resolve("taskgate.bin");
        Files.write(img, java.util.HexFormat.of().parseHex(
                "fa0f0116887c0f20c00c010f22c0ea137c080066b810008ed88ec08ed0bc009000000f011d987c000066b818000f00d8"
                + "31c9f7f1b001e6f4f4b00266833d087d0000187514b003813dc07c0000327c00007506b045e6e9b02ee6f4f490909090"
                + "0000000000000000ffff0000009acf00ffff00000092cf006700a07c008900006700087d008900002700607c00009090"
                + "00002000008500000700907c000090900000000000000000000000000000000000000000000000000000000000000000"
                + "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
                + "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
                + "0000000000000000397c0000020000000000000000000000000000000000000000700000000000000000000000000000"
                + "1000000008000000100000001000000010000000100000000000000000006800"));
        MachineConfig cfg = MachineConfig.builder(new BootSource.Flat(img, 0x7C00, CpuMode.REAL, 0x7C00))
                .memory(4 << 20).stdout(new ByteArrayOutputStream()).serial(dir.resolve("com1.txt").toString())
                .clock(new ManualClock()).maxInstructions(100_000).build();
        try (Machine m = Machine.create(cfg)) {
            MachineMonitor monitor = new MachineMonitor(m);
            MachineStop stop = SmpBoot.run(monitor);
            assertEquals(MachineStop.Reason.EXIT_DEVICE, stop.reason(), stop.toString());
            assertEquals(0x2E << 1 | 1, stop.status(), stop.toString());
            assertEquals(1, monitor.stats().get(dev.jvmx.vmx.exit.ExitReason.TASK_SWITCH));
        }
    }
}

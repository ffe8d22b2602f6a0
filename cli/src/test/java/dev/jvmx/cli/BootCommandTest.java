package dev.jvmx.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jvmx boot} and {@code jvmx suite}: a real guest's output and exit status, and one-line usage errors. */
class BootCommandTest {
    @TempDir
    Path dir;

    /** mov al,'A' / out 0E9h,al / mov al,5 / out 0F4h,al / hlt — hand-assembled 16-bit code. */
    static final byte[] HELLO = {(byte) 0xB0, 0x41, (byte) 0xE6, (byte) 0xE9, (byte) 0xB0, 0x05, (byte) 0xE6, (byte) 0xF4, (byte) 0xF4};

    @Test
    void flatRealModeGuestWritesDebugconAndExitsThroughTheExitDevice() throws Exception {
        Path img = dir.resolve("hello.bin");
        Files.write(img, HELLO);
        Path state = dir.resolve("state.json");
        MainTest.Result r = MainTest.run("boot", "--flat", img.toString(), "--load", "0x7c00", "--mode", "real",
                "--serial", "none", "--state-out", state.toString());
        assertEquals((5 << 1) | 1, r.status(), r.err());
        assertEquals("A", r.out());
        assertTrue(Files.readString(state).contains("\"rax\": \"0x5\""), Files.readString(state));
    }

    /**
     * The 64-bit Multiboot kernel of the ROM tests (runtime/src/test/roms/multiboot64.asm, committed
     * image): `jvmx boot --kernel` hands it the command line and memory information, and its COM1
     * output and exit-device status come back.
     */
    @Test
    void multibootKernelPrintsItsInformationOnCom1AndExits() throws Exception {
        multibootKernel();
    }

    /** The same kernel with the interpreter alone and with every block translated before its first run. */
    @Test
    void multibootKernelRunsTheSameWithTheJitOffAndAtThresholdZero() throws Exception {
        multibootKernel("--jit=off");
        multibootKernel("--jit=block", "--jit-threshold=0");
        multibootKernel("--jit=region", "--jit-threshold=0");
    }

    private void multibootKernel(String... jit) throws Exception {
        Path kernel = Path.of(System.getProperty("jvmx.root", System.getProperty("user.dir") + "/.."),
                "runtime", "src", "test", "roms", "bin", "multiboot64.bin").normalize();
        assertTrue(Files.isRegularFile(kernel), "committed kernel image missing: " + kernel);
        Path serial = dir.resolve("com1.txt");
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("boot", "--kernel", kernel.toString(),
                "--cmdline", "console=ttyS0 quiet", "--memory", "16M", "--serial", serial.toString()));
        args.addAll(java.util.List.of(jit));
        MainTest.Result r = MainTest.run(args.toArray(String[]::new));
        assertEquals((0x27 << 1) | 1, r.status(), String.join(" ", jit) + ": " + r.err());
        assertEquals("mb64 cmdline=console=ttyS0 quiet mem=15360K ram=2\n", Files.readString(serial));
    }

    @Test
    void hltWithInterruptsOffIsStatusZero() throws Exception {
        Path img = dir.resolve("hlt.bin");
        Files.write(img, new byte[] {(byte) 0xFA, (byte) 0xF4});
        MainTest.Result r = MainTest.run("boot", "--flat", img.toString(), "--load", "0x7c00", "--mode", "real", "--serial", "none");
        assertEquals(0, r.status(), r.err());
    }

    @Test
    void instructionLimitIsStatus122() throws Exception {
        Path img = dir.resolve("loop.bin");
        Files.write(img, new byte[] {(byte) 0xEB, (byte) 0xFE}); // jmp $
        MainTest.Result r = MainTest.run("boot", "--flat", img.toString(), "--load", "0x7c00", "--mode", "real", "--serial", "none",
                "--max-instructions", "1000");
        assertEquals(122, r.status(), r.err());
    }

    /**
     * The VMX-exits ROM of runtime/src/test/roms runs in VMX non-root operation under the machine
     * monitor; --exit-stats counts its exits by SDM basic-exit-reason name (docs/VMX.md).
     */
    @Test
    void exitStatsCountVmExitsByReason() {
        Path rom = Path.of(System.getProperty("jvmx.root", System.getProperty("user.dir") + "/.."),
                "runtime", "src", "test", "roms", "bin", "vmx_exits.bin").normalize();
        MainTest.Result r = MainTest.run("boot", "--rom", rom.toString(), "--serial", "none", "--exit-stats");
        assertEquals((0x2B << 1) | 1, r.status(), r.err());
        assertEquals("VMX", r.out());
        java.util.Map<String, Long> counts = new java.util.HashMap<>();
        for (String line : r.err().lines().toList()) {
            var m = java.util.regex.Pattern.compile("^([A-Z_]+)\\s+(\\d+)$").matcher(line);
            if (m.matches()) counts.put(m.group(1), Long.parseLong(m.group(2)));
        }
        assertEquals(2, counts.get("CPUID"), r.err());                 // leaves 0 and 1
        assertEquals(1, counts.get("RDMSR"), r.err());                 // IA32_APIC_BASE
        assertEquals(3, counts.get("EPT_VIOLATION"), r.err());         // local APIC read, I/O APIC write and read
        assertTrue(counts.getOrDefault("HLT", 0L) >= 1, r.err());      // waiting for the PIT tick
        assertTrue(counts.getOrDefault("IO_INSTRUCTION", 0L) >= 17, r.err()); // POST, debugcon, CMOS, PIC, PIT, EOI, exit
    }

    /**
     * A guest hypervisor under {@code --nested-vmx}: L1's VMX instructions, emulated by L0, and
     * L2's exits reflected to L1 are VM exits of the machine's vCPU, counted by reason like the
     * rest (docs/MACHINE.md "Nested VMX"). Without the option the ROM finds no VMX in CPUID.
     */
    @Test
    void nestedVmxExitStatsCountTheGuestHypervisorsExits() {
        Path rom = Path.of(System.getProperty("jvmx.root", System.getProperty("user.dir") + "/.."),
                "runtime", "src", "test", "roms", "bin", "vmx_nested.bin").normalize();
        String[] boot = {"boot", "--flat", rom.toString(), "--load", "0x100000", "--mode", "protected", "--serial", "none"};
        MainTest.Result plain = MainTest.run(boot);
        assertEquals((1 << 1) | 1, plain.status(), plain.err()); // check 1: CPUID.1:ECX.VMX = 0
        String[] nested = java.util.Arrays.copyOf(boot, boot.length + 2);
        nested[boot.length] = "--nested-vmx";
        nested[boot.length + 1] = "--exit-stats";
        MainTest.Result r = MainTest.run(nested);
        assertEquals((0x3C << 1) | 1, r.status(), r.err());
        java.util.Map<String, Long> counts = new java.util.HashMap<>();
        for (String line : r.err().lines().toList()) {
            var m = java.util.regex.Pattern.compile("^([A-Z_]+)\\s+(\\d+)$").matcher(line);
            if (m.matches()) counts.put(m.group(1), Long.parseLong(m.group(2)));
        }
        // L1's VMX instructions (vmx_nested.asm): one VMXON and VMXOFF, VMCLEAR / VMPTRLD at setup and
        // before the failing VMRESUME, VMLAUNCH that enters, the one that fails (error 4) and the one
        // for the interrupt, three VMRESUMEs after L2's CPUID, OUT and VMCALL plus the failing one
        // (error 5), and VMREAD: three per exit (reason, qualification, length) for five exits,
        // GUEST_RIP for the three resumed, the two errors, the interruption information
        assertEquals(1, counts.get("VMXON"), r.err());
        assertEquals(1, counts.get("VMXOFF"), r.err());
        assertEquals(2, counts.get("VMCLEAR"), r.err());
        assertEquals(2, counts.get("VMPTRLD"), r.err());
        assertEquals(3, counts.get("VMLAUNCH"), r.err());
        assertEquals(4, counts.get("VMRESUME"), r.err());
        assertEquals(5 * 3 + 3 + 2 + 1, counts.get("VMREAD"), r.err());
        assertTrue(counts.getOrDefault("VMWRITE", 0L) >= 3, r.err());
        // L2's exits reflected to L1: CPUID (with L1's own leaf 1: 2), VMCALL, HLT (then L2's HLT
        // L1 does not intercept: the machine's, at least once), the PIT interrupt
        assertEquals(2, counts.get("CPUID"), r.err());
        assertEquals(1, counts.get("VMCALL"), r.err());
        assertTrue(counts.getOrDefault("HLT", 0L) >= 2, r.err());
        assertTrue(counts.getOrDefault("EXTERNAL_INTERRUPT", 0L) >= 1, r.err());
        // L2's local APIC read (EPT12 maps it, the machine's EPT does not): MMIO, plus EPT02 fills
        assertTrue(counts.getOrDefault("EPT_VIOLATION", 0L) >= 1, r.err());
    }

    @Test
    void badJitSwitchesAreOneLineAndStatus2() throws Exception {
        Path img = dir.resolve("hello.bin");
        Files.write(img, HELLO);
        for (String bad : new String[] {"--jit=fast", "--jit-threshold=-1"}) {
            MainTest.Result r = MainTest.run("boot", "--flat", img.toString(), "--load", "0x7c00", "--mode", "real", bad);
            assertEquals(2, r.status(), bad + ": " + r.err());
            assertTrue(r.err().startsWith("jvmx: --jit") && r.err().strip().lines().count() == 1, r.err());
        }
    }

    @Test
    void badInputIsOneLineAndStatus2() {
        for (String[] args : new String[][] {
            {"boot"},
            {"boot", "--flat", "/no/such/file", "--load", "0", "--mode", "real"},
            {"boot", "--rom", "x", "--flat", "y"},
            {"suite", "nosuch", "."},
        }) {
            MainTest.Result r = MainTest.run(args);
            assertEquals(2, r.status(), String.join(" ", args) + ": " + r.err());
            assertTrue(r.err().startsWith("jvmx: ") && r.err().strip().lines().count() == 1, r.err());
        }
    }

    @Test
    void suiteSinglestepJsonReportsCounts() {
        Path data = Path.of(System.getProperty("jvmx.root", System.getProperty("user.dir") + "/.."), "..", "shared", "conformance",
                "singlestep", "8086", "v1").normalize();
        if (!Files.isDirectory(data)) System.out.println("SKIP: no SingleStepTests data at " + data);
        assumeTrue(Files.isDirectory(data), "no SingleStepTests data");
        MainTest.Result r = MainTest.run("suite", "singlestep", data.toString(), "--cpu", "8086", "--format", "json", "--filter", "F7");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().startsWith("{\"passed\":1600,\"failed\":0"), r.out());
    }
}

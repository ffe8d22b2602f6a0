package dev.jvmx.runtime.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvmx.runtime.machine.boot.InitialCpuState;
import dev.jvmx.runtime.mem.GuestFault;
import dev.jvmx.vmx.exit.ExitReason;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MachineMonitorTest {
    @TempDir Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private MachineMonitor monitor(int cpus) {
        return new MachineMonitor(TestMachines.create(TestMachines.flat(dir, out).cpus(cpus).build()));
    }

    @Test
    void exitDeviceStopsWithOddStatus() {
        MachineMonitor mon = monitor(1);
        ExitAction a = mon.handle(0, MachineExit.Io.out(0xF4, 1, 3));
        MachineStop stop = assertInstanceOf(ExitAction.Stop.class, a).stop();
        assertEquals(MachineStop.Reason.EXIT_DEVICE, stop.reason());
        assertEquals(7, stop.processStatus());
    }

    @Test
    void portReadsGoToDevicesAndUnclaimedPortsReadOnes() {
        MachineMonitor mon = monitor(1);
        mon.handle(0, MachineExit.Io.out(0x70, 1, 0x15));
        assertEquals(new ExitAction.ResumeWithValue(0x80), mon.handle(0, MachineExit.Io.in(0x71, 1)));
        assertEquals(new ExitAction.ResumeWithValue(0xFFFF), mon.handle(0, MachineExit.Io.in(0x2F8, 2)));
        assertEquals(1, mon.machine().ioBus().unclaimedCount());
        assertEquals(3, mon.stats().get(ExitReason.IO_INSTRUCTION));
    }

    @Test
    void stringOutputGoesElementByElementAndInsFillsTheBuffer() {
        MachineMonitor mon = monitor(1);
        mon.handle(0, MachineExit.Io.outs(0x3F8, 1, "serial".getBytes(), true));
        assertEquals("serial", out.toString());
        mon.handle(0, MachineExit.Io.out(0x510, 2, 0));
        MachineExit.Io ins = MachineExit.Io.ins(0x511, 1, 4, true);
        assertEquals(ExitAction.RESUME, mon.handle(0, ins));
        assertEquals("JVMX", new String(ins.data()));
    }

    @Test
    void haltWithInterruptsDisabledStopsOnlyTheBootstrapProcessor() {
        MachineMonitor mon = monitor(2);
        assertEquals(ExitAction.WAIT, mon.handle(0, new MachineExit.Hlt(true)));
        assertEquals(ExitAction.WAIT, mon.handle(1, new MachineExit.Hlt(false)), "an AP parks");
        ExitAction a = mon.handle(0, new MachineExit.Hlt(false));
        assertEquals(0, assertInstanceOf(ExitAction.Stop.class, a).stop().status());
    }

    @Test
    void resetThroughTheKeyboardControllerStops() {
        MachineMonitor mon = monitor(1);
        ExitAction a = mon.handle(0, MachineExit.Io.out(0x64, 1, 0xFE));
        assertEquals(6, assertInstanceOf(ExitAction.Stop.class, a).stop().status());
    }

    @Test
    void initOnTheBootstrapProcessorRestartsItAtTheResetVector() {
        MachineMonitor mon = monitor(1);
        ExitAction.Reset r = assertInstanceOf(ExitAction.Reset.class, mon.handle(0, new MachineExit.InitSignal()));
        assertEquals(InitialCpuState.Activity.ACTIVE, r.state().activity());
        assertEquals(0xFFF0, r.state().rip());
    }

    @Test
    void tripleFaultStops() {
        MachineMonitor mon = monitor(1);
        ExitAction a = mon.handle(0, new MachineExit.TripleFault());
        assertEquals(MachineStop.Reason.TRIPLE_FAULT, assertInstanceOf(ExitAction.Stop.class, a).stop().reason());
        assertEquals(2, mon.stopped().status());
    }

    @Test
    void cpuidReportsApicIdAndCpuCount() {
        MachineMonitor mon = monitor(2);
        ExitAction.CpuidResult r = assertInstanceOf(ExitAction.CpuidResult.class, mon.handle(1, new MachineExit.Cpuid(1, 0)));
        assertEquals(1, r.ebx() >>> 24);
        assertEquals(2, r.ebx() >>> 16 & 0xFF);
        assertTrue((r.edx() & 1 << 9) != 0, "APIC");
    }

    @Test
    void msrsReachTheLocalApicAndUnknownOnesFault() {
        MachineMonitor mon = monitor(1);
        assertEquals(new ExitAction.ResumeWithValue(0xFEE0_0900L), mon.handle(0, new MachineExit.Rdmsr(0x1B)));
        assertEquals(new ExitAction.InjectException(GuestFault.GP, 0), mon.handle(0, new MachineExit.Rdmsr(0x12345)));
        mon.handle(0, new MachineExit.Wrmsr(0x1B, 0xFEE0_0000L | 1 << 11 | 1 << 10));
        assertTrue(mon.machine().apic(0).x2apic());
    }

    @Test
    void mmioOfTheApicPageGoesToThisCpusApic() {
        MachineMonitor mon = monitor(2);
        assertEquals(1L << 24, mon.memory(1).read32(0xFEE0_0020L) & 0xFFFF_FFFFL);
        assertEquals(0, mon.memory(0).read32(0xFEE0_0020L));
        assertEquals(2, mon.stats().get(ExitReason.EPT_VIOLATION));
        mon.memory(0).write32(0xFEC0_0000L, 1);
        assertEquals(0x0017_0020L, mon.memory(0).read32(0xFEC0_0010L) & 0xFFFF_FFFFL, "I/O APIC version");
    }

    @Test
    void initAndSipiBecomeExitsWithArchitecturalStates() {
        MachineMonitor mon = monitor(2);
        mon.machine().apic(0).write(0xF0, 4, 0x1FF);
        mon.memory(0).write32(0xFEE0_0310L, 1 << 24);
        mon.memory(0).write32(0xFEE0_0300L, 0x4500);
        MachineExit init = mon.pendingSignal(1);
        assertInstanceOf(MachineExit.InitSignal.class, init);
        ExitAction.Reset reset = assertInstanceOf(ExitAction.Reset.class, mon.handle(1, init));
        assertEquals(InitialCpuState.Activity.WAIT_FOR_SIPI, reset.state().activity());
        mon.memory(0).write32(0xFEE0_0300L, 0x4610);
        MachineExit sipi = mon.pendingSignal(1);
        assertEquals(new MachineExit.StartupIpi(0x10), sipi);
        ExitAction.StartAt start = assertInstanceOf(ExitAction.StartAt.class, mon.handle(1, sipi));
        assertEquals(0x10000, start.state().cs().base());
        assertEquals(0, start.state().rip());
    }

    @Test
    void exitStatsNameArchitecturalReasons() {
        MachineMonitor mon = monitor(1);
        mon.handle(0, new MachineExit.Cpuid(0, 0));
        mon.handle(0, MachineExit.Io.in(0x999, 1));
        mon.handle(0, new MachineExit.Hlt(true));
        String report = mon.exitStatsReport();
        assertTrue(report.contains("CPUID"), report);
        assertTrue(report.matches("(?s).*IO_INSTRUCTION\\s+1.*"), report);
        assertTrue(report.matches("(?s).*HLT\\s+1.*"), report);
        assertTrue(report.matches("(?s).*unclaimed I/O port accesses\\s+1.*"), report);
        assertTrue(report.contains("port 0x0999: 1 reads, 0 writes"), report);
    }

    @Test
    void vmExitsDecodeToTheSameMachineExits() {
        MachineExit.Io out = MachineExit.Io.out(0xE9, 1, 'x');
        VmExitDecoder.GuestContext regs = new VmExitDecoder.GuestContext() {
            @Override public long rax() { return 'x'; }
            @Override public long rcx() { return 0x1B; }
            @Override public long rdx() { return 0; }
            @Override public long rflags() { return 0x202; }
        };
        assertEquals(out, VmExitDecoder.decode(VmExitDecoder.encode(out, 1), regs));
        assertEquals(new MachineExit.Rdmsr(0x1B), VmExitDecoder.decode(VmExitDecoder.encode(new MachineExit.Rdmsr(0x1B), 2), regs));
        assertEquals(new MachineExit.Hlt(true), VmExitDecoder.decode(VmExitDecoder.encode(new MachineExit.Hlt(true), 1), regs));
        MachineExit.Mmio read = new MachineExit.Mmio(0xFEE0_0020L, 4, false, 0);
        assertEquals(read, VmExitDecoder.decode(VmExitDecoder.encode(read, 0), regs));
        assertEquals(new MachineExit.StartupIpi(9), VmExitDecoder.decode(VmExitDecoder.encode(new MachineExit.StartupIpi(9), 0), regs));
        assertEquals(0x00E9_0000L, out.qualification(), "Table 28-5: port in 31:16, size-1 in 2:0");
    }

    @Test
    void vmExitsAreHandledAndCountedByTheMonitor() {
        MachineMonitor mon = monitor(1);
        VmExitDecoder.GuestContext regs = new VmExitDecoder.GuestContext() {
            @Override public long rax() { return 0; }
            @Override public long rcx() { return 0; }
            @Override public long rdx() { return 0; }
            @Override public long rflags() { return 0x2; }
        };
        var io = dev.jvmx.vmx.exit.VmExit.builder(ExitReason.IO_INSTRUCTION)
                .qualification(dev.jvmx.vmx.exit.ExitQualification.ioInstruction(1, true, false, false, true, 0x71)).build();
        assertInstanceOf(ExitAction.ResumeWithValue.class, mon.handle(0, io, regs));
        assertEquals(null, mon.handle(0, dev.jvmx.vmx.exit.VmExit.of(ExitReason.VMCALL), regs));
        assertEquals(1, mon.stats().get(ExitReason.VMCALL));
        assertEquals(1, mon.stats().get(ExitReason.IO_INSTRUCTION));
    }
}

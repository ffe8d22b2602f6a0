package dev.jvmx.runtime.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvmx.runtime.machine.dev.ManualClock;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MachineRunnerTest {
    @TempDir Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** A vCPU playing back a script of exits, each after {@code perExit} instructions. */
    static class ScriptedVcpu implements MachineVcpu {
        final Deque<MachineExit> script;
        final List<ExitAction> completed = new ArrayList<>();
        final long perExit;
        long retired;

        ScriptedVcpu(long perExit, MachineExit... exits) {
            this.perExit = perExit;
            this.script = new ArrayDeque<>(List.of(exits));
        }

        @Override public int index() { return 0; }

        @Override
        public MachineExit run(long max) {
            if (script.isEmpty() || perExit > max) {
                retired += max;
                return new MachineExit.BudgetExhausted();
            }
            retired += perExit;
            return script.poll();
        }

        @Override public void complete(ExitAction action) { completed.add(action); }

        @Override public long instructionsRetired() { return retired; }
    }

    @Test
    void debugConsoleOutputThenExitDevice() {
        MachineMonitor mon = new MachineMonitor(TestMachines.create(TestMachines.flat(dir, out).build()));
        ScriptedVcpu cpu = new ScriptedVcpu(5, MachineExit.Io.out(0xE9, 1, 'o'), MachineExit.Io.out(0xE9, 1, 'k'),
                MachineExit.Io.out(0xF4, 1, 0));
        MachineStop stop = new MachineRunner(mon).run(cpu);
        assertEquals("ok", out.toString());
        assertEquals(1, stop.status());
    }

    @Test
    void instructionLimitStopsTheRun() {
        MachineMonitor mon = new MachineMonitor(TestMachines.create(TestMachines.flat(dir, out).maxInstructions(25_000).build()));
        MachineStop stop = new MachineRunner(mon).run(new ScriptedVcpu(1));
        assertEquals(MachineStop.Reason.INSTRUCTION_LIMIT, stop.reason());
        assertEquals(122, stop.status());
    }

    @Test
    void virtualTimeAdvancesWithInstructions() {
        MachineConfig cfg = TestMachines.flat(dir, out).maxInstructions(30_000).build();
        MachineMonitor mon = new MachineMonitor(TestMachines.create(cfg));
        new MachineRunner(mon).run(new ScriptedVcpu(1));
        assertEquals(30_000 * MachineRunner.NANOS_PER_INSTRUCTION, cfg.clock().nanos());
    }

    @Test
    void haltWithNoTimerArmedIsIdleForever() {
        MachineMonitor mon = new MachineMonitor(TestMachines.create(TestMachines.flat(dir, out).build()));
        MachineStop stop = new MachineRunner(mon).run(new ScriptedVcpu(1, new MachineExit.Hlt(true)));
        assertEquals(MachineStop.Reason.IDLE_FOREVER, stop.reason());
    }

    @Test
    void haltWaitsInVirtualTimeForThePitInterrupt() {
        MachineConfig cfg = TestMachines.flat(dir, out).build();
        MachineMonitor mon = new MachineMonitor(TestMachines.create(cfg));
        int[] pit = {0x34, 0x9C, 0x2E}; // channel 0 mode 2, count 11932 (10 ms)
        ScriptedVcpu cpu = new ScriptedVcpu(1,
                MachineExit.Io.out(0x20, 1, 0x11), MachineExit.Io.out(0x21, 1, 0x20),
                MachineExit.Io.out(0x21, 1, 0x04), MachineExit.Io.out(0x21, 1, 0x01),
                MachineExit.Io.out(0x43, 1, pit[0]), MachineExit.Io.out(0x40, 1, pit[1]), MachineExit.Io.out(0x40, 1, pit[2]),
                new MachineExit.Hlt(true)) {
            @Override
            public void complete(ExitAction action) {
                super.complete(action);
                if (action instanceof ExitAction.WaitForInterrupt) {
                    assertTrue(mon.machine().interrupts(0).interruptPending());
                    assertEquals(0x20, mon.machine().interrupts(0).acknowledge());
                    script.add(MachineExit.Io.out(0xF4, 1, 0x21));
                }
            }
        };
        MachineStop stop = new MachineRunner(mon).run(cpu);
        assertEquals(0x43, stop.status());
        long now = ((ManualClock) cfg.clock()).nanos();
        assertTrue(now >= 10_000_000 && now < 10_100_000, "virtual time jumped to the PIT edge: " + now);
    }

    @Test
    void bootstrapProcessorStartsAnApplicationProcessorWithInitSipi() throws Exception {
        MachineMonitor mon = new MachineMonitor(TestMachines.create(TestMachines.flat(dir, out).cpus(2).build()));
        ScriptedVcpu bsp = new ScriptedVcpu(1,
                new MachineExit.Mmio(0xFEE0_00F0L, 4, true, 0x1FF),
                new MachineExit.Mmio(0xFEE0_0310L, 4, true, 1 << 24),
                new MachineExit.Mmio(0xFEE0_0300L, 4, true, 0x4500),
                new MachineExit.Mmio(0xFEE0_0300L, 4, true, 0x4608),
                new MachineExit.Hlt(true));
        ScriptedVcpu ap = new ScriptedVcpu(1, MachineExit.Io.out(0xE9, 1, '!'), MachineExit.Io.out(0xF4, 1, 2)) {
            @Override public int index() { return 1; }
        };
        Thread apThread = new Thread(() -> new MachineRunner(mon).run(ap));
        apThread.start();
        MachineStop stop = new MachineRunner(mon).run(bsp);
        apThread.join(5000);
        assertEquals(5, stop.status(), "the AP ran after SIPI and wrote the exit device");
        assertEquals("!", out.toString());
        assertTrue(ap.completed.stream().anyMatch(a -> a instanceof ExitAction.StartAt s && s.state().cs().base() == 0x8000));
    }

    @Test
    void timeoutStopsAHaltedMachine() {
        MachineConfig cfg = TestMachines.flat(dir, out).timeout(Duration.ofMillis(50)).build();
        MachineMonitor mon = new MachineMonitor(TestMachines.create(cfg));
        ScriptedVcpu cpu = new ScriptedVcpu(1, MachineExit.Io.out(0x43, 1, 0x34), MachineExit.Io.out(0x40, 1, 0),
                MachineExit.Io.out(0x40, 1, 0), new MachineExit.Hlt(true));
        // the PIT interrupts every 55 ms but the 8259 is masked: nothing wakes the CPU
        mon.handle(0, MachineExit.Io.out(0x21, 1, 0xFF));
        MachineStop stop = new MachineRunner(mon).run(cpu);
        assertEquals(MachineStop.Reason.TIMEOUT, stop.reason());
        assertEquals(124, stop.status());
    }
}

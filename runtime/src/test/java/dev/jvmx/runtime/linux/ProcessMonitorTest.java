package dev.jvmx.runtime.linux;

import static org.junit.jupiter.api.Assertions.*;

import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.exec.Executor;
import dev.jvmx.runtime.exec.Exit;
import dev.jvmx.runtime.mem.GuestFault;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.Test;

/** The monitor's side of exits, driven by scripted executors (no instruction is interpreted). */
class ProcessMonitorTest {

    /** An executor that replays a script of exits, each after letting the test set registers. */
    private static Executor script(Deque<java.util.function.Function<CpuState, Exit>> steps) {
        return (cpu, mem, max) -> steps.isEmpty() ? Exit.exception(GuestFault.of(GuestFault.UD)) : steps.pop().apply(cpu);
    }

    private static Termination run(SyscallHarness h, Executor e) { return h.proc.run(e); }

    @Test
    void systemCallsThenExit() throws Exception {
        SyscallHarness h = new SyscallHarness("");
        long msg = h.str(h.scratch, "hi\n");
        Deque<java.util.function.Function<CpuState, Exit>> steps = new ArrayDeque<>();
        steps.add(cpu -> {
            cpu.gpr[CpuState.RAX] = 1; cpu.gpr[CpuState.RDI] = 1; cpu.gpr[CpuState.RSI] = msg; cpu.gpr[CpuState.RDX] = 3;
            return Exit.SYSCALL;
        });
        steps.add(cpu -> {
            assertEquals(3, cpu.gpr[CpuState.RAX], "write's result is in RAX");
            return Exit.INSTRUCTION_LIMIT;
        });
        steps.add(cpu -> { cpu.gpr[CpuState.RAX] = 231; cpu.gpr[CpuState.RDI] = 42; return Exit.SYSCALL; });
        Termination t = run(h, script(steps));
        assertEquals(42, t.status());
        assertEquals("hi\n", h.out.toString(StandardCharsets.UTF_8));
        assertEquals("", h.err.toString(StandardCharsets.UTF_8));
    }

    private static void killedBy(GuestFault f, int status, String report) throws Exception {
        SyscallHarness h = new SyscallHarness("");
        Termination t = run(h, (cpu, mem, max) -> {
            cpu.rip = 0x401000;
            return Exit.exception(f);
        });
        assertEquals(status, t.status());
        assertEquals("jvmx: " + report + "\n", h.err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void guestExceptionsBecomeSignalsLikeLinux() throws Exception {
        killedBy(GuestFault.pageFault(0, GuestFault.PF_U), 139,
                "guest killed by SIGSEGV: #PF at 0x0 (rip 0x401000): read of an unmapped address");
        killedBy(GuestFault.pageFault(0x402000, GuestFault.PF_U | GuestFault.PF_P | GuestFault.PF_W), 139,
                "guest killed by SIGSEGV: #PF at 0x402000 (rip 0x401000): write to a read-only page");
        killedBy(GuestFault.pageFault(0x7fff0000, GuestFault.PF_U | GuestFault.PF_P | GuestFault.PF_I), 139,
                "guest killed by SIGSEGV: #PF at 0x7fff0000 (rip 0x401000): instruction fetch from a non-executable page");
        killedBy(GuestFault.of(GuestFault.GP, 0), 139, "guest killed by SIGSEGV: #GP(0) (rip 0x401000)");
        killedBy(GuestFault.of(GuestFault.UD), 132, "guest killed by SIGILL: #UD (rip 0x401000)");
        killedBy(GuestFault.of(GuestFault.DE), 136, "guest killed by SIGFPE: #DE (rip 0x401000)");
        killedBy(GuestFault.of(GuestFault.BP), 133, "guest killed by SIGTRAP: #BP (rip 0x401000)");
        killedBy(GuestFault.of(GuestFault.SS, 0), 135, "guest killed by SIGBUS: #SS(0) (rip 0x401000)");
    }

    @Test
    void hltInUserModeIsAGeneralProtectionFault() throws Exception {
        SyscallHarness h = new SyscallHarness("");
        Termination t = run(h, (cpu, mem, max) -> Exit.HLT);
        assertEquals(139, t.status());
        assertTrue(h.err.toString(StandardCharsets.UTF_8).startsWith("jvmx: guest killed by SIGSEGV: #GP(0)"));
    }

    @Test
    void tooManyArgumentsIsALoadError() {
        var e = assertThrows(dev.jvmx.runtime.loader.LoadException.class, () -> GuestProcess.builder(dev.jvmx.runtime.loader.Examples.get("hello"))
                .args(java.util.List.of("x".repeat(3 << 20))).env(java.util.List.of()).load());
        assertTrue(e.getMessage().endsWith("hello: argument list too long (E2BIG)"), e.getMessage());
    }

    @Test
    void theProcessStartsAtTheEntryWithTheStackReady() throws Exception {
        SyscallHarness h = new SyscallHarness("");
        CpuState cpu = h.cpu;
        assertEquals(h.proc.program().entry(), cpu.rip);
        assertEquals(0, cpu.gpr[CpuState.RSP] % 16);
        assertEquals(2, h.mem.read64(cpu.gpr[CpuState.RSP]), "argc: program and one argument");
        assertEquals(0x202, cpu.rflags());
    }
}

package dev.jvmx.runtime.linux;

import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.exec.Executor;
import dev.jvmx.runtime.exec.Exit;
import dev.jvmx.runtime.exec.Interpreter;
import dev.jvmx.runtime.mem.CodeChangeListener;
import dev.jvmx.runtime.mem.GuestFault;
import dev.jvmx.runtime.mem.GuestOutOfMemoryException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The root-mode monitor of a Linux process: runs the guest on its {@link Executor} and plays
 * the kernel at every exit. A SYSCALL exit (an engine-defined exit reason, kept apart from the
 * architectural ones; RIP already past the instruction) goes to {@link Syscalls}. A guest
 * exception ends the process as Linux would with no handler installed: the signal from
 * {@link Signals#forException}, exit status 128 + signal, one line on the guest's stderr, e.g.
 * {@code jvmx: guest killed by SIGSEGV: #PF at 0x0 (rip 0x401000): read of an unmapped address}.
 * HLT at CPL 3 is #GP(0). A page the host cannot supply ends it with SIGKILL, like the OOM killer.
 * Code changes the address space notices (writes to fetched code, munmap/mprotect over it) go to
 * the executor's code cache.
 */
public final class ProcessMonitor {
    /** Instructions per executor run; between runs the monitor notices interrupts. */
    static final long BUDGET = 1L << 22;

    private final ProcessContext p;
    private final Syscalls syscalls;
    private final Executor executor;

    ProcessMonitor(ProcessContext p, Syscalls syscalls, Executor executor) {
        this.p = p;
        this.executor = executor;
        this.syscalls = syscalls;
    }

    /** Runs the guest until it exits or is killed; returns how it ended (and reports a kill on stderr). */
    public Termination run() {
        CpuState cpu = p.cpu;
        p.mem.setCodeChangeListener(codeCacheOf(executor));
        while (p.termination() == null) {
            Exit e;
            try {
                e = executor.run(cpu, p.mem, BUDGET);
            } catch (GuestOutOfMemoryException oom) {
                p.terminate(Termination.killed(Signals.SIGKILL, "out of memory (the host could not provide a guest page)"));
                break;
            }
            switch (e.kind()) {
                case SYSCALL -> syscalls.dispatch(cpu);
                case EXCEPTION -> p.terminate(killedBy(e.fault(), cpu.rip));
                case HLT -> p.terminate(killedBy(GuestFault.of(GuestFault.GP, 0), cpu.rip));
                case INSTRUCTION_LIMIT -> {
                    if (Thread.currentThread().isInterrupted()) p.terminate(Termination.killed(Signals.SIGINT, "interrupted"));
                }
            }
        }
        Termination t = p.termination();
        if (t.report() != null) report(t.report());
        p.fds.closeAll();
        return t;
    }

    /**
     * Who drops cached code when guest code changes: the executor itself when it listens
     * ({@link CodeChangeListener}), else the interpreter's decode cache.
     */
    static CodeChangeListener codeCacheOf(Executor executor) {
        if (executor instanceof CodeChangeListener l) return l;
        if (executor instanceof Interpreter i) return (start, end) -> i.decodeCache().invalidate(start, end);
        return null;
    }

    static Termination killedBy(GuestFault f, long rip) {
        String what;
        if (f.vector() == GuestFault.PF) {
            what = String.format("#PF at 0x%x (rip 0x%x): %s", f.address(), rip, pfCause(f.errorCode()));
        } else {
            what = "#" + GuestFault.name(f.vector()) + (f.errorCode() >= 0 ? "(" + f.errorCode() + ")" : "")
                    + String.format(" (rip 0x%x)", rip);
        }
        return Termination.killed(Signals.forException(f.vector()), what);
    }

    private static String pfCause(int code) {
        String access = (code & GuestFault.PF_I) != 0 ? "instruction fetch from" : (code & GuestFault.PF_W) != 0 ? "write to" : "read of";
        String page = (code & GuestFault.PF_P) == 0 ? "an unmapped address"
                : (code & GuestFault.PF_I) != 0 ? "a non-executable page"
                : (code & GuestFault.PF_W) != 0 ? "a read-only page" : "a page without access";
        return access + " " + page;
    }

    private void report(String line) {
        try {
            p.io.stderr().write(("jvmx: " + line + "\n").getBytes(StandardCharsets.UTF_8));
            p.io.stderr().flush();
        } catch (IOException e) {
            // stderr is gone: the exit status still tells
        }
    }
}

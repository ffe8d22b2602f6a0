package dev.jvmx.testsuites.diff;

import dev.jvmx.runtime.cpu.CpuModel;
import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.exec.Exit;
import dev.jvmx.runtime.exec.Interpreter;

/**
 * jvmx's interpreter (tier 0) as a {@link GuestCpu}, so that {@link DifferentialRun} can hold it
 * against {@link HostCpu}.
 *
 * <p>Each case gets a fresh {@link CpuState} loaded by {@link JvmxStates} and the two pages of
 * {@link JvmxSandboxMemory}; the interpreter then runs one instruction at a time until RIP
 * equals {@code CODE_BASE + code.length}, exactly where the native harness has its return jump.
 * A guest exception becomes {@link Outcome.Faulted} through {@link JvmxFaults}; an exit the
 * sandbox cannot have (SYSCALL, HLT) or a Java exception from the interpreter becomes
 * {@link Outcome.Crashed} with the reason, which {@link StateDiff} reports as a mismatch; more
 * than {@link #STEP_LIMIT} instructions is {@link Outcome.TimedOut}.
 *
 * <p>The interpreter's decode cache is keyed by address, and every case puts different code at
 * the same address, so it is cleared per case. Not for concurrent use.
 */
public final class JvmxCpu implements GuestCpu {
    /** Instructions one case may execute (the generated snippets are straight-line). */
    static final int STEP_LIMIT = 10_000;

    private final HostArch arch;
    private final Interpreter interpreter;
    private final JvmxSandboxMemory memory = new JvmxSandboxMemory();

    public JvmxCpu(HostArch arch, CpuModel model) {
        this.arch = arch;
        this.interpreter = new Interpreter(model);
    }

    /** The interpreter with the default {@link CpuModel}. */
    public JvmxCpu(HostArch arch) {
        this(arch, CpuModel.defaultModel());
    }

    public HostArch arch() {
        return arch;
    }

    @Override
    public Outcome run(byte[] code, MachineState initial) {
        memory.load(initial, code);
        interpreter.decodeCache().clear();
        CpuState cpu = new CpuState();
        JvmxStates.load(initial, arch, cpu);
        long end = HostLayout.CODE_BASE + code.length;
        try {
            for (int n = 0; n < STEP_LIMIT; n++) {
                if (cpu.rip == end) return new Outcome.Completed(end, state(cpu));
                Exit exit = interpreter.run(cpu, memory, 1);
                if (memory.codeWritten()) interpreter.decodeCache().clear();
                switch (exit.kind()) {
                    case INSTRUCTION_LIMIT -> { }
                    case EXCEPTION -> {
                        return JvmxFaults.faulted(exit.fault(), cpu.rip, state(cpu));
                    }
                    default -> {
                        return new Outcome.Crashed(String.format("interpreter exit %s at %#x", exit.kind(), cpu.rip));
                    }
                }
            }
        } catch (RuntimeException e) {
            return new Outcome.Crashed(String.format("interpreter threw %s at %#x", e, cpu.rip));
        }
        return new Outcome.TimedOut(cpu.rip);
    }

    /** Runs the case again recording its data accesses: {@code "read  8 @0x10000820 = 0x..."}, one a line. */
    public String traceAccesses(byte[] code, MachineState initial) {
        memory.trace(true);
        try {
            run(code, initial);
            return memory.traced();
        } finally {
            memory.trace(false);
        }
    }

    private MachineState state(CpuState cpu) {
        return JvmxStates.read(cpu, arch, memory.dataPage());
    }
}

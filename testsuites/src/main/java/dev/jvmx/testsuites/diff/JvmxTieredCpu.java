package dev.jvmx.testsuites.diff;

import dev.jvmx.runtime.cpu.CpuModel;
import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.exec.Exit;
import dev.jvmx.translator.JitCounters;
import dev.jvmx.translator.JitOptions;
import dev.jvmx.translator.TieredExecutor;
import java.util.Arrays;

/**
 * jvmx's translator tiers as a {@link GuestCpu} (issue 4: "the same vectors run through every
 * execution tier"; issue 5: "the differential harness passes in every tier with thresholds forced
 * to 0"): {@link TieredExecutor} with translation threshold 0, so every block is translated to a
 * hidden class before it first runs, on the guest thread, each class passing ASM's
 * CheckClassAdapter.
 *
 * <ul>
 *   <li>{@link Tier#BLOCK} ({@code --jit=block}): the case's code is followed by HLT, so the case
 *       and its end are one block, translated and run once.
 *   <li>{@link Tier#REGION} ({@code --jit=region}, region threshold 0): the case is followed by
 *       {@code JMP +0; HLT}, two blocks. A warm-up run from the same state translates both and
 *       links them; the measured run then finds the head hot and runs the two as one region
 *       method (registers in JVM locals, written back at the exit). A case that faults in the
 *       warm-up never reaches the second block and runs as a translated block.
 * </ul>
 *
 * The executor is reused and every translation dropped between cases ({@link TieredExecutor#invalidateAll}),
 * since every case puts other code at the same address. Outcomes are read as {@link JvmxCpu}
 * reads them: HLT right after the case is completion at {@code CODE_BASE + code.length}. Not for
 * concurrent use.
 */
public final class JvmxTieredCpu implements GuestCpu {
    /** The translated tiers. */
    public enum Tier { BLOCK, REGION }

    private static final byte[] BLOCK_END = {(byte) 0xF4};                     // HLT
    private static final byte[] REGION_END = {(byte) 0xEB, 0x00, (byte) 0xF4}; // JMP +0; HLT

    private final HostArch arch;
    private final Tier tier;
    private final TieredExecutor executor;
    private final JvmxSandboxMemory memory = new JvmxSandboxMemory();
    /** The exit of the last {@link #execute}. */
    private Exit lastExit;

    public JvmxTieredCpu(HostArch arch, CpuModel model, Tier tier) {
        this.arch = arch;
        this.tier = tier;
        JitOptions o = JitOptions.defaults().withThreshold(0).withBackground(false).withVerify(true);
        o = tier == Tier.BLOCK ? o.withMode(JitOptions.Mode.BLOCK) : o.withMode(JitOptions.Mode.REGION).withRegionThreshold(0);
        this.executor = new TieredExecutor(o, model, null);
    }

    public Tier tier() { return tier; }

    /** The executor's counters over every case so far (translations, regions, interpreted blocks). */
    public JitCounters counters() { return executor.counters(); }

    @Override
    public Outcome run(byte[] code, MachineState initial) {
        byte[] end = tier == Tier.BLOCK ? BLOCK_END : REGION_END;
        byte[] program = Arrays.copyOf(code, code.length + end.length);
        System.arraycopy(end, 0, program, code.length, end.length);
        long hlt = HostLayout.CODE_BASE + program.length - 1;
        executor.invalidateAll();
        CpuState cpu;
        try {
            if (tier == Tier.REGION) execute(program, initial);   // warm-up: translate and link both blocks
            cpu = execute(program, initial);
        } catch (RuntimeException | LinkageError e) {
            return new Outcome.Crashed(String.format("%s tier threw %s", tier, e));
        }
        Exit exit = lastExit;
        return switch (exit.kind()) {
            case HLT -> cpu.rip == hlt + 1 || cpu.rip == hlt
                    ? new Outcome.Completed(HostLayout.CODE_BASE + code.length, state(cpu))
                    : new Outcome.Crashed(String.format("%s tier: HLT exit at %#x, not at the case's end", tier, cpu.rip));
            case EXCEPTION -> JvmxFaults.faulted(exit.fault(), cpu.rip, state(cpu));
            case INSTRUCTION_LIMIT -> new Outcome.TimedOut(cpu.rip);
            default -> new Outcome.Crashed(String.format("%s tier exit %s at %#x", tier, exit.kind(), cpu.rip));
        };
    }

    private CpuState execute(byte[] program, MachineState initial) {
        memory.load(initial, program);
        CpuState cpu = new CpuState();
        JvmxStates.load(initial, arch, cpu);
        lastExit = executor.run(cpu, memory, JvmxCpu.STEP_LIMIT);
        return cpu;
    }

    private MachineState state(CpuState cpu) {
        return JvmxStates.read(cpu, arch, memory.dataPage());
    }
}

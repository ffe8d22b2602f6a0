package dev.jvmx.cli;

import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.machine.BootSource;
import dev.jvmx.runtime.machine.Machine;
import dev.jvmx.runtime.machine.MachineConfig;
import dev.jvmx.runtime.machine.MachineMonitor;
import dev.jvmx.runtime.machine.MachineStop;
import dev.jvmx.runtime.machine.StateJson;
import dev.jvmx.runtime.machine.boot.BootException;
import dev.jvmx.runtime.machine.boot.CpuMode;
import dev.jvmx.runtime.machine.cpu.InterpreterVcpu;
import dev.jvmx.runtime.machine.cpu.SmpBoot;
import dev.jvmx.translator.JitOptions;
import dev.jvmx.translator.MachineJit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jvmx boot}: runs a bare-metal guest on the PC platform (issue 6; docs/MACHINE.md). Options
 * map one-to-one onto {@link MachineConfig}; the exit status is {@link MachineStop#processStatus()}:
 * the exit device's {@code (code << 1) | 1}, 0 for HLT with IF = 0, 2 triple fault, 4 idle forever,
 * 6 reset, 122 instruction limit, 124 timeout, 126 internal error.
 */
@Command(name = "boot", mixinStandardHelpOptions = true,
        description = "Boot a ROM (--rom), a Multiboot kernel (--kernel) or a flat binary (--flat --load --mode) on a PC.")
public final class BootCommand implements Callable<Integer> {
    @Option(names = "--rom", paramLabel = "FILE", description = "Firmware image mapped below 1 MiB and 4 GiB; starts at the reset vector.")
    Path rom;

    @Option(names = "--kernel", paramLabel = "FILE", description = "Multiboot v1 kernel.")
    Path kernel;

    @Option(names = "--cmdline", paramLabel = "S", description = "With --kernel: the command line.")
    String cmdline;

    @Option(names = "--module", paramLabel = "FILE", description = "With --kernel: a module (repeatable).")
    List<Path> modules = new ArrayList<>();

    @Option(names = "--flat", paramLabel = "FILE", description = "Flat binary, loaded at --load, started in --mode.")
    Path flat;

    @Option(names = "--load", paramLabel = "ADDR", description = "With --flat: physical load address.")
    String load;

    @Option(names = "--mode", paramLabel = "real|protected|long", description = "With --flat: the CPU mode to start in.")
    String mode;

    @Option(names = "--entry", paramLabel = "ADDR", description = "With --flat: entry point (default: the load address).")
    String entry;

    @Option(names = "--memory", paramLabel = "SIZE", defaultValue = "128M", description = "RAM size, e.g. 64M (default: ${DEFAULT-VALUE}).")
    String memory;

    @Option(names = "--cpus", paramLabel = "N", defaultValue = "1", description = "Number of vCPUs, one thread each; APs wait for INIT/SIPI (default: ${DEFAULT-VALUE}).")
    int cpus;

    @Option(names = "--serial", paramLabel = "stdio|none|FILE", defaultValue = "stdio", description = "Where COM1 goes (default: ${DEFAULT-VALUE}).")
    String serial;

    @Option(names = "--post-port", paramLabel = "P", description = "Print POST codes written to this port.")
    String postPort;

    @Option(names = "--max-instructions", paramLabel = "N", defaultValue = "0", description = "Stop after N instructions (0: no limit).")
    long maxInstructions;

    @Option(names = "--timeout", paramLabel = "S", description = "Stop after S seconds.")
    Double timeout;

    @Option(names = "--state-out", paramLabel = "FILE.json", description = "Write the final registers as JSON.")
    Path stateOut;

    @Option(names = "--exit-stats", description = "Print exit counts and unclaimed ports on stderr.")
    boolean exitStats;

    @Option(names = "--nested-vmx", description = "Offer the guest VMX (CPUID.1:ECX.VMX, IA32_VMX_* MSRs): a guest hypervisor's "
            + "VMX instructions are emulated and its guests run nested; --exit-stats counts those exits too.")
    boolean nestedVmx;

    @Option(names = "--jit", paramLabel = "off|block|region", defaultValue = "region",
            description = "Execution tiers in non-root operation: off (interpreter only), block (tier 1; default). "
                    + "region is accepted and runs as block for machine guests.")
    String jit;

    @Option(names = "--jit-threshold", paramLabel = "N", defaultValue = "" + JitOptions.DEFAULT_THRESHOLD,
            description = "Translate a block after it ran N times (0: before its first run; default: ${DEFAULT-VALUE}).")
    int jitThreshold;

    @Override
    public Integer call() throws IOException {
        MachineConfig cfg = config();
        JitOptions jitOptions = jitOptions();
        try (Machine machine = Machine.create(cfg)) {
            MachineMonitor monitor = new MachineMonitor(machine);
            if (jitOptions.translates()) monitor.useTranslators(() -> new MachineJit(jitOptions));
            InterpreterVcpu vcpu = new InterpreterVcpu(monitor, 0);
            MachineStop stop;
            try {
                stop = SmpBoot.run(monitor, vcpu);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 130;
            }
            System.out.flush();
            if (stop.reason() != MachineStop.Reason.EXIT_DEVICE) System.err.println("jvmx: machine stopped: " + stop.detail());
            if (exitStats) System.err.print(monitor.exitStatsReport());
            if (stateOut != null) Files.writeString(stateOut, StateJson.of(vcpu.state(), control(vcpu.state())));
            return stop.processStatus();
        } catch (BootException e) {
            throw new UserError(e.getMessage());
        }
    }

    /** {@code --jit} and {@code --jit-threshold}, spelled as for {@code jvmx run}. */
    JitOptions jitOptions() {
        try {
            return JitOptions.defaults().withMode(JitOptions.parseMode(jit)).withThreshold(jitThreshold);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }

    MachineConfig config() {
        MachineConfig.Builder b = MachineConfig.builder(source());
        try {
            b.memory(MachineConfig.parseSize(memory));
        } catch (RuntimeException e) {
            throw new UserError("--memory: not a size: '" + memory + "' (e.g. 64M)");
        }
        b.cpus(cpus).serial(serial).maxInstructions(maxInstructions).exitStats(exitStats).stateOut(stateOut).nestedVmx(nestedVmx);
        if (maxInstructions < 0) throw new UserError("--max-instructions must not be negative");
        if (postPort != null) b.postPort((int) Inputs.parseAddress("--post-port", postPort));
        if (timeout != null) {
            if (timeout <= 0) throw new UserError("--timeout must be positive");
            b.timeout(Duration.ofMillis((long) (timeout * 1000)));
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }

    /** Exactly one of --rom, --kernel, --flat, with the options that belong to it. */
    BootSource source() {
        int given = (rom != null ? 1 : 0) + (kernel != null ? 1 : 0) + (flat != null ? 1 : 0);
        if (given != 1) throw new UserError("give exactly one of --rom FILE, --kernel FILE, --flat FILE");
        if (flat == null && (load != null || mode != null || entry != null)) throw new UserError("--load, --mode and --entry go with --flat");
        if (kernel == null && (cmdline != null || !modules.isEmpty())) throw new UserError("--cmdline and --module go with --kernel");
        if (rom != null) {
            Inputs.requireReadableFile(rom);
            return new BootSource.Rom(rom);
        }
        if (kernel != null) {
            Inputs.requireReadableFile(kernel);
            modules.forEach(Inputs::requireReadableFile);
            return new BootSource.Kernel(kernel, cmdline, modules);
        }
        Inputs.requireReadableFile(flat);
        if (load == null || mode == null) throw new UserError("--flat needs --load ADDR and --mode real|protected|long");
        CpuMode m;
        try {
            m = CpuMode.parse(mode);
        } catch (IllegalArgumentException e) {
            throw new UserError("--mode must be real, protected or long, not '" + mode + "'");
        }
        long at = Inputs.parseAddress("--load", load);
        return new BootSource.Flat(flat, at, m, entry == null ? at : Inputs.parseAddress("--entry", entry));
    }

    private static Map<String, Long> control(CpuState s) {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("cr0", s.cr0);
        m.put("cr2", s.cr2);
        m.put("cr3", s.cr3);
        m.put("cr4", s.cr4);
        m.put("efer", s.efer);
        return m;
    }
}

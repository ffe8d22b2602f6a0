package dev.jvmx.runtime.machine;

import dev.jvmx.runtime.machine.dev.Clock;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Everything {@code jvmx boot} can be told (issue 6), as data:
 * <pre>
 * jvmx boot (--rom F | --kernel F [--cmdline S] [--module F]... | --flat F --load A --mode M [--entry A])
 *           [--memory SIZE] [--cpus N] [--serial stdio|FILE|none] [--post-port P]
 *           [--max-instructions N] [--timeout S] [--state-out FILE.json] [--exit-stats] [--nested-vmx]
 * </pre>
 * Build with {@link #builder(BootSource)}. {@code serial} is "stdio", "none" or a file path;
 * {@code postPort} (or -1) is the port whose POST codes are printed ({@code POST 0xNN} lines on
 * {@code stdout}); ports 0x80 and 0x190 always record codes. {@code debugconPort} (0xE9 unless
 * changed, -1 for none) writes its bytes to {@code stdout}. With {@code serialInput}, bytes available
 * on {@code stdin} are fed to COM1's receiver between guest runs. {@code maxInstructions} 0 and a null
 * {@code timeout} mean no limit. {@code clock} is the time source of the timers (a
 * {@code ManualClock} makes a run deterministic: idle time is skipped, not slept). With
 * {@code nestedVmx} each vCPU offers the guest VMX (nested VMX, docs/MACHINE.md "Nested VMX").
 */
public record MachineConfig(
        BootSource boot, long memorySize, int cpus, String serial, boolean serialInput, int postPort,
        Set<Integer> recordedPostPorts, int debugconPort, OutputStream stdout, InputStream stdin, long maxInstructions,
        Duration timeout,
        Path stateOut, boolean exitStats, Clock clock, long apicBusHz, boolean nestedVmx) {

    public static final long DEFAULT_MEMORY = 128L << 20;
    public static final int MAX_CPUS = 255;

    public MachineConfig {
        Objects.requireNonNull(boot, "boot source");
        if (memorySize < 2 << 20 || (memorySize & 0xFFF) != 0) {
            throw new IllegalArgumentException("memory must be at least 2 MiB and a multiple of 4 KiB");
        }
        if (cpus < 1 || cpus > MAX_CPUS) throw new IllegalArgumentException("cpus must be 1.." + MAX_CPUS);
        recordedPostPorts = Set.copyOf(recordedPostPorts);
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stdin, "stdin");
        Objects.requireNonNull(clock, "clock");
    }

    public static Builder builder(BootSource boot) {
        return new Builder(boot);
    }

    /**
     * Parses a memory size as {@code --memory} takes it: bytes, or a number with K, M or G
     * (binary units), e.g. {@code 512M}.
     */
    public static long parseSize(String s) {
        String t = s.trim().toUpperCase(java.util.Locale.ROOT);
        long unit = 1;
        char last = t.charAt(t.length() - 1);
        if (last == 'K' || last == 'M' || last == 'G') {
            unit = last == 'K' ? 1L << 10 : last == 'M' ? 1L << 20 : 1L << 30;
            t = t.substring(0, t.length() - 1);
        }
        return Math.multiplyExact(Long.decode(t), unit);
    }

    /** Builds a {@link MachineConfig} with the defaults of {@code jvmx boot}. */
    public static final class Builder {
        private final BootSource boot;
        private long memory = DEFAULT_MEMORY;
        private int cpus = 1;
        private String serial = "stdio";
        private boolean serialInput;
        private int postPort = -1;
        private Set<Integer> recorded = Set.of(0x80, 0x190);
        private int debugcon = 0xE9;
        private OutputStream stdout = System.out;
        private InputStream stdin = System.in;
        private long maxInstructions;
        private Duration timeout;
        private Path stateOut;
        private boolean exitStats;
        private Clock clock;
        private long apicBusHz = 1_000_000_000L;
        private boolean nestedVmx;

        private Builder(BootSource boot) { this.boot = boot; }

        public Builder memory(long bytes) { this.memory = bytes; return this; }
        public Builder cpus(int n) { this.cpus = n; return this; }
        public Builder serial(String target) { this.serial = target; return this; }
        public Builder serialInput(boolean on) { this.serialInput = on; return this; }
        public Builder postPort(int port) { this.postPort = port; return this; }
        public Builder recordedPostPorts(Set<Integer> ports) { this.recorded = ports; return this; }
        public Builder debugconPort(int port) { this.debugcon = port; return this; }
        public Builder stdout(OutputStream out) { this.stdout = out; return this; }
        public Builder stdin(InputStream in) { this.stdin = in; return this; }
        public Builder maxInstructions(long n) { this.maxInstructions = n; return this; }
        public Builder timeout(Duration d) { this.timeout = d; return this; }
        public Builder stateOut(Path p) { this.stateOut = p; return this; }
        public Builder exitStats(boolean on) { this.exitStats = on; return this; }
        public Builder clock(Clock c) { this.clock = c; return this; }
        public Builder apicBusHz(long hz) { this.apicBusHz = hz; return this; }
        public Builder nestedVmx(boolean on) { this.nestedVmx = on; return this; }

        public MachineConfig build() {
            return new MachineConfig(boot, memory, cpus, serial, serialInput, postPort, recorded, debugcon, stdout, stdin,
                    maxInstructions, timeout, stateOut, exitStats, clock == null ? Clock.system() : clock, apicBusHz, nestedVmx);
        }
    }
}

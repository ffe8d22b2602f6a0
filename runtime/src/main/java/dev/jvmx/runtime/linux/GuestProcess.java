package dev.jvmx.runtime.linux;

import dev.jvmx.runtime.cpu.CpuModel;
import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.exec.Executor;
import dev.jvmx.runtime.loader.ElfImage;
import dev.jvmx.runtime.loader.ElfLoader;
import dev.jvmx.runtime.loader.ElfParser;
import dev.jvmx.runtime.loader.InitialStack;
import dev.jvmx.runtime.loader.LoadException;
import dev.jvmx.runtime.loader.LoadedProgram;
import dev.jvmx.runtime.mem.ProcessAddressSpace;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * A static x86-64 Linux program loaded and ready to run: the public entry of process mode.
 * <pre>{@code
 *   GuestProcess proc = GuestProcess.builder(Path.of("examples/primes")).args(List.of("100")).load();
 *   int status = proc.run(new Interpreter()).status();
 * }</pre>
 * {@link Builder#load()} throws {@link LoadException} with a one-line message for users;
 * {@link #run} returns the {@link Termination} (exit status, and the kill report it already
 * printed on the guest's stderr, if any).
 */
public final class GuestProcess {
    private final ProcessContext context;
    private final LoadedProgram program;
    private final Syscalls syscalls;

    private GuestProcess(ProcessContext context, LoadedProgram program) {
        this.context = context;
        this.program = program;
        this.syscalls = new Syscalls(context);
    }

    public static Builder builder(Path program) { return new Builder(program); }

    /** Runs the program to its end on {@code executor}. */
    public Termination run(Executor executor) {
        return new ProcessMonitor(context, syscalls, executor).run();
    }

    public CpuState cpu() { return context.cpu; }

    public ProcessAddressSpace memory() { return context.mem; }

    public LoadedProgram program() { return program; }

    /** The system-call layer of this process (for executors and tests that drive it by hand). */
    public Syscalls syscalls() { return syscalls; }

    /** How the process ended, or null while it has not. */
    public Termination termination() { return context.termination(); }

    /** Arguments plus environment may take a quarter of the stack, as on Linux (ARG_MAX). */
    static final long ARG_MAX = ElfLoader.STACK_SIZE / 4;

    public static final class Builder {
        private final Path program;
        private String argv0;
        private List<String> args = List.of();
        private List<String> env;
        private ProcessIo io;
        private RandomGenerator random;
        private long hwcap = Integer.toUnsignedLong(CpuModel.defaultModel().features1Edx());

        private Builder(Path program) { this.program = program; }

        /** argv[1..] (argv[0] is the program path as given, unless {@link #argv0} says otherwise). */
        public Builder args(List<String> args) { this.args = List.copyOf(args); return this; }

        public Builder argv0(String argv0) { this.argv0 = argv0; return this; }

        /** The environment as NAME=value strings; default: the JVM's environment. */
        public Builder env(List<String> env) { this.env = List.copyOf(env); return this; }

        public Builder env(Map<String, String> env) {
            this.env = env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).sorted().toList();
            return this;
        }

        /** fds 0-2; default: the JVM's own standard streams ({@link ProcessIo#inherit()}). */
        public Builder io(ProcessIo io) { this.io = io; return this; }

        /** Source of AT_RANDOM and getrandom bytes; default: a SecureRandom. */
        public Builder random(RandomGenerator random) { this.random = random; return this; }

        /** AT_HWCAP (CPUID.1:EDX of the CPU model). */
        public Builder hwcap(long hwcap) { this.hwcap = hwcap; return this; }

        public GuestProcess load() throws LoadException {
            ElfImage image = ElfParser.parse(program);
            ProcessAddressSpace mem = new ProcessAddressSpace();
            LoadedProgram loaded = ElfLoader.load(image, mem);
            Identity id = Identity.host();
            RandomGenerator rnd = random != null ? random : new SecureRandom();
            List<String> argv = new ArrayList<>();
            argv.add(argv0 != null ? argv0 : program.toString());
            argv.addAll(args);
            List<String> envp = env != null ? env
                    : System.getenv().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).sorted().toList();
            long argBytes = 0;
            for (String a : argv) argBytes += a.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 1 + 8;
            for (String e : envp) argBytes += e.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 1 + 8;
            if (argBytes > ARG_MAX) throw new LoadException(program + ": argument list too long (E2BIG)");
            byte[] r16 = new byte[16];
            rnd.nextBytes(r16);
            InitialStack.Params params = new InitialStack.Params(id.uid(), id.uid(), id.gid(), id.gid(), hwcap, r16, "x86_64");
            CpuState cpu = new CpuState();
            cpu.gpr[CpuState.RSP] = InitialStack.build(mem, loaded, argv, envp, program.toString(), params);
            cpu.rip = loaded.entry();
            cpu.setRflags(0x202);
            cpu.segSelector[dev.jvmx.x86.Seg.CS.ordinal()] = 0x33;
            cpu.segSelector[dev.jvmx.x86.Seg.SS.ordinal()] = 0x2B;
            ProcessContext ctx = new ProcessContext(mem, cpu, image.path(), io != null ? io : ProcessIo.inherit(), id, rnd);
            return new GuestProcess(ctx, loaded);
        }
    }
}

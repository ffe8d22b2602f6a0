package dev.jvmx.runtime.machine;

import dev.jvmx.runtime.machine.apic.ApicBus;
import dev.jvmx.runtime.machine.apic.CpuInterrupts;
import dev.jvmx.runtime.machine.apic.IoApic;
import dev.jvmx.runtime.machine.apic.IsaIrqRouting;
import dev.jvmx.runtime.machine.apic.LocalApic;
import dev.jvmx.runtime.machine.boot.BootException;
import dev.jvmx.runtime.machine.boot.FlatLoader;
import dev.jvmx.runtime.machine.boot.InitialCpuState;
import dev.jvmx.runtime.machine.boot.MultibootLoader;
import dev.jvmx.runtime.machine.boot.ResetState;
import dev.jvmx.runtime.machine.boot.RomLoader;
import dev.jvmx.runtime.machine.bus.IoBus;
import dev.jvmx.runtime.machine.bus.MmioBus;
import dev.jvmx.runtime.machine.bus.PhysicalMemory;
import dev.jvmx.runtime.machine.dev.Cmos;
import dev.jvmx.runtime.machine.dev.ExitDevice;
import dev.jvmx.runtime.machine.dev.FwCfg;
import dev.jvmx.runtime.machine.dev.Keyboard8042;
import dev.jvmx.runtime.machine.dev.Pit8254;
import dev.jvmx.runtime.machine.dev.PicPair;
import dev.jvmx.runtime.machine.dev.PortSink;
import dev.jvmx.runtime.machine.dev.SystemControlPortA;
import dev.jvmx.runtime.machine.dev.Uart16550;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A PC built from a {@link MachineConfig}: physical memory, the I/O and MMIO buses and every
 * device wired as on a PC/AT with APICs. {@link #create(MachineConfig)} also loads the boot image,
 * so {@link #bootState()} is the bootstrap processor's first state; the other processors wait for
 * SIPI. The {@link MachineMonitor} is the only thing that should drive the devices.
 * <pre>
 *  I/O ports  0x20/0xA0 PIC  0x40-0x43, 0x61 PIT  0x60/0x64 8042  0x70-0x71 CMOS  0x80, 0x190 POST  0x92 A20
 *             0xE9 debug console  0xF4 exit device  0x3F8-0x3FF COM1 (IRQ4)  0x510-0x511 fw-cfg
 *  MMIO       0xFEC0_0000 I/O APIC   0xFEE0_0000 local APIC (per vCPU, routed by the monitor)
 * </pre>
 */
public final class Machine implements AutoCloseable {
    private final MachineConfig config;
    private final MmioBus mmioBus = new MmioBus();
    private final IoBus ioBus = new IoBus();
    private final PhysicalMemory memory;
    /** Decoded instructions shared by the vCPUs, keyed by physical address. */
    private final dev.jvmx.runtime.exec.PhysicalDecodeCache decodeCache = new dev.jvmx.runtime.exec.PhysicalDecodeCache();
    /** Pages the vCPUs fetched code from: a write to one drops its decoded instructions. */
    private final dev.jvmx.runtime.mmu.CodePages codePages = new dev.jvmx.runtime.mmu.CodePages(decodeCache);
    private final PicPair pic = new PicPair();
    private final ApicBus apicBus = new ApicBus();
    private final IoApic ioApic;
    private final IsaIrqRouting irqs;
    private final Pit8254 pit;
    private final Cmos cmos;
    private final Uart16550 uart;
    private final ExitDevice exitDevice = new ExitDevice();
    private final FwCfg fwCfg;
    private final SystemControlPortA port92;
    private final Keyboard8042 kbc;
    private final Map<Integer, PortSink> postPorts = new LinkedHashMap<>();
    private final List<CpuInterrupts> interrupts = new ArrayList<>();
    private final CpuPolicy policy;
    private final List<OutputStream> toClose = new ArrayList<>();
    private InitialCpuState bootState;

    private Machine(MachineConfig c) throws IOException {
        this.config = c;
        this.memory = new PhysicalMemory(c.memorySize(), mmioBus);
        this.ioApic = new IoApic(c.cpus(), apicBus);
        this.irqs = new IsaIrqRouting(pic, ioApic);
        this.pit = new Pit8254(c.clock(), irqs);
        this.cmos = new Cmos(c.clock(), c.memorySize());
        this.uart = new Uart16550(Uart16550.COM1, Uart16550.COM1_IRQ, irqs, serialStream(c.serial()));
        String cmdline = c.boot() instanceof BootSource.Kernel k ? k.cmdline() : "";
        this.fwCfg = new FwCfg(c.memorySize(), memory.lowRamEnd(), c.cpus(), cmdline);
        this.port92 = new SystemControlPortA(memory);
        this.kbc = new Keyboard8042(memory);
        this.policy = new CpuPolicy(c.cpus());
        for (int i = 0; i < c.cpus(); i++) {
            LocalApic apic = new LocalApic(i, i == 0, c.clock(), c.apicBusHz());
            apicBus.add(apic);
            interrupts.add(new CpuInterrupts(apic, i == 0 ? pic : null, this));
        }
        wire();
    }

    private void wire() {
        pic.attach(ioBus);
        pit.attach(ioBus);
        cmos.attach(ioBus);
        uart.attach(ioBus);
        fwCfg.attach(ioBus);
        kbc.attach(ioBus);
        ioBus.register(SystemControlPortA.PORT, 1, port92, "port92");
        ioBus.register(ExitDevice.PORT, 1, exitDevice, "exit-device");
        for (int port : config.recordedPostPorts()) addPost(port, port == config.postPort());
        if (config.postPort() >= 0 && !postPorts.containsKey(config.postPort())) addPost(config.postPort(), true);
        if (config.debugconPort() >= 0 && ioBus.owner(config.debugconPort()) == null) {
            ioBus.register(config.debugconPort(), 1, PortSink.debugConsole(config.stdout()), "debugcon");
        }
        mmioBus.register(IoApic.DEFAULT_BASE, 0x1000, ioApic, "ioapic");
    }

    private void addPost(int port, boolean print) {
        if (ioBus.owner(port) != null) {
            throw new IllegalArgumentException(String.format("POST port 0x%x is taken by %s", port, ioBus.owner(port)));
        }
        PortSink sink = PortSink.post(String.format("post@0x%x", port), print ? config.stdout() : null);
        postPorts.put(port, sink);
        ioBus.register(port, 1, sink, sink.name());
    }

    private OutputStream serialStream(String target) throws IOException {
        if (target == null || target.equals("none")) return OutputStream.nullOutputStream();
        if (target.equals("stdio")) return config.stdout();
        OutputStream out = new BufferedOutputStream(Files.newOutputStream(Path.of(target)));
        toClose.add(out);
        return out;
    }

    /** Builds the machine and loads its boot image. */
    public static Machine create(MachineConfig config) throws IOException, BootException {
        Machine m = new Machine(config);
        m.bootState = m.load(config.boot());
        return m;
    }

    private InitialCpuState load(BootSource boot) throws IOException, BootException {
        return switch (boot) {
            case BootSource.Rom r -> RomLoader.load(memory, Files.readAllBytes(r.file()), policy.signature());
            case BootSource.Flat f -> FlatLoader.load(memory, Files.readAllBytes(f.file()), f.load(), f.mode(), f.entry());
            case BootSource.Kernel k -> {
                List<MultibootLoader.ModuleFile> mods = new ArrayList<>();
                for (Path p : k.modules()) mods.add(new MultibootLoader.ModuleFile(Files.readAllBytes(p), p.getFileName().toString()));
                yield MultibootLoader.load(memory, Files.readAllBytes(k.file()), k.cmdline(), mods);
            }
        };
    }

    /** The bootstrap processor's initial state. */
    public InitialCpuState bootState() { return bootState; }

    /** The initial state of vCPU {@code cpu}: the boot state for 0, wait-for-SIPI for the others. */
    public InitialCpuState initialState(int cpu) {
        return cpu == 0 ? bootState : ResetState.waitForSipi(policy.signature());
    }

    public MachineConfig config() { return config; }
    public PhysicalMemory memory() { return memory; }


    public dev.jvmx.runtime.exec.PhysicalDecodeCache decodeCache() { return decodeCache; }

    public dev.jvmx.runtime.mmu.CodePages codePages() { return codePages; }
    public IoBus ioBus() { return ioBus; }
    public MmioBus mmioBus() { return mmioBus; }
    public PicPair pic() { return pic; }
    public Pit8254 pit() { return pit; }
    public Cmos cmos() { return cmos; }
    public Uart16550 uart() { return uart; }
    public ExitDevice exitDevice() { return exitDevice; }
    public FwCfg fwCfg() { return fwCfg; }
    public IoApic ioApic() { return ioApic; }
    public ApicBus apicBus() { return apicBus; }
    public IsaIrqRouting irqs() { return irqs; }
    public CpuPolicy policy() { return policy; }
    public int cpus() { return config.cpus(); }

    /** The local APIC of vCPU {@code cpu}. */
    public LocalApic apic(int cpu) { return interrupts.get(cpu).apic(); }

    /** The interrupt controller vCPU {@code cpu} queries between instructions. */
    public CpuInterrupts interrupts(int cpu) { return interrupts.get(cpu); }

    /** The guest asked for a CPU reset (8042 command 0xFE or output port, port 0x92 bit 0). */
    public boolean resetRequested() {
        return kbc.resetRequested() || port92.resetRequested();
    }

    /** Feeds bytes already available on the configured stdin to COM1 while it has room (never blocks). */
    public void pollSerialInput() {
        if (!config.serialInput()) return;
        try {
            while (uart.canReceive() && config.stdin().available() > 0) {
                int b = config.stdin().read();
                if (b < 0) return;
                uart.receive(b);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The POST-code port at {@code port}, or null. */
    public PortSink postPort(int port) { return postPorts.get(port); }

    @Override
    public void close() throws IOException {
        for (OutputStream o : toClose) o.close();
    }
}

package dev.jvmx.runtime.machine;

import dev.jvmx.runtime.machine.apic.LocalApic;
import dev.jvmx.runtime.machine.boot.ResetState;
import dev.jvmx.runtime.machine.bus.MmioHandler;
import dev.jvmx.runtime.mem.GuestFault;
import dev.jvmx.runtime.mem.GuestMemory;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The root-mode VMM of a PC (../shared/DESIGN.md, "VT-x, monitors and nesting"): every exit of
 * every vCPU reaches {@link #handle(int, MachineExit)}, is counted by its basic exit reason and
 * goes to the device models; the answer is an {@link ExitAction}. I/O-instruction exits go to the
 * {@code IoBus}, EPT-violation (MMIO) exits to the vCPU's local APIC page or the {@code MmioBus},
 * CPUID and MSR exits to the {@link CpuPolicy}, HLT, triple fault, INIT and SIPI behave as on
 * hardware. Device access is serialised by the {@link Machine}'s lock (the same lock the per-vCPU
 * {@code CpuInterrupts} take), so several vCPU threads may call.
 *
 * <p>Stops: the exit device, a triple fault, HLT with IF = 0 on the bootstrap processor (an
 * application processor doing {@code cli; hlt} just parks), and the limits checked by
 * {@link MachineRunner}; see {@link MachineStop} for the statuses.
 */
public final class MachineMonitor {
    private final Machine machine;
    private final ExitStats stats = new ExitStats();
    private final AtomicReference<MachineStop> stop = new AtomicReference<>();
    private final java.util.concurrent.atomic.AtomicInteger idle = new java.util.concurrent.atomic.AtomicInteger();

    private java.util.function.Supplier<dev.jvmx.runtime.vm.NonRootTranslator> translators;

    /**
     * Each vCPU created for this monitor from now on runs hot guest code through a translator of
     * its own from {@code factory} (the JIT in non-root operation, docs/VMX.md); null: interpret only.
     */
    public void useTranslators(java.util.function.Supplier<dev.jvmx.runtime.vm.NonRootTranslator> factory) { translators = factory; }

    /** A new translator for a vCPU, or null. */
    public dev.jvmx.runtime.vm.NonRootTranslator newTranslator() { return translators == null ? null : translators.get(); }

    public MachineMonitor(Machine machine) {
        this.machine = machine;
    }

    public Machine machine() { return machine; }

    private dev.jvmx.runtime.vm.Vm vm;

    /**
     * The VM every vCPU of this machine runs in (VMX non-root operation): the PC's physical
     * memory behind an EPT that leaves the MMIO holes unmapped ({@link PlatformVm}).
     */
    public synchronized dev.jvmx.runtime.vm.Vm vm() {
        if (vm == null) vm = PlatformVm.create(machine.memory());
        return vm;
    }

    /** Prepares {@code cpu}'s VMCS to run from {@code state} (power-on, INIT, SIPI). */
    public void prepareVmcs(dev.jvmx.runtime.vm.Vcpu cpu, dev.jvmx.runtime.machine.boot.InitialCpuState state) {
        PlatformVm.prepare(vm(), cpu, state);
    }

    /**
     * An INIT or start-up IPI the vCPU's local APIC received, as the exit it causes (consumed), or
     * null. The run loop asks before each slice; under VT-x these arrive as exits 3 and 4.
     */
    public MachineExit pendingSignal(int cpu) {
        synchronized (machine) {
            return pendingSignalLocked(cpu);
        }
    }

    /** Handles one exit of vCPU {@code cpu}: counts it and routes it (under the machine's lock). */
    public ExitAction handle(int cpu, MachineExit exit) {
        synchronized (machine) {
            return handleLocked(cpu, exit);
        }
    }

    /**
     * A VM exit from the VT-x model: decoded with {@link VmExitDecoder} and handled as the same
     * {@link MachineExit}. Returns null, after counting it, for a reason the platform does not
     * handle (a VMX instruction, an exception...): the caller deals with it.
     */
    public ExitAction handle(int cpu, dev.jvmx.vmx.exit.VmExit exit, VmExitDecoder.GuestContext guest) {
        MachineExit e = VmExitDecoder.decode(exit, guest);
        if (e != null) return handle(cpu, e);
        stats.count(exit.reason());
        return null;
    }

    /**
     * Lets time act on the devices: PIT and local APIC timers raise their interrupts, serial input
     * arrives. Called by the run loop between guest runs.
     */
    public void pollDevices() {
        synchronized (machine) {
            pollDevicesLocked();
        }
    }

    /** Clock time of the next timer event, or -1 if no timer is armed. */
    public long nextEventNanos() {
        synchronized (machine) {
            return nextEventNanosLocked();
        }
    }

    public ExitStats stats() { return stats; }

    /** A vCPU's run loop starts (+1) or stops (-1) waiting for an interrupt or a SIPI. */
    void idle(int delta) { idle.addAndGet(delta); }

    /**
     * Every vCPU is waiting and none has an event to wake it: nothing runs that could raise an
     * interrupt but a timer.
     */
    boolean allIdle() {
        if (idle.get() < machine.cpus()) return false;
        for (int i = 0; i < machine.cpus(); i++) {
            var apic = machine.apic(i);
            var ic = machine.interrupts(i);
            if (apic.initPending() || apic.sipiPending() || ic.interruptPending() || ic.nmiPending()) return false;
        }
        return idle.get() >= machine.cpus();
    }

    /** The stop requested so far (by any vCPU), or null. */
    public MachineStop stopped() { return stop.get(); }

    /** Records a stop (the first one wins) and returns the action that carries it. */
    public ExitAction stop(MachineStop s) {
        stop.compareAndSet(null, s);
        return new ExitAction.Stop(stop.get());
    }

    private MachineExit pendingSignalLocked(int cpu) {
        LocalApic apic = machine.apic(cpu);
        if (apic.takeInit()) return new MachineExit.InitSignal();
        if (apic.waitingForSipi()) {
            int v = apic.takeSipi();
            if (v >= 0) return new MachineExit.StartupIpi(v);
        }
        return null;
    }

    private ExitAction handleLocked(int cpu, MachineExit exit) {
        stats.count(exit.reason());
        try {
            return switch (exit) {
                case MachineExit.Io io -> io(io);
                case MachineExit.Mmio m -> mmio(cpu, m);
                case MachineExit.Hlt h -> hlt(cpu, h);
                case MachineExit.Cpuid c -> cpuid(cpu, c);
                case MachineExit.Rdmsr r -> new ExitAction.ResumeWithValue(machine.policy().rdmsr(cpu, machine.apic(cpu), r.msr()));
                case MachineExit.Wrmsr w -> wrmsr(cpu, w);
                case MachineExit.TripleFault t -> stop(MachineStop.of(MachineStop.Reason.TRIPLE_FAULT, "triple fault on vCPU " + cpu));
                case MachineExit.InitSignal i -> new ExitAction.Reset(cpu == 0
                        ? ResetState.reset(machine.policy().signature())       // the BSP restarts at the reset vector
                        : ResetState.waitForSipi(machine.policy().signature())); // an AP waits for SIPI (SDM Vol. 3A §10.4)
                case MachineExit.StartupIpi s -> new ExitAction.StartAt(ResetState.startup(machine.policy().signature(), s.vector()));
                case MachineExit.BudgetExhausted b -> ExitAction.RESUME;
            };
        } catch (GuestFault f) {
            return new ExitAction.InjectException(f.vector(), f.errorCode());
        }
    }

    private ExitAction io(MachineExit.Io io) {
        if (!io.string()) {
            if (io.in()) return new ExitAction.ResumeWithValue(machine.ioBus().in(io.port(), io.size()) & 0xFFFF_FFFFL);
            machine.ioBus().out(io.port(), io.size(), io.value());
            return afterOut();
        }
        for (int i = 0; i < io.count(); i++) {
            int at = i * io.size();
            if (io.in()) {
                int v = machine.ioBus().in(io.port(), io.size());
                for (int b = 0; b < io.size(); b++) io.data()[at + b] = (byte) (v >>> (8 * b));
            } else {
                int v = 0;
                for (int b = 0; b < io.size(); b++) v |= (io.data()[at + b] & 0xFF) << (8 * b);
                machine.ioBus().out(io.port(), io.size(), v);
            }
        }
        return io.in() ? ExitAction.RESUME : afterOut();
    }

    private ExitAction afterOut() {
        if (machine.exitDevice().requested()) return stop(MachineStop.exitDevice(machine.exitDevice().code()));
        if (machine.resetRequested()) return stop(MachineStop.of(MachineStop.Reason.RESET, "guest requested a reset"));
        return ExitAction.RESUME;
    }

    private ExitAction mmio(int cpu, MachineExit.Mmio m) {
        LocalApic apic = machine.apic(cpu);
        boolean apicPage = apic.hardwareEnabled() && (m.address() & ~0xFFFL) == apic.mmioBase();
        if (m.write()) {
            if (apicPage) apic.write(m.address() & 0xFFF, m.size(), m.value());
            else machine.mmioBus().mmioWrite(m.address(), m.size(), m.value());
            return ExitAction.RESUME;
        }
        long v = apicPage ? apic.read(m.address() & 0xFFF, m.size()) : machine.mmioBus().mmioRead(m.address(), m.size());
        return new ExitAction.ResumeWithValue(v);
    }

    private ExitAction hlt(int cpu, MachineExit.Hlt h) {
        if (h.interruptsEnabled() || cpu != 0) return ExitAction.WAIT;
        return stop(MachineStop.of(MachineStop.Reason.HALTED, "HLT with interrupts disabled"));
    }

    private ExitAction cpuid(int cpu, MachineExit.Cpuid c) {
        int[] r = machine.policy().cpuid(machine.apic(cpu).id(), c.leaf(), c.subleaf());
        return new ExitAction.CpuidResult(r[0], r[1], r[2], r[3]);
    }

    private ExitAction wrmsr(int cpu, MachineExit.Wrmsr w) {
        machine.policy().wrmsr(cpu, machine.apic(cpu), w.msr(), w.value());
        return ExitAction.RESUME;
    }

    private void pollDevicesLocked() {
        machine.pit().update();
        machine.pollSerialInput();
        for (int i = 0; i < machine.cpus(); i++) machine.apic(i).updateTimer();
    }

    private long nextEventNanosLocked() {
        long next = machine.pit().nextEventNanos();
        for (int i = 0; i < machine.cpus(); i++) {
            long t = machine.apic(i).nextTimerNanos();
            if (t >= 0 && (next < 0 || t < next)) next = t;
        }
        return next;
    }

    /** The MMIO handler for vCPU {@code cpu}: counts EPT_VIOLATION and routes as {@link #handle} does. */
    public MmioHandler mmioHandler(int cpu) {
        return new MmioHandler() {
            @Override
            public long mmioRead(long physical, int size) {
                ExitAction a = handle(cpu, new MachineExit.Mmio(physical, size, false, 0));
                return a instanceof ExitAction.ResumeWithValue v ? v.value() : -1L;
            }

            @Override
            public void mmioWrite(long physical, int size, long value) {
                handle(cpu, new MachineExit.Mmio(physical, size, true, value));
            }
        };
    }

    /** Physical memory as vCPU {@code cpu} sees it with paging off (its APIC page routed to its APIC). */
    public GuestMemory memory(int cpu) {
        return machine.memory().view(mmioHandler(cpu));
    }

    /** The {@code --exit-stats} report: counts by exit reason, then which unclaimed ports the guest touched. */
    public String exitStatsReport() {
        StringBuilder sb = new StringBuilder(stats.format(machine.ioBus().unclaimedCount(), machine.mmioBus().unclaimedCount()));
        var reads = machine.ioBus().unclaimedReads();
        var writes = machine.ioBus().unclaimedWrites();
        java.util.TreeSet<Integer> ports = new java.util.TreeSet<>(reads.keySet());
        ports.addAll(writes.keySet());
        for (int port : ports) {
            sb.append(String.format("  port 0x%04x: %d reads, %d writes%n", port,
                    reads.getOrDefault(port, 0L), writes.getOrDefault(port, 0L)));
        }
        return sb.toString();
    }
}

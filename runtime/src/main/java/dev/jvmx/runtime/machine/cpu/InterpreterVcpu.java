package dev.jvmx.runtime.machine.cpu;

import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.exec.ExecContext;
import dev.jvmx.runtime.exec.Exit;
import dev.jvmx.runtime.exec.RealModeFetch;
import dev.jvmx.runtime.exec.Interrupts;
import dev.jvmx.runtime.exec.SystemStep;
import dev.jvmx.runtime.machine.ExitAction;
import dev.jvmx.runtime.machine.MachineExit;
import dev.jvmx.runtime.machine.MachineMonitor;
import dev.jvmx.runtime.machine.MachineVcpu;
import dev.jvmx.runtime.machine.apic.InterruptController;
import dev.jvmx.runtime.machine.boot.InitialCpuState;
import dev.jvmx.runtime.machine.bus.PhysicalMemory;
import dev.jvmx.runtime.mem.GuestFault;
import dev.jvmx.runtime.mmu.Mmu;
import dev.jvmx.x86.Flags;

/**
 * A {@link MachineVcpu} over the interpreter (see the package doc). One per vCPU thread. Exits:
 * HLT as {@link MachineExit.Hlt}; an exception the guest cannot take (outside real mode, or a
 * fault while delivering one) as {@link MachineExit.TripleFault}; a used-up budget as
 * {@link MachineExit.BudgetExhausted} — also how a device's stop ends the run early.
 */
public final class InterpreterVcpu implements MachineVcpu {
    /** Instructions between two looks at the interrupt controller (an "instruction block"). */
    static final int BLOCK = 16;

    private final int index;
    private final CpuState cpu = new CpuState();
    private final MonitorBus bus;
    private final InterruptController interrupts;
    private final ExecContext context;
    private final RealModeFetch fetch = new RealModeFetch();
    private final dev.jvmx.runtime.exec.PhysicalDecodeCache.View decoded;
    private final Mmu mmu;
    private final PhysicalMemory physical;
    private int mapEpoch;
    private long retired;

    public InterpreterVcpu(MachineMonitor monitor, int index) {
        this.index = index;
        this.bus = new MonitorBus(monitor, index);
        this.interrupts = monitor.machine().interrupts(index);
        this.physical = monitor.machine().memory();
        this.decoded = monitor.machine().decodeCache().view();
        InitialStateLoader.apply(monitor.machine().initialState(index), cpu);
        this.mmu = VcpuMemory.create(monitor, index, cpu);
        this.mapEpoch = physical.mapEpoch();
        this.context = new ExecContext(cpu, mmu, monitor.machine().policy().model());
        context.mmu = mmu;
        context.bus = bus;
    }

    /** The architectural state (for {@code --state-out} and tests). */
    public CpuState state() { return cpu; }

    /** The vCPU's memory: paging (and, in VMX non-root operation, EPT) over physical memory. */
    public Mmu mmu() { return mmu; }

    @Override public int index() { return index; }

    @Override public long instructionsRetired() { return retired; }

    @Override
    public MachineExit run(long maxInstructions) {
        for (long n = 0; n < maxInstructions; n++) {
            if (n % BLOCK == 0) {
                MachineExit e = deliverPending();
                if (e != null) return e;
            }
            if (physical.mapEpoch() != mapEpoch) {
                mapEpoch = physical.mapEpoch();
                mmu.flushAll();
            }
            Exit exit = SystemStep.step(context, fetch, decoded, null);
            retired++;
            if (bus.takeStop() != null) return new MachineExit.BudgetExhausted(); // the monitor already recorded the stop
            if (exit != null) return exitOf(exit);
        }
        return new MachineExit.BudgetExhausted();
    }

    private MachineExit exitOf(Exit e) {
        return switch (e.kind()) {
            case HLT -> new MachineExit.Hlt((cpu.rflags() & Flags.IF) != 0);
            case INSTRUCTION_LIMIT -> new MachineExit.BudgetExhausted();
            default -> new MachineExit.TripleFault();
        };
    }

    /**
     * NMI first, then a maskable interrupt if IF = 1 (SDM Vol. 3A §6.9), through the IVT or IDT;
     * nothing right after STI or MOV SS (the interrupt shadow, §6.8.3).
     */
    private MachineExit deliverPending() {
        if (context.interruptShadow) return null;
        try {
            if (interrupts.nmiPending()) {
                interrupts.acknowledgeNmi();
                Interrupts.deliver(context, GuestFault.NMI, cpu.rip, false);
            } else if ((cpu.rflags() & Flags.IF) != 0 && interrupts.interruptPending()) {
                Interrupts.deliver(context, interrupts.acknowledge(), cpu.rip, false);
            }
        } catch (GuestFault f) {
            // a fault while delivering an interrupt is an exception like any other (benign first event, §6.15)
            try {
                Interrupts.deliverException(context, null, f);
            } catch (GuestFault | Interrupts.Shutdown again) {
                return new MachineExit.TripleFault();
            }
        }
        return null;
    }

    @Override
    public void complete(ExitAction action) {
        switch (action) {
            case ExitAction.Reset r -> reset(r.state());
            case ExitAction.StartAt s -> reset(s.state());
            case ExitAction.InjectException x -> Interrupts.deliverException(context, null, GuestFault.of(x.vector(), x.errorCode()));
            default -> { } // Resume, WaitForInterrupt (delivered at the next block), Stop
        }
    }

    /** Applies {@code state} afresh (INIT). */
    public void reset(InitialCpuState state) {
        InitialStateLoader.apply(state, cpu);
        mmu.flushAll();
        mmu.sync();
    }
}

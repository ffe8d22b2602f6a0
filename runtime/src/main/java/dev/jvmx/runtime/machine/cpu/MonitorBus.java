package dev.jvmx.runtime.machine.cpu;

import dev.jvmx.runtime.exec.SystemBus;
import dev.jvmx.runtime.machine.ExitAction;
import dev.jvmx.runtime.machine.MachineExit;
import dev.jvmx.runtime.machine.MachineMonitor;
import dev.jvmx.runtime.mem.GuestFault;

/**
 * The vCPU's {@link SystemBus}: each access becomes the {@link MachineExit} it is under VT-x
 * (I/O exit reason 30, CPUID 10, RDMSR 31, WRMSR 32) and is handled by the monitor on the spot. A
 * {@link ExitAction.Stop} answer is remembered for the vCPU to end its run with.
 */
final class MonitorBus implements SystemBus {
    private final MachineMonitor monitor;
    private final int cpu;
    private ExitAction.Stop stop;

    MonitorBus(MachineMonitor monitor, int cpu) {
        this.monitor = monitor;
        this.cpu = cpu;
    }

    /** The stop a device asked for since the last call, or null (cleared). */
    ExitAction.Stop takeStop() {
        ExitAction.Stop s = stop;
        stop = null;
        return s;
    }

    @Override
    public long in(int port, int size) {
        ExitAction a = monitor.handle(cpu, MachineExit.Io.in(port, size));
        return value(a, size == 1 ? 0xFF : size == 2 ? 0xFFFF : 0xFFFF_FFFFL);
    }

    @Override
    public void out(int port, int size, long value) {
        value(monitor.handle(cpu, MachineExit.Io.out(port, size, (int) value)), 0);
    }

    @Override
    public long rdmsr(int msr) {
        return value(monitor.handle(cpu, new MachineExit.Rdmsr(msr)), 0);
    }

    @Override
    public void wrmsr(int msr, long value) {
        value(monitor.handle(cpu, new MachineExit.Wrmsr(msr, value)), 0);
    }

    @Override
    public int[] cpuid(int leaf, int subleaf) {
        ExitAction a = monitor.handle(cpu, new MachineExit.Cpuid(leaf, subleaf));
        if (a instanceof ExitAction.CpuidResult r) return new int[] {r.eax(), r.ebx(), r.ecx(), r.edx()};
        value(a, 0);
        return null;
    }

    private long value(ExitAction a, long otherwise) {
        return switch (a) {
            case ExitAction.ResumeWithValue v -> v.value();
            case ExitAction.Stop s -> {
                stop = s;
                yield otherwise;
            }
            case ExitAction.InjectException e -> throw GuestFault.of(e.vector(), e.errorCode());
            default -> otherwise;
        };
    }
}

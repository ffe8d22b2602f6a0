package dev.jvmx.runtime.machine.cpu;

import dev.jvmx.runtime.machine.MachineMonitor;
import dev.jvmx.runtime.machine.MachineRunner;
import dev.jvmx.runtime.machine.MachineStop;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs every vCPU of a machine, one thread each (issue 6: "several vCPUs, one thread each"): the
 * bootstrap processor on the calling thread, application processors on daemon threads that wait
 * for INIT/SIPI in their {@link MachineRunner}. The machine's stop ends them all.
 */
public final class SmpBoot {
    private SmpBoot() {}

    /** Runs the machine until it stops; returns the stop. */
    public static MachineStop run(MachineMonitor monitor) throws InterruptedException {
        return run(monitor, new InterpreterVcpu(monitor, 0));
    }

    /** As {@link #run(MachineMonitor)} with an already-built bootstrap vCPU (kept for --state-out). */
    public static MachineStop run(MachineMonitor monitor, InterpreterVcpu bsp) throws InterruptedException {
        int cpus = monitor.machine().config().cpus();
        List<Thread> aps = new ArrayList<>();
        for (int i = 1; i < cpus; i++) {
            InterpreterVcpu ap = new InterpreterVcpu(monitor, i);
            Thread t = Thread.ofPlatform().daemon().name("jvmx-vcpu-" + i).stackSize(16 << 20)
                    .start(() -> new MachineRunner(monitor).run(ap));
            aps.add(t);
        }
        MachineStop stop = new MachineRunner(monitor).run(bsp);
        for (Thread t : aps) t.join(1000);
        return stop;
    }
}

package dev.jvmx.runtime.machine;

import dev.jvmx.runtime.machine.dev.ManualClock;

/**
 * The run loop of one vCPU under the {@link MachineMonitor}: poll the timers, run a slice, hand the
 * exit to the monitor, apply its answer — until the machine stops. HLT with interrupts enabled
 * idles until the vCPU's interrupt controller has something: with a {@link ManualClock} the clock
 * jumps to the next timer event and advances by one nanosecond per instruction the bootstrap
 * processor retires (virtual time: deterministic and fast), with the system clock the
 * thread sleeps until it. With no timer armed and nothing pending, the machine stops as
 * IDLE_FOREVER. INIT and start-up IPIs received by the vCPU's local APIC become InitSignal and
 * StartupIpi exits before the next slice; an application processor waits for its SIPI. The limits (--max-instructions, --timeout) are checked after every slice.
 */
public final class MachineRunner {
    /** Instructions per slice between timer polls. */
    public static final long SLICE = 10_000;
    /** Virtual time per instruction under a {@link ManualClock}. */
    public static final long NANOS_PER_INSTRUCTION = 1;

    private final MachineMonitor monitor;

    public MachineRunner(MachineMonitor monitor) {
        this.monitor = monitor;
    }

    /** Runs {@code vcpu} until the machine stops; returns why. */
    public MachineStop run(MachineVcpu vcpu) {
        MachineConfig cfg = monitor.machine().config();
        long deadline = cfg.timeout() == null ? Long.MAX_VALUE : cfg.clock().nanos() + cfg.timeout().toNanos();
        while (monitor.stopped() == null) {
            monitor.pollDevices();
            MachineStop limit = limits(vcpu, cfg, deadline);
            if (limit != null) return stopWith(limit);
            MachineExit signal = monitor.pendingSignal(vcpu.index());
            if (signal != null) {
                vcpu.complete(monitor.handle(vcpu.index(), signal));
                continue;
            }
            if (monitor.machine().apic(vcpu.index()).waitingForSipi()) {
                monitor.idle(1);
                waitForSignal(cfg.clock());
                monitor.idle(-1);
                continue;
            }
            long budget = SLICE;
            if (cfg.maxInstructions() > 0) budget = Math.min(budget, cfg.maxInstructions() - vcpu.instructionsRetired());
            long before = vcpu.instructionsRetired();
            MachineExit exit = vcpu.run(budget);
            advanceVirtualTime(vcpu, cfg, vcpu.instructionsRetired() - before);
            ExitAction action = monitor.handle(vcpu.index(), exit);
            if (action instanceof ExitAction.Stop s) return s.stop();
            if (action instanceof ExitAction.WaitForInterrupt) {
                MachineStop idle = idle(vcpu, deadline);
                if (idle != null) return stopWith(idle);
            }
            vcpu.complete(action);
        }
        return monitor.stopped();
    }

    /**
     * With a {@link ManualClock}, time also passes while guest code runs: {@link #NANOS_PER_INSTRUCTION}
     * per instruction retired by the bootstrap processor (a 1 GHz, one-instruction-per-cycle CPU),
     * so a guest that polls a timer sees it move, deterministically.
     */
    private static void advanceVirtualTime(MachineVcpu vcpu, MachineConfig cfg, long retired) {
        if (vcpu.index() == 0 && retired > 0 && cfg.clock() instanceof ManualClock mc) {
            mc.advance(retired * NANOS_PER_INSTRUCTION);
        }
    }

    private MachineStop stopWith(MachineStop s) {
        return ((ExitAction.Stop) monitor.stop(s)).stop();
    }

    private static MachineStop limits(MachineVcpu vcpu, MachineConfig cfg, long deadline) {
        if (cfg.maxInstructions() > 0 && vcpu.instructionsRetired() >= cfg.maxInstructions()) {
            return MachineStop.of(MachineStop.Reason.INSTRUCTION_LIMIT, vcpu.instructionsRetired() + " instructions");
        }
        if (cfg.clock().nanos() >= deadline) return MachineStop.of(MachineStop.Reason.TIMEOUT, "timeout " + cfg.timeout());
        return null;
    }

    /** Waits for an interrupt (or NMI, INIT, SIPI); returns a stop if none can ever come. */
    private MachineStop idle(MachineVcpu vcpu, long deadline) {
        monitor.idle(1);
        try {
            return idleLoop(vcpu, deadline);
        } finally {
            monitor.idle(-1);
        }
    }

    private MachineStop idleLoop(MachineVcpu vcpu, long deadline) {
        var clock = monitor.machine().config().clock();
        var ic = monitor.machine().interrupts(vcpu.index());
        var apic = monitor.machine().apic(vcpu.index());
        while (!ic.interruptPending() && !ic.nmiPending() && !apic.initPending() && monitor.stopped() == null) {
            long next = monitor.nextEventNanos();
            if (next < 0 && monitor.allIdle()) {
                return MachineStop.of(MachineStop.Reason.IDLE_FOREVER, "every vCPU halted with no timer armed");
            }
            long target = Math.min(next < 0 ? clock.nanos() + 1_000_000 : next, deadline);
            if (clock instanceof ManualClock mc) {
                if (target > mc.nanos()) mc.set(target);
            } else {
                sleepUntil(clock, target);
            }
            if (clock.nanos() >= deadline) return MachineStop.of(MachineStop.Reason.TIMEOUT, "timeout while halted");
            monitor.pollDevices();
        }
        return null;
    }

    /** An application processor waiting for SIPI: another vCPU's thread will send it. */
    private static void waitForSignal(dev.jvmx.runtime.machine.dev.Clock clock) {
        sleepUntil(clock, clock.nanos() + 1_000_000);
        if (clock instanceof ManualClock) Thread.onSpinWait();
    }

    private static void sleepUntil(dev.jvmx.runtime.machine.dev.Clock clock, long target) {
        long wait = Math.min(target - clock.nanos(), 10_000_000L);
        if (wait <= 0) return;
        try {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

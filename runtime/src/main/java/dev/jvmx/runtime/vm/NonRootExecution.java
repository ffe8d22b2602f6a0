package dev.jvmx.runtime.vm;

import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.exec.ExecContext;
import dev.jvmx.runtime.exec.Exit;
import dev.jvmx.runtime.exec.Interrupts;
import dev.jvmx.runtime.exec.NonRootHook;
import dev.jvmx.runtime.exec.Operands;
import dev.jvmx.runtime.exec.ProtectedInterrupts;
import dev.jvmx.runtime.mem.GuestFault;
import dev.jvmx.runtime.mmu.EptMisconfigurationException;
import dev.jvmx.runtime.mmu.EptViolationException;
import dev.jvmx.vmx.ActivityState;
import dev.jvmx.vmx.VmxOutcome;
import dev.jvmx.vmx.exit.ExitQualification;
import dev.jvmx.vmx.exit.ExitReason;
import dev.jvmx.vmx.exit.InterruptionInfo;
import dev.jvmx.vmx.exit.VmExit;
import dev.jvmx.vmx.insn.VmxEngine;
import dev.jvmx.vmx.nonroot.EventIntercepts;
import dev.jvmx.vmx.nonroot.ExecutionControls;
import dev.jvmx.vmx.nonroot.Intercepts;
import dev.jvmx.vmx.nonroot.VirtualApic;
import dev.jvmx.vmx.vmcs.Vmcs;
import dev.jvmx.x86.Flags;
import dev.jvmx.x86.Instruction;
import dev.jvmx.x86.Mnemonic;
import dev.jvmx.x86.Operand;

/**
 * One stretch of VMX non-root operation, from a VM entry to the next VM exit (SDM Vol. 3C ch.
 * 26): the {@link NonRootHook} of the vCPU's step, with the controls read at VM entry as
 * constants ({@link ExecutionControls}). Instructions are decided by {@link InstructionExits};
 * this class adds exceptions and the exception bitmap (§26.2), events at instruction boundaries
 * (§26.2, §26.5.1 preemption timer, §26.7.5 / §26.7.6 windows), the monitor trap flag (§26.7.2,
 * trap-like), task switches, VMX instructions, and the IDT-vectoring information of an exit
 * that happens while an event is being delivered (§28.2.4).
 */
final class NonRootExecution implements NonRootHook {
    private static final int BLOCKING_BY_STI = 1, BLOCKING_BY_MOV_SS = 2, BLOCKING_BY_NMI = 8;

    private final Vcpu vcpu;
    private final ProcessorView view;
    private final ExecutionControls controls;
    private final EventIntercepts events;
    private final Intercepts intercepts;
    private final InstructionExits instructions;
    private final VirtualApic virtualApic;
    private final long entryTsc;
    private final long timerValue;
    private VmExit pending;
    /** The event being delivered (IDT-vectoring information format), 0 if none. */
    private int vectoring;
    private int vectoringError;
    private boolean ifBefore;
    /** The instruction now executing asserts a bus lock ({@link InstructionExits#busLock}). */
    boolean busLock;

    NonRootExecution(Vcpu vcpu, ProcessorView view, VmxEngine engine) {
        this.vcpu = vcpu;
        this.view = view;
        this.controls = engine.controls();
        this.events = new EventIntercepts(controls);
        this.intercepts = new Intercepts(controls, view.memory());
        this.virtualApic = new VirtualApic(controls, view.memory(), vcpu.vmcs());
        this.virtualApic.atEntry();
        this.instructions = new InstructionExits(this, intercepts);
        this.entryTsc = vcpu.tsc();
        this.timerValue = vcpu.vmcs().read(dev.jvmx.vmx.vmcs.VmcsField.VMX_PREEMPTION_TIMER_VALUE);
    }

    ExecutionControls controls() { return controls; }

    ProcessorView view() { return view; }

    /** The virtual APIC of this stretch (SDM Vol. 3C ch. 30), consulted only with "use TPR shadow". */
    VirtualApic virtualApic() { return virtualApic; }

    Vmcs vmcs() { return vcpu.vmcs(); }

    long tsc() { return vcpu.tsc(); }

    /** The VMX-preemption timer's value now (§26.5.1), for "save VMX-preemption timer value". */
    long remainingTimer() {
        return EventIntercepts.remainingTimer(entryTsc, vcpu.tsc(), timerValue, vcpu.capabilities().preemptionTimerRate());
    }

    /** Records {@code e} (with the IDT-vectoring information of an event being delivered) as the exit. */
    Exit exit(VmExit e) {
        if (vectoring != 0 && !e.entryFailure()) {
            e = new VmExit(e.reason(), false, e.qualification(), e.guestLinearAddress(), e.guestPhysicalAddress(),
                    e.instructionLength(), e.instructionInformation(), e.interruptionInformation(),
                    e.interruptionErrorCode(), vectoring, vectoringError);
        }
        pending = e;
        return Exit.VM_EXIT;
    }

    /** The exit decided during the last step (cleared). */
    VmExit take() {
        VmExit e = pending;
        pending = null;
        return e;
    }

    // ---- the step hook ----

    @Override
    public Exit before(ExecContext c, Instruction ins) {
        ifBefore = (c.cpu.rflags() & Flags.IF) != 0;
        return instructions.before(c, ins);
    }

    /** Blocking by STI / MOV SS lasts one instruction (§25.4.2); MTF exits after it (trap-like). */
    @Override
    public Exit after(ExecContext c, Instruction ins) {
        int intr = view.interruptibility() & ~(BLOCKING_BY_STI | BLOCKING_BY_MOV_SS);
        Mnemonic m = ins.mnemonic();
        if (m == Mnemonic.STI && !ifBefore) intr |= BLOCKING_BY_STI;
        if ((m == Mnemonic.MOV || m == Mnemonic.POP) && ins.op(0) instanceof Operand.Reg r
                && r.cls() == dev.jvmx.x86.RegClass.SEG && r.num() == 2) {
            intr |= BLOCKING_BY_MOV_SS;
        }
        if ((m == Mnemonic.IRET || m == Mnemonic.IRETD || m == Mnemonic.IRETQ)) intr &= ~BLOCKING_BY_NMI;
        view.setInterruptibility(intr);
        if (busLock) { // §26.2 "VMM bus-lock detection": trap-like, after the instruction
            busLock = false;
            return exit(VmExit.of(ExitReason.BUS_LOCK));
        }
        ExitReason mtf = events.afterInstruction();
        return mtf != null ? exit(VmExit.of(mtf)) : null;
    }

    /** The exception bitmap (§26.2, §25.6.3); #PF puts the faulting address in the qualification. */
    @Override
    public Exit exception(ExecContext c, Instruction ins, GuestFault f) {
        int code = ProtectedInterrupts.hasErrorCode(f.vector()) && !c.cpu.realMode() ? Math.max(0, f.errorCode()) : -1;
        if (!instructionsIntercept(f.vector(), code)) {
            vectoring = InterruptionInfo.of(InterruptionInfo.TYPE_HARDWARE_EXCEPTION, f.vector(), code >= 0).value();
            vectoringError = Math.max(0, code);
            return null;
        }
        return exit(exceptionExit(InterruptionInfo.TYPE_HARDWARE_EXCEPTION, f, code, ins == null ? 0 : ins.length()));
    }

    private boolean instructionsIntercept(int vector, int code) {
        return intercepts.exception(vector, code);
    }

    private static VmExit exceptionExit(int type, GuestFault f, int code, int length) {
        return VmExit.builder(ExitReason.EXCEPTION_OR_NMI)
                .qualification(f.vector() == GuestFault.PF ? f.address() : 0)
                .interruption(InterruptionInfo.of(type, f.vector(), code >= 0), Math.max(0, code))
                .instructionLength(type == InterruptionInfo.TYPE_HARDWARE_EXCEPTION ? 0 : length).build();
    }

    /**
     * A fault while delivering an event (SDM Vol. 3A §6.15, Table 6-5): each nested exception is
     * first checked against the exception bitmap, with the event being delivered as IDT-vectoring
     * information (Vol. 3C §26.2, §28.2.4); a benign pair delivers the second exception, a
     * contributory or page-fault pair becomes #DF (itself subject to the bitmap), and a fault while
     * delivering #DF is a triple fault (exit 2).
     */
    @Override
    public Exit nestedException(ExecContext c, Instruction ins, GuestFault first, GuestFault second) {
        GuestFault prior = first, next = second;
        while (true) {
            int code = ProtectedInterrupts.hasErrorCode(next.vector()) ? Math.max(0, next.errorCode()) : -1;
            if (instructionsIntercept(next.vector(), code)) {
                return exit(exceptionExit(InterruptionInfo.TYPE_HARDWARE_EXCEPTION, next, code, 0));
            }
            if (prior.vector() == GuestFault.DF || c.cpu.realMode()) return tripleFault();
            GuestFault deliver = next;
            if (Interrupts.doubleFault(prior.vector(), next.vector())) {
                deliver = GuestFault.of(GuestFault.DF, 0);
                if (instructionsIntercept(GuestFault.DF, 0)) {
                    return exit(exceptionExit(InterruptionInfo.TYPE_HARDWARE_EXCEPTION, deliver, 0, 0));
                }
            }
            int deliverCode = ProtectedInterrupts.hasErrorCode(deliver.vector()) ? Math.max(0, deliver.errorCode()) : -1;
            vectoring = InterruptionInfo.of(InterruptionInfo.TYPE_HARDWARE_EXCEPTION, deliver.vector(), deliverCode >= 0).value();
            vectoringError = Math.max(0, deliverCode);
            try {
                Interrupts.deliverException(c, null, deliver);
                return null;
            } catch (GuestFault again) {
                prior = deliver;
                next = again;
            }
        }
    }

    /** A triple fault always exits (§26.2); the processor is then in the shutdown state. */
    Exit tripleFault() {
        vectoring = 0;
        view.setActivityState(ActivityState.ACTIVE);
        return exit(VmExit.of(ExitReason.TRIPLE_FAULT));
    }

    /**
     * INT3, INTO (with OF = 1) and INT1: software exceptions (type 6; INT1 privileged, type 5)
     * checked against the exception bitmap; the exit reports the instruction length (§28.2.2).
     */
    Exit softwareException(ExecContext c, Instruction ins) {
        int vector;
        int type = InterruptionInfo.TYPE_SOFTWARE_EXCEPTION;
        switch (ins.mnemonic()) {
            case INT3 -> vector = GuestFault.BP;
            case INTO -> {
                if ((c.cpu.statusFlags() & Flags.OF) == 0) return null;
                vector = GuestFault.OF;
            }
            default -> {
                vector = GuestFault.DB;
                type = InterruptionInfo.TYPE_PRIVILEGED_SOFTWARE_EXCEPTION;
            }
        }
        if (!instructionsIntercept(vector, -1)) return null;
        return exit(exceptionExit(type, GuestFault.of(vector), -1, ins.length()));
    }

    /**
     * Task switches always exit (§26.2, Table 28-2): a far JMP or CALL to a TSS or task-gate
     * descriptor, or IRET with NT = 1 (to the TSS's previous-task link), in protected mode.
     */
    Exit taskSwitch(ExecContext c, Instruction ins) {
        CpuState s = c.cpu;
        if (s.realMode()) return null;
        Mnemonic m = ins.mnemonic();
        if (m == Mnemonic.IRET || m == Mnemonic.IRETD || m == Mnemonic.IRETQ) {
            if ((s.rflags() & Flags.NT) == 0 || s.mode == dev.jvmx.x86.Mode.BITS64) return null;
            int link = c.mem.read16(s.trBase) & 0xFFFF;
            return instructions.exit(ExitReason.TASK_SWITCH, ins,
                    ExitQualification.taskSwitch(link, ExitQualification.TaskSwitchSource.IRET), 0, 0);
        }
        int selector;
        if (ins.op(0) instanceof Operand.Far f) {
            selector = f.selector();
        } else if (ins.op(0) instanceof Operand.Mem mem) {
            selector = c.mem.read16(Operands.linear(s, mem) + ins.opSize() / 8) & 0xFFFF;
        } else {
            return null;
        }
        int index = selector & ~7;
        if ((selector & 4) != 0 || index == 0 || index + 7 > s.gdtrLimit) return null;
        int type = (int) (c.mem.read64(s.gdtrBase + index) >>> 40) & 0x1F; // S and type
        boolean task = type == 0x09 || type == 0x01 || type == 0x05; // available TSS (32/16), task gate
        if (!task) return null;
        var source = m == Mnemonic.CALLF ? ExitQualification.TaskSwitchSource.CALL : ExitQualification.TaskSwitchSource.JMP;
        return instructions.exit(ExitReason.TASK_SWITCH, ins, ExitQualification.taskSwitch(selector, source), 0, 0);
    }

    /**
     * An event delivered through an IDT task gate (§26.2, Table 28-2 source 3): the exit, with
     * the event as IDT-vectoring information (§28.2.4) — for INT n / INT3 / INTO / INT1 a software
     * interrupt or exception with the instruction's length, RIP still at it.
     */
    VmExit taskGate(NonRootHook.TaskGate gate) {
        int length = 0;
        if (gate.instruction != null) {
            int type = switch (gate.instruction.mnemonic()) {
                case INT3, INTO -> InterruptionInfo.TYPE_SOFTWARE_EXCEPTION;
                case INT1 -> InterruptionInfo.TYPE_PRIVILEGED_SOFTWARE_EXCEPTION;
                default -> InterruptionInfo.TYPE_SOFTWARE_INTERRUPT;
            };
            vectoring = InterruptionInfo.of(type, gate.vector, false).value();
            vectoringError = 0;
            length = gate.instruction.length();
        }
        exit(VmExit.builder(ExitReason.TASK_SWITCH)
                .qualification(ExitQualification.taskSwitch(gate.selector, ExitQualification.TaskSwitchSource.TASK_GATE_IN_IDT))
                .instructionLength(length).build());
        return take();
    }

    /** VMX instructions through the model's gate (#UD / #GP / VM exit, §31.3); VMFUNC may switch the EPTP. */
    Exit vmxInstruction(ExecContext c, Instruction ins) {
        VmxOutcome o = VmxInstructionExits.execute(vcpu.engine(), c, ins);
        return switch (o) {
            case VmxOutcome.Fault f -> throw GuestFault.of(f.vector().number(), f.vector() == VmxOutcome.Vector.GP ? 0 : -1);
            case VmxOutcome.ExitToRoot e -> instructions.exit(e.reason(), ins, VmxInstructionExits.qualification(ins),
                    VmxInstructionExits.information(ins), 0);
            case VmxOutcome.Completed done -> {
                vcpu.eptpSwitched();
                yield InstructionExits.performed(c, ins);
            }
            default -> {
                c.cpu.setRflags(o.applyTo(c.cpu.rflags()));
                yield InstructionExits.performed(c, ins);
            }
        };
    }

    // ---- EPT ----

    VmExit eptViolation(EptViolationException v) {
        boolean linearValid = (v.qualification() & 0x80) != 0;
        exit(VmExit.builder(ExitReason.EPT_VIOLATION).qualification(v.qualification())
                .guestPhysicalAddress(v.guestPhysical()).guestLinearAddress(linearValid ? v.guestLinear() : 0).build());
        return take();
    }

    /** §29.3.6: exit reason 62; the qualification holds only NMI unblocking (bit 12), not modelled. */
    VmExit pageModificationLogFull() {
        exit(VmExit.builder(ExitReason.PAGE_MODIFICATION_LOG_FULL).build());
        return take();
    }

    VmExit eptMisconfiguration(EptMisconfigurationException m) {
        exit(VmExit.builder(ExitReason.EPT_MISCONFIGURATION).guestPhysicalAddress(m.guestPhysical()).build());
        return take();
    }

    // ---- events at instruction boundaries ----

    /**
     * Before the next instruction: INIT, SIPI (in wait-for-SIPI), the preemption timer, NMIs,
     * the NMI window, external interrupts, the interrupt window — an exit, or null (an event may
     * have been delivered through the guest IDT, waking a halted guest).
     */
    VmExit atBoundary(ExecContext c) {
        vectoring = 0;
        Vcpu.Pending p = vcpu.pending();
        if (p.takeInit()) return VmExit.of(events.init());
        ActivityState activity = view.activityState();
        if (activity == ActivityState.WAIT_FOR_SIPI) {
            int v = p.takeSipi();
            return v >= 0 ? VmExit.builder(ExitReason.START_UP_IPI).qualification(ExitQualification.startUpIpi(v)).build() : null;
        }
        if (activity == ActivityState.SHUTDOWN) return null;
        if (controls.has(dev.jvmx.vmx.cap.PinBasedControl.ACTIVATE_VMX_PREEMPTION_TIMER) && remainingTimer() == 0) {
            return VmExit.of(ExitReason.VMX_PREEMPTION_TIMER_EXPIRED);
        }
        int intr = view.interruptibility();
        boolean movSs = (intr & BLOCKING_BY_MOV_SS) != 0;
        if (p.nmi() && !movSs && (intr & BLOCKING_BY_NMI) == 0) {
            if (events.nmi() != null) {
                p.takeNmi();
                return VmExit.builder(ExitReason.EXCEPTION_OR_NMI)
                        .interruption(InterruptionInfo.of(InterruptionInfo.TYPE_NMI, GuestFault.NMI, false), 0).build();
            }
            p.takeNmi();
            view.setInterruptibility(intr | BLOCKING_BY_NMI);
            return deliver(c, InterruptionInfo.TYPE_NMI, GuestFault.NMI);
        }
        ExitReason nmiWindow = events.nmiWindow(intr);
        if (nmiWindow != null) return VmExit.of(nmiWindow);
        boolean unblocked = (intr & (BLOCKING_BY_STI | BLOCKING_BY_MOV_SS)) == 0;
        // §30.2.2: a recognized virtual interrupt comes before external interrupts; it wakes a halted guest
        int virtual = virtualApic.deliver((c.cpu.rflags() & Flags.IF) != 0, !unblocked);
        if (virtual >= 0) return deliver(c, InterruptionInfo.TYPE_EXTERNAL_INTERRUPT, virtual);
        if (unblocked && events.externalInterrupt() != null && vcpu.interruptPending() >= 0) {
            // §26.2 with "acknowledge interrupt on exit" (§28.2.2) the vector is in the exit information
            if (controls.has(dev.jvmx.vmx.cap.VmExitControl.ACKNOWLEDGE_INTERRUPT_ON_EXIT)) {
                int v = vcpu.acknowledgeInterrupt();
                return VmExit.builder(ExitReason.EXTERNAL_INTERRUPT)
                        .interruption(InterruptionInfo.of(InterruptionInfo.TYPE_EXTERNAL_INTERRUPT, v, false), 0).build();
            }
            return VmExit.of(ExitReason.EXTERNAL_INTERRUPT);
        }
        ExitReason window = events.interruptWindow(c.cpu.rflags(), intr);
        if (window != null) return VmExit.of(window);
        if (unblocked && (c.cpu.rflags() & Flags.IF) != 0 && vcpu.interruptPending() >= 0) {
            int v = vcpu.acknowledgeInterrupt();
            if (v >= 0) return deliver(c, InterruptionInfo.TYPE_EXTERNAL_INTERRUPT, v);
        }
        return null;
    }

    private static final long PENDING_B0_B3 = 0xF, PENDING_ENABLED_BREAKPOINT = 1L << 12, PENDING_BS = 1L << 14;

    /**
     * After a VM entry that injects no event (SDM Vol. 3C §27.7.3): valid pending debug
     * exceptions (BS or enabled breakpoint) not blocked by MOV SS are a #DB with the priority of
     * a trap on the previous instruction — a VM exit if the exception bitmap has #DB (the
     * qualification holds B0-B3 and BS, §28.2.1), else DR6 is updated and the #DB is delivered.
     */
    VmExit pendingDebugException(ExecContext c) {
        long pending = view.pendingDebugExceptions();
        ActivityState a = view.activityState();
        if ((pending & (PENDING_ENABLED_BREAKPOINT | PENDING_BS)) == 0 || a == ActivityState.SHUTDOWN
                || a == ActivityState.WAIT_FOR_SIPI || (view.interruptibility() & BLOCKING_BY_MOV_SS) != 0) {
            return null;
        }
        view.setPendingDebugExceptions(0);
        long bits = pending & (PENDING_B0_B3 | PENDING_BS);
        if (instructionsIntercept(GuestFault.DB, -1)) {
            exit(VmExit.builder(ExitReason.EXCEPTION_OR_NMI).qualification(bits)
                    .interruption(InterruptionInfo.of(InterruptionInfo.TYPE_HARDWARE_EXCEPTION, GuestFault.DB, false), 0).build());
            return take();
        }
        c.cpu.dr[6] |= bits;
        return deliver(c, InterruptionInfo.TYPE_HARDWARE_EXCEPTION, GuestFault.DB);
    }

    /**
     * Delivers an event through the guest's IVT / IDT (a halted guest wakes, §26.6.2); a fault
     * while delivering it is a nested exception with the event as IDT-vectoring information.
     */
    VmExit deliver(ExecContext c, int type, int vector) {
        view.setActivityState(ActivityState.ACTIVE);
        vectoring = InterruptionInfo.of(type, vector, false).value();
        vectoringError = 0;
        try {
            Interrupts.deliver(c, vector, c.cpu.rip, false);
        } catch (GuestFault f) {
            Exit x = nestedException(c, null, GuestFault.of(vector), f);
            if (x != null) return take();
        }
        return null;
    }

    /** Delivers the event VM entry injects (§27.6): as if it arrived before the first guest instruction. */
    VmExit inject(ExecContext c, dev.jvmx.vmx.entry.InjectedEvent event) {
        var info = event.info();
        view.setActivityState(ActivityState.ACTIVE);
        vectoring = info.value() & ~InterruptionInfo.NMI_UNBLOCKING;
        vectoringError = event.errorCode();
        try {
            switch (info.type()) {
                case InterruptionInfo.TYPE_HARDWARE_EXCEPTION -> Interrupts.deliverException(c, null,
                        info.errorCodeValid() ? GuestFault.of(info.vector(), event.errorCode()) : GuestFault.of(info.vector()));
                default -> Interrupts.deliver(c, info.vector(), c.cpu.rip + (event.advancesRip() ? event.instructionLength() : 0),
                        event.advancesRip());
            }
        } catch (GuestFault f) {
            Exit x = nestedException(c, null, GuestFault.of(info.vector()), f);
            if (x != null) return take();
        }
        return null;
    }
}

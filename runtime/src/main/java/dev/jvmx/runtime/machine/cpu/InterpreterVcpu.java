package dev.jvmx.runtime.machine.cpu;

import static dev.jvmx.vmx.vmcs.VmcsField.*;

import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.machine.ExitAction;
import dev.jvmx.runtime.machine.MachineExit;
import dev.jvmx.runtime.machine.MachineMonitor;
import dev.jvmx.runtime.machine.MachineVcpu;
import dev.jvmx.runtime.machine.VmExitDecoder;
import dev.jvmx.runtime.machine.apic.InterruptController;
import dev.jvmx.runtime.machine.boot.InitialCpuState;
import dev.jvmx.runtime.machine.bus.PhysicalMemory;
import dev.jvmx.runtime.mmu.Mmu;
import dev.jvmx.runtime.vm.RunResult;
import dev.jvmx.runtime.vm.Vcpu;
import dev.jvmx.vmx.exit.ExitReason;
import dev.jvmx.vmx.exit.InterruptionInfo;
import dev.jvmx.vmx.exit.VmExit;
import dev.jvmx.vmx.vmcs.Vmcs;
import dev.jvmx.x86.Flags;

/**
 * A {@link MachineVcpu} whose guest runs in VMX non-root operation (see the package doc): a
 * {@link Vcpu} of the monitor's {@link MachineMonitor#vm()} executes it under the VMCS the
 * monitor prepared, and each VM exit is handled the way a VMM handles it. Exits the platform
 * answers (non-string I/O, CPUID, RDMSR, WRMSR, HLT, triple fault, the preemption timer that
 * ends a slice) are decoded with {@link VmExitDecoder} and returned to the {@code MachineRunner};
 * {@link #complete} then writes the result into the guest registers and moves GUEST_RIP past the
 * instruction. Exits the vCPU completes itself are emulated in root mode with the platform's
 * memory and bus ({@link Vcpu#emulate}): MMIO (EPT violations on the unmapped holes), string I/O
 * and writes to CR0 / CR4 bits the monitor owns — each access reaching the devices through the
 * monitor and counted there. Interrupts from the machine's interrupt controller are injected at
 * VM entry (§27.6) when the guest can take them, else an interrupt window is opened (§26.7.5).
 */
public final class InterpreterVcpu implements MachineVcpu {
    private final int index;
    private final MachineMonitor monitor;
    private final Vcpu vcpu;
    private final MonitorBus bus;
    private final Mmu platformMemory;
    private final InterruptController interrupts;
    private final PhysicalMemory physical;
    private int mapEpoch;
    private VmExit last;

    public InterpreterVcpu(MachineMonitor monitor, int index) {
        this.index = index;
        this.monitor = monitor;
        this.bus = new MonitorBus(monitor, index);
        this.interrupts = monitor.machine().interrupts(index);
        this.physical = monitor.machine().memory();
        this.vcpu = monitor.vm().createVcpu(bus, monitor.machine().policy().model());
        this.platformMemory = vcpu.newMmu(new dev.jvmx.runtime.mmu.BusPhysicalAccess(physical, monitor.mmioHandler(index)));
        // decoded instructions are the machine's, shared by its vCPUs; emulated writes drop them too
        vcpu.useDecodeCache(monitor.machine().decodeCache(), monitor.machine().codePages());
        platformMemory.setCodePages(monitor.machine().codePages());
        var translator = monitor.newTranslator();
        if (translator != null) { // translations are keyed by the same host-physical pages as decoded instructions
            vcpu.useTranslator(translator);
            monitor.machine().decodeCache().addListener(translator);
        }
        // the machine's interrupt controller is the guest's: an interrupt it can take makes the guest exit
        // (an L1 hypervisor that asks for external-interrupt exits gets them whatever L2's IF)
        // (acknowledged by the vCPU only for such an L1 with "acknowledge interrupt on exit": vmcs01 has neither)
        vcpu.setInterruptSource(() -> interrupts.interruptPending() && (guestInterruptsEnabled() || l1TakesInterrupts()) ? 0 : -1,
                interrupts::acknowledge);
        this.mapEpoch = physical.mapEpoch();
        monitor.prepareVmcs(vcpu, monitor.machine().initialState(index));
        if (monitor.machine().config().nestedVmx()) {
            // exits L0's nested VMX takes inside Vcpu.run are VM exits of this vCPU too: counted by reason
            // (L1's own CPUID excepted: L1Exits asks the CPU policy through the MonitorBus, which counts it)
            vcpu.enableNestedVmx().observeHandledExits((e, fromL2) -> {
                if (fromL2 || e.reason() != ExitReason.CPUID) monitor.stats().count(e.reason());
            });
        }
    }

    private boolean guestInterruptsEnabled() {
        return (vcpu.guestRflags() & Flags.IF) != 0;
    }

    /**
     * L2 runs and L1's vmcs12 has "external-interrupt exiting" (SDM Vol. 3C §26.2): a pending
     * interrupt is not injected into L2 but makes it exit, and NestedVmx reflects the exit to L1.
     */
    private boolean l1TakesInterrupts() {
        return vcpu.nestedGuestActive() && (vcpu.nested().currentVmcs12().read(PIN_BASED_VM_EXECUTION_CONTROLS)
                & dev.jvmx.vmx.cap.PinBasedControl.EXTERNAL_INTERRUPT_EXITING.mask()) != 0;
    }

    /** The guest's architectural state (a copy, for {@code --state-out} and tests). */
    public CpuState state() { return vcpu.guestState(); }

    /** The vCPU that runs the guest in VMX non-root operation. */
    public Vcpu vcpu() { return vcpu; }

    @Override public int index() { return index; }

    @Override public long instructionsRetired() { return vcpu.tsc(); }

    @Override
    public MachineExit run(long maxInstructions) {
        long end = vcpu.tsc() + maxInstructions;
        while (true) {
            if (physical.mapEpoch() != mapEpoch) {
                mapEpoch = physical.mapEpoch();
                vcpu.mmu().flushAll();
            }
            prepareEntry(end - vcpu.tsc());
            RunResult r = vcpu.run(Long.MAX_VALUE);
            VmExit e = switch (r) {
                case RunResult.Exited x -> x.exit();
                case RunResult.EntryFailed f -> throw new IllegalStateException("the monitor's VMCS failed VM entry: "
                        + f.error() + " (" + f.check() + ")");
                default -> throw new IllegalStateException("vCPU " + index + " stopped without a VM exit: " + r);
            };
            if (e.entryFailure()) {
                throw new IllegalStateException("the monitor's VMCS failed VM entry: " + e + " (" + vcpu.lastEntryCheck() + ")");
            }
            MachineExit exit = handle(e);
            if (bus.takeStop() != null) return new MachineExit.BudgetExhausted(); // the monitor already recorded the stop
            if (exit != null) return exit;
            if (vcpu.tsc() >= end) return new MachineExit.BudgetExhausted();
        }
    }

    /** An exit the vCPU completes itself (null: run on), or the platform exit for the runner. */
    private MachineExit handle(VmExit e) {
        last = e;
        return switch (e.reason()) {
            case EPT_VIOLATION -> emulate(); // MMIO: each access reaches the monitor (counted as EPT_VIOLATION)
            case IO_INSTRUCTION -> (e.qualification() & 0x10) != 0 ? emulate() : decode(e);
            case CONTROL_REGISTER_ACCESS -> {
                monitor.handle(index, e, context());
                emulateControlRegisterWrite();
                yield null;
            }
            case EXTERNAL_INTERRUPT, INTERRUPT_WINDOW, NMI_WINDOW -> {
                monitor.handle(index, e, context()); // counted; the interrupt is injected at the next entry
                yield null;
            }
            case EXCEPTION_OR_NMI -> {
                monitor.handle(index, e, context());
                yield null;
            }
            case TASK_SWITCH -> { // always exits (SDM Vol. 3C §26.2); the vCPU's emulator performs it (Vol. 3A §7.3)
                monitor.handle(index, e, context());
                yield completeTaskSwitch(e);
            }
            // EFER, the segment bases and the fast system-call MSRs are the vCPU's own registers: its emulator keeps them
            case RDMSR, WRMSR -> vcpuMsr((int) vcpu.gpr(CpuState.RCX)) ? emulate() : decode(e);
            case TRIPLE_FAULT, HLT, CPUID, VMX_PREEMPTION_TIMER_EXPIRED -> decode(e);
            default -> {
                // VMX and other instructions a PC guest may not use: #UD, as KVM does without nested VMX
                monitor.handle(index, e, context());
                inject(InterruptionInfo.of(InterruptionInfo.TYPE_HARDWARE_EXCEPTION, 6, false), 0);
                yield null;
            }
        };
    }

    private static boolean vcpuMsr(int msr) {
        return dev.jvmx.runtime.exec.PortHandlers.vcpuHoldsMsr(msr);
    }

    /**
     * A task switch by an instruction (JMP, CALL, IRET, or INT n / INT3 / INTO / INT1 through an
     * IDT task gate, RIP still at it) is emulated by executing that instruction; one by an
     * exception, NMI or external interrupt through an IDT task gate (IDT-vectoring information of
     * a hardware type, §28.2.4) by delivering that event in root mode.
     */
    private MachineExit completeTaskSwitch(VmExit e) {
        InterruptionInfo vectoring = new InterruptionInfo(e.idtVectoringInformation());
        boolean hardware = vectoring.valid() && switch (vectoring.type()) {
            case InterruptionInfo.TYPE_EXTERNAL_INTERRUPT, InterruptionInfo.TYPE_NMI, InterruptionInfo.TYPE_HARDWARE_EXCEPTION -> true;
            default -> false;
        };
        if (!hardware) return emulate();
        vcpu.emulateDelivery(platformMemory, bus, e.idtVectoringInformation(), e.idtVectoringErrorCode());
        return null;
    }

    private MachineExit emulate() {
        vcpu.emulate(platformMemory, bus);
        return null;
    }

    /**
     * MOV to CR0 / CR4 changing a bit the monitor owns (NE, VMXE): the guest's value becomes the
     * read shadow, the fixed bits stay 1 in the real register (§26.3).
     */
    private void emulateControlRegisterWrite() {
        Vmcs v = vcpu.vmcs();
        long cr0 = v.read(GUEST_CR0), cr4 = v.read(GUEST_CR4);
        vcpu.emulate(platformMemory, bus);
        long newCr0 = v.read(GUEST_CR0), newCr4 = v.read(GUEST_CR4);
        if (newCr0 != cr0) {
            v.write(CR0_READ_SHADOW, newCr0);
            v.write(GUEST_CR0, newCr0 | v.read(CR0_GUEST_HOST_MASK));
        }
        if (newCr4 != cr4) {
            v.write(CR4_READ_SHADOW, newCr4);
            v.write(GUEST_CR4, newCr4 | v.read(CR4_GUEST_HOST_MASK));
        }
    }

    private MachineExit decode(VmExit e) {
        return VmExitDecoder.decode(e, context());
    }

    private VmExitDecoder.GuestContext context() {
        return new VmExitDecoder.GuestContext() {
            @Override public long rax() { return vcpu.gpr(CpuState.RAX); }
            @Override public long rcx() { return vcpu.gpr(CpuState.RCX); }
            @Override public long rdx() { return vcpu.gpr(CpuState.RDX); }
            @Override public long rflags() { return vcpu.vmcs().read(GUEST_RFLAGS); }
        };
    }

    /** Before VM entry: the slice's budget in the preemption timer, and a pending interrupt or NMI. */
    private void prepareEntry(long budget) {
        Vmcs v = vcpu.vmcs();
        v.write(VMX_PREEMPTION_TIMER_VALUE, Math.max(0, budget));
        if ((v.read(VM_ENTRY_INTERRUPTION_INFORMATION) & InterruptionInfo.VALID) != 0) return;
        long primary = v.read(PRIMARY_PROCESSOR_BASED_VM_EXECUTION_CONTROLS);
        long window = dev.jvmx.vmx.cap.PrimaryProcessorBasedControl.INTERRUPT_WINDOW_EXITING.mask();
        v.write(PRIMARY_PROCESSOR_BASED_VM_EXECUTION_CONTROLS, primary & ~window);
        boolean halted = v.read(GUEST_ACTIVITY_STATE) == dev.jvmx.vmx.ActivityState.HLT.value();
        if (interrupts.nmiPending()) {
            interrupts.acknowledgeNmi();
            inject(InterruptionInfo.of(InterruptionInfo.TYPE_NMI, 2, false), 0);
        } else if (interrupts.interruptPending() && !l1TakesInterrupts()) {
            boolean open = (v.read(GUEST_RFLAGS) & Flags.IF) != 0 && (v.read(GUEST_INTERRUPTIBILITY_STATE) & 3) == 0;
            if (open) inject(InterruptionInfo.of(InterruptionInfo.TYPE_EXTERNAL_INTERRUPT, interrupts.acknowledge(), false), 0);
            else v.write(PRIMARY_PROCESSOR_BASED_VM_EXECUTION_CONTROLS, primary | window);
        }
        if (halted && (v.read(VM_ENTRY_INTERRUPTION_INFORMATION) & InterruptionInfo.VALID) != 0) {
            v.write(GUEST_ACTIVITY_STATE, dev.jvmx.vmx.ActivityState.ACTIVE.value());
        }
    }

    private void inject(InterruptionInfo info, int errorCode) {
        Vmcs v = vcpu.vmcs();
        v.write(VM_ENTRY_INTERRUPTION_INFORMATION, info.value() & 0xFFFF_FFFFL);
        v.write(VM_ENTRY_EXCEPTION_ERROR_CODE, errorCode);
    }

    @Override
    public void complete(ExitAction action) {
        Vmcs v = vcpu.vmcs();
        switch (action) {
            case ExitAction.Reset r -> reset(r.state());
            case ExitAction.StartAt s -> reset(s.state());
            case ExitAction.InjectException x -> inject(InterruptionInfo.of(InterruptionInfo.TYPE_HARDWARE_EXCEPTION,
                    x.vector(), x.errorCode() >= 0), Math.max(0, x.errorCode()));
            case ExitAction.ResumeWithValue r -> {
                if (last.reason() == ExitReason.IO_INSTRUCTION) {
                    int size = (int) (last.qualification() & 7) + 1;
                    long mask = size == 4 ? 0xFFFF_FFFFL : (1L << (8 * size)) - 1;
                    long rax = vcpu.gpr(CpuState.RAX);
                    vcpu.setGpr(CpuState.RAX, size == 4 ? r.value() & mask : rax & ~mask | r.value() & mask);
                } else if (last.reason() == ExitReason.RDMSR) {
                    vcpu.setGpr(CpuState.RAX, r.value() & 0xFFFF_FFFFL);
                    vcpu.setGpr(CpuState.RDX, r.value() >>> 32);
                }
                skipInstruction(v);
            }
            case ExitAction.CpuidResult c -> {
                vcpu.setGpr(CpuState.RAX, c.eax() & 0xFFFF_FFFFL);
                vcpu.setGpr(CpuState.RBX, c.ebx() & 0xFFFF_FFFFL);
                vcpu.setGpr(CpuState.RCX, c.ecx() & 0xFFFF_FFFFL);
                vcpu.setGpr(CpuState.RDX, c.edx() & 0xFFFF_FFFFL);
                skipInstruction(v);
            }
            case ExitAction.Resume r -> skipInstruction(v);
            case ExitAction.WaitForInterrupt w -> skipInstruction(v); // HLT completed; the interrupt is injected at entry
            case ExitAction.Stop s -> { }
        }
    }

    /**
     * An instruction exit the monitor completed: GUEST_RIP moves past it, blocking by STI / MOV SS
     * ends, RF clears (SDM Vol. 3A §18.3.1.1), and with TF = 1 its single-step trap becomes a
     * pending debug exception (BS) that VM entry delivers (Vol. 3C §27.7.3).
     */
    private void skipInstruction(Vmcs v) {
        if (last == null || last.instructionLength() == 0) return;
        long rip = v.read(GUEST_RIP) + last.instructionLength();
        boolean bits16 = (v.read(GUEST_CS_ACCESS_RIGHTS) & (1 << 14 | 1 << 13)) == 0;
        v.write(GUEST_RIP, bits16 ? rip & 0xFFFF : rip);
        v.write(GUEST_INTERRUPTIBILITY_STATE, v.read(GUEST_INTERRUPTIBILITY_STATE) & ~3L);
        long rflags = v.read(GUEST_RFLAGS);
        v.write(GUEST_RFLAGS, rflags & ~(long) Flags.RF);
        if ((rflags & Flags.TF) != 0) v.write(GUEST_PENDING_DEBUG_EXCEPTIONS, v.read(GUEST_PENDING_DEBUG_EXCEPTIONS) | 1L << 14);
        last = null;
    }

    /** Applies {@code state} afresh (INIT, SIPI). */
    public void reset(InitialCpuState state) {
        monitor.prepareVmcs(vcpu, state);
        vcpu.mmu().flushAll();
        last = null;
    }
}

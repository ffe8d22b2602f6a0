package dev.jvmx.runtime.vm;

import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.exec.ExecContext;
import dev.jvmx.runtime.exec.Operands;
import dev.jvmx.runtime.exec.RealModeFetch;
import dev.jvmx.runtime.mem.GuestFault;
import dev.jvmx.runtime.mmu.EptMisconfigurationException;
import dev.jvmx.runtime.mmu.EptViolationException;
import dev.jvmx.vmx.ActivityState;
import dev.jvmx.vmx.VmxOutcome;
import dev.jvmx.vmx.cap.EptVpidCapability;
import dev.jvmx.vmx.cap.PrimaryProcessorBasedControl;
import dev.jvmx.vmx.cap.SecondaryProcessorBasedControl;
import dev.jvmx.vmx.cap.VmExitControl;
import dev.jvmx.vmx.cap.VmxCapabilities;
import dev.jvmx.vmx.cap.VmxControl;
import dev.jvmx.vmx.cap.VmxMsrs;
import dev.jvmx.vmx.exit.ExitReason;
import dev.jvmx.vmx.exit.InterruptionInfo;
import dev.jvmx.vmx.exit.VmExit;
import dev.jvmx.vmx.insn.VmxEngine;
import dev.jvmx.vmx.nonroot.ExecutionControls;
import dev.jvmx.vmx.vmcs.Vmcs;
import dev.jvmx.vmx.vmcs.VmcsField;
import dev.jvmx.x86.Instruction;
import dev.jvmx.x86.Mnemonic;
import dev.jvmx.x86.Operand;
import java.util.EnumSet;
import java.util.Set;

/**
 * L0's nested-VMX component for one {@link Vcpu} (the Turtles design): the guest (L1) may be a
 * hypervisor. L0 gives L1 a VMX "processor" of its own — a {@link VmxEngine} over L1's state
 * ({@link L1Processor}) with the capabilities offered — and takes, before the embedding program
 * sees them, the exits that are its own ({@link #handle}):
 * <ul>
 * <li>from L1 (vmcs01 current): VMXON … INVVPID, and VMCALL while L1 is in VMX operation, are emulated on L1's state (SDM Vol. 3C §31.3:
 *     RFLAGS and VM_INSTRUCTION_ERROR of vmcs12 as VMsucceed / VMfail leave them, #UD / #GP(0) or
 *     a fault reading the operand injected into L1 by vmcs01's event injection, §27.6, else RIP
 *     past the instruction); CPUID (CPUID.1:ECX.VMX = 1, the rest as the vCPU answers it); RDMSR
 *     of IA32_FEATURE_CONTROL and IA32_VMX_BASIC … IA32_VMX_VMFUNC (App. A), WRMSR of
 *     IA32_FEATURE_CONTROL while unlocked; MOV to CR4 changing only CR4.VMXE where vmcs01 owns
 *     it;</li>
 * <li>a VMLAUNCH / VMRESUME that enters (ch. 27 on vmcs12, by the model) builds {@link Vmcs02}
 *     and the next {@link Vcpu#run} runs L2 under it; a VM-entry failure (VMfailValid 7 / 8 or
 *     exit 33 / 34 with bit 31, §27.8) is L1's as the model reports it;</li>
 * <li>from L2 (vmcs02 current): an EPT violation at a page EPT12 and EPT01 both map fills EPT02
 *     ({@link ShadowEpt}) and L2 continues; one EPT12 refuses is reflected to L1 with EPT12's
 *     qualification (§28.2.1, Table 28-7); VMFUNC performs vmcs12's EPTP switching (§26.5.6.3)
 *     or is reflected; any other exit L1's controls ask for ({@link NestedExits}) is reflected:
 *     the model writes it into vmcs12 (§28.2), saves L2's state there (§28.3, MSR-store area),
 *     loads vmcs12's host state into L1 (§28.5, MSR-load area) and L1 continues.</li>
 * </ul>
 * Everything else is the embedding program's, as without nesting — while L2 runs it sees the exit
 * with {@link Vcpu#nestedGuestActive()} true and {@link Vcpu#vmcs()} = vmcs02.
 */
public final class NestedVmx {
    /** VMX instructions L0 emulates for L1 (VMCALL is a hypercall to the program; VMFUNC never exits from L1). */
    private static final Set<ExitReason> EMULATED = EnumSet.of(ExitReason.VMXON, ExitReason.VMXOFF, ExitReason.VMCLEAR,
            ExitReason.VMPTRLD, ExitReason.VMPTRST, ExitReason.VMREAD, ExitReason.VMWRITE, ExitReason.VMLAUNCH,
            ExitReason.VMRESUME, ExitReason.INVEPT, ExitReason.INVVPID);
    /** What L0 cannot yet give L1 (see docs/VMX.md "Nested VMX"). */
    private static final VmxControl[] NOT_NESTED = {SecondaryProcessorBasedControl.ENABLE_PML,
            SecondaryProcessorBasedControl.VIRTUALIZE_APIC_ACCESSES, PrimaryProcessorBasedControl.USE_TPR_SHADOW,
            SecondaryProcessorBasedControl.VIRTUALIZE_X2APIC_MODE, SecondaryProcessorBasedControl.APIC_REGISTER_VIRTUALIZATION,
            SecondaryProcessorBasedControl.VIRTUAL_INTERRUPT_DELIVERY,
            // vmcs02 merges ENCLS / PCONFIG exiting and tertiary LOADIWKEY exiting (Vmcs02), not these yet
            SecondaryProcessorBasedControl.ENABLE_ENCLV_EXITING, SecondaryProcessorBasedControl.VMM_BUS_LOCK_DETECTION};

    private final Vcpu vcpu;
    private final ProcessorView cpu;
    private final VmxCapabilities offered;
    private final L1Processor l1;
    private final VmxEngine l1Engine;
    private final ShadowEpt ept02;
    private final RealModeFetch fetch = new RealModeFetch();
    private final L1Exits l1Exits;
    private final Vmcs vmcs02;
    /** vmcs02's VMX-preemption timer is vmcs12's (else vmcs01's, or none). */
    private boolean l1Timer;
    private long emulated, reflected;
    private ExitObserver observer = (e, fromL2) -> { };

    NestedVmx(Vcpu vcpu, ProcessorView cpu, VmxCapabilities offered) {
        VmxCapabilities hw = vcpu.capabilities();
        requireSubset(offered, hw);
        this.vcpu = vcpu;
        this.cpu = cpu;
        this.offered = offered;
        this.ept02 = new ShadowEpt(vcpu, offered);
        this.l1 = new L1Processor(cpu, ept02.l1Memory(), this);
        this.l1Engine = new VmxEngine(offered, l1);
        this.l1Exits = new L1Exits(vcpu, new VmxMsrs(offered), l1Engine.state());
        this.vmcs02 = new Vmcs(hw, hw.revisionId());
    }

    /**
     * What L0 can offer a nested hypervisor on a VM with {@code caps}: the same, without the
     * controls nesting does not yet handle (PML; the virtual-APIC page and APIC virtualization).
     */
    public static VmxCapabilities offerable(VmxCapabilities caps) {
        var b = VmxCapabilities.builder().revisionId(caps.revisionId()).physicalAddressWidth(caps.physicalAddressWidth())
                .preemptionTimerRate(caps.preemptionTimerRate()).vmwriteAnyField(caps.vmwriteAnyField())
                .cr3TargetCount(caps.cr3TargetCount()).without(NOT_NESTED);
        VmxCapabilities.allControls().stream().filter(c -> !caps.allows(c)).forEach(b::without);
        for (EptVpidCapability c : EptVpidCapability.values()) if (!caps.has(c)) b.without(c);
        for (ActivityState s : ActivityState.values()) {
            if (s != ActivityState.ACTIVE && !caps.supportsActivityState(s)) b.withoutActivityState(s);
        }
        return b.build();
    }

    /** A builder of capabilities to offer L1: everything the model implements that nesting handles; remove more with {@code without}. */
    public static VmxCapabilities.Builder capabilitiesBuilder() {
        return VmxCapabilities.builder().without(NOT_NESTED);
    }

    /** L0 never offers more than the model gives it (docs/VMX.md "One capability description"). */
    private static void requireSubset(VmxCapabilities offered, VmxCapabilities hw) {
        for (VmxControl c : VmxCapabilities.allControls()) {
            if (offered.allows(c) && !hw.allows(c)) {
                throw new IllegalArgumentException("nested VMX cannot offer " + c + ": the VM's capabilities do not allow it");
            }
        }
        for (EptVpidCapability c : EptVpidCapability.values()) {
            if (offered.has(c) && !hw.has(c)) {
                throw new IllegalArgumentException("nested VMX cannot offer " + c + ": the VM's capabilities lack it");
            }
        }
        for (VmxControl c : NOT_NESTED) {
            if (offered.allows(c)) throw new IllegalArgumentException("nested VMX does not support " + c + " for L1 yet");
        }
    }

    /** The capabilities L1 sees in IA32_VMX_* (App. A). */
    public VmxCapabilities offered() { return offered; }

    /** IA32_FEATURE_CONTROL as L1 reads it; default 5: locked, VMX outside SMX enabled (as firmware leaves it). */
    public long featureControl() { return l1Exits.featureControl; }

    /** Sets IA32_FEATURE_CONTROL as firmware would before L1 runs (§24.7; bit 0 lock, bit 2 VMX outside SMX). */
    public void setFeatureControl(long value) { l1Exits.featureControl = value; }

    /** L1's VMX instructions emulated so far. */
    public long emulatedInstructions() { return emulated; }

    /** L2 exits reflected into L1 so far. */
    public long reflectedExits() { return reflected; }

    /** L2 EPT violations L0 resolved by filling EPT02, unseen by L1. */
    public long shadowEptFills() { return ept02.fills(); }

    /** L1's current VMCS (vmcs12), or null. */
    public Vmcs currentVmcs12() { return l1Engine.state().currentVmcs(); }

    Vmcs vmcs01() { return vcpu.vmcs01(); }

    // ---- the exits ----

    /**
     * Tells {@code observer} of every exit L0's nested-VMX component takes (L1's VMX instructions,
     * CPUID, VMX MSRs and CR4.VMXE; L2 exits reflected to L1; EPT02 fills): these never reach the
     * program as {@link RunResult.Exited}, yet they are VM exits of the vCPU (a machine monitor
     * counts them, docs/MACHINE.md "Nested VMX").
     */
    public void observeHandledExits(ExitObserver observer) {
        this.observer = java.util.Objects.requireNonNull(observer, "observer");
    }

    /** Sees the exits L0's nested-VMX component takes ({@link #observeHandledExits}). */
    @FunctionalInterface
    public interface ExitObserver {
        /** {@code e} was taken; {@code fromL2}: it came from L2 (vmcs02), else from L1. */
        void handled(VmExit e, boolean fromL2);
    }

    /** Takes {@code e} if it is L0's nested business (the vCPU is in root operation after it); false: the program's. */
    boolean handle(VmExit e) {
        boolean fromL2 = vcpu.nestedGuestActive();
        boolean mine = take(e);
        if (mine) observer.handled(e, fromL2);
        return mine;
    }

    private boolean take(VmExit e) {
        if (e.entryFailure()) return false;
        if (!vcpu.nestedGuestActive()) return fromL1(e);
        return switch (e.reason()) {
            case EPT_VIOLATION -> l2EptViolation(e);
            case VMX_PREEMPTION_TIMER_EXPIRED -> {
                if (!l1Timer) yield false;
                reflect(e);
                yield true;
            }
            case VMFUNC -> l2Vmfunc(e);
            default -> {
                Vmcs v02 = vcpu.vmcs();
                if (!NestedExits.l1Wants(e, currentVmcs12(), l1.memory(),
                        i -> i == CpuState.RSP ? v02.read(VmcsField.GUEST_RSP) : vcpu.gpr(i))) {
                    yield false;
                }
                reflect(e);
                yield true;
            }
        };
    }

    private boolean fromL1(VmExit e) {
        if (EMULATED.contains(e.reason())) return emulate();
        return switch (e.reason()) {
            // §31.3 VMCALL in VMX root operation: VMfail(1) without SMM's dual monitor; outside VMX
            // operation a VMCALL is a hypercall to the program, as guests of KVM use it
            case VMCALL -> l1Engine.state().inVmxOperation() && emulate();
            case CPUID -> l1Exits.cpuid(e);
            case RDMSR, WRMSR -> l1Exits.msr(e);
            case CONTROL_REGISTER_ACCESS -> l1Exits.movToCr4Vmxe(e);
            default -> false;
        };
    }

    /**
     * L1's VMX instruction at vmcs01's GUEST_RIP, decoded again and executed by L1's engine on
     * L1's registers (loaded from vmcs01, with its paging and EPT01 for the operands), then the
     * registers go back to vmcs01 — or, after a VM entry, to vmcs02.
     */
    private boolean emulate() {
        boolean[] done = {true};
        vcpu.inRootMode(l1Exits.memory(), vcpu.context().bus, c -> {
            try {
                Instruction ins = fetch.decode(c.mem, c.cpu);
                l1.seenByL1(true);
                VmxOutcome o;
                try {
                    o = VmxInstructionExits.execute(l1Engine, c, ins);
                } finally {
                    l1.seenByL1(false);
                }
                complete(c, ins, o);
                emulated++;
            } catch (GuestFault f) {
                l1Exits.inject(f);
                emulated++;
            } catch (EptViolationException | EptMisconfigurationException unmapped) {
                done[0] = false; // an operand outside L1's memory map: the program's exit, as it came
            }
        });
        return done[0];
    }

    /** §31.2 conventions, the VMREAD / VMPTRST store, or the VM entry's result. */
    private void complete(ExecContext c, Instruction ins, VmxOutcome o) {
        switch (o) {
            case VmxOutcome.Fault f -> l1Exits.inject(f.vector() == VmxOutcome.Vector.GP
                    ? GuestFault.of(GuestFault.GP, 0) : GuestFault.of(GuestFault.UD));
            case VmxOutcome.Entered entered -> enterL2();
            case VmxOutcome.EntryFailed failed -> updateReadShadows(); // L1 continues at vmcs12's HOST_RIP (§27.8)
            case VmxOutcome.ExitToRoot x -> throw new IllegalStateException("L1's VMX engine is in root operation: " + x);
            default -> {
                if (o instanceof VmxOutcome.Succeeded s) store(c, ins, s.value());
                c.cpu.setRflags(o.applyTo(c.cpu.rflags()));
                c.cpu.rip += ins.length();
            }
        }
    }

    /** VMREAD's destination (r/m, operand-sized) and VMPTRST's m64. */
    private static void store(ExecContext c, Instruction ins, long value) {
        if (ins.mnemonic() == Mnemonic.VMREAD) {
            Operands.write(c, ins.op(0), value);
        } else if (ins.mnemonic() == Mnemonic.VMPTRST) {
            c.mem.write64(Operands.linearWrite(c.cpu, (Operand.Mem) ins.op(0)), value);
        }
    }

    /**
     * After the model's VM entry on vmcs12 loaded L2's state into the registers: vmcs02 from vmcs01
     * and vmcs12, EPT02 for vmcs12's EPTP, and vmcs02 becomes the VMCS the vCPU enters.
     */
    private void enterL2() {
        Vmcs v12 = currentVmcs12();
        ExecutionControls c12 = ExecutionControls.of(v12);
        ExecutionControls c01 = ExecutionControls.of(vmcs01());
        long eptp02 = 0;
        if (c12.has(SecondaryProcessorBasedControl.ENABLE_EPT)) {
            long eptp12 = v12.read(VmcsField.EPT_POINTER);
            if (ept02.source() != eptp12) ept02.reset(eptp12);
            eptp02 = ept02.pointer();
        } else if (c01.has(SecondaryProcessorBasedControl.ENABLE_EPT)) {
            eptp02 = vmcs01().read(VmcsField.EPT_POINTER);
        }
        Vmcs02.prepare(vmcs02, vmcs01(), v12, eptp02, vcpu.capabilities());
        l1Timer = Vmcs02.l1Timer(vmcs01(), v12);
        vmcs02.setLaunchState(Vmcs.LaunchState.CLEAR);
        vcpu.switchTo(vmcs02);
    }

    /**
     * Reflects an exit of L2 (§28 performed by the model on vmcs12): L2's state from vmcs02 into
     * the registers, then the model's VM exit writes vmcs12 and loads L1's host state; L1 continues
     * under vmcs01. A VMX abort (§28.7) leaves L1 in the shutdown state.
     */
    private void reflect(VmExit e) {
        Vmcs v02 = vcpu.vmcs(), v12 = currentVmcs12();
        VmExit forL1 = e;
        if (e.reason() == ExitReason.EXTERNAL_INTERRUPT) {
            if ((v12.read(VmcsField.PRIMARY_VM_EXIT_CONTROLS) & VmExitControl.ACKNOWLEDGE_INTERRUPT_ON_EXIT.mask()) == 0) {
                forL1 = VmExit.of(ExitReason.EXTERNAL_INTERRUPT); // §28.2.2: no vector without "acknowledge interrupt on exit"
            } else if (!new InterruptionInfo(e.interruptionInformation()).valid()) {
                // §28.2.2: L1 wants the vector but vmcs02 (vmcs01's exit controls) left the interrupt
                // unacknowledged: acknowledge it now from the program's interrupt source
                int vector = vcpu.acknowledgeInterrupt();
                if (vector >= 0) {
                    forL1 = VmExit.builder(ExitReason.EXTERNAL_INTERRUPT).interruption(
                            InterruptionInfo.of(InterruptionInfo.TYPE_EXTERNAL_INTERRUPT, vector, false), 0).build();
                }
            }
        }
        VmExit exit = forL1;
        vcpu.inRootMode(l1Exits.memory(), vcpu.context().bus, c -> {
            boolean ok = l1Engine.exit(exit);
            if ((v12.read(VmcsField.PRIMARY_VM_EXIT_CONTROLS) & VmExitControl.SAVE_VMX_PREEMPTION_TIMER_VALUE.mask()) != 0) {
                v12.write(VmcsField.VMX_PREEMPTION_TIMER_VALUE, v02.read(VmcsField.VMX_PREEMPTION_TIMER_VALUE));
            }
            cpu.setActivityState(ok ? ActivityState.ACTIVE : ActivityState.SHUTDOWN);
            cpu.setInterruptibility(0);
            cpu.setPendingDebugExceptions(0);
            vcpu.switchTo(vmcs01());
            updateReadShadows();
        });
        reflected++;
    }

    /** L1's CR0 / CR4 changed by vmcs12's host state: vmcs01's read shadows follow for the bits L0 owns (§26.3). */
    private void updateReadShadows() {
        Vmcs v01 = vmcs01();
        v01.write(VmcsField.CR0_READ_SHADOW, v01.read(VmcsField.CR0_READ_SHADOW) & ~v01.read(VmcsField.CR0_GUEST_HOST_MASK)
                | cpu.cr0() & v01.read(VmcsField.CR0_GUEST_HOST_MASK));
        v01.write(VmcsField.CR4_READ_SHADOW, v01.read(VmcsField.CR4_READ_SHADOW) & ~v01.read(VmcsField.CR4_GUEST_HOST_MASK)
                | cpu.cr4() & v01.read(VmcsField.CR4_GUEST_HOST_MASK));
    }

    // ---- EPT02 ----

    /**
     * An EPT violation of L2 (§29.3.3.2): with EPT12, EPT02 is the shadow ({@link ShadowEpt}) — a
     * fill and L2 retries (an event being delivered is injected again, §27.6; Linux's
     * vmx_complete_interrupts), L1's violation or misconfiguration, or EPT01's fault for the
     * program; without EPT12, EPT02 is EPT01 and the fault is the program's.
     */
    private boolean l2EptViolation(VmExit e) {
        if (!ExecutionControls.of(currentVmcs12()).has(SecondaryProcessorBasedControl.ENABLE_EPT)) return false;
        return switch (ept02.resolve(e)) {
            case ShadowEpt.Resolution.Filled f -> {
                reinjectVectoring(e);
                yield true;
            }
            case ShadowEpt.Resolution.ForL1 l1 -> {
                reflect(l1.exit());
                yield true;
            }
            case ShadowEpt.Resolution.ForL0 l0 -> false;
        };
    }

    /** The event L2's exit interrupted is delivered again at the next entry of vmcs02 (§27.6, §28.2.4). */
    private void reinjectVectoring(VmExit e) {
        InterruptionInfo info = new InterruptionInfo(e.idtVectoringInformation());
        if (!info.valid()) return;
        Vmcs v02 = vcpu.vmcs();
        v02.write(VmcsField.VM_ENTRY_INTERRUPTION_INFORMATION, info.value() & 0xFFFF_FFFFL);
        v02.write(VmcsField.VM_ENTRY_EXCEPTION_ERROR_CODE, e.idtVectoringErrorCode());
        v02.write(VmcsField.VM_ENTRY_INSTRUCTION_LENGTH, e.instructionLength());
    }

    /** VMFUNC of L2 (vmcs02 enables no function): vmcs12's EPTP switching by the model, else the exit is L1's. */
    private boolean l2Vmfunc(VmExit e) {
        Vmcs v02 = vcpu.vmcs();
        VmxOutcome o = l1Engine.functions().vmfunc(vcpu.gpr(CpuState.RAX), vcpu.gpr(CpuState.RCX));
        if (o instanceof VmxOutcome.Completed) {
            long eptp12 = currentVmcs12().read(VmcsField.EPT_POINTER);
            ept02.reset(eptp12);
            v02.write(VmcsField.EPT_POINTER, ept02.pointer());
            v02.write(VmcsField.GUEST_RIP, v02.read(VmcsField.GUEST_RIP) + e.instructionLength());
            return true;
        }
        reflect(e);
        return true;
    }

    /** INVEPT by L1 (§29.4.3.1): EPT02 is rebuilt from EPT12 as L2 touches it again. */
    void invalidateNestedEpt() {
        ept02.reset(ept02.source());
    }

    /** INVVPID by L1: vmcs02 has no VPID, so every VM entry already flushes L2's linear translations. */
    void invalidateNestedVpid() {
    }
}

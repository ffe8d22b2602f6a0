package dev.jvmx.runtime.vm;

import dev.jvmx.runtime.cpu.CpuModel;
import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.exec.ExecContext;
import dev.jvmx.runtime.exec.Exit;
import dev.jvmx.runtime.exec.Interrupts;
import dev.jvmx.runtime.mem.GuestFault;
import dev.jvmx.vmx.exit.InterruptionInfo;
import dev.jvmx.runtime.exec.NonRootHook;
import dev.jvmx.runtime.exec.PhysicalDecodeCache;
import dev.jvmx.runtime.exec.RealModeFetch;
import dev.jvmx.runtime.exec.SystemBus;
import dev.jvmx.runtime.exec.SystemStep;
import dev.jvmx.runtime.mem.GuestMemory;
import dev.jvmx.runtime.mmu.CodePages;
import dev.jvmx.runtime.mmu.EptMisconfigurationException;
import dev.jvmx.runtime.mmu.EptTranslator;
import dev.jvmx.runtime.mmu.EptViolationException;
import dev.jvmx.runtime.mmu.PageModificationLogFullException;
import dev.jvmx.vmx.ept.PageModificationLog;
import dev.jvmx.runtime.mmu.Mmu;
import dev.jvmx.runtime.mmu.PhysicalAccess;
import dev.jvmx.runtime.mmu.VmxMemoryAdapter;
import dev.jvmx.vmx.ActivityState;
import dev.jvmx.vmx.VmxOutcome;
import dev.jvmx.vmx.cap.PinBasedControl;
import dev.jvmx.vmx.cap.SecondaryProcessorBasedControl;
import dev.jvmx.vmx.cap.VmxCapabilities;
import dev.jvmx.vmx.entry.InjectedEvent;
import dev.jvmx.vmx.entry.VmEntry;
import dev.jvmx.vmx.ept.EptPointer;
import dev.jvmx.vmx.exit.VmExit;
import dev.jvmx.vmx.exit.VmExitWriter;
import dev.jvmx.vmx.insn.VmxEngine;
import dev.jvmx.vmx.nonroot.ExecutionControls;
import dev.jvmx.vmx.vmcs.Vmcs;
import dev.jvmx.vmx.vmcs.VmcsField;
import dev.jvmx.vmx.vmcs.VmcsTemplate;

/**
 * A virtual CPU of a {@link Vm}: a logical processor in VMX operation whose VMCS belongs to the
 * embedding program (the L0 monitor). The program fills the VMCS with {@link #vmwrite} (VMWRITE
 * semantics: VMfailValid 12 for an unsupported field, 13 for a read-only one when IA32_VMX_MISC[29]
 * is 0), sets the general registers, and calls {@link #run}: VM entry runs the checks of SDM
 * Vol. 3C ch. 27, the guest executes in non-root operation ({@link NonRootExecution}) through
 * the interpreter's step and an MMU composed with EPT, and the next VM exit comes back as a
 * typed {@link VmExit} with guest state saved in the VMCS and host state loaded (ch. 28). The
 * next {@code run} performs VMRESUME. One thread at a time; events ({@link #raiseInterrupt}...)
 * may be posted from any thread.
 */
public final class Vcpu {
    private final Vm vm;
    private final int id;
    private final CpuState cpu = new CpuState();
    private final ProcessorView view;
    private final VmxEngine engine;
    /** The VMCS {@link #run} enters: vmcs01 (the program's), or vmcs02 while a nested guest runs. */
    private Vmcs vmcs;
    private final Vmcs vmcs01;
    private NestedVmx nested;
    private final Mmu mmu;
    private final ExecContext context;
    private final RealModeFetch fetch = new RealModeFetch();
    private final Pending pending = new Pending();
    private NonRootExecution nonRoot;
    private PhysicalDecodeCache.View decoded;
    private long tsc;
    private dev.jvmx.vmx.entry.VmEntryCheck lastEntryCheck;
    private NonRootTranslator translator;
    /** The controls of this stretch of non-root operation let translated code run ({@link #translatable}). */
    private boolean translates;
    /** Keys translated code: the controls' fingerprint and the EPTP in use (set at VM entry and by VMFUNC). */
    private long fingerprint;
    /** Most instructions one call of translated code may retire: events arriving meanwhile wait at most this long. */
    static final long TRANSLATED_SLICE = 4096;

    /**
     * A vCPU over {@code physical} (host-physical memory as the guest's accesses reach it) with
     * {@code bus} for I/O instructions that do not exit (null: an empty bus with MSRs kept here).
     */
    Vcpu(Vm vm, int id, PhysicalAccess physical, SystemBus bus, CpuModel model) {
        this.vm = vm;
        this.id = id;
        VmxCapabilities caps = vm.capabilities();
        this.view = new ProcessorView(cpu, new VmxMemoryAdapter(physical));
        this.engine = new VmxEngine(caps, view);
        this.vmcs = new Vmcs(caps, caps.revisionId());
        this.vmcs01 = vmcs;
        loadInitialHostState();
        engine.state().adopt(vmcs);
        this.mmu = new Mmu(dev.jvmx.runtime.machine.cpu.VcpuMemory.context(cpu), physical, caps.physicalAddressWidth());
        this.context = new ExecContext(cpu, mmu, model);
        context.mmu = mmu;
        context.bus = bus != null ? bus : new MsrBus(view);
    }

    public int id() { return id; }

    public Vm vm() { return vm; }

    VmxCapabilities capabilities() { return engine.state().capabilities(); }

    /**
     * The VMCS as the processor sees it (typed access without VMWRITE's checks): the program's
     * own, or vmcs02 while {@link #nestedGuestActive()} (as KVM's run state is L2's then).
     */
    public Vmcs vmcs() { return vmcs; }

    /** The program's VMCS (vmcs01 when nested VMX is enabled). */
    Vmcs vmcs01() { return vmcs01; }

    /** True while an L1 hypervisor's nested guest (L2) runs under vmcs02 ({@link NestedVmx}). */
    public boolean nestedGuestActive() { return vmcs != vmcs01; }

    /** Makes {@code next} the VMCS {@link #run} enters (a nested VM entry or exit). */
    void switchTo(Vmcs next) { vmcs = next; }

    /**
     * Nested VMX (the Turtles design): the guest may run its own hypervisor (L1). VMX is
     * advertised to it (CPUID.1:ECX.VMX, IA32_FEATURE_CONTROL, the capability MSRs of {@code
     * offered}, which must not exceed this VM's), its VMX instructions are emulated here and its
     * nested guests run under vmcs02. See {@link NestedVmx}.
     */
    public NestedVmx enableNestedVmx(VmxCapabilities offered) {
        requireRoot();
        if (nested == null) nested = new NestedVmx(this, view, offered);
        return nested;
    }

    /** {@link #enableNestedVmx} with everything the VM's capabilities allow a nested hypervisor. */
    public NestedVmx enableNestedVmx() { return enableNestedVmx(NestedVmx.offerable(capabilities())); }

    /** The nested-VMX component, or null. */
    public NestedVmx nested() { return nested; }

    ExecContext context() { return context; }

    VmxEngine engine() { return engine; }

    /** The vCPU's MMU (paging composed with EPT while the guest runs). */
    public Mmu mmu() { return mmu; }

    /**
     * A second MMU over {@code physical} with this vCPU's registers as paging context and no EPT:
     * the memory a root-mode instruction emulator uses ({@link #emulate}).
     */
    public Mmu newMmu(PhysicalAccess physical) {
        return new Mmu(dev.jvmx.runtime.machine.cpu.VcpuMemory.context(cpu), physical, capabilities().physicalAddressWidth());
    }

    /**
     * Keeps the guest's decoded instructions in {@code cache}, shared by a machine's vCPUs and
     * keyed by host-physical address (what the MMU's execute fast path gives after paging and
     * EPT, so a changed guest mapping or EPTP never serves another page's instructions); {@code
     * code} marks the pages fetched from, and a write to one through this vCPU's MMU drops its
     * instructions. A root-mode emulator's MMU ({@link #newMmu}) needs the same {@code code}.
     */
    public void useDecodeCache(PhysicalDecodeCache cache, CodePages code) {
        mmu.setCodePages(code);
        decoded = cache.view();
    }

    /**
     * Runs the guest's hot code through {@code t} (null: interpret only). Translated code runs
     * between VM entry and exit when the controls allow it ({@link #translatable}: no monitor
     * trap flag, no interrupt or NMI window exiting, no APIC-access virtualization, no bus-lock
     * detection), at a boundary where no event was due, no STI / MOV SS blocking is in effect and
     * at most {@value #TRANSLATED_SLICE} instructions at a time (fewer when the VMX-preemption
     * timer would expire sooner); the translator itself declines when TF, RF or a DR7
     * breakpoint is set. The vCPU's virtual TSC counts the instructions it retires.
     */
    public void useTranslator(NonRootTranslator t) { translator = t; }

    /** RFLAGS of the running guest (in non-root operation; GUEST_RFLAGS otherwise). */
    public long guestRflags() {
        return nonRoot != null ? cpu.rflags() : vmcs.read(VmcsField.GUEST_RFLAGS);
    }

    /** The guest's memory as it executes (paging and EPT), for a monitor that emulates an access. */
    public GuestMemory guestMemory() { return mmu; }

    /** Virtual time-stamp counter: one tick per instruction retired in non-root operation. */
    public long tsc() { return tsc; }

    /** RAX … R15 (RSP is GUEST_RSP while the guest is not running). */
    public long gpr(int index) { return cpu.gpr[index]; }

    public void setGpr(int index, long value) { cpu.gpr[index] = value; }

    /**
     * The VM-entry check (SDM Vol. 3C §27.2–§27.3) that failed at the last entry, or null (also
     * for an MSR-loading failure); KVM reports it as the hardware entry-failure reason.
     */
    public dev.jvmx.vmx.entry.VmEntryCheck lastEntryCheck() { return lastEntryCheck; }

    /** True between a VM entry and the next exit (also while {@link RunResult.Halted} / {@link RunResult.Interrupted}). */
    public boolean inNonRootOperation() { return nonRoot != null; }

    // ---- VMREAD / VMWRITE ----

    /** VMWRITE of the current (this vCPU's) VMCS in VMX root operation (SDM Vol. 3C §31.3 "VMWRITE"). */
    public VmxOutcome vmwrite(long encoding, long value) {
        requireRoot();
        return engine.instructions().vmwrite(encoding, value);
    }

    public VmxOutcome vmwrite(VmcsField field, long value) { return vmwrite(field.encoding(), value); }

    /** VMREAD: {@link VmxOutcome.Succeeded} with the value, or VMfailValid 12. */
    public VmxOutcome vmread(long encoding) {
        requireRoot();
        return engine.instructions().vmread(encoding);
    }

    /** VMREAD of a field that must exist; an unsupported field is an {@link IllegalArgumentException}. */
    public long vmread(VmcsField field) {
        if (vmread(field.encoding()) instanceof VmxOutcome.Succeeded s) return s.value();
        throw new IllegalArgumentException(field + " is not supported by this vCPU's VMX capabilities");
    }

    private void requireRoot() {
        if (nonRoot != null) throw new IllegalStateException("vCPU " + id + " is in VMX non-root operation");
        if (engine.state().currentVmcs() != vmcs) engine.state().adopt(vmcs);
    }

    /**
     * Fills the VMCS from {@link VmcsTemplate} for {@code mode}: controls that exit on HLT, all
     * I/O and external interrupts, this VM's EPT, VPID = id + 1, a 64-bit host.
     */
    public void setupGuest(VmcsTemplate.GuestMode mode) {
        VmcsTemplate.initialize(vmcs, mode, vm.ept().pointer(), id + 1, 0);
    }

    // ---- events ----

    /** An external interrupt with {@code vector} is pending (one at a time, like an INTR line with its vector). */
    public void raiseInterrupt(int vector) { pending.interrupt(vector); }

    public void raiseNmi() { pending.nmi(true); }

    public void sendInit() { pending.init(); }

    public void sendSipi(int vector) { pending.sipi(vector); }

    Pending pending() { return pending; }

    private java.util.function.IntSupplier interruptPending = pending::interrupt;
    private java.util.function.IntSupplier interruptAcknowledge = pending::takeInterrupt;

    /**
     * Where external interrupts come from (default: {@link #raiseInterrupt}): {@code pending}
     * answers a vector (or any value >= 0 if the vector is only known when acknowledged) or -1;
     * {@code acknowledge} takes the interrupt and answers its vector. A platform monitor that
     * emulates the interrupt controller itself reports "something is pending" here, so that the
     * guest exits and the monitor can inject the interrupt at the next VM entry.
     */
    public void setInterruptSource(java.util.function.IntSupplier pending, java.util.function.IntSupplier acknowledge) {
        this.interruptPending = pending;
        this.interruptAcknowledge = acknowledge;
    }

    int interruptPending() { return interruptPending.getAsInt(); }

    int acknowledgeInterrupt() { return interruptAcknowledge.getAsInt(); }

    // ---- running ----

    /**
     * VMLAUNCH (launch state clear) or VMRESUME, then guest execution until a VM exit, for at
     * most {@code maxInstructions}. If the guest is already in non-root operation (after {@link
     * RunResult.Halted} or {@link RunResult.Interrupted}) it continues without a VM entry.
     */
    public RunResult run(long maxInstructions) {
        long start = tsc;
        while (true) {
            RunResult r = runToExit(maxInstructions - (tsc - start));
            // L0's nested-VMX component takes the exits that are its own (NestedVmx#handle)
            if (nested == null || !(r instanceof RunResult.Exited x) || !nested.handle(x.exit())) return r;
        }
    }

    private RunResult runToExit(long maxInstructions) {
        if (nonRoot == null) {
            RunResult failed = enter();
            if (failed != null) return failed;
        }
        for (long n = 0; n < maxInstructions; n++) {
            VmExit e;
            try {
                e = nonRoot.atBoundary(context);
            } catch (NonRootHook.TaskGate gate) {
                e = nonRoot.taskGate(gate);
            }
            if (e != null) return exit(e);
            ActivityState a = view.activityState();
            if (a != ActivityState.ACTIVE) {
                if (!skipHaltedTime()) return new RunResult.Halted(a);
                continue;
            }
            if (translates) {
                long done = translated(maxInstructions - n);
                if (done > 0) {
                    tsc += done;
                    n += done - 1;
                    continue;
                }
            }
            Exit x;
            try {
                x = SystemStep.step(context, fetch, decoded, null);
            } catch (PageModificationLogFullException f) {
                return exit(nonRoot.pageModificationLogFull());
            } catch (EptViolationException v) {
                return exit(nonRoot.eptViolation(v));
            } catch (EptMisconfigurationException m) {
                return exit(nonRoot.eptMisconfiguration(m));
            } catch (NonRootHook.TaskGate gate) {
                return exit(nonRoot.taskGate(gate));
            }
            if (x == null) {
                tsc++;
                continue;
            }
            switch (x.kind()) {
                case VM_EXIT -> {
                    return exit(nonRoot.take());
                }
                case HLT -> {
                    tsc++;
                    view.setActivityState(ActivityState.HLT); // HLT without HLT exiting (§26.6.2)
                }
                default -> {
                    nonRoot.tripleFault();
                    return exit(nonRoot.take());
                }
            }
        }
        return new RunResult.Interrupted();
    }

    /** Translated code for at most {@code left} instructions (0: the interpreter steps the next one). */
    private long translated(long left) {
        if ((view.interruptibility() & 3) != 0) return 0; // blocking by STI / MOV SS ends after one instruction (§25.4.2)
        long budget = Math.min(left, TRANSLATED_SLICE);
        ExecutionControls c = nonRoot.controls();
        if (c.has(PinBasedControl.ACTIVATE_VMX_PREEMPTION_TIMER)) {
            // never past the instruction before the one at whose boundary the timer expires (§26.5.1)
            budget = Math.min(budget, (nonRoot.remainingTimer() - 1) << capabilities().preemptionTimerRate());
        }
        return budget > 0 ? translator.run(context, c, fingerprint, budget) : 0;
    }

    /**
     * Controls under which translated code may run: each of these asks for an exit or a check at
     * every instruction boundary (§26.7.2 MTF, §26.7.5 / §26.7.6 windows), or at accesses the
     * translated memory path does not see (§30.4 APIC-access page, §26.2 bus locks).
     */
    static boolean translatable(ExecutionControls c) {
        return !c.has(dev.jvmx.vmx.cap.PrimaryProcessorBasedControl.MONITOR_TRAP_FLAG)
                && !c.has(dev.jvmx.vmx.cap.PrimaryProcessorBasedControl.INTERRUPT_WINDOW_EXITING)
                && !c.has(dev.jvmx.vmx.cap.PrimaryProcessorBasedControl.NMI_WINDOW_EXITING)
                && !c.has(SecondaryProcessorBasedControl.VIRTUALIZE_APIC_ACCESSES)
                && !c.has(SecondaryProcessorBasedControl.VMM_BUS_LOCK_DETECTION);
    }

    /** A halted guest with the preemption timer active: time jumps to its expiry (virtual TSC). */
    private boolean skipHaltedTime() {
        if (view.activityState() == ActivityState.SHUTDOWN
                || !nonRoot.controls().has(PinBasedControl.ACTIVATE_VMX_PREEMPTION_TIMER)) {
            return false;
        }
        tsc += nonRoot.remainingTimer() << capabilities().preemptionTimerRate();
        return true;
    }

    private RunResult enter() {
        requireRoot();
        boolean launch = vmcs.launchState() == Vmcs.LaunchState.CLEAR;
        VmEntry.Result result = engine.enter(vmcs, launch);
        lastEntryCheck = switch (result) {
            case VmEntry.FailedValid f -> f.check();
            case VmEntry.Failed f -> f.check();
            case VmEntry.Entered e -> null;
        };
        switch (result) {
            case VmEntry.FailedValid f -> {
                vmcs.write(VmcsField.VM_INSTRUCTION_ERROR, f.error().number());
                return new RunResult.EntryFailed(f.error(), f.check());
            }
            case VmEntry.Failed f -> {
                view.refreshMode();
                return new RunResult.Exited(f.exit());
            }
            case VmEntry.Entered e -> { }
        }
        view.refreshMode();
        installTranslation();
        nonRoot = new NonRootExecution(this, view, engine);
        context.nonRoot = nonRoot;
        var event = InjectedEvent.of(vmcs);
        VmExit e;
        try {
            if (event.isPresent()) {
                view.setPendingDebugExceptions(0); // a vectoring entry does not deliver them (§27.7.3)
                e = nonRoot.inject(context, event.get());
            } else {
                e = nonRoot.pendingDebugException(context);
            }
        } catch (NonRootHook.TaskGate gate) {
            e = nonRoot.taskGate(gate);
        }
        return e != null ? exit(e) : null;
    }

    /**
     * §27.3.2.5 / §29.4: the VPID tags translations ("enable VPID", else 0 and a flush at every
     * transition); with "enable EPT" guest-physical addresses go through the EPTP; with EPT and
     * PAE paging the PDPTEs come from the VMCS (§27.3.2.4).
     */
    private void installTranslation() {
        ExecutionControls c = engine.controls();
        int vpid = c.has(SecondaryProcessorBasedControl.ENABLE_VPID) ? c.vpid() : 0;
        boolean ept = c.has(SecondaryProcessorBasedControl.ENABLE_EPT);
        PageModificationLog pml = c.has(SecondaryProcessorBasedControl.ENABLE_PML)
                ? new PageModificationLog(vmcs, view.memory()) : null;
        mmu.setVmxContext(vpid, ept
                ? new EptTranslator(engine.ept(), new EptPointer(vmcs.read(VmcsField.EPT_POINTER)), pml) : null);
        if (vpid == 0) mmu.flushAll();
        translates = translator != null && translatable(c);
        fingerprint = c.fingerprint() * 0x100_0000_01B3L + (ept ? vmcs.read(VmcsField.EPT_POINTER) : 0);
        boolean pae = (cpu.cr0 & CpuState.CR0_PG) != 0 && (cpu.cr4 & 0x20) != 0 && (cpu.efer & 0x400) == 0;
        mmu.sync(ept && pae ? new long[] {vmcs.read(VmcsField.GUEST_PDPTE0), vmcs.read(VmcsField.GUEST_PDPTE1),
            vmcs.read(VmcsField.GUEST_PDPTE2), vmcs.read(VmcsField.GUEST_PDPTE3)} : null);
    }

    /** VMFUNC switched the EPTP (§26.5.6.3). */
    void eptpSwitched() { installTranslation(); }

    /**
     * Root-mode emulation of the guest's next instruction, as a VMM's instruction emulator does
     * after an exit it must complete itself (MMIO through an EPT violation, string I/O): the
     * guest-state area is loaded into the registers (§27.3.2, without the checks), the
     * instruction executes with {@code memory} (paging, no EPT) and {@code bus}, and the guest
     * state goes back to the VMCS (§28.3). Exceptions it raises are delivered to the guest.
     */
    public void emulate(Mmu memory, SystemBus bus) {
        inRootMode(memory, bus, e -> {
            Exit x = SystemStep.step(e, fetch, null);
            tsc++;
            if (x != null && x.kind() == Exit.Kind.HLT) view.setActivityState(ActivityState.HLT);
        });
    }

    /**
     * Root-mode delivery of the event an exit interrupted ({@code vectoringInfo}, IDT-vectoring
     * information format, §28.2.4), as a VMM completes a task switch through an IDT task gate
     * (the exit of §26.2) for an exception, NMI or external interrupt: the guest state is loaded,
     * the event goes through the guest's IDT (a fault while delivering it: #DF rules, Table 6-5;
     * a triple fault leaves the guest in the shutdown state) and the state goes back to the VMCS.
     */
    public void emulateDelivery(Mmu memory, SystemBus bus, int vectoringInfo, int errorCode) {
        InterruptionInfo info = new InterruptionInfo(vectoringInfo);
        inRootMode(memory, bus, e -> {
            try {
                GuestFault f = info.errorCodeValid() ? GuestFault.of(info.vector(), errorCode) : GuestFault.of(info.vector());
                if (info.type() == InterruptionInfo.TYPE_HARDWARE_EXCEPTION) {
                    Interrupts.deliverException(e, null, f);
                } else {
                    try {
                        Interrupts.deliver(e, info.vector(), cpu.rip, false);
                    } catch (GuestFault again) {
                        Interrupts.deliverException(e, null, again);
                    }
                }
            } catch (GuestFault triple) { // a fault while delivering #DF: shutdown (Vol. 3A §6.15)
                view.setActivityState(ActivityState.SHUTDOWN);
            }
        });
    }

    /**
     * {@code work} on the guest-state area loaded into the registers with {@code memory} and
     * {@code bus}, then saved (§27.3.2, §28.3) into the VMCS current after it (a nested VM entry or
     * exit by {@code work} switches it, {@link #switchTo}).
     */
    void inRootMode(Mmu memory, SystemBus bus, java.util.function.Consumer<ExecContext> work) {
        requireRoot();
        dev.jvmx.vmx.entry.GuestStateLoader.load(vmcs, view);
        view.refreshMode();
        memory.flushAll();
        memory.sync();
        ExecContext e = new ExecContext(cpu, memory, context.model);
        e.mmu = memory;
        e.bus = bus;
        work.accept(e);
        VmExitWriter.saveGuestState(vmcs, view);
        VmExitWriter.loadHostState(vmcs, view);
        view.refreshMode();
        mmu.sync();
    }

    /** The guest's registers as they are in the VMCS and the general registers (a copy, for reports). */
    public CpuState guestState() {
        CpuState copy = new CpuState();
        System.arraycopy(cpu.gpr, 0, copy.gpr, 0, 16);
        ProcessorView v = new ProcessorView(copy, view.memory());
        if (nonRoot != null) {
            VmExitWriter.saveGuestState(scratch(), view);
            dev.jvmx.vmx.entry.GuestStateLoader.load(scratch, v);
        } else {
            dev.jvmx.vmx.entry.GuestStateLoader.load(vmcs, v);
        }
        v.refreshMode();
        copy.systemMode = true;
        return copy;
    }

    private Vmcs scratch;

    private Vmcs scratch() {
        scratch = new Vmcs(capabilities(), capabilities().revisionId());
        scratch.copyFrom(vmcs);
        return scratch;
    }

    /** The VM exit: exit information, guest state saved, host state loaded (ch. 28). */
    private RunResult exit(VmExit e) {
        long timer = nonRoot.remainingTimer();
        context.nonRoot = null;
        nonRoot = null;
        translates = false;
        boolean ok = engine.exit(e);
        VmExitWriter.savePreemptionTimer(vmcs, timer);
        mmu.setVmxContext(0, null);
        view.refreshMode();
        mmu.sync();
        return ok ? new RunResult.Exited(e) : new RunResult.VmxAbort(vmcs.abortIndicator());
    }

    /** A 64-bit host at CPL 0 with CR4.VMXE (the monitor's own state before the first entry). */
    private void loadInitialHostState() {
        cpu.cr0 = 0x8005_0033L;
        cpu.cr4 = 0x2020;
        cpu.efer = 0xD01;
        cpu.segAccess[1] = 0xA09B;
        cpu.segAccess[2] = 0xC093;
        view.refreshMode();
    }

    /** Posted events (thread-safe). */
    static final class Pending {
        private int interrupt = -1;
        private boolean nmi;
        private boolean init;
        private int sipi = -1;

        synchronized void interrupt(int vector) { interrupt = vector & 0xFF; }

        synchronized int interrupt() { return interrupt; }

        synchronized int takeInterrupt() {
            int v = interrupt;
            interrupt = -1;
            return v;
        }

        synchronized void nmi(boolean v) { nmi = v; }

        synchronized boolean nmi() { return nmi; }

        synchronized void takeNmi() { nmi = false; }

        synchronized void init() { init = true; }

        synchronized boolean takeInit() {
            boolean v = init;
            init = false;
            return v;
        }

        synchronized void sipi(int vector) { sipi = vector & 0xFF; }

        synchronized int takeSipi() {
            int v = sipi;
            sipi = -1;
            return v;
        }
    }

    /** I/O that does not exit reaches an empty bus; RDMSR / WRMSR that do not exit use the vCPU's MSRs. */
    private record MsrBus(ProcessorView view) implements SystemBus {
        @Override public long in(int port, int size) { return SystemBus.EMPTY.in(port, size); }

        @Override public void out(int port, int size, long value) { }

        @Override public long rdmsr(int msr) { return view.readMsr(msr); }

        @Override public void wrmsr(int msr, long value) { view.writeMsr(msr, value); }
    }
}

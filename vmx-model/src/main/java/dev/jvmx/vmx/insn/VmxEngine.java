package dev.jvmx.vmx.insn;

import dev.jvmx.vmx.VmInstructionError;
import dev.jvmx.vmx.cap.VmxCapabilities;
import dev.jvmx.vmx.cap.VmxMsrs;
import dev.jvmx.vmx.entry.EntryContext;
import dev.jvmx.vmx.entry.VmEntry;
import dev.jvmx.vmx.ept.EptWalker;
import dev.jvmx.vmx.exit.VmExit;
import dev.jvmx.vmx.nonroot.ExecutionControls;
import dev.jvmx.vmx.vmcs.Vmcs;

/**
 * The VT-x model of one logical processor, for the runtime: VMX state, the VMX instructions,
 * the capability MSRs, the EPT walker and VM exits, over one {@link VmxProcessor}.
 */
public final class VmxEngine {

    private final VmxCpu state;
    private final VmxProcessor cpu;
    private final VmxInstructions instructions;
    private final VmxInvalidations invalidations;
    private final VmFunctions functions;
    private final VmxMsrs msrs;
    private final EptWalker ept;

    public VmxEngine(VmxCapabilities caps, VmxProcessor cpu) {
        this(new VmxCpu(caps), cpu);
    }

    public VmxEngine(VmxCpu state, VmxProcessor cpu) {
        this.state = state;
        this.cpu = cpu;
        this.instructions = new VmxInstructions(state, cpu);
        this.invalidations = new VmxInvalidations(state, cpu);
        this.functions = new VmFunctions(state, cpu);
        this.msrs = new VmxMsrs(state.capabilities());
        this.ept = new EptWalker(cpu.memory(), state.capabilities());
    }

    public VmxCpu state() {
        return state;
    }

    /** VMXON .. VMCALL. */
    public VmxInstructions instructions() {
        return instructions;
    }

    /** INVEPT, INVVPID. */
    public VmxInvalidations invalidations() {
        return invalidations;
    }

    /** VMFUNC. */
    public VmFunctions functions() {
        return functions;
    }

    /** RDMSR of the VMX capability MSRs and IA32_FEATURE_CONTROL. */
    public VmxMsrs msrs() {
        return msrs;
    }

    public EptWalker ept() {
        return ept;
    }

    /** The controls of the current VMCS, as translated non-root code may treat them. */
    public ExecutionControls controls() {
        return ExecutionControls.of(state.currentVmcs());
    }

    /**
     * VM entry on behalf of a Java monitor (the L0 of the design): makes {@code vmcs} current
     * and performs the checks and loads of ch. 27 as a 64-bit host would, without the VMLAUNCH /
     * VMRESUME instruction checks. {@code launch} selects the launch-state rule (§31.3):
     * VMLAUNCH needs a clear VMCS, VMRESUME a launched one.
     */
    public VmEntry.Result enter(Vmcs vmcs, boolean launch) {
        if (state.currentVmcs() != vmcs) {
            state.adopt(vmcs);
        }
        Vmcs.LaunchState required = launch ? Vmcs.LaunchState.CLEAR : Vmcs.LaunchState.LAUNCHED;
        if (vmcs.launchState() != required) {
            return new VmEntry.FailedValid(launch ? VmInstructionError.VMLAUNCH_NON_CLEAR_VMCS
                    : VmInstructionError.VMRESUME_NON_LAUNCHED_VMCS, null);
        }
        VmEntry.Result result = VmEntry.attempt(
                new EntryContext(vmcs, state.capabilities(), cpu, cpu.memory(), true));
        if (result instanceof VmEntry.Entered) {
            vmcs.setLaunchState(Vmcs.LaunchState.LAUNCHED);
            state.enterNonRoot();
        }
        return result;
    }

    /** Delivers a VM exit from non-root operation; false on a VMX abort. */
    public boolean exit(VmExit exit) {
        return state.exit(exit, cpu);
    }
}

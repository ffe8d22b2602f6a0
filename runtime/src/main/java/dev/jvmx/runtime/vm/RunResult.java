package dev.jvmx.runtime.vm;

import dev.jvmx.vmx.ActivityState;
import dev.jvmx.vmx.VmInstructionError;
import dev.jvmx.vmx.entry.VmEntryCheck;
import dev.jvmx.vmx.exit.VmExit;

/** What {@link Vcpu#run} returns (the {@code kvm_run} of this API). */
public sealed interface RunResult {

    /**
     * A VM exit with its exit information (SDM Vol. 3C §28.2), also written to the VMCS; guest
     * state is saved in the VMCS guest-state area. A VM-entry failure due to invalid guest state
     * or MSR loading arrives here too, with {@link VmExit#entryFailure()} (reason 33 / 34, §27.8).
     */
    record Exited(VmExit exit) implements RunResult {
    }

    /**
     * VM entry failed its checks on the controls (VMfailValid 7) or the host state (8), or the
     * launch state was wrong (4, 5); {@code check} names the §27.2 check, null for 4 / 5. Nothing
     * was loaded; VM_INSTRUCTION_ERROR holds the error.
     */
    record EntryFailed(VmInstructionError error, VmEntryCheck check) implements RunResult {
    }

    /**
     * The guest is in the HLT, shutdown or wait-for-SIPI activity state with nothing to wake it;
     * it stays in non-root operation: raise an event and {@link Vcpu#run} again.
     */
    record Halted(ActivityState state) implements RunResult {
    }

    /** The instruction budget is used up; the guest stays in non-root operation. */
    record Interrupted() implements RunResult {
    }

    /** A VM exit ended in a VMX abort (§28.7); the indicator is in the VMCS. */
    record VmxAbort(int indicator) implements RunResult {
    }
}

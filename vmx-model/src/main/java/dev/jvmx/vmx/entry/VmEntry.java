package dev.jvmx.vmx.entry;

import dev.jvmx.vmx.VmInstructionError;
import dev.jvmx.vmx.exit.ExitReason;
import dev.jvmx.vmx.exit.MsrArea;
import dev.jvmx.vmx.exit.VmExit;
import dev.jvmx.vmx.exit.VmExitWriter;

/**
 * VM entry after VMLAUNCH / VMRESUME passed their own checks (SDM Vol. 3C ch. 27): check
 * controls and host state (§27.2), check and load guest state (§27.3), load MSRs (§27.4).
 */
public final class VmEntry {

    /** The result of an attempted VM entry. */
    public sealed interface Result {
    }

    /**
     * §27.2 failed: VMfailValid with {@code error} (7 or 8; 4 or 5 for a direct entry with the
     * wrong launch state, {@code check} then null); nothing was loaded.
     */
    public record FailedValid(VmInstructionError error, VmEntryCheck check) implements Result {
    }

    /**
     * §27.3 or §27.4 failed: a VM exit with reason 33 or 34 and bit 31 set was written and host
     * state loaded (§27.8). {@code check} is null for an MSR-loading failure.
     */
    public record Failed(VmExit exit, VmEntryCheck check) implements Result {
    }

    /** Guest state and MSRs are loaded; the logical processor is in VMX non-root operation. */
    public record Entered() implements Result {
    }

    private VmEntry() {
    }

    /** Runs the checks and, if they pass, loads guest state and the VM-entry MSR-load area. */
    public static Result attempt(EntryContext c) {
        VmEntryCheck failed = VmEntryCheck.firstFailure(c);
        if (failed != null) {
            return switch (failed.category()) {
                case CONTROL ->
                        new FailedValid(VmInstructionError.ENTRY_INVALID_CONTROL_FIELD, failed);
                case HOST_STATE ->
                        new FailedValid(VmInstructionError.ENTRY_INVALID_HOST_STATE_FIELD, failed);
                case GUEST_STATE -> fail(c, VmExit.entryFailure(
                        ExitReason.VM_ENTRY_FAILURE_INVALID_GUEST_STATE, failed.qualification()),
                        failed);
            };
        }
        GuestStateLoader.load(c.vmcs(), c.cpu());
        int msrFailure = MsrArea.loadGuest(c.vmcs(), c.cpu(), c.memory());
        if (msrFailure != 0) {
            return fail(c, VmExit.entryFailure(ExitReason.VM_ENTRY_FAILURE_MSR_LOADING,
                    msrFailure), null);
        }
        return new Entered();
    }

    private static Result fail(EntryContext c, VmExit exit, VmEntryCheck check) {
        VmExitWriter.deliver(exit, c.vmcs(), c.cpu(), c.memory());
        return new Failed(exit, check);
    }
}

package dev.jvmx.vmx.entry;

import dev.jvmx.vmx.exit.InterruptionInfo;
import dev.jvmx.vmx.vmcs.Vmcs;
import dev.jvmx.vmx.vmcs.VmcsField;
import java.util.Optional;

/**
 * The event VM entry injects (SDM Vol. 3C §27.6): interruption information, exception error code
 * and instruction length from the VM-entry control fields. The runtime delivers it through the
 * guest IDT right after {@link dev.jvmx.vmx.VmxOutcome.Entered}, as if it arrived at the first
 * guest instruction; the VM-entry checks (§27.2.1.3) have already validated it.
 */
public record InjectedEvent(InterruptionInfo info, int errorCode, int instructionLength) {

    /** The event to inject, if the valid bit of VM_ENTRY_INTERRUPTION_INFORMATION is 1. */
    public static Optional<InjectedEvent> of(Vmcs vmcs) {
        InterruptionInfo info =
                new InterruptionInfo(vmcs.read32(VmcsField.VM_ENTRY_INTERRUPTION_INFORMATION));
        if (!info.valid()) {
            return Optional.empty();
        }
        return Optional.of(new InjectedEvent(info,
                info.errorCodeValid() ? vmcs.read32(VmcsField.VM_ENTRY_EXCEPTION_ERROR_CODE) : 0,
                vmcs.read32(VmcsField.VM_ENTRY_INSTRUCTION_LENGTH)));
    }

    /**
     * Software interrupts and software exceptions push a return address past the injecting
     * instruction: RIP + instruction length (§27.6.1.1).
     */
    public boolean advancesRip() {
        int type = info.type();
        return type == InterruptionInfo.TYPE_SOFTWARE_INTERRUPT
                || type == InterruptionInfo.TYPE_PRIVILEGED_SOFTWARE_EXCEPTION
                || type == InterruptionInfo.TYPE_SOFTWARE_EXCEPTION;
    }
}

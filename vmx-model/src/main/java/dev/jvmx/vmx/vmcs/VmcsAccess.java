package dev.jvmx.vmx.vmcs;

import dev.jvmx.vmx.VmInstructionError;

/** Result of a checked VMCS access: a value, or the VM-instruction error VMfailValid reports. */
public record VmcsAccess(long value, VmInstructionError error) {

    public static VmcsAccess ok(long value) {
        return new VmcsAccess(value, null);
    }

    public static VmcsAccess failed(VmInstructionError error) {
        return new VmcsAccess(0, error);
    }

    public boolean succeeded() {
        return error == null;
    }
}

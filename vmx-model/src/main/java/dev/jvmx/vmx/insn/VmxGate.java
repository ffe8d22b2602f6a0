package dev.jvmx.vmx.insn;

import dev.jvmx.vmx.VmInstructionError;
import dev.jvmx.vmx.VmxOutcome;
import dev.jvmx.vmx.exit.ExitReason;
import dev.jvmx.vmx.vmcs.Vmcs;
import dev.jvmx.vmx.vmcs.VmcsField;

/**
 * The checks every VMX instruction's pseudocode opens with (SDM Vol. 3C §31.3), in the SDM's
 * priority order: #UD (not in VMX operation, CR0.PE = 0, RFLAGS.VM = 1, compatibility mode),
 * then the VM exit in non-root operation, then #GP(0) for CPL > 0. And the conventions that end
 * them (§31.2): VMsucceed, VMfail.
 */
final class VmxGate {

    private final VmxCpu vmx;
    private final VmxProcessor cpu;

    VmxGate(VmxCpu vmx, VmxProcessor cpu) {
        this.vmx = vmx;
        this.cpu = cpu;
    }

    /** The #UD conditions shared by VMXOFF .. INVVPID (not VMXON, not VMCALL's order). */
    boolean undefined() {
        return !vmx.inVmxOperation() || !cpu.protectedMode() || cpu.virtual8086Mode()
                || cpu.compatibilityMode();
    }

    /** #UD, then VM exit with {@code reason} in non-root operation, then #GP(0); else null. */
    VmxOutcome enter(ExitReason reason) {
        if (undefined()) {
            return VmxOutcome.UD;
        }
        if (vmx.inNonRootOperation()) {
            return new VmxOutcome.ExitToRoot(reason);
        }
        if (cpu.cpl() > 0) {
            return VmxOutcome.GP0;
        }
        return null;
    }

    /**
     * VMfail(error) (§31.2): VMfailInvalid if the current-VMCS pointer is invalid, else
     * VMfailValid with the error number stored in VM_INSTRUCTION_ERROR.
     */
    VmxOutcome fail(VmInstructionError error) {
        Vmcs current = vmx.currentVmcs();
        if (current == null) {
            return VmxOutcome.FAIL_INVALID;
        }
        current.write(VmcsField.VM_INSTRUCTION_ERROR, error.number());
        return new VmxOutcome.FailedValid(error);
    }

    /** A physical-address operand is 4-KByte aligned and within the physical-address width. */
    boolean validRegionAddress(long address) {
        return (address & 0xFFF) == 0 && vmx.capabilities().withinPhysicalWidth(address);
    }
}

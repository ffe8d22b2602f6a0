package dev.jvmx.vmx.insn;

import static dev.jvmx.vmx.VmInstructionError.INVALID_OPERAND_TO_INVEPT_INVVPID;

import dev.jvmx.vmx.VmxOutcome;
import dev.jvmx.vmx.cap.EptVpidCapability;
import dev.jvmx.vmx.cap.SecondaryProcessorBasedControl;
import dev.jvmx.vmx.cap.VmxCapabilities;
import dev.jvmx.vmx.entry.EntryContext;
import dev.jvmx.vmx.ept.EptPointer;
import dev.jvmx.vmx.ept.InveptType;
import dev.jvmx.vmx.ept.InvvpidType;
import dev.jvmx.vmx.exit.ExitReason;
import java.util.function.Supplier;

/**
 * INVEPT and INVVPID (SDM Vol. 3C §31.3; the types in §29.4.3). Both are #UD unless the
 * processor supports them (IA32_VMX_PROCBASED_CTLS2 and IA32_VMX_EPT_VPID_CAP); an unsupported
 * type or an invalid descriptor is VMfail(28).
 */
public final class VmxInvalidations {

    private final VmxCpu vmx;
    private final VmxProcessor cpu;
    private final VmxGate gate;

    public VmxInvalidations(VmxCpu vmx, VmxProcessor cpu) {
        this.vmx = vmx;
        this.cpu = cpu;
        this.gate = new VmxGate(vmx, cpu);
    }

    /** INVEPT r64, m128. */
    public VmxOutcome invept(long type, Supplier<InvalidationDescriptor> descriptor) {
        VmxCapabilities caps = vmx.capabilities();
        if (!caps.allows(SecondaryProcessorBasedControl.ENABLE_EPT)
                || !caps.has(EptVpidCapability.INVEPT)) {
            return VmxOutcome.UD;
        }
        VmxOutcome early = gate.enter(ExitReason.INVEPT);
        if (early != null) {
            return early;
        }
        InveptType t = InveptType.of(operandSized(type));
        if (t == null || !caps.has(capability(t))) {
            return gate.fail(INVALID_OPERAND_TO_INVEPT_INVVPID);
        }
        InvalidationDescriptor d = descriptor.get();
        if (t == InveptType.SINGLE_CONTEXT && !new EptPointer(d.eptp()).valid(caps)) {
            return gate.fail(INVALID_OPERAND_TO_INVEPT_INVVPID);
        }
        cpu.invalidateEpt(t, d.eptp());
        return VmxOutcome.SUCCEED;
    }

    /** INVVPID r64, m128. */
    public VmxOutcome invvpid(long type, Supplier<InvalidationDescriptor> descriptor) {
        VmxCapabilities caps = vmx.capabilities();
        if (!caps.allows(SecondaryProcessorBasedControl.ENABLE_VPID)
                || !caps.has(EptVpidCapability.INVVPID)) {
            return VmxOutcome.UD;
        }
        VmxOutcome early = gate.enter(ExitReason.INVVPID);
        if (early != null) {
            return early;
        }
        InvvpidType t = InvvpidType.of(operandSized(type));
        if (t == null || !caps.has(capability(t))) {
            return gate.fail(INVALID_OPERAND_TO_INVEPT_INVVPID);
        }
        InvalidationDescriptor d = descriptor.get();
        if (!validVpidDescriptor(t, d)) {
            return gate.fail(INVALID_OPERAND_TO_INVEPT_INVVPID);
        }
        cpu.invalidateVpid(t, d.vpid(), d.linearAddress());
        return VmxOutcome.SUCCEED;
    }

    /**
     * Descriptor bits 63:16 must be 0; every type but all-context needs a nonzero VPID; an
     * individual-address invalidation needs a canonical linear address.
     */
    private static boolean validVpidDescriptor(InvvpidType t, InvalidationDescriptor d) {
        if (d.reservedBitsSet()) {
            return false;
        }
        return switch (t) {
            case INDIVIDUAL_ADDRESS -> d.vpid() != 0 && EntryContext.canonical(d.linearAddress());
            case SINGLE_CONTEXT, SINGLE_CONTEXT_RETAINING_GLOBALS -> d.vpid() != 0;
            case ALL_CONTEXT -> true;
        };
    }

    private long operandSized(long value) {
        return cpu.longMode() ? value : value & 0xFFFF_FFFFL;
    }

    static EptVpidCapability capability(InveptType t) {
        return t == InveptType.SINGLE_CONTEXT ? EptVpidCapability.INVEPT_SINGLE_CONTEXT
                : EptVpidCapability.INVEPT_ALL_CONTEXT;
    }

    static EptVpidCapability capability(InvvpidType t) {
        return switch (t) {
            case INDIVIDUAL_ADDRESS -> EptVpidCapability.INVVPID_INDIVIDUAL_ADDRESS;
            case SINGLE_CONTEXT -> EptVpidCapability.INVVPID_SINGLE_CONTEXT;
            case ALL_CONTEXT -> EptVpidCapability.INVVPID_ALL_CONTEXT;
            case SINGLE_CONTEXT_RETAINING_GLOBALS ->
                    EptVpidCapability.INVVPID_SINGLE_CONTEXT_RETAINING_GLOBALS;
        };
    }
}

package dev.jvmx.vmx.insn;

import static dev.jvmx.vmx.VmInstructionError.*;

import dev.jvmx.vmx.ProcessorState;
import dev.jvmx.vmx.VmxOutcome;
import dev.jvmx.vmx.cap.VmxMsrs;
import dev.jvmx.vmx.entry.EntryContext;
import dev.jvmx.vmx.entry.VmEntry;
import dev.jvmx.vmx.exit.ExitReason;
import dev.jvmx.vmx.vmcs.Vmcs;
import java.util.function.LongSupplier;

/**
 * VMXON, VMXOFF, VMCLEAR, VMPTRLD, VMPTRST, VMREAD, VMWRITE, VMLAUNCH, VMRESUME and VMCALL as
 * the pseudocode of SDM Vol. 3C §31.3 states them; INVEPT, INVVPID and VMFUNC live in
 * {@link VmxInvalidations} and {@link VmFunctions}. Memory operands arrive as suppliers so that
 * the runtime's fault on reading them (#GP, #SS, #PF) happens where the pseudocode reads them,
 * after the #UD / VM-exit / CPL checks.
 */
public final class VmxInstructions {

    private final VmxCpu vmx;
    private final VmxProcessor cpu;
    private final VmxGate gate;

    public VmxInstructions(VmxCpu vmx, VmxProcessor cpu) {
        this.vmx = vmx;
        this.cpu = cpu;
        this.gate = new VmxGate(vmx, cpu);
    }

    /** VMXON m64: enter VMX operation with the VMXON region at the operand's address. */
    public VmxOutcome vmxon(LongSupplier operand) {
        if (!cpu.protectedMode() || (cpu.cr4() & VmxMsrs.CR4_FIXED0) == 0
                || cpu.virtual8086Mode() || cpu.compatibilityMode()) {
            return VmxOutcome.UD;
        }
        if (vmx.inNonRootOperation()) {
            return new VmxOutcome.ExitToRoot(ExitReason.VMXON);
        }
        if (vmx.inVmxOperation()) {
            return cpu.cpl() > 0 ? VmxOutcome.GP0 : gate.fail(VMXON_IN_VMX_ROOT_OPERATION);
        }
        if (cpu.cpl() > 0 || !crsSupportedInVmx() || !featureControlAllowsVmxon()) {
            return VmxOutcome.GP0;
        }
        long address = operand.getAsLong();
        if (!gate.validRegionAddress(address) || !revisionMatches(address, false)) {
            return VmxOutcome.FAIL_INVALID;
        }
        vmx.enterVmxOperation(address);
        return VmxOutcome.SUCCEED;
    }

    private boolean crsSupportedInVmx() {
        long cr0 = cpu.cr0() & 0xFFFF_FFFFL;
        long cr4 = cpu.cr4();
        return (cr0 & VmxMsrs.CR0_FIXED0) == VmxMsrs.CR0_FIXED0
                && (cr4 & VmxMsrs.CR4_FIXED0) == VmxMsrs.CR4_FIXED0
                && (cr4 & ~VmxMsrs.CR4_FIXED1) == 0;
    }

    /** IA32_FEATURE_CONTROL lock bit 0 and "enable VMX outside SMX operation" bit 2 (§24.7). */
    private boolean featureControlAllowsVmxon() {
        long fc = cpu.readMsr(ProcessorState.IA32_FEATURE_CONTROL);
        return (fc & 1) != 0 && (fc & 4) != 0;
    }

    /** Bits 30:0 of the region's first doubleword are the revision, bit 31 the shadow flag. */
    private boolean revisionMatches(long address, boolean shadowAllowed) {
        int header = cpu.memory().readInt(address);
        return (header & 0x7FFFFFFF) == vmx.capabilities().revisionId()
                && (header >= 0 || shadowAllowed);
    }

    /** VMXOFF: leave VMX operation. */
    public VmxOutcome vmxoff() {
        VmxOutcome early = gate.enter(ExitReason.VMXOFF);
        if (early != null) {
            return early;
        }
        vmx.leaveVmxOperation();
        return VmxOutcome.SUCCEED;
    }

    /** VMCLEAR m64: make the VMCS at the operand's address clear and inactive. */
    public VmxOutcome vmclear(LongSupplier operand) {
        VmxOutcome early = gate.enter(ExitReason.VMCLEAR);
        if (early != null) {
            return early;
        }
        long address = operand.getAsLong();
        if (!gate.validRegionAddress(address)) {
            return gate.fail(VMCLEAR_INVALID_PHYSICAL_ADDRESS);
        }
        if (address == vmx.vmxonPointer()) {
            return gate.fail(VMCLEAR_VMXON_POINTER);
        }
        Vmcs vmcs = vmx.vmcsAt(address, vmx.capabilities().revisionId());
        vmcs.setLaunchState(Vmcs.LaunchState.CLEAR);
        vmcs.setActive(false);
        if (address == vmx.currentVmcsPointer()) {
            vmx.setCurrentVmcsPointer(VmxCpu.INVALID_POINTER);
        }
        return VmxOutcome.SUCCEED;
    }

    /** VMPTRLD m64: make the VMCS at the operand's address current. */
    public VmxOutcome vmptrld(LongSupplier operand) {
        VmxOutcome early = gate.enter(ExitReason.VMPTRLD);
        if (early != null) {
            return early;
        }
        long address = operand.getAsLong();
        if (!gate.validRegionAddress(address)) {
            return gate.fail(VMPTRLD_INVALID_PHYSICAL_ADDRESS);
        }
        if (address == vmx.vmxonPointer()) {
            return gate.fail(VMPTRLD_VMXON_POINTER);
        }
        if (!revisionMatches(address, false)) {
            return gate.fail(VMPTRLD_INCORRECT_REVISION);
        }
        vmx.vmcsAt(address, vmx.capabilities().revisionId()).setActive(true);
        vmx.setCurrentVmcsPointer(address);
        return VmxOutcome.SUCCEED;
    }

    /** VMPTRST m64: the value is the current-VMCS pointer, which the runtime stores. */
    public VmxOutcome vmptrst() {
        VmxOutcome early = gate.enter(ExitReason.VMPTRST);
        return early != null ? early : new VmxOutcome.Succeeded(vmx.currentVmcsPointer());
    }

    /**
     * VMREAD r/m, r: the value of the field {@code encoding} names, truncated to the operand size
     * (32 bits outside 64-bit mode). Without VMCS shadowing every VMREAD in non-root operation
     * exits.
     */
    public VmxOutcome vmread(long encoding) {
        VmxOutcome early = gate.enter(ExitReason.VMREAD);
        if (early != null) {
            return early;
        }
        Vmcs current = vmx.currentVmcs();
        if (current == null) {
            return VmxOutcome.FAIL_INVALID;
        }
        var access = current.vmread(operandSized(encoding));
        if (!access.succeeded()) {
            return gate.fail(access.error());
        }
        return new VmxOutcome.Succeeded(operandSized(access.value()));
    }

    /** VMWRITE r, r/m: write {@code value} to the field {@code encoding} names. */
    public VmxOutcome vmwrite(long encoding, long value) {
        VmxOutcome early = gate.enter(ExitReason.VMWRITE);
        if (early != null) {
            return early;
        }
        Vmcs current = vmx.currentVmcs();
        if (current == null) {
            return VmxOutcome.FAIL_INVALID;
        }
        var error = current.vmwrite(operandSized(encoding), operandSized(value));
        return error != null ? gate.fail(error) : VmxOutcome.SUCCEED;
    }

    private long operandSized(long value) {
        return cpu.longMode() ? value : value & 0xFFFF_FFFFL;
    }

    /** VMLAUNCH: VM entry with a clear current VMCS. */
    public VmxOutcome vmlaunch() {
        return vmEntry(true);
    }

    /** VMRESUME: VM entry with a launched current VMCS. */
    public VmxOutcome vmresume() {
        return vmEntry(false);
    }

    private VmxOutcome vmEntry(boolean launch) {
        VmxOutcome early = gate.enter(launch ? ExitReason.VMLAUNCH : ExitReason.VMRESUME);
        if (early != null) {
            return early;
        }
        Vmcs current = vmx.currentVmcs();
        if (current == null) {
            return VmxOutcome.FAIL_INVALID;
        }
        if (cpu.blockedByMovSs()) {
            return gate.fail(ENTRY_EVENTS_BLOCKED_BY_MOV_SS);
        }
        if (launch && current.launchState() != Vmcs.LaunchState.CLEAR) {
            return gate.fail(VMLAUNCH_NON_CLEAR_VMCS);
        }
        if (!launch && current.launchState() != Vmcs.LaunchState.LAUNCHED) {
            return gate.fail(VMRESUME_NON_LAUNCHED_VMCS);
        }
        if (!launch && current.launchedBeforeVmxoff()) {
            return gate.fail(VMRESUME_AFTER_VMXOFF);
        }
        var context = new EntryContext(current, vmx.capabilities(), cpu, cpu.memory());
        return switch (VmEntry.attempt(context)) {
            case VmEntry.FailedValid f -> gate.fail(f.error());
            case VmEntry.Failed f -> new VmxOutcome.EntryFailed(f.exit());
            case VmEntry.Entered e -> {
                current.setLaunchState(Vmcs.LaunchState.LAUNCHED);
                vmx.enterNonRoot();
                yield new VmxOutcome.Entered(launch);
            }
        };
    }

    /**
     * VMCALL: in non-root operation a VM exit; in root operation, without the dual-monitor
     * treatment of SMIs (the model has no SMM), VMfail(1).
     */
    public VmxOutcome vmcall() {
        if (!vmx.inVmxOperation()) {
            return VmxOutcome.UD;
        }
        if (vmx.inNonRootOperation()) {
            return new VmxOutcome.ExitToRoot(ExitReason.VMCALL);
        }
        if (cpu.virtual8086Mode() || cpu.compatibilityMode()) {
            return VmxOutcome.UD;
        }
        if (cpu.cpl() > 0) {
            return VmxOutcome.GP0;
        }
        return gate.fail(VMCALL_IN_VMX_ROOT_OPERATION);
    }
}

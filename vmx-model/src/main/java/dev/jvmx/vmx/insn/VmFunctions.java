package dev.jvmx.vmx.insn;

import static dev.jvmx.vmx.vmcs.VmcsField.*;

import dev.jvmx.vmx.VmxOutcome;
import dev.jvmx.vmx.cap.SecondaryProcessorBasedControl;
import dev.jvmx.vmx.ept.EptPointer;
import dev.jvmx.vmx.exit.ExitReason;
import dev.jvmx.vmx.vmcs.Vmcs;

/**
 * VMFUNC (SDM Vol. 3C §31.3 VMFUNC, §26.5.6): invoke VM function EAX in VMX non-root operation.
 * The model implements VM function 0, EPTP switching (§26.5.6.3): ECX selects an entry of the
 * 512-entry EPTP list; a valid entry becomes EPT_POINTER without a VM exit. Anything the VM
 * function cannot do causes a VM exit with reason VMFUNC (59).
 */
public final class VmFunctions {

    public static final int EPTP_SWITCHING = 0;
    public static final int EPTP_LIST_ENTRIES = 512;

    private final VmxCpu vmx;
    private final VmxProcessor cpu;

    public VmFunctions(VmxCpu vmx, VmxProcessor cpu) {
        this.vmx = vmx;
        this.cpu = cpu;
    }

    /** VMFUNC with EAX = {@code function}, ECX = {@code index}. */
    public VmxOutcome vmfunc(long function, long index) {
        if (!vmx.inNonRootOperation()) {
            return VmxOutcome.UD;
        }
        Vmcs vmcs = vmx.currentVmcs();
        if (!secondaryControl(vmcs, SecondaryProcessorBasedControl.ENABLE_VM_FUNCTIONS)) {
            return VmxOutcome.UD;
        }
        long eax = function & 0xFFFF_FFFFL;
        if (eax >= 64 || (vmcs.read(VM_FUNCTION_CONTROLS) >>> eax & 1) == 0
                || eax != EPTP_SWITCHING) {
            return new VmxOutcome.ExitToRoot(ExitReason.VMFUNC);
        }
        return switchEptp(vmcs, index & 0xFFFF_FFFFL);
    }

    /** §26.5.6.3: ECX < 512 and a valid EPTP in the list, else a VM exit. */
    private VmxOutcome switchEptp(Vmcs vmcs, long ecx) {
        if (ecx >= EPTP_LIST_ENTRIES) {
            return new VmxOutcome.ExitToRoot(ExitReason.VMFUNC);
        }
        long eptp = cpu.memory().readLong(vmcs.read(EPTP_LIST_ADDRESS) + 8 * ecx);
        if (!new EptPointer(eptp).valid(vmx.capabilities())) {
            return new VmxOutcome.ExitToRoot(ExitReason.VMFUNC);
        }
        vmcs.write(EPT_POINTER, eptp);
        if (secondaryControl(vmcs, SecondaryProcessorBasedControl.EPT_VIOLATION_VE)) {
            vmcs.write(EPTP_INDEX, ecx);
        }
        return new VmxOutcome.Completed();
    }

    private static boolean secondaryControl(Vmcs vmcs, SecondaryProcessorBasedControl c) {
        long primary = vmcs.read(PRIMARY_PROCESSOR_BASED_VM_EXECUTION_CONTROLS);
        return (primary & (1L << 31)) != 0
                && (vmcs.read(SECONDARY_PROCESSOR_BASED_VM_EXECUTION_CONTROLS) & c.mask()) != 0;
    }
}

package dev.jvmx.vmx.entry;

import static dev.jvmx.vmx.exit.InterruptionInfo.*;

import dev.jvmx.vmx.cap.PrimaryProcessorBasedControl;
import dev.jvmx.vmx.cap.SecondaryProcessorBasedControl;
import dev.jvmx.vmx.exit.InterruptionInfo;
import dev.jvmx.vmx.vmcs.VmcsField;

/**
 * Checks on VM-entry event injection (SDM Vol. 3C §27.2.1.3), made only when the valid bit of
 * VM_ENTRY_INTERRUPTION_INFORMATION is 1. Failures are VMfailValid(7).
 */
final class EventInjectionChecks {

    /** Vectors of exceptions that deliver an error code: #DF #TS #NP #SS #GP #PF #AC. */
    private static final long ERROR_CODE_VECTORS =
            1L << 8 | 1L << 10 | 1L << 11 | 1L << 12 | 1L << 13 | 1L << 14 | 1L << 17;

    private EventInjectionChecks() {
    }

    /** Type 1 is reserved; type 7 (other event) only if "monitor trap flag" is allowed-1. */
    static boolean type(EntryContext c) {
        InterruptionInfo info = c.injection();
        if (!info.valid()) {
            return true;
        }
        return info.type() != TYPE_RESERVED && (info.type() != TYPE_OTHER_EVENT
                || c.caps().allows(PrimaryProcessorBasedControl.MONITOR_TRAP_FLAG));
    }

    /** NMI has vector 2, hardware exceptions vectors 0–31, other event (pending MTF) vector 0. */
    static boolean vector(EntryContext c) {
        InterruptionInfo info = c.injection();
        if (!info.valid()) {
            return true;
        }
        return switch (info.type()) {
            case TYPE_NMI -> info.vector() == 2;
            case TYPE_HARDWARE_EXCEPTION -> info.vector() <= 31;
            case TYPE_OTHER_EVENT -> info.vector() == 0;
            default -> true;
        };
    }

    /**
     * Deliver-error-code is 1 iff the guest will be in protected mode (unrestricted guest off or
     * guest CR0.PE = 1), the type is hardware exception and the vector one of 8, 10–14, 17.
     */
    static boolean errorCodeDelivery(EntryContext c) {
        InterruptionInfo info = c.injection();
        if (!info.valid()) {
            return true;
        }
        boolean protectedMode = !c.has(SecondaryProcessorBasedControl.UNRESTRICTED_GUEST)
                || (c.get(VmcsField.GUEST_CR0) & 1) != 0;
        boolean needs = protectedMode && info.type() == TYPE_HARDWARE_EXCEPTION
                && info.vector() < 32 && (ERROR_CODE_VECTORS >>> info.vector() & 1) != 0;
        return info.errorCodeValid() == needs;
    }

    /** Bits 30:12 of the interruption-information field are reserved and must be 0. */
    static boolean reservedBits(EntryContext c) {
        InterruptionInfo info = c.injection();
        return !info.valid() || info.reservedBits() == 0;
    }

    /** With deliver-error-code, bits 31:16 of VM_ENTRY_EXCEPTION_ERROR_CODE must be 0. */
    static boolean errorCodeReservedBits(EntryContext c) {
        InterruptionInfo info = c.injection();
        return !info.valid() || !info.errorCodeValid()
                || (c.get(VmcsField.VM_ENTRY_EXCEPTION_ERROR_CODE) & 0xFFFF0000L) == 0;
    }

    /**
     * Software interrupts and (privileged) software exceptions need an instruction length of 1
     * to 15; 0 is not allowed because IA32_VMX_MISC[30] is 0.
     */
    static boolean instructionLength(EntryContext c) {
        InterruptionInfo info = c.injection();
        if (!info.valid() || info.type() < TYPE_SOFTWARE_INTERRUPT
                || info.type() > TYPE_SOFTWARE_EXCEPTION) {
            return true;
        }
        long length = c.get(VmcsField.VM_ENTRY_INSTRUCTION_LENGTH);
        return length >= 1 && length <= 15;
    }
}

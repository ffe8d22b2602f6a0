/**
 * VM entry (SDM Vol. 3C ch. 27). Every check is one method citing its section, listed in {@link
 * dev.jvmx.vmx.entry.VmEntryCheck} in the order the model makes them:
 * <pre>
 *   §27.2.1  VMX controls           ControlChecks, EventInjectionChecks   -> VMfailValid(7)
 *   §27.2.2-4 host state            HostStateChecks                       -> VMfailValid(8)
 *   §27.3.1  guest state            GuestRegisterChecks, GuestSegmentChecks,
 *                                   GuestNonRegisterChecks                -> exit 33, bit 31
 *   §27.3.2  load guest state       GuestStateLoader
 *   §27.4    load MSRs              dev.jvmx.vmx.exit.MsrArea             -> exit 34, bit 31
 * </pre>
 * Guest-state failures carry the qualification of §27.8 (0 default, 2 PDPTE, 3 NMI injection
 * under blocking by STI, 4 VMCS link pointer), and host state is loaded as on a VM exit.
 * Checks for controls the model never allows (posted interrupts, virtual-interrupt delivery,
 * VMCS shadowing, SPP, ...) are subsumed by the reserved-bit checks: such a bit can never
 * be 1 in a VMCS that passes §27.2.1.1's first check.
 *
 * <p>Event injection itself (§27.6) and the VMX-preemption timer are the runtime's: it reads
 * VM_ENTRY_INTERRUPTION_INFORMATION after {@link dev.jvmx.vmx.VmxOutcome.Entered}.
 */
package dev.jvmx.vmx.entry;

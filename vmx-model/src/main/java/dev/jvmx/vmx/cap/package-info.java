/**
 * What the modelled processor can do, said once. {@link dev.jvmx.vmx.cap.VmxCapabilities} is the
 * single description; every capability MSR of SDM Vol. 3C App. A is computed from it by
 * {@link dev.jvmx.vmx.cap.VmxMsrs}, so the MSRs, the VMCS field table's "supported" column
 * ({@link dev.jvmx.vmx.vmcs.VmcsField#supportedBy}), the VM-entry reserved-bit checks and the
 * VMX instructions' #UD conditions cannot disagree.
 *
 * <p>Control bits are enums named as the SDM tables name them (§25.6.1 Table 25-5 pin-based,
 * Table 25-6 primary and 25-7 secondary processor-based, 25-8 tertiary, §25.7.1 Table 25-13
 * VM-exit, §25.8.1 Table 25-15 VM-entry). Each says whether the model implements it; an
 * implemented bit is allowed-1. The layout of a control capability MSR (App. A.3):
 * <pre>
 *  63                       32 31                        0
 * +---------------------------+---------------------------+
 * | allowed-1: may be 1       | allowed-0: must be 1      |
 * +---------------------------+---------------------------+
 * </pre>
 * Default1 bits (App. A.2) are 1 in the allowed-0 half of the non-TRUE MSRs; the TRUE MSRs
 * (0x48D–0x490, advertised by IA32_VMX_BASIC[55]) let software clear the ones the model does not
 * need ({@link dev.jvmx.vmx.cap.ControlField#trueDefault1()}). VM entry checks against the TRUE
 * MSRs, as hardware does when BASIC[55] = 1.
 *
 * <p>{@link dev.jvmx.vmx.cap.VmxCapReport} prints all of it decoded bit by bit, in the shape of
 * QEMU's {@code scripts/kvm/vmxcap}, for {@code jvmx vmxcap}.
 */
package dev.jvmx.vmx.cap;

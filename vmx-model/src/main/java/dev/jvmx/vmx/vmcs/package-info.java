/**
 * The VMCS (SDM Vol. 3C ch. 25): its fields and their encodings (App. B), and the storage of one
 * VMCS.
 *
 * <p>{@link dev.jvmx.vmx.vmcs.VmcsField} lists every architectural field with its encoding; width
 * and type are not stored but decoded from the encoding ({@link
 * dev.jvmx.vmx.vmcs.VmcsFieldEncoding}, §25.11.2), so the table cannot contradict itself. Each
 * field names the control that makes it exist; a field whose control the capabilities do not
 * allow is an "unsupported VMCS component" (VM-instruction error 12).
 *
 * <p>{@link dev.jvmx.vmx.vmcs.Vmcs} keeps field values in Java: the SDM leaves the VMCS region's
 * format implementation-specific (§25.2), and software may only use VMREAD / VMWRITE. The
 * decision on read-only fields (§31.3 VMWRITE, App. A.6): the model advertises IA32_VMX_MISC[29]
 * by default, as KVM does for nested guests, so VMWRITE may write VM-exit information fields (a
 * nested hypervisor uses this to forward exits); with {@code vmwriteAnyField(false)} such a
 * VMWRITE fails with error 13.
 *
 * <p>The table holds 199 fields, 272 encodings with HIGH halves. Issue 7 cites 205 / 282 from a
 * newer App. B; the missing six are fields of features this model does not implement and whose
 * encodings we have not verified against the manual (they would be "unsupported" anyway).
 */
package dev.jvmx.vmx.vmcs;

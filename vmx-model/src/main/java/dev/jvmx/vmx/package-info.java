/**
 * The VT-x "hardware" of jvmx: a software model of Intel VMX as the SDM Vol. 3C describes it.
 * It depends on nothing else of ours; {@code runtime} drives it through two interfaces this
 * package owns:
 * <ul>
 *   <li>{@link dev.jvmx.vmx.ProcessorState} — the architectural registers VM entry loads and VM
 *       exit saves (SDM Vol. 3C §27.3.2, §28.3, §28.5);</li>
 *   <li>{@link dev.jvmx.vmx.PhysicalMemory} — guest-physical memory for the VMXON region, VMCS
 *       regions, MSR areas, the EPTP list and EPT paging structures.</li>
 * </ul>
 *
 * <p>Subpackages, in the order of the manual:
 * <pre>
 *   cap    capability MSRs IA32_VMX_BASIC..IA32_VMX_VMFUNC, IA32_FEATURE_CONTROL  App. A
 *   vmcs   VMCS field table and encodings, VMCS storage                          ch. 25, App. B
 *   insn   VMXON .. INVVPID semantics, VMsucceed / VMfail                        ch. 31
 *   entry  VM-entry checks and guest-state loading                               ch. 27
 *   exit   exit reasons, exit information, guest-state save / host-state load    ch. 28, App. C
 *   ept    EPT walk, violations, misconfigurations, VPID / INVEPT types          ch. 29
 * </pre>
 * Outcomes of VMX instructions are values ({@link dev.jvmx.vmx.VmxOutcome}), never exceptions:
 * the runtime maps a {@code Fault} to its own #UD / #GP delivery and applies the RFLAGS effect
 * of VMsucceed / VMfailInvalid / VMfailValid (SDM Vol. 3C §31.2).
 */
package dev.jvmx.vmx;

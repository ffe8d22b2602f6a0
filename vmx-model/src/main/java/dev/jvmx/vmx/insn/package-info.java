/**
 * The VMX instructions (SDM Vol. 3C ch. 31, "VMX Instruction Reference"): VMXON, VMXOFF, VMCLEAR,
 * VMPTRLD, VMPTRST, VMREAD, VMWRITE, VMLAUNCH, VMRESUME, VMCALL ({@link
 * dev.jvmx.vmx.insn.VmxInstructions}), INVEPT, INVVPID ({@link
 * dev.jvmx.vmx.insn.VmxInvalidations}) and VMFUNC ({@link dev.jvmx.vmx.insn.VmFunctions}).
 *
 * <p>Each method follows the pseudocode's order, which is the priority order of the outcomes:
 * <pre>
 *   #UD (not in VMX operation, CR0.PE = 0, RFLAGS.VM = 1, compatibility mode, unsupported)
 *    -> VM exit (in VMX non-root operation)
 *    -> #GP(0) (CPL > 0)
 *    -> operand fetch (the runtime's own faults, through the supplier)
 *    -> VMfailInvalid / VMfailValid(n) (§31.2, error numbers §31.4)
 *    -> effect, VMsucceed
 * </pre>
 * The processor is seen through {@link dev.jvmx.vmx.insn.VmxProcessor}; per-processor VMX state
 * (VMX operation, root / non-root, VMXON pointer, current-VMCS pointer, known VMCSs) is {@link
 * dev.jvmx.vmx.insn.VmxCpu}. {@link dev.jvmx.vmx.insn.VmxEngine} bundles them for one vCPU.
 *
 * <p>Not modelled: SMM and the dual-monitor treatment (so VMCALL in root operation always fails
 * with error 1 and errors 16–25 are never produced), VMCS shadowing (VMREAD / VMWRITE in
 * non-root operation always exit), and A20M.
 */
package dev.jvmx.vmx.insn;

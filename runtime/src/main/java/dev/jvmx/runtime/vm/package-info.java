/**
 * The public embedding API of the VT-x model: a Java program is the root-mode VMM, as a KVM
 * user space is. It creates a {@link dev.jvmx.runtime.vm.Vm} (guest RAM plus the VMM's own
 * structure area), maps guest-physical memory through {@link dev.jvmx.runtime.vm.Ept}, creates a
 * {@link dev.jvmx.runtime.vm.Vcpu}, fills its VMCS with VMWRITE semantics, runs it and gets back
 * a {@link dev.jvmx.runtime.vm.RunResult}: a typed {@link dev.jvmx.vmx.exit.VmExit} with the
 * architectural exit information (SDM Vol. 3C §28.2), or VMfailValid 7 / 8 from VM entry.
 *
 * <pre>{@code
 * Vm vm = new Vm(16 << 20);                        // 16 MiB of guest RAM
 * vm.mapRam(0, 16 << 20);                          // EPT: guest-physical = host-physical, RWX
 * vm.load(0x1000, code);                           // e.g. "out 0x80, al; hlt"
 * Vcpu cpu = vm.createVcpu();
 * cpu.setupGuest(VmcsTemplate.GuestMode.PROTECTED_FLAT);
 * cpu.vmwrite(VmcsField.GUEST_RIP, 0x1000);        // VmxOutcome.Succeeded, or FailedValid(12 / 13)
 * if (cpu.run(1_000_000) instanceof RunResult.Exited(VmExit e)) {
 *     e.reason();                                  // IO_INSTRUCTION
 *     e.qualification();                           // Table 28-5: port 0x80, OUT, 1 byte, immediate
 *     e.instructionLength();                       // 2; GUEST_RIP still at the OUT (fault-like)
 * }
 * }</pre>
 *
 * <h2>How a run goes</h2>
 * <pre>
 *  Vcpu.run ── VmxEngine.enter (ch. 27 checks, guest-state load) ──► NonRootExecution installed
 *     loop:  NonRootExecution.atBoundary   INIT, SIPI, preemption timer, NMI, NMI window,
 *                                          external interrupt, interrupt window (§26.2, §26.7)
 *            SystemStep.step ── NonRootHook.before  ─► InstructionExits (§26.1, §26.3)
 *                             ── interpreter executes (memory: Mmu = paging ∘ EPT, §29.3)
 *                             ── NonRootHook.after  ─► MTF, blocking by STI / MOV SS
 *                             ── NonRootHook.exception ─► exception bitmap, IDT vectoring
 *  VM exit: VmxEngine.exit (VmExitWriter: exit information, guest state saved, host loaded, ch. 28)
 * </pre>
 * The vCPU's registers ({@code CpuState}) hold guest state only between entry and exit; after an
 * exit the guest's RIP, RSP, RFLAGS, segments and control registers are in the VMCS, the general
 * registers in {@link dev.jvmx.runtime.vm.Vcpu#gpr}. {@link dev.jvmx.runtime.vm.Vcpu#emulate}
 * executes one guest instruction in root mode for a VMM that completes an exit itself (MMIO,
 * string I/O), as KVM's instruction emulator does. The PC platform's monitor is built on this
 * package ({@code machine.PlatformVm}, {@code machine.cpu.InterpreterVcpu}).
 *
 * <h2>Nested VMX</h2>
 * {@link dev.jvmx.runtime.vm.Vcpu#enableNestedVmx} lets the guest be a hypervisor (L1): {@link
 * dev.jvmx.runtime.vm.NestedVmx} takes L1's VMX-instruction exits and emulates them on L1's own
 * VT-x model, runs L1's guests (L2) under vmcs02 ({@code Vmcs02}, EPT02 = {@code ShadowEpt}) and
 * reflects the L2 exits L1's controls ask for ({@code NestedExits}) into L1, and answers L1's
 * CPUID, VMX MSRs and CR4.VMXE ({@code L1Exits}); the exits that are
 * L0's still reach the program. docs/VMX.md "Nested VMX" lists where each rule lives.
 */
package dev.jvmx.runtime.vm;

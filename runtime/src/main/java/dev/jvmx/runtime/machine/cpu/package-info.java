/**
 * The CPU side of machine mode: a {@link dev.jvmx.runtime.machine.MachineVcpu} whose guest runs
 * in VMX non-root operation through the embedding API ({@link dev.jvmx.runtime.vm.Vcpu}) under the
 * VMCS the {@link dev.jvmx.runtime.machine.MachineMonitor} prepares (docs/VMX.md, "Machine guests").
 *
 * <h2>How it runs</h2>
 * <pre>
 *  MachineRunner ──run(budget)──▶ InterpreterVcpu ──prepare entry: timer = budget, inject IRQ/NMI
 *        ▲                          │   Vcpu.run ── guest in non-root operation ── VmExit
 *        │                          ├─ IN/OUT, CPUID, RDMSR/WRMSR, HLT, triple fault, timer:
 *        └──── MachineExit ◀────────┘     VmExitDecoder ─▶ MachineExit ─▶ runner ─▶ MachineMonitor
 *                                   ├─ EPT violation (MMIO hole), INS/OUTS, owned CR0/CR4 bits:
 *                                   │     Vcpu.emulate one instruction in root mode; its accesses go
 *                                   │     through MonitorBus / the MMIO handler to the devices
 *                                   └─ external interrupt, interrupt window: inject at next entry
 * </pre>
 * {@link dev.jvmx.runtime.machine.ExitAction}s come back through {@code complete}: results go to
 * the guest registers and GUEST_RIP moves past the instruction (VM_EXIT_INSTRUCTION_LENGTH).
 * Interrupts of the machine's {@link dev.jvmx.runtime.machine.apic.InterruptController} make the
 * guest exit (external-interrupt exiting) when it can take them and are injected at VM entry
 * (SDM Vol. 3C §27.6), else an interrupt window is opened (§26.7.5).
 *
 * {@link dev.jvmx.runtime.machine.cpu.SmpBoot} runs every vCPU on its own thread; application
 * processors wait for INIT and a start-up IPI (SDM Vol. 3A §8.4.4) in their runner; INIT and SIPI
 * reload the VMCS guest state from the reset / start-up state.
 */
package dev.jvmx.runtime.machine.cpu;

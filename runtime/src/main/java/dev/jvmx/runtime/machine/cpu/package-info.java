/**
 * The CPU side of machine mode without VT-x: a {@link dev.jvmx.runtime.machine.MachineVcpu} over
 * the tier-0 interpreter in system mode ({@code CpuState.systemMode}).
 *
 * <h2>How it runs</h2>
 * <pre>
 *  MachineRunner ──run(budget)──▶ InterpreterVcpu ──SystemStep.step──▶ interpreter semantics
 *        ▲                          │  IN/OUT/RDMSR/WRMSR: MonitorBus ──handle(Io…)──▶ MachineMonitor ──▶ devices
 *        └──── MachineExit ◀────────┘  HLT, triple fault, budget used up
 * </pre>
 * Port I/O, CPUID and MSR accesses are handed to the {@link dev.jvmx.runtime.machine.MachineMonitor}
 * synchronously (the same {@code MachineExit.Io}/{@code Rdmsr}/{@code Wrmsr} records, counted the
 * same way; EFER, FS_BASE and GS_BASE stay in the vCPU), because the interpreter's instruction is still in flight; MMIO reaches the monitor
 * through the {@code GuestMemory} it hands out. A stop the monitor answers with (the exit device
 * at 0xF4) ends the run after that instruction. Between instructions the vCPU asks its
 * {@link dev.jvmx.runtime.machine.apic.InterruptController} and delivers through the real-mode
 * IVT (SDM Vol. 3A §20.1.4) or the IDT (§6.12, same privilege level).
 *
 * {@link dev.jvmx.runtime.machine.cpu.SmpBoot} runs every vCPU on its own thread; application
 * processors wait for INIT and a start-up IPI (SDM Vol. 3A §8.4.4) in their runner.
 *
 * <h2>Modes</h2>
 * Real mode with the modern chip's rules (A20 from the platform, #GP past a segment's end);
 * protected and long mode with the flat segments and identity mapping the loaders set up (paging
 * is not walked: memory is the platform's physical memory); GDT descriptor loads, LGDT/LIDT,
 * MOV CRn, LTR, IDT interrupt/trap gates (inner-level handlers on the TSS stack). Not yet: call
 * and task gates, task switches, V86, IOPL checks, paging through {@code mmu}, double-fault frames (a fault
 * while delivering is reported as a triple fault).
 */
package dev.jvmx.runtime.machine.cpu;

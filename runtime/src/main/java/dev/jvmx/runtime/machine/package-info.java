/**
 * Machine mode: the PC platform bare-metal guests (test ROMs, flat binaries, Multiboot kernels)
 * run on, and its monitor.
 *
 * <h2>Why it looks like this</h2>
 * The design (../shared/DESIGN.md) has every guest run in VMX non-root operation under a monitor
 * written in Java; for a PC that is the {@link dev.jvmx.runtime.machine.MachineMonitor}. Its
 * input is a typed {@link dev.jvmx.runtime.machine.MachineExit} naming the architectural basic
 * exit reason (SDM Vol. 3C App. C) it is under VT-x: IO_INSTRUCTION, EPT_VIOLATION, HLT, CPUID,
 * RDMSR, WRMSR, TRIPLE_FAULT, INIT_SIGNAL, START_UP_IPI, VMX_PREEMPTION_TIMER_EXPIRED. Before
 * the VT-x model drives the vCPU, the CPU side builds those records itself; afterwards
 * {@link dev.jvmx.runtime.machine.VmExitDecoder} builds them from a {@code VmExit}. Devices only
 * ever see port and MMIO accesses, so nothing changes for them.
 *
 * <h2>Entry points</h2>
 * <pre>
 *  MachineConfig cfg = MachineConfig.builder(new BootSource.Flat(file, 0x7C00, CpuMode.REAL, 0x7C00))
 *          .memory(MachineConfig.parseSize("64M")).cpus(1).serial("stdio").exitStats(true).build();
 *  Machine machine = Machine.create(cfg);            // devices wired, image loaded
 *  InitialCpuState s = machine.initialState(cpu);    // CPU side applies it (VMCS guest-state fields)
 *  MachineMonitor monitor = new MachineMonitor(machine);
 *  GuestMemory mem = monitor.memory(cpu);            // physical memory, this vCPU's APIC page routed
 *  InterruptController ic = machine.interrupts(cpu); // asked between instructions
 *  MachineStop stop = new MachineRunner(monitor).run(vcpu);   // vcpu implements MachineVcpu
 *  stop.processStatus();  monitor.exitStatsReport();
 * </pre>
 * A CLI maps {@code jvmx boot} options one-to-one onto {@link dev.jvmx.runtime.machine.MachineConfig}
 * and exits with {@link dev.jvmx.runtime.machine.MachineStop#processStatus()}.
 *
 * <h2>Stops and statuses</h2>
 * See {@link dev.jvmx.runtime.machine.MachineStop}: exit device {@code (code << 1) | 1}; HLT with
 * IF = 0 on the bootstrap processor 0; triple fault 2; idle forever 4; guest-requested reset 6;
 * instruction limit 122; timeout 124; internal error 126.
 *
 * <h2>Time</h2>
 * Devices read an injected {@code Clock}. With a {@code ManualClock} a run is deterministic:
 * time advances 1 ns per instruction of the bootstrap processor and jumps to the next timer
 * event when every runnable vCPU is halted; with {@code Clock.system()} it is host time.
 *
 * <h2>Sub-packages</h2>
 * {@code bus} physical memory and the port/MMIO buses; {@code dev} ISA devices; {@code apic}
 * local and I/O APICs and the per-vCPU interrupt controller; {@code boot} loaders and initial
 * CPU state.
 */
package dev.jvmx.runtime.machine;

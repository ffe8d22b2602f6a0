/**
 * The APIC architecture (SDM Vol. 3A chapter 11) and the interrupt logic one vCPU sees.
 * {@link dev.jvmx.runtime.machine.apic.LocalApic}: xAPIC MMIO page and x2APIC MSRs (ID, version,
 * TPR/PPR, EOI, LDR/DFR, SVR, ISR/TMR/IRR, ESR, ICR, LVTs, timer with divide configuration,
 * one-shot and periodic modes); {@link dev.jvmx.runtime.machine.apic.ApicBus}: IPIs (fixed,
 * lowest priority, NMI, INIT, start-up; physical/logical destinations; shorthands) and EOI
 * broadcast; {@link dev.jvmx.runtime.machine.apic.IoApic} (82093AA, 24 redirection entries);
 * {@link dev.jvmx.runtime.machine.apic.IsaIrqRouting} (ISA IRQ n -> 8259 input n and I/O APIC
 * pin n, IRQ0 -> pin 2).
 *
 * <p>{@link dev.jvmx.runtime.machine.apic.InterruptController} is the contract with the CPU side:
 * "is an interrupt pending?" and "acknowledge -> vector", plus NMI.
 * {@link dev.jvmx.runtime.machine.apic.CpuInterrupts} implements it per vCPU: local APIC first,
 * then the 8259 through LINT0 in virtual-wire mode (the BSP's LINT0 is ExtINT at reset, as a PC
 * BIOS leaves it).
 */
package dev.jvmx.runtime.machine.apic;

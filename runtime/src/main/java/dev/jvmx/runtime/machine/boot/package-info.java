/**
 * Loaders for machine mode and the initial CPU state they produce, as data
 * ({@link dev.jvmx.runtime.machine.boot.InitialCpuState}: segment registers with their descriptor
 * caches in VMCS access-rights format, control registers, EFER, GDTR/IDTR, RIP, RFLAGS and some
 * general registers, activity state) — the CPU engineer applies it, or writes it into the VMCS
 * guest-state area, which has exactly these fields (SDM Vol. 3C §25.4).
 * <ul>
 *   <li>{@link dev.jvmx.runtime.machine.boot.RomLoader}: firmware at the reset vector;
 *       {@link dev.jvmx.runtime.machine.boot.ResetState}: SDM Vol. 3A §10.1.1 Table 10-1, and the
 *       start-up IPI state (§10.4.4);</li>
 *   <li>{@link dev.jvmx.runtime.machine.boot.FlatLoader}: {@code --flat FILE --load A --mode M
 *       --entry A}, with the GDT, TSS and identity page tables of
 *       {@link dev.jvmx.runtime.machine.boot.LoaderTables} (at 0x1000..0x8000);</li>
 *   <li>{@link dev.jvmx.runtime.machine.boot.MultibootLoader}: Multiboot 0.6.96 kernels (header
 *       search in the first 8 KiB, a.out kludge or ELF32/ELF64, modules, information structure
 *       with command line, module list and memory map at 0x8000, EAX = 0x2BADB002).</li>
 * </ul>
 * {@link dev.jvmx.runtime.machine.boot.VmcsGuestState} writes an initial state into a VMCS
 * guest-state area (vmx-model), for when machine-mode guests enter non-root operation.
 * Why: loaders are pure functions from a file and a physical memory to guest RAM contents plus a
 * register state, so they are testable without a CPU and reusable by the VT-x path.
 */
package dev.jvmx.runtime.machine.boot;

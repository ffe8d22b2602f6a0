/**
 * The buses of a PC: {@link dev.jvmx.runtime.machine.bus.PhysicalMemory} (RAM as one off-heap
 * {@code MemorySegment}, the ROM at 0xF0000 and below 4 GiB, the A20 gate, MMIO holes),
 * {@link dev.jvmx.runtime.machine.bus.IoBus} (64 KiB of ports) and
 * {@link dev.jvmx.runtime.machine.bus.MmioBus}.
 *
 * <p>Why: every guest-physical access must end in RAM, ROM or a device — never in host memory
 * outside the guest — and an address nobody claims behaves as on a PC (reads all ones, writes
 * vanish) and is counted, so a user sees what a guest probed. Wide accesses to byte-wide ISA
 * devices split into byte cycles ({@link dev.jvmx.runtime.machine.bus.ByteIoDevice}).
 * Physical memory also serves as the identity {@code GuestMemory} the CPU uses with paging off;
 * {@link dev.jvmx.runtime.machine.bus.PhysicalMemory#view} gives each vCPU a view whose MMIO
 * goes to its own handler (the local APIC page is per processor, SDM Vol. 3A §11.4.1).
 */
package dev.jvmx.runtime.machine.bus;

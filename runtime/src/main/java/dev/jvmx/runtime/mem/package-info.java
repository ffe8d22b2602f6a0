/**
 * Guest memory. {@link dev.jvmx.runtime.mem.GuestMemory} is what an executing vCPU sees (linear
 * addresses, little-endian, every access either completes or raises a {@link
 * dev.jvmx.runtime.mem.GuestFault}); {@link dev.jvmx.runtime.mem.ProcessAddressSpace} implements it
 * for a Linux process.
 *
 * <p>How a process access is served:
 * <pre>
 *   addr ──► page = addr >>> 12 ──► SoftTlb[page &amp; 16383]
 *              tag hit (read/write/exec tag per kind) and no page crossing
 *                 └─► host page + (addr &amp; 0xFFF)                      fast path (DirectTlb)
 *              otherwise ──► VmaMap.find(addr) (TreeMap floor lookup)
 *                 ├─ no region / permission missing ──► #PF(U|P?|W?|I?), CR2 = addr
 *                 └─ fill the TLB entry, allocate the 64 KB chunk on first touch   slow path
 * </pre>
 * Self-modifying code: a page instructions were fetched from loses its TLB write tag, so the first
 * write to it takes the slow path and is reported to the {@link
 * dev.jvmx.runtime.mem.CodeChangeListener} (once, until code is fetched from the page again);
 * munmap, mprotect and MAP_FIXED over such pages are reported too.
 *
 * <p>Translated code runs the same fast path itself: {@link dev.jvmx.runtime.mem.DirectTlb} hands
 * it the TLB's tag and host-page arrays ({@code GuestMemory.directTlb}) and the host accesses, and
 * it calls the {@code GuestMemory} access only on a miss.
 *
 * <p>Host memory is only ever reached through {@link java.lang.foreign.MemorySegment}s owned by the
 * address space, with bounds checks, so no guest access can read or write outside its guest or
 * crash the JVM. Permissions follow x86-64 paging with NX (SDM Vol. 3A §4.6): every mapped page is
 * readable, writes need PROT_WRITE, fetches need PROT_EXEC.
 */
package dev.jvmx.runtime.mem;

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
 *                 └─► entry's addend + addr (host page - guest page)    fast path (DirectTlb)
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
 * it the TLB's read and write entry arrays ({@code GuestMemory.directTlb}; tag and addend side by
 * side) and the host accesses, and it calls the {@code GuestMemory} access only on a miss.
 *
 * <p>Host memory is allocated as {@link java.lang.foreign.MemorySegment}s owned by the address
 * space (the slow paths and bulk copies go through them, with bounds checks). The fast path's host
 * access is a raw one at {@code addend + addr} (sun.misc.Unsafe where the host allows, else one
 * segment over the host address space): only a tag hit leads to it, a tag is present only while
 * its page is mapped with that permission and its chunk is held by the entry, and the hit proves
 * the access stays in the page, so no guest access can read or write outside its guest or crash
 * the JVM. Permissions follow x86-64 paging with NX (SDM Vol. 3A §4.6): every mapped page is
 * readable, writes need PROT_WRITE, fetches need PROT_EXEC.
 */
package dev.jvmx.runtime.mem;

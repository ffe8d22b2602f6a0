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
 *                 └─ fill the TLB entry (and the write entry's span), map the
 *                    mapping's host range on first touch                        slow path
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
 * <p>Host memory ({@link dev.jvmx.runtime.mem.Backing}): on Linux each guest mapping up to 1 GiB is
 * one host {@code mmap} range (larger ones 1 GiB pieces), its pages zero-filled by the host on first
 * touch, advised {@code MADV_HUGEPAGE} from 2 MiB (list's 24 MiB pointer chase: host TLB misses
 * per 2 MiB instead of per 4 KiB; list 16 user CPU 5.25 -> 4.74 s, medians of 3 alternating pairs
 * at load 11); elsewhere 64 KiB chunks. Each write entry of the TLB carries its <em>span</em>
 * ({@code DirectTlb.spans}): the writable pages around it in the same mapping and host range,
 * bounded by the nearest pages holding code, which translated code's memory windows cover; a page
 * that becomes code shrinks every span over it at once.
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

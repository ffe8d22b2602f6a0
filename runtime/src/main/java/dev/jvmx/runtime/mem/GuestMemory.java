package dev.jvmx.runtime.mem;

/**
 * Guest memory as the executing vCPU sees it: linear addresses (segmentation already applied),
 * translated by whatever paging the guest (or, in process mode, the Linux address space) has.
 * Little-endian. Every method either completes or throws {@link GuestFault}; none touches host
 * memory outside the guest.
 *
 * <p>CONTRACT shared by the interpreter (user of it) and the address spaces (implementers).
 */
public interface GuestMemory {
    /**
     * The software TLB translated code may check inline before calling the scalar accesses below
     * ({@link DirectTlb}); {@link DirectTlb#NONE} (every access misses) when there is none. The
     * same object for the life of the memory.
     */
    default DirectTlb directTlb() { return DirectTlb.NONE; }

    byte read8(long addr);
    short read16(long addr);
    int read32(long addr);
    long read64(long addr);

    void write8(long addr, byte v);
    void write16(long addr, short v);
    void write32(long addr, int v);
    void write64(long addr, long v);

    /**
     * Copies up to {@code len} instruction bytes starting at {@code addr} into {@code dst}, stopping
     * early at the first byte that is not executable. Returns the number of bytes copied; throws
     * {@link GuestFault} only when not even the first byte can be fetched.
     */
    int fetch(long addr, byte[] dst, int off, int len);

    /** Bulk read for loaders and system calls; throws {@link GuestFault} like the scalar reads. */
    default void read(long addr, byte[] dst, int off, int len) {
        for (int i = 0; i < len; i++) dst[off + i] = read8(addr + i);
    }

    /**
     * Raises the fault a write of {@code [addr, addr + len)} would raise, touching no data and
     * writing nothing; returns when the write would complete. For a store wider than the scalar
     * writes that may cross a page end ({@link SplitStore}): the processor checks both pages of a
     * split access before it writes either (SDM Vol. 3A §6.6, a fault leaves the state before the
     * instruction). Memory that cannot fault keeps this default.
     */
    default void checkWrite(long addr, int len) { }

    /** Bulk write for loaders and system calls; throws {@link GuestFault} like the scalar writes. */
    default void write(long addr, byte[] src, int off, int len) {
        for (int i = 0; i < len; i++) write8(addr + i, src[off + i]);
    }
}

package dev.jvmx.runtime.mmu;

import dev.jvmx.runtime.mem.GuestMemory;

/**
 * The {@link Mmu} as the instruction fetcher sees it: {@link #read8} is an instruction fetch
 * (execute rights: NX, SMEP, the I/D bit of a #PF error code, SDM Vol. 3A §4.6, §4.7), the rest
 * are the Mmu's own accesses. The fetcher reads up to 15 bytes ahead and stops quietly at a page
 * it cannot fetch from; the first such fault is kept so that the caller can raise it if the
 * instruction really runs into that page ({@link #pendingFault()} after a truncated decode).
 */
public final class CodeFetch implements GuestMemory {
    private final Mmu mmu;
    private RuntimeException fault;

    CodeFetch(Mmu mmu) { this.mmu = mmu; }

    /** Forgets the fault of the previous instruction (call before each fetch). */
    public void begin() { fault = null; }

    /** The first fault the current fetch ran into (a #PF or an EPT exit), or null. */
    public RuntimeException pendingFault() { return fault; }

    @Override
    public byte read8(long la) {
        try {
            return mmu.fetch8(la);
        } catch (RuntimeException e) {
            if (fault == null) fault = e;
            throw e;
        }
    }

    @Override public short read16(long la) { return mmu.read16(la); }
    @Override public int read32(long la) { return mmu.read32(la); }
    @Override public long read64(long la) { return mmu.read64(la); }
    @Override public void write8(long la, byte v) { mmu.write8(la, v); }
    @Override public void write16(long la, short v) { mmu.write16(la, v); }
    @Override public void write32(long la, int v) { mmu.write32(la, v); }
    @Override public void write64(long la, long v) { mmu.write64(la, v); }

    @Override public void checkWrite(long la, int len) { mmu.checkWrite(la, len); }
    @Override public int fetch(long la, byte[] dst, int off, int len) { return mmu.fetch(la, dst, off, len); }
}

package dev.jvmx.translator;

import dev.jvmx.runtime.mem.GuestFault;
import dev.jvmx.runtime.mem.GuestMemory;
import dev.jvmx.runtime.mmu.EptMisconfigurationException;
import dev.jvmx.runtime.mmu.EptViolationException;
import dev.jvmx.runtime.mmu.Mmu;

/**
 * The memory translated machine code uses: the vCPU's {@link Mmu} (paging, then EPT in non-root
 * operation, A/D bits, #PF), one call per access. An EPT violation or misconfiguration (SDM Vol.
 * 3C §29.3.3) becomes a {@link GuestFault} with vector {@link #REDO}, so translated code rolls
 * the guest back to the instruction exactly as it does for a #PF (registers written back, RIP at
 * the instruction); {@link MachineJit} then leaves the instruction to the interpreter, whose
 * access raises the EPT violation again and becomes the VM exit with the exact guest state.
 */
final class NonRootMemory implements GuestMemory {
    /** Not an x86 vector: "the interpreter redoes this instruction" (it never reaches the guest). */
    static final int REDO = 0x100;

    private final Mmu mmu;

    NonRootMemory(Mmu mmu) { this.mmu = mmu; }

    Mmu mmu() { return mmu; }

    private static GuestFault redo() { return new GuestFault(REDO, -1, 0); }

    @Override public byte read8(long a) { try { return mmu.read8(a); } catch (EptViolationException | EptMisconfigurationException e) { throw redo(); } }

    @Override public short read16(long a) { try { return mmu.read16(a); } catch (EptViolationException | EptMisconfigurationException e) { throw redo(); } }

    @Override public int read32(long a) { try { return mmu.read32(a); } catch (EptViolationException | EptMisconfigurationException e) { throw redo(); } }

    @Override public long read64(long a) { try { return mmu.read64(a); } catch (EptViolationException | EptMisconfigurationException e) { throw redo(); } }

    @Override public void write8(long a, byte v) { try { mmu.write8(a, v); } catch (EptViolationException | EptMisconfigurationException e) { throw redo(); } }

    @Override public void write16(long a, short v) { try { mmu.write16(a, v); } catch (EptViolationException | EptMisconfigurationException e) { throw redo(); } }

    @Override public void write32(long a, int v) { try { mmu.write32(a, v); } catch (EptViolationException | EptMisconfigurationException e) { throw redo(); } }

    @Override public void write64(long a, long v) { try { mmu.write64(a, v); } catch (EptViolationException | EptMisconfigurationException e) { throw redo(); } }

    @Override public void checkWrite(long a, int len) { try { mmu.checkWrite(a, len); } catch (EptViolationException | EptMisconfigurationException e) { throw redo(); } }

    @Override
    public int fetch(long a, byte[] dst, int off, int len) {
        try {
            return mmu.fetch(a, dst, off, len);
        } catch (EptViolationException | EptMisconfigurationException e) {
            throw redo();
        }
    }

    // bulk read / write: GuestMemory's defaults, byte by byte through the accesses above
}

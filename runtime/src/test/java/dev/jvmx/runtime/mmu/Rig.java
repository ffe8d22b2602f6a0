package dev.jvmx.runtime.mmu;

import static dev.jvmx.runtime.mmu.PagingContext.*;

import dev.jvmx.runtime.machine.bus.MmioHandler;
import dev.jvmx.runtime.machine.bus.PhysicalMemory;
import java.util.ArrayList;
import java.util.List;

/**
 * A test vCPU: registers as a mutable {@link PagingContext}, 8 MiB of RAM (MMIO above, recorded),
 * page tables of one mode and an {@link Mmu}. Control writes go through the Mmu's hooks first, the
 * way the CPU must do them.
 */
final class Rig implements PagingContext {
    static final long RAM = 8 << 20;

    long cr0, cr3, cr4, efer;
    int cpl;
    boolean ac;
    int pkru;
    final List<Long> mmioReads = new ArrayList<>();
    /** MMIO writes as {physical address, size, value}. */
    final List<List<Long>> mmioWrites = new ArrayList<>();
    final PhysicalMemory mem;
    final BusPhysicalAccess phys;
    final PageTables pt;
    final Mmu mmu;

    Rig(PagingMode mode, int maxPhyAddr) {
        MmioHandler mmio = new MmioHandler() {
            @Override public long mmioRead(long pa, int size) { mmioReads.add(pa); return 0xAB; }
            @Override public void mmioWrite(long pa, int size, long v) { mmioWrites.add(List.of(pa, (long) size, v)); }
        };
        mem = new PhysicalMemory(RAM, mmio);
        phys = new BusPhysicalAccess(mem, null);
        pt = new PageTables(mem, mode == PagingMode.NONE ? PagingMode.LEVEL4 : mode);
        cr0 = CR0_PE | (mode == PagingMode.NONE ? 0 : CR0_PG);
        cr4 = switch (mode) {
            case BITS32 -> CR4_PSE;
            case PAE, LEVEL4 -> CR4_PAE;
            default -> 0;
        };
        efer = mode == PagingMode.LEVEL4 ? EFER_LME | EFER_LMA | EFER_NXE : mode == PagingMode.PAE ? EFER_NXE : 0;
        cr3 = pt.root;
        mmu = new Mmu(this, phys, maxPhyAddr);
    }

    Rig(PagingMode mode) { this(mode, 46); }

    @Override public long cr0() { return cr0; }
    @Override public long cr3() { return cr3; }
    @Override public long cr4() { return cr4; }
    @Override public long efer() { return efer; }
    @Override public int cpl() { return cpl; }
    @Override public boolean alignmentCheck() { return ac; }
    @Override public int pkru() { return pkru; }

    void setCr0(long v) { mmu.onCr0Write(v); cr0 = v; }
    void setCr3(long v) { mmu.onCr3Write(v); cr3 = v & ~CR3_NO_FLUSH; }
    void setCr4(long v) { mmu.onCr4Write(v); cr4 = v; }
    void setEfer(long v) { mmu.onEferWrite(v); efer = v; }
    void setPkru(int v) { pkru = v; mmu.onPkruWrite(); }

    /** Fills the 4 KiB physical page at {@code pa} with bytes {@code (pa + i) ^ tag}. */
    void pattern(long pa, int tag) {
        for (int i = 0; i < 4096; i += 8) mem.writePhys(pa + i, 8, ((pa + i) ^ tag) * 0x0101_0101L);
    }

    long phys64(long pa) { return mem.readPhys(pa, 8); }
}

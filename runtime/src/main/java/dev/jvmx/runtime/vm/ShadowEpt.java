package dev.jvmx.runtime.vm;

import dev.jvmx.runtime.mmu.PhysicalAccess;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * EPT02, the shadow of EPT12 composed with EPT01 (SDM Vol. 3C §29.3 applied twice): the EPT that
 * vmcs02 names while L2 runs. It starts empty and is filled one 4-KByte page at a time when L2's
 * access faults ({@link NestedVmx}): the L2-physical page is walked through EPT12 to an
 * L1-physical page and that through EPT01 to host memory; the entry gets the permissions both
 * allow. It is dropped whenever L1's view of EPT12 may have changed (INVEPT, another EPTP at VM
 * entry, EPTP switching by VMFUNC) — more often than §29.4.3 requires, never less. Its table
 * pages come from the VM's structure area and are reused.
 */
final class ShadowEpt {
    private final PhysicalAccess memory;
    private final Vm vm;
    private final List<Long> owned = new ArrayList<>();
    private final ArrayDeque<Long> free = new ArrayDeque<>();
    private Ept ept;
    private long source = -1;

    ShadowEpt(Vm vm) {
        this.vm = vm;
        this.memory = vm.hostMemory();
        ept = new Ept(memory, this::page);
    }

    /** The EPTP of EPT02 (§25.6.11). */
    long pointer() { return ept.pointer(); }

    /** The EPT12 pointer the shadow was built from, -1 if none. */
    long source() { return source; }

    /** Empties the shadow; it will shadow {@code eptp12} (or identity when L1 uses no EPT: -1). */
    void reset(long eptp12) {
        free.clear();
        for (long p : owned) {
            for (int i = 0; i < 0x1000; i += 8) memory.write(p + i, 8, 0);
            free.add(p);
        }
        ept = new Ept(memory, this::page);
        source = eptp12;
    }

    /** Maps the 4-KByte L2-physical page {@code l2Page} to host-physical {@code hostPage}. */
    void map(long l2Page, long hostPage, int rights) {
        ept.map(l2Page, hostPage, 0x1000, rights);
    }

    private long page() {
        Long p = free.poll();
        if (p != null) return p;
        long fresh = vm.allocatePage();
        owned.add(fresh);
        return fresh;
    }
}

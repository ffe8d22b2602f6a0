package dev.jvmx.runtime.mem;

/**
 * A store of several quadwords that may cross a 4 KiB page end, made all or nothing: before the
 * first write, a store that crosses a page end asks the memory whether every page would take it
 * ({@link GuestMemory#checkWrite}), so a fault on a later page is raised with no byte written
 * (SDM Vol. 3A §6.6: a fault is reported with the state before the faulting instruction; the
 * processor checks both pages of a split access before it writes). The check touches no data, so
 * a device mapped at the first page sees nothing but the store itself. A store within one page
 * needs no check: its first write faults or all of them complete.
 * <pre>
 *   SplitStore.check(mem, a, len);   // then the writes, low first
 * </pre>
 * Used by the 80-bit x87 store and the 128- and 256-bit stores of both tiers ({@code exec.Vec}, {@code exec.Avx},
 * {@code exec.AvxHandlers}, {@code cpu.AvxFast}, the translator's {@code InlineSse}).
 */
public final class SplitStore {
    private static final int PAGE = ProcessAddressSpace.PAGE_SIZE;

    private SplitStore() {}

    /** The fault a write of {@code [a, a + len)} would raise when it crosses a page end (nothing otherwise). */
    public static void check(GuestMemory mem, long a, int len) {
        if ((a & (PAGE - 1)) > PAGE - len) mem.checkWrite(a, len);
    }
}

package dev.jvmx.runtime.mem;

/**
 * A store of several quadwords that crosses a 4 KiB page end, made all or nothing: a fault on a
 * later page leaves no byte of it written (SDM Vol. 3A §6.6: a fault is reported with the state
 * before the faulting instruction, so no part of a store the instruction did not complete is
 * visible; the processor checks both pages of a split access before it writes). The writes keep
 * their order (low first, so the fault raised is the one the plain writes raise); the bytes
 * before the page end are read first and written back if a later write faults.
 * <pre>
 *   byte[] before = SplitStore.before(mem, a, len);   // null: the store stays in one page
 *   try { ...writes... } catch (RuntimeException f) { SplitStore.undo(mem, a, before); throw f; }
 * </pre>
 * In machine mode the read and the write-back reach whatever device maps the first page, only for
 * a store that crosses into a faulting page.
 */
public final class SplitStore {
    private static final int PAGE = 4096;

    private SplitStore() {}

    /** The bytes of [a, a + len) before its page end when the range crosses one and they are readable; null otherwise. */
    public static byte[] before(GuestMemory mem, long a, int len) {
        int inPage = (int) (PAGE - (a & (PAGE - 1)));
        if (len <= inPage) return null;
        byte[] b = new byte[inPage];
        try {
            mem.read(a, b, 0, inPage);
        } catch (RuntimeException unreadable) { // the first write faults as well: nothing to undo
            return null;
        }
        return b;
    }

    /** After a write of the store faulted: the first page as {@link #before} found it (nothing when null or when it was never written). */
    public static void undo(GuestMemory mem, long a, byte[] before) {
        if (before == null) return;
        try {
            mem.write(a, before, 0, before.length);
        } catch (RuntimeException notWritable) { // the first page faulted first: nothing of the store was written
        }
    }
}

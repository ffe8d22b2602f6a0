package dev.jvmx.testsuites.diff;

/**
 * The fixed guest-visible addresses of a differential case. The native harness maps its code
 * and data pages here with MAP_FIXED_NOREPLACE and announces them in its hello record; jvmx
 * must map the same pages at the same addresses so that RIP, RSP and fault addresses agree.
 *
 * <pre>
 *   0x1000_0000  data page, 4 KiB, RW   (RSP and memory-operand base registers point here)
 *   0x1001_0000  code page, 4 KiB, RWX  (snippet, then the harness's jump back)
 *   everything else near them: unmapped, so a stray access faults with a #PF
 * </pre>
 */
public final class HostLayout {
    public static final long DATA_BASE = 0x1000_0000L;
    public static final int DATA_SIZE = 4096;
    public static final long CODE_BASE = 0x1001_0000L;
    /** The longest snippet: the page minus the 14-byte return jump and slack. */
    public static final int CODE_MAX = 4096 - 16;

    private HostLayout() {}
}

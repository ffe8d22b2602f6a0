package dev.jvmx.translator;

/**
 * One translated block as the code cache holds it. The cache is the only long-lived owner of the
 * generated code: {@link #kill()} (eviction, invalidation) drops the reference, so once no block
 * is mid-execution the hidden class is unreachable and HotSpot can unload it.
 */
public final class Translation {
    private final CodeKey key;
    private final long lastPage;
    private final int length;
    private final int blocks;
    private final int bytecodeSize;
    private volatile BlockCode code;
    /** Clock bit: set on every execution, cleared by the eviction hand. Racy by design (a hint). */
    boolean referenced = true;
    /** Slot in the code cache's clock ring, -1 when not in the cache. */
    int slot = -1;

    private final long[] memberStarts;
    private final boolean processOnly;

    public Translation(CodeKey key, long lastPage, BlockCode code, int length, int blocks, int bytecodeSize) {
        this(key, lastPage, code, length, blocks, bytecodeSize, new long[0]);
    }

    /** @param memberStarts a region's blocks other than the head, by start address */
    public Translation(CodeKey key, long lastPage, BlockCode code, int length, int blocks, int bytecodeSize, long[] memberStarts) {
        this(key, lastPage, code, length, blocks, bytecodeSize, memberStarts, false);
    }

    /** @param processOnly made to run only for a process-mode CPU ({@link #processOnly()}) */
    public Translation(CodeKey key, long lastPage, BlockCode code, int length, int blocks, int bytecodeSize, long[] memberStarts,
            boolean processOnly) {
        this.processOnly = processOnly;
        this.memberStarts = memberStarts.clone();
        this.key = key;
        this.lastPage = lastPage;
        this.code = code;
        this.length = length;
        this.blocks = blocks;
        this.bytecodeSize = bytecodeSize;
    }

    public CodeKey key() { return key; }

    /**
     * Made to run only for a CPU in process mode: it leaves out checks of state that only system
     * mode can change (the run-time half of the VEX #UD gate), so a system-mode CPU must not run it.
     */
    public boolean processOnly() { return processOnly; }

    /** Last guest page its code bytes touch (the first is {@code key().page()}). */
    public long lastPage() { return lastPage; }

    /**
     * A block: the guest instructions it covers (a prefix when the block was too big), charged by
     * the executor on entry. A region: its longest block, the budget it needs to be entered at any
     * of its blocks (it charges the one it is entered at itself).
     */
    public int length() { return length; }

    /** Guest blocks in the method: 1 for a block, more for a region (chained inside the method). */
    public int blocks() { return blocks; }

    public boolean isRegion() { return blocks > 1; }

    /** Start addresses of a region's blocks other than its head (empty for a block): it can be entered at each. */
    public long[] memberStarts() { return memberStarts.clone(); }

    /** Bytes of bytecode in the block method. */
    public int bytecodeSize() { return bytecodeSize; }

    /** The code, or null once evicted or invalidated. */
    public BlockCode code() { return code; }

    void kill() { code = null; }

    public boolean alive() { return code != null; }
}

package dev.jvmx.runtime.cpu;

import dev.jvmx.x86.Mode;

/**
 * Architectural state of one vCPU. Plain public fields: the interpreter and translated code
 * read and write them directly (translated code caches them in JVM locals and writes back at exits).
 *
 * <p>CONTRACT: the fields below are used by the process layer (loader, system calls) and must stay.
 * RFLAGS may be kept lazily by the executor; outside it, use {@link #rflags()} / {@link #setRflags(long)}.
 */
public final class CpuState {
    public static final int RAX = 0, RCX = 1, RDX = 2, RBX = 3, RSP = 4, RBP = 5, RSI = 6, RDI = 7,
            R8 = 8, R9 = 9, R10 = 10, R11 = 11, R12 = 12, R13 = 13, R14 = 14, R15 = 15;

    /** General-purpose registers in encoding order. */
    public final long[] gpr = new long[16];
    public long rip;
    public Mode mode = Mode.BITS64;

    /** Segment selectors in {@link dev.jvmx.x86.Seg} order and the FS/GS bases (MSR FS_BASE / GS_BASE). */
    public final int[] segSelector = new int[6];
    public long fsBase;
    public long gsBase;

    /** XMM/YMM0..15: four little-endian quadwords per register, ymm[i * 4] lowest. */
    public final long[] ymm = new long[16 * 4];
    public int mxcsr = 0x1F80;

    private long rflags = 0x2;

    /** Full RFLAGS (bit 1 always set). */
    public long rflags() { return rflags | 0x2; }

    public void setRflags(long value) { rflags = (value | 0x2) & 0x3F7FD7L; }
}

package dev.jvmx.runtime.cpu;

import dev.jvmx.x86.Flags;
import dev.jvmx.x86.Mode;
import dev.jvmx.x86.Seg;

/**
 * Architectural state of one vCPU. Plain public fields: the interpreter and translated code
 * read and write them directly (translated code caches them in JVM locals and writes back at exits).
 *
 * <p>CONTRACT: the fields below are used by the process layer (loader, system calls) and must stay.
 * RFLAGS may be kept lazily by the executor; outside it, use {@link #rflags()} / {@link #setRflags(long)}.
 *
 * <p>Lazy flags: the six status flags (CF PF AF ZF SF OF) are either in the plain RFLAGS word
 * ({@link #ccOp} == {@link LazyFlags#NONE}) or described by the last flag-setting operation
 * ({@code ccOp}, {@code ccSize}, operands {@code ccA}/{@code ccB}, result {@code ccRes} and
 * {@code ccAux}, the incoming carry); {@link LazyFlags} turns that record into flag bits.
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
    /**
     * Descriptor-cache bases of ES, CS, SS, DS (indexed by {@link Seg#ordinal()}); used outside 64-bit
     * mode only (64-bit mode treats them as 0, SDM Vol. 3A §3.4.4). FS and GS use {@link #fsBase}/{@link #gsBase}.
     */
    public final long[] segBase = new long[6];

    /**
     * Descriptor-cache limits and access rights (SDM Vol. 3A §3.4.3 "hidden part"), in Seg order.
     * Real mode: limit FFFFh, access 93h (data) / 9Bh (CS) after reset (SDM Vol. 3A §9.1.1, Table 9-1);
     * a real-mode selector load changes only the base (which is why "unreal mode" works).
     */
    public final int[] segLimit = {0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF};
    public final int[] segAccess = {0x93, 0x9B, 0x93, 0x93, 0x93, 0x93};

    // ---- system state (machine mode; SDM Vol. 3A §2.5 control registers, §2.4 memory-management registers) ----

    /** Which chip's real-mode quirks apply (see {@link CpuGeneration}). */
    public CpuGeneration generation = CpuGeneration.MODERN;
    /**
     * True when this vCPU runs a whole machine: exceptions and INT n go to the guest's IVT/IDT instead
     * of ending the run, and privileged instructions are allowed at CPL 0. False in process mode.
     */
    public boolean systemMode;
    /** CR0 reset value 60000010h (CD, NW, ET; SDM Vol. 3A Table 9-1). */
    public long cr0 = 0x6000_0010L;
    public long cr2, cr3, cr4, cr8;
    /** IA32_EFER (SCE bit 0, LME bit 8, LMA bit 10, NXE bit 11). */
    public long efer;
    /** Current privilege level (CS.RPL in protected mode; 0 in real mode, 3 in process mode). */
    public int cpl = 3;
    public long gdtrBase, idtrBase;
    public int gdtrLimit = 0xFFFF, idtrLimit = 0xFFFF;
    /** LDTR and TR selectors. */
    public int ldtr, tr;
    /** TR's descriptor cache: the TSS base and limit (SDM Vol. 3A §7.2.4), for stack switches. */
    public long trBase;
    public int trLimit;
    /** TR's descriptor type (1/3: 16-bit TSS, 9/11: 32-bit or 64-bit TSS; bit 1 = busy). */
    public int trType = 0xB;
    /** LDTR's descriptor cache: the LDT base and limit (SDM Vol. 3A §3.5.1). */
    public long ldtrBase;
    public int ldtrLimit;
    /**
     * The fast system-call MSRs (SDM Vol. 4 Table 2-2): IA32_STAR, IA32_LSTAR, IA32_CSTAR,
     * IA32_FMASK, IA32_KERNEL_GS_BASE, IA32_SYSENTER_CS/ESP/EIP. Machine mode only.
     */
    public long star, lstar, cstar, fmask, kernelGsBase, sysenterCs, sysenterEsp, sysenterEip;
    /** Debug registers DR0..DR7 (SDM Vol. 3A §18.2); DR6 resets to FFFF0FF0h, DR7 to 400h. */
    public final long[] dr = {0, 0, 0, 0, 0, 0, 0xFFFF_0FF0L, 0x400};
    /** DR6 B0-B3 of the data breakpoints the current instruction has hit (exec.Breakpoints). */
    public int pendingDataBreakpoints;

    /**
     * Status flags a faulting instruction leaves behind on purpose (the 8086's #DE, see
     * {@link Divide8086}), or -1: the executor applies them after rolling the flags back.
     */
    public int faultFlags = -1;

    public static final long CR0_PE = 1, CR0_PG = 1L << 31;
    /** CR4.OSXSAVE (bit 18): XSETBV/XGETBV and the XCR0-enabled state components usable (SDM Vol. 3A §2.5). */
    public static final long CR4_OSXSAVE = 1L << 18;
    /** XCR0 state components (SDM Vol. 1 §13.3): x87 (bit 0), SSE (bit 1), AVX = YMM upper halves (bit 2). */
    public static final long XCR0_X87 = 1, XCR0_SSE = 2, XCR0_AVX = 4;

    /**
     * XCR0 as XSETBV set it in system mode (reset value 1, SDM Vol. 1 §13.3). A process-mode vCPU
     * does not use this field: Linux owns CR4 and XCR0 there and enables every component the CPU
     * model offers, see {@code Xsave.xcr0}.
     */
    public long xcr0 = XCR0_X87;
    /**
     * XINUSE as XRSTOR leaves it (bit i = state component i): set for the components it loads,
     * cleared for those it initialises, AVX cleared by VZEROUPPER/VZEROALL; {@code Xsave.inUse}
     * also counts any component that is not in its initial configuration.
     */
    public long xinuse = XCR0_X87 | XCR0_SSE | XCR0_AVX;

    /** Real-address mode: system mode with CR0.PE clear (SDM Vol. 3A §20.1). */
    public boolean realMode() {
        return systemMode && (cr0 & CR0_PE) == 0;
    }

    /** Loads a segment register the real-mode way: base = selector * 16, limit and rights unchanged. */
    public void loadRealSegment(Seg seg, int selector) {
        int r = seg.ordinal();
        segSelector[r] = selector & 0xFFFF;
        segBase[r] = (long) (selector & 0xFFFF) << 4;
        if (seg == Seg.FS) fsBase = segBase[r];
        if (seg == Seg.GS) gsBase = segBase[r];
    }

    /**
     * XMM/YMM0..15: four little-endian quadwords per register, ymm[i * 4] lowest. A 17th register
     * (index 16) follows: the scratch operand for running VEX forms through the SSE handlers
     * ({@code exec.VexLegacy}) and for a memory source of translated AVX code ({@code AvxFast.load}),
     * not architectural: what it holds between instructions means nothing.
     */
    public final long[] ymm = new long[17 * 4];
    public int mxcsr = 0x1F80;

    /** x87 control, status (TOP in bits 13:11) and tag word (2 bits per physical register); FNINIT values (SDM Vol. 1 §8.1). */
    public int fpuControl = 0x037F;
    public int fpuStatus;
    public int fpuTag = 0xFFFF;
    /** x87 data registers R0..R7 (physical order; ST(i) is R[(TOP + i) & 7]): sign+exponent and significand. */
    public final int[] fprSe = new int[8];
    public final long[] fprSig = new long[8];

    /** Lazy status flags: kind of the last flag-setting operation ({@link LazyFlags} constants). */
    public int ccOp;
    /** Operand size in bits of the last flag-setting operation. */
    public int ccSize;
    public long ccA, ccB, ccRes, ccAux;

    private long rflags = 0x2;

    /** Full RFLAGS (bit 1 always set). Materialises lazy flags. */
    public long rflags() {
        materializeFlags();
        return rflags | 0x2;
    }

    public void setRflags(long value) {
        ccOp = LazyFlags.NONE;
        rflags = (value | 0x2) & 0x3F7FD7L;
    }

    /** Folds a pending lazy-flag record into the RFLAGS word. */
    public void materializeFlags() {
        if (ccOp != LazyFlags.NONE) {
            rflags = (rflags & ~(long) Flags.STATUS) | LazyFlags.status(this);
            ccOp = LazyFlags.NONE;
        }
    }

    /** The six status flags, without changing the lazy state. */
    public int statusFlags() {
        return ccOp == LazyFlags.NONE ? (int) rflags & Flags.STATUS : LazyFlags.status(this);
    }

    /**
     * Sets all six status flags to {@code bits} and drops any pending lazy record: for an
     * instruction that writes every status flag (COMISD...), so nothing before it needs folding.
     */
    public void replaceStatus(int bits) {
        ccOp = LazyFlags.NONE;
        rflags = (rflags & ~(long) Flags.STATUS) | (bits & Flags.STATUS);
    }

    /** Sets the status flags under {@code mask} to {@code bits}, leaving the others. */
    public void setStatus(int mask, int bits) {
        materializeFlags();
        rflags = (rflags & ~(long) mask) | (bits & mask);
    }

    public boolean cf() {
        return LazyFlags.carry(this);
    }

    /** DF as +1/-1 string stride sign. */
    public boolean df() { return (rflags & Flags.DF) != 0; }

    /** Segment base for a linear-address computation (SDM Vol. 3A §3.4.4: only FS/GS in 64-bit mode). */
    public long segmentBase(Seg seg) {
        return switch (seg) {
            case FS -> fsBase;
            case GS -> gsBase;
            default -> mode == Mode.BITS64 ? 0 : segBase[seg.ordinal()];
        };
    }

    /** Saved lazy-flag record for restoring state when an instruction faults after touching flags. */
    long savedRflags, savedA, savedB, savedRes, savedAux;
    int savedOp, savedSize;

    /** Snapshot of the flag state, taken at an instruction boundary. */
    public void saveFlags() {
        savedRflags = rflags; savedOp = ccOp; savedSize = ccSize;
        savedA = ccA; savedB = ccB; savedRes = ccRes; savedAux = ccAux;
    }

    /** Returns the flag state to the last {@link #saveFlags()} (a faulting instruction commits nothing). */
    public void restoreFlags() {
        rflags = savedRflags; ccOp = savedOp; ccSize = savedSize;
        ccA = savedA; ccB = savedB; ccRes = savedRes; ccAux = savedAux;
    }
}

package dev.jvmx.runtime.cpu;

/**
 * Which chip's real-mode behaviour the vCPU follows. Each quirk is a field here, read by the
 * shared semantics, never a per-chip copy of a handler (STYLE: "mode is a field").
 *
 * <table>
 *   <caption>quirks</caption>
 *   <tr><th>quirk</th><th>8086</th><th>80286</th><th>modern</th></tr>
 *   <tr><td>physical address bits ({@link #physicalMask})</td><td>20 (wraps at 1 MiB)</td><td>24</td><td>A20 gate of the platform</td></tr>
 *   <tr><td>FLAGS bits 12..15 as PUSHF stores them ({@link #flagsFixedOnes})</td><td>1111b</td><td>0000b in real mode</td><td>0 (IOPL/NT)</td></tr>
 *   <tr><td>PUSH SP ({@link #pushSpDecremented})</td><td>pushes SP-2 (the new value)</td><td>pushes the old SP</td><td>old SP</td></tr>
 *   <tr><td>shift/rotate count ({@link #shiftCountMask})</td><td>whole CL (up to 255)</td><td>masked to 5 bits</td><td>5 bits</td></tr>
 *   <tr><td>#DE return address ({@link #divideErrorTrap})</td><td>past the DIV (trap-like)</td><td>the DIV itself (fault)</td><td>fault</td></tr>
 *   <tr><td>word at offset FFFFh ({@link #wordWrapsInSegment})</td><td>second byte at offset 0</td><td>#GP / #SS (segment overrun, SDM Vol. 3A §20.1.5)</td><td>#GP / #SS</td></tr>
 *   <tr><td>OF after multi-bit shifts ({@link #iterativeShiftFlags})</td><td>from the last step</td><td>from the last step</td><td>from the first step</td></tr>
 *   <tr><td>longest instruction ({@link #maxInstructionLength})</td><td>no limit</td><td>10 bytes, then #GP(0)</td><td>15</td></tr>
 *   <tr><td>8086 opcode aliases ({@link #opcodeAliases})</td><td>60-6F = Jcc, C0/C1 = RET, C8/C9 = RETF, 0F = POP CS, ...</td><td>no</td><td>no</td></tr>
 * </table>
 * Sources: Intel 8086 Family User's Manual (1979) ch. 2; iAPX 286 Programmer's Reference, App. C
 * "8086/8088 compatibility"; SDM Vol. 3A §22.12 / §20.1 (the IA-32 differences from 8086/286).
 */
public enum CpuGeneration {
    I8086(0xF_FFFFL, 0xF000, true, 0xFF, true, true, true, true, 15),
    I80286(0xFF_FFFFL, 0x0000, false, 0x1F, false, false, false, true, 10),
    MODERN(0xFFFF_FFFF_FFFFL, 0x0000, false, 0x1F, false, false, false, false, 15);

    /** Physical address bits driven onto the bus (SDM Vol. 3A §22.33, 8086 address wraparound). */
    public final long physicalMask;
    /** FLAGS bits 12..15 read as these values (PUSHF, interrupt frames). */
    public final int flagsFixedOnes;
    /** 8086: PUSH SP stores the already-decremented SP (SDM Vol. 3A §22.30.1). */
    public final boolean pushSpDecremented;
    /** Mask applied to shift/rotate counts (SDM Vol. 3A §22.15: the 8086 does not mask). */
    public final int shiftCountMask;
    /** 8086: the #DE frame points past the DIV/IDIV (SDM Vol. 3A §22.21: "saved CS:IP points to the next instruction"). */
    public final boolean divideErrorTrap;
    /** 8086: a word at segment offset FFFFh wraps to offset 0 (SDM Vol. 3A §22.29, segment wraparound). */
    public final boolean wordWrapsInSegment;
    /** 8086 opcode aliases and undocumented forms (see {@code exec.Aliases8086}). */
    public final boolean opcodeAliases;
    /**
     * Microcoded chips shift one bit per step, so OF of a multi-bit shift/rotate is that of the last
     * step: MSB(result) xor CF for left shifts and rotates, MSB(result) xor the bit below for right
     * ones (SingleStepTests 8086/80286 captures; SDM leaves OF undefined for counts above 1).
     */
    public final boolean iterativeShiftFlags;
    /**
     * Longest instruction (prefixes included) before #GP(0): 10 bytes on the 80286 (iAPX 286
     * Programmer's Reference §B "instruction length limit"), 15 on the 386 and later (SDM Vol. 2A
     * §2.3.11). The 8086 has no limit: it applies every prefix (the decoder's 15 is the model's cap).
     */
    public final int maxInstructionLength;

    CpuGeneration(long physicalMask, int flagsFixedOnes, boolean pushSpDecremented, int shiftCountMask,
            boolean divideErrorTrap, boolean wordWrapsInSegment, boolean opcodeAliases, boolean iterativeShiftFlags, int maxInstructionLength) {
        this.iterativeShiftFlags = iterativeShiftFlags;
        this.maxInstructionLength = maxInstructionLength;
        this.physicalMask = physicalMask;
        this.flagsFixedOnes = flagsFixedOnes;
        this.pushSpDecremented = pushSpDecremented;
        this.shiftCountMask = shiftCountMask;
        this.divideErrorTrap = divideErrorTrap;
        this.wordWrapsInSegment = wordWrapsInSegment;
        this.opcodeAliases = opcodeAliases;
    }

    /** FLAGS bits that exist on this chip in real mode (8086/286: no bits above 15). */
    public long flagsMask() {
        return this == MODERN ? 0x3F_7FD7L : 0x0FD5L;
    }
}

package dev.jvmx.x86;

/** Prefix bits recorded in {@link Instruction#prefixes()}. */
public final class Prefix {
    private Prefix() {}

    public static final int LOCK = 1;
    /** F3 */
    public static final int REP = 1 << 1;
    /** F2 */
    public static final int REPNE = 1 << 2;
    /** 66 */
    public static final int OPSIZE = 1 << 3;
    /** 67 */
    public static final int ADDRSIZE = 1 << 4;
    public static final int REX = 1 << 5;
    public static final int REX_W = 1 << 6;
    public static final int VEX = 1 << 7;
    public static final int EVEX = 1 << 8;
    /** A segment override prefix was present (the segment itself is in {@link Operand.Mem#seg()}). */
    public static final int SEG = 1 << 9;
    /** VEX.L was 1 (256-bit vector length, SDM Vol. 2A §2.3.6.2). */
    public static final int VEX_L = 1 << 10;
}

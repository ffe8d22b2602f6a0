package dev.jvmx.testsuites.singlestep;

/**
 * The chip a test set was captured on, and how that changes running and comparing it.
 * <ul>
 *   <li>8086: physical addresses are 20 bits (they wrap at 1 MiB); a test runs exactly one
 *       instruction; all 16 FLAGS bits are compared (bits 12..15 read as 1 on the 8086);</li>
 *   <li>80286: 24-bit physical addresses; every test is the instruction followed by HLT, run until
 *       the HLT (the final IP is past it); in real mode IOPL and NT (bits 12..15) are masked.</li>
 * </ul>
 */
public enum CpuKind {
    I8086(0xF_FFFF, StopAt.ONE_INSTRUCTION, 0xFFFF),
    I80286(0xFF_FFFF, StopAt.HLT, 0x0FFF);

    /** How a test is run. */
    public enum StopAt { ONE_INSTRUCTION, HLT }

    private final int addressMask;
    private final StopAt stopAt;
    private final int flagsMask;

    CpuKind(int addressMask, StopAt stopAt, int flagsMask) {
        this.addressMask = addressMask;
        this.stopAt = stopAt;
        this.flagsMask = flagsMask;
    }

    /** Physical address bits of the chip's bus. */
    public int addressMask() { return addressMask; }

    public StopAt stopAt() { return stopAt; }

    /** FLAGS bits compared for every test of this chip (before the opcode's own mask). */
    public int flagsMask() { return flagsMask; }

    /** Parses {@code 8086} or {@code 80286} (also {@code 286}). */
    public static CpuKind parse(String s) {
        return switch (s.trim()) {
            case "8086", "8088" -> I8086;
            case "80286", "286" -> I80286;
            default -> throw new IllegalArgumentException("unknown CPU " + s + " (8086 or 80286)");
        };
    }

    public String label() {
        return this == I8086 ? "8086" : "80286";
    }
}

package dev.jvmx.runtime.machine.boot;

/** The operating mode a loader leaves the CPU in (also the {@code --mode} of a flat binary). */
public enum CpuMode {
    /** Real-address mode: CR0.PE = 0. */
    REAL,
    /** Protected mode, paging off, flat 32-bit segments. */
    PROTECTED,
    /** IA-32e 64-bit mode with identity-mapped paging. */
    LONG;

    /** Parses {@code real}, {@code protected} or {@code long}. */
    public static CpuMode parse(String s) {
        return valueOf(s.trim().toUpperCase(java.util.Locale.ROOT));
    }
}

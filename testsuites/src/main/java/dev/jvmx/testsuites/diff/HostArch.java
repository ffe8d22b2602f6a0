package dev.jvmx.testsuites.diff;

/**
 * Which build of the native harness runs the cases: a 64-bit process (snippets in 64-bit mode)
 * or a {@code gcc -m32} process (snippets in 32-bit protected mode under the same kernel, so
 * only EAX..EDI and XMM0–7 exist; the other fields of a {@link MachineState} stay zero).
 */
public enum HostArch {
    X86_64(64, ""),
    I386(32, "-m32");

    private final int bits;
    private final String gccFlag;

    HostArch(int bits, String gccFlag) {
        this.bits = bits;
        this.gccFlag = gccFlag;
    }

    public int bits() {
        return bits;
    }

    /** The frontend-x86 decoding mode of the harness's snippets. */
    public dev.jvmx.x86.Mode mode() {
        return bits == 64 ? dev.jvmx.x86.Mode.BITS64 : dev.jvmx.x86.Mode.BITS32;
    }

    /** The general-purpose registers the mode has: 16 or 8. */
    public int gprCount() {
        return bits == 64 ? 16 : 8;
    }

    /** The gcc option selecting this architecture, empty for the default. */
    String gccFlag() {
        return gccFlag;
    }
}

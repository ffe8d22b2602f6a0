package dev.jvmx.runtime.mem;

/**
 * Page permissions, with the bit values of Linux {@code PROT_*} (so system calls pass them through).
 * On x86 every mapped page is readable: {@code PROT_WRITE} and {@code PROT_EXEC} imply read access
 * (no protection keys), and only {@code PROT_EXEC} pages may be fetched from (NX, SDM Vol. 3A §4.6).
 */
public final class Prot {
    public static final int NONE = 0, READ = 1, WRITE = 2, EXEC = 4;
    public static final int RW = READ | WRITE, RX = READ | EXEC, RWX = READ | WRITE | EXEC;

    private Prot() {}

    /** "r-x" style, as in /proc/self/maps. */
    public static String toString(int prot) {
        return ((prot & READ) != 0 ? "r" : "-") + ((prot & WRITE) != 0 ? "w" : "-") + ((prot & EXEC) != 0 ? "x" : "-");
    }
}

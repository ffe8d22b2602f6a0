package dev.jvmx.testsuites.singlestep;

/**
 * Registers and memory bytes of a test's initial or final state. Memory is a list of
 * (physical address, byte) pairs: in the initial state the bytes to write, in the final state
 * the bytes to check. {@code regMask} (MOO RMSK in the final state) masks registers per test:
 * bits outside it are undefined; null when the test has none.
 */
public record CpuSnapshot(Registers16 regs, int[] addresses, int[] values, int[] regMask) {
    public int ramSize() {
        return addresses.length;
    }
}

package dev.jvmx.runtime.exec;

/**
 * The vCPU's side of the I/O address space in system mode (IN, OUT, INS, OUTS) and MSRs: a machine vCPU
 * forwards these to its monitor as I/O exits (SDM Vol. 3C §26.1.3, exit reason 30); a test CPU may
 * model an empty bus. Sizes are in bytes (1, 2, 4).
 */
public interface SystemBus {
    long in(int port, int size);

    void out(int port, int size, long value);

    /** RDMSR of {@code msr} (SDM Vol. 4); by default the MSR does not exist: #GP(0). */
    default long rdmsr(int msr) {
        throw dev.jvmx.runtime.mem.GuestFault.of(dev.jvmx.runtime.mem.GuestFault.GP, 0);
    }

    /** WRMSR; by default #GP(0). */
    default void wrmsr(int msr, long value) {
        throw dev.jvmx.runtime.mem.GuestFault.of(dev.jvmx.runtime.mem.GuestFault.GP, 0);
    }

    /**
     * CPUID as the platform answers it (the CPUID exit, SDM Vol. 3C §26.1.2: APIC IDs and
     * topology are the platform's), or null to answer from the vCPU's {@code CpuModel}.
     */
    default int[] cpuid(int leaf, int subleaf) {
        return null;
    }

    /** An ISA bus with nothing on it: reads float high (all ones), writes vanish. */
    SystemBus EMPTY = new SystemBus() {
        @Override
        public long in(int port, int size) {
            return size == 1 ? 0xFF : size == 2 ? 0xFFFF : 0xFFFF_FFFFL;
        }

        @Override
        public void out(int port, int size, long value) {
        }
    };
}

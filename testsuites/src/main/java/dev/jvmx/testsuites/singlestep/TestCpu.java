package dev.jvmx.testsuites.singlestep;

/**
 * The CPU under test, as the runner drives it for each test:
 * <pre>
 *   reset(kind); setRegisters(initial); writeMemory(a, v)...; run(kind.stopAt(), limit);
 *   registers(); readMemory(a)...
 * </pre>
 * Addresses are physical and already wrapped to the chip's bus ({@link CpuKind#addressMask()});
 * the CPU must wrap its own segment:offset arithmetic the same way (20 bits on the 8086, 24 bits
 * on the 80286 — where real mode can reach 0x10FFEF). Only bytes a test lists are ever read
 * back, so an implementation may keep memory sparse and forget it on {@link #reset}.
 *
 * <p>CONTRACT between the conformance runner (here) and the CPU engineer's real-mode model.
 */
public interface TestCpu {
    /** Starts a test afresh: real mode, the CPU model of {@code kind}, memory empty. */
    void reset(CpuKind kind);

    /** Loads all 14 registers (FLAGS as the chip pushes it). */
    void setRegisters(Registers16 regs);

    void writeMemory(int physicalAddress, int value);

    /**
     * Runs the test: {@link CpuKind.StopAt#ONE_INSTRUCTION} executes one instruction with its
     * prefixes (a REP string instruction to completion); {@link CpuKind.StopAt#HLT} runs until a
     * HLT has executed (IP past it). Exceptions and interrupts are delivered through the real-mode
     * IVT as the chip does. At most {@code maxInstructions} instructions run. May throw: the test
     * then fails with the exception's message.
     */
    void run(CpuKind.StopAt stop, int maxInstructions);

    /** All 14 registers after the run. */
    Registers16 registers();

    int readMemory(int physicalAddress);
}

package dev.jvmx.testsuites.singlestep;

/**
 * One test of a SingleStepTests file: an instruction, the state before it and the state the real
 * chip left after it. {@code exception} is set when the instruction raised an exception or
 * interrupt (80286 sets): its number and where the pushed FLAGS word lies in memory.
 */
public record SingleStepTest(int index, String name, byte[] bytes, CpuSnapshot initial, CpuSnapshot expected,
        ExceptionInfo exception, String hash) {

    /** The 286 EXCP chunk / JSON {@code exception} object. */
    public record ExceptionInfo(int number, int flagAddress) { }
}

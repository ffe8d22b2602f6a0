package dev.jvmx.translator;

/**
 * Per translation: for each instruction index, the guest address RIP goes back to when an inline
 * form faults there. Generated code keeps the index of the instruction in progress in a local and
 * hands it to {@link BlockSupport#fault}. Inline forms fault before they write flags or registers,
 * so RIP is all there is to roll back; instructions run through {@code Interpreter.step} roll
 * themselves back.
 */
public record FaultMap(long[] addresses) {}

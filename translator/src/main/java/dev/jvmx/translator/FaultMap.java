package dev.jvmx.translator;

/**
 * Per translation: for each instruction index a generated method can fault at, the guest address
 * RIP goes back to and whether the instruction saved the flags first (so a fault restores them).
 * Generated code keeps the index of the instruction in progress in a local and hands it here.
 */
public record FaultMap(long[] addresses, boolean[] restoresFlags) {}

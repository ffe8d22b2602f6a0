package dev.jvmx.translator;

import dev.jvmx.x86.Instruction;

/**
 * One guest block as emitted into a method: its instructions, and whether they are the whole
 * block. Other code of the same method may jump to a whole segment's start (region chaining, a
 * block looping on itself); a cut one (a prefix kept to respect the bytecode cap) is only entered
 * at the top of the method.
 */
record Segment(Instruction[] instructions, boolean whole) {
    long start() { return instructions[0].address(); }

    int length() { return instructions.length; }
}

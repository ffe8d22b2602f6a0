package dev.jvmx.runtime.machine.apic;

/** A 256-bit vector register (IRR, ISR, TMR): eight 32-bit words, vector v at word v/32 bit v%32. */
final class ApicVectors {
    private final int[] words = new int[8];

    void set(int v) { words[v >>> 5] |= 1 << (v & 31); }

    void clear(int v) { words[v >>> 5] &= ~(1 << (v & 31)); }

    void clear() { java.util.Arrays.fill(words, 0); }

    boolean get(int v) { return (words[v >>> 5] & (1 << (v & 31))) != 0; }

    int word(int i) { return words[i]; }

    /** The highest set vector, or -1. */
    int highest() {
        for (int i = 7; i >= 0; i--) {
            if (words[i] != 0) return i * 32 + 31 - Integer.numberOfLeadingZeros(words[i]);
        }
        return -1;
    }
}

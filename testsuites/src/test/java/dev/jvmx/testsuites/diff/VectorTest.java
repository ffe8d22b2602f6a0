package dev.jvmx.testsuites.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class VectorTest {

    @Test
    void trapNumberWinsWhenConsistentWithTheSignal() {
        assertEquals(Vector.DE, Vector.of(Vector.SIGFPE, 1, 0));
        assertEquals(Vector.XM, Vector.of(Vector.SIGFPE, 7, 19));
        assertEquals(Vector.MF, Vector.of(Vector.SIGFPE, 7, 16));
        assertEquals(Vector.GP, Vector.of(Vector.SIGSEGV, 0x80, 13));
        assertEquals(Vector.PF, Vector.of(Vector.SIGSEGV, 1, 14));
        assertEquals(Vector.UD, Vector.of(Vector.SIGILL, 2, 6));
        assertEquals(Vector.BP, Vector.of(Vector.SIGTRAP, 0x80, 3));
    }

    @Test
    void signalAloneGivesTheLikeliestVector() {
        // a stale trap number (14 left from an earlier fault) must not turn #UD into #PF
        assertEquals(Vector.UD, Vector.of(Vector.SIGILL, 2, 14));
        assertEquals(Vector.DE, Vector.guess(Vector.SIGFPE, 1));
        assertEquals(Vector.XM, Vector.guess(Vector.SIGFPE, 3));
        assertEquals(Vector.GP, Vector.guess(Vector.SIGSEGV, 0x80));
        assertEquals(Vector.PF, Vector.guess(Vector.SIGSEGV, 2));
        assertEquals(Vector.AC, Vector.guess(Vector.SIGBUS, 1));
        assertEquals(Vector.DB, Vector.guess(Vector.SIGTRAP, 2));
        assertEquals(Vector.UNKNOWN, Vector.guess(Vector.SIGALRM, 0));
        assertEquals(Vector.UNKNOWN, Vector.ofNumber(2));
        assertEquals(14, Vector.PF.number());
    }
}

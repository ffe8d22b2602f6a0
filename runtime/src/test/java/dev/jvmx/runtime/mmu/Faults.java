package dev.jvmx.runtime.mmu;

import static dev.jvmx.runtime.mmu.PagingContext.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.jvmx.runtime.mem.GuestFault;
import org.junit.jupiter.api.function.Executable;

/** Test vocabulary: flag words as in the SDM tables, expected outcomes as error-code words. */
final class Faults {
    private Faults() {}

    /** "P W U XD A D G" -> entry bits. */
    static long entryFlags(String words) {
        long v = 0;
        for (String w : words.trim().split("\\s+")) {
            v |= switch (w) {
                case "P" -> PageTables.P;
                case "W" -> PageTables.W;
                case "U" -> PageTables.U;
                case "XD" -> PageTables.XD;
                case "A" -> PageTables.A;
                case "D" -> PageTables.D;
                case "G" -> PageTables.G;
                case "-" -> 0;
                default -> throw new IllegalArgumentException(w);
            };
        }
        return v;
    }

    /** "P+W+U+RSVD+I+PK" (or with |) -> error code; "0" -> 0. */
    static int errorCode(String words) {
        int v = 0;
        for (String w : words.trim().split("[|+]")) {
            v |= switch (w) {
                case "0" -> 0;
                case "P" -> PageFaults.P;
                case "W" -> PageFaults.W;
                case "U" -> PageFaults.U;
                case "RSVD" -> PageFaults.RSVD;
                case "I" -> PageFaults.I;
                case "PK" -> PageFaults.PK;
                default -> throw new IllegalArgumentException(w);
            };
        }
        return v;
    }

    /** Applies control words "WP SMEP SMAP AC NONXE PKE" to the rig, through the Mmu hooks. */
    static void controls(Rig r, String words) {
        for (String w : words.trim().split("\\s+")) {
            switch (w) {
                case "WP" -> r.setCr0(r.cr0 | CR0_WP);
                case "SMEP" -> r.setCr4(r.cr4 | CR4_SMEP);
                case "SMAP" -> r.setCr4(r.cr4 | CR4_SMAP);
                case "PKE" -> r.setCr4(r.cr4 | CR4_PKE);
                case "AC" -> r.ac = true;
                case "NONXE" -> r.setEfer(r.efer & ~EFER_NXE);
                case "-", "IMPL" -> { }
                default -> throw new IllegalArgumentException(w);
            }
        }
    }

    /** Performs one access of {@code kind} at {@code la} (system view if implicit). */
    static void access(Rig r, long la, AccessKind kind, boolean implicit) {
        var m = implicit ? r.mmu.system() : r.mmu;
        switch (kind) {
            case READ -> m.read32(la);
            case WRITE -> m.write32(la, 0x1234_5678);
            case FETCH -> m.fetch(la, new byte[4], 0, 4);
        }
    }

    /** Asserts the outcome: "ok", or a #PF with that error code and CR2 = {@code la}. */
    static void expect(String outcome, long la, Executable action) {
        if (outcome.trim().equals("ok")) {
            assertDoesNotThrow(action);
            return;
        }
        GuestFault f = assertThrows(GuestFault.class, action);
        assertEquals(GuestFault.PF, f.vector());
        assertEquals(PageFaults.describe(errorCode(outcome)), PageFaults.describe(f.errorCode()));
        assertEquals(la, f.address());
    }
}

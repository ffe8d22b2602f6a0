package dev.jvmx.runtime.mmu;

import static dev.jvmx.runtime.mmu.PageTables.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Access rights and #PF error codes, SDM Vol. 3A §4.6 and §4.7. Each row: paging mode, flags of
 * the leaf entry (upper levels P W U), CPL, access, controls (WP SMEP SMAP AC NONXE; IMPL = an
 * implicit supervisor access), expected outcome: "ok" or the error code.
 */
class PermissionTest {
    static final long LA = 0x0040_3ABCL & ~3;

    @ParameterizedTest(name = "{0} [{1}] cpl{2} {3} [{4}] -> {5}")
    @CsvSource(delimiter = '|', textBlock = """
        # mode | leaf      | cpl | access | controls    | expected
        # user-mode accesses (§4.6.1)
        LEVEL4 | P W U     | 3   | READ   | -           | ok
        LEVEL4 | P W U     | 3   | WRITE  | -           | ok
        LEVEL4 | P W U     | 3   | FETCH  | -           | ok
        LEVEL4 | P U       | 3   | WRITE  | -           | P+W+U
        LEVEL4 | P U       | 3   | WRITE  | WP          | P+W+U
        LEVEL4 | P W       | 3   | READ   | -           | P+U
        LEVEL4 | P W       | 3   | WRITE  | -           | P+W+U
        LEVEL4 | P W       | 3   | FETCH  | -           | P+U+I
        LEVEL4 | P W U XD  | 3   | FETCH  | -           | P+U+I
        LEVEL4 | P W U XD  | 3   | READ   | -           | ok
        LEVEL4 | -         | 3   | READ   | -           | U
        LEVEL4 | -         | 3   | WRITE  | -           | W+U
        LEVEL4 | -         | 3   | FETCH  | -           | U+I
        # supervisor-mode accesses: CR0.WP
        LEVEL4 | P         | 0   | WRITE  | -           | ok
        LEVEL4 | P         | 0   | WRITE  | WP          | P+W
        LEVEL4 | P U       | 0   | WRITE  | -           | ok
        LEVEL4 | P U       | 0   | WRITE  | WP          | P+W
        LEVEL4 | P W       | 0   | WRITE  | WP          | ok
        LEVEL4 | P W       | 1   | READ   | -           | ok
        LEVEL4 | P W       | 2   | FETCH  | -           | ok
        LEVEL4 | -         | 0   | WRITE  | -           | W
        # NX (XD): execute-disable with EFER.NXE; a reserved bit without it
        LEVEL4 | P W XD    | 0   | FETCH  | -           | P+I
        LEVEL4 | P W XD    | 0   | READ   | -           | ok
        LEVEL4 | P W XD    | 0   | FETCH  | NONXE       | P+RSVD
        LEVEL4 | P W XD    | 0   | READ   | NONXE       | P+RSVD
        LEVEL4 | -         | 0   | FETCH  | NONXE       | 0
        LEVEL4 | -         | 0   | FETCH  | NONXE SMEP  | I
        # SMEP
        LEVEL4 | P W U     | 0   | FETCH  | -           | ok
        LEVEL4 | P W U     | 0   | FETCH  | SMEP        | P+I
        LEVEL4 | P W       | 0   | FETCH  | SMEP        | ok
        LEVEL4 | P W U     | 3   | FETCH  | SMEP        | ok
        # SMAP with RFLAGS.AC and implicit supervisor accesses
        LEVEL4 | P W U     | 0   | READ   | SMAP        | P
        LEVEL4 | P W U     | 0   | WRITE  | SMAP        | P+W
        LEVEL4 | P W U     | 0   | READ   | SMAP AC     | ok
        LEVEL4 | P W U     | 0   | WRITE  | SMAP AC     | ok
        LEVEL4 | P U       | 0   | WRITE  | SMAP AC WP  | P+W
        LEVEL4 | P U       | 0   | WRITE  | SMAP AC     | ok
        LEVEL4 | P W U     | 0   | READ   | SMAP AC IMPL| P
        LEVEL4 | P W U     | 3   | READ   | SMAP AC IMPL| P
        LEVEL4 | P W U     | 3   | READ   | IMPL        | ok
        LEVEL4 | P W       | 3   | READ   | IMPL        | ok
        LEVEL4 | P W       | 3   | WRITE  | SMAP IMPL WP| ok
        LEVEL4 | P         | 3   | WRITE  | IMPL WP     | P+W
        LEVEL4 | P W U     | 3   | READ   | SMAP        | ok
        LEVEL4 | P W       | 0   | READ   | SMAP        | ok
        # PAE: same rules, XD present
        PAE    | P U       | 3   | WRITE  | -           | P+W+U
        PAE    | P W       | 3   | READ   | -           | P+U
        PAE    | P W U XD  | 3   | FETCH  | -           | P+U+I
        PAE    | P W XD    | 0   | FETCH  | NONXE       | P+RSVD
        PAE    | P W U     | 0   | FETCH  | SMEP        | P+I
        PAE    | P W U     | 0   | READ   | SMAP        | P
        PAE    | -         | 0   | FETCH  | -           | I
        # 32-bit paging: no XD; I/D only with SMEP
        BITS32 | P U       | 3   | WRITE  | -           | P+W+U
        BITS32 | P W       | 3   | FETCH  | -           | P+U
        BITS32 | P W       | 3   | FETCH  | SMEP        | P+U+I
        BITS32 | P         | 0   | WRITE  | WP          | P+W
        BITS32 | P         | 0   | WRITE  | -           | ok
        BITS32 | -         | 0   | FETCH  | -           | 0
        BITS32 | P W U     | 0   | FETCH  | SMEP        | P+I
        BITS32 | P W U     | 0   | WRITE  | SMAP        | P+W
        """)
    void leafRights(PagingMode mode, String leaf, int cpl, AccessKind access, String controls, String expected) {
        Rig r = new Rig(mode);
        r.pt.map(LA, 0x40_0000L, 12, Faults.entryFlags(leaf));
        Faults.controls(r, controls);
        r.cpl = cpl;
        boolean implicit = controls.contains("IMPL");
        r.mem.writePhys(0x40_0000L + (LA & 0xFFF), 4, 0xC3C3_C3C3L);
        Faults.expect(expected, LA, () -> Faults.access(r, LA, access, implicit));
        long stored = r.mem.readPhys(0x40_0000L + (LA & 0xFFF), 4);
        boolean wrote = access == AccessKind.WRITE && expected.equals("ok");
        assertEquals(wrote ? 0x1234_5678L : 0xC3C3_C3C3L, stored, "memory after the access");
    }

    /** Rights are combined over every level (§4.6.1): R/W and U/S ANDed, XD ORed. */
    @ParameterizedTest(name = "{0} level {1} without [{2}]: cpl{3} {4} -> {5}")
    @CsvSource(delimiter = '|', textBlock = """
        LEVEL4 | 4 | W  | 3 | WRITE | P+W+U
        LEVEL4 | 3 | W  | 3 | WRITE | P+W+U
        LEVEL4 | 2 | W  | 3 | WRITE | P+W+U
        LEVEL4 | 4 | U  | 3 | READ  | P+U
        LEVEL4 | 3 | U  | 3 | READ  | P+U
        LEVEL4 | 2 | U  | 3 | READ  | P+U
        LEVEL4 | 4 | XD | 3 | FETCH | P+U+I
        LEVEL4 | 2 | XD | 0 | FETCH | P+I
        LEVEL4 | 3 | W  | 0 | WRITE | ok
        LEVEL4 | 4 | P  | 3 | READ  | U
        LEVEL4 | 3 | P  | 0 | WRITE | W
        PAE    | 2 | W  | 3 | WRITE | P+W+U
        PAE    | 2 | U  | 3 | READ  | P+U
        PAE    | 2 | XD | 0 | FETCH | P+I
        BITS32 | 2 | W  | 3 | WRITE | P+W+U
        BITS32 | 2 | U  | 3 | READ  | P+U
        BITS32 | 2 | P  | 3 | READ  | U
        """)
    void rightsCombineAcrossLevels(PagingMode mode, int level, String flag, int cpl, AccessKind access,
            String expected) {
        Rig r = new Rig(mode);
        r.pt.map(LA, 0x40_0000L, 12, P | W | U);
        long bit = Faults.entryFlags(flag);
        if (bit == XD) r.pt.orEntry(LA, level, XD);
        else r.pt.andEntry(LA, level, ~bit);
        r.cpl = cpl;
        Faults.expect(expected, LA, () -> Faults.access(r, LA, access, false));
    }
}

package dev.jvmx.runtime.mmu;

import static dev.jvmx.runtime.mmu.PageTables.*;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Protection keys (SDM Vol. 3A §4.6.2, PK bit §4.7): 4-level paging, CR4.PKE, user-mode pages,
 * data accesses only. Row: leaf flags, key, PKRU, CPL, access, controls, expected.
 */
class ProtectionKeyTest {
    static final long LA = 0x0000_7000_0000_3000L;

    @ParameterizedTest(name = "[{0}] key {1} PKRU {2} cpl{3} {4} [{5}] -> {6}")
    @CsvSource(delimiter = '|', textBlock = """
        # leaf  | key | pkru     | cpl | access | controls | expected
        P W U   | 1   | 00000000 | 3   | WRITE  | PKE      | ok
        P W U   | 1   | 00000004 | 3   | READ   | PKE      | P+U+PK
        P W U   | 1   | 00000004 | 3   | WRITE  | PKE      | P+W+U+PK
        P W U   | 1   | 00000004 | 3   | FETCH  | PKE      | ok
        P W U   | 1   | 00000008 | 3   | READ   | PKE      | ok
        P W U   | 1   | 00000008 | 3   | WRITE  | PKE      | P+W+U+PK
        P W U   | 1   | 00000008 | 0   | WRITE  | PKE      | ok
        P W U   | 1   | 00000008 | 0   | WRITE  | PKE WP   | P+W+PK
        P W U   | 1   | 00000004 | 0   | READ   | PKE      | P+PK
        P W U   | 1   | 00000004 | 3   | READ   | -        | ok
        P W U   | 2   | 00000004 | 3   | READ   | PKE      | ok
        P W U   | 15  | 40000000 | 3   | READ   | PKE      | P+U+PK
        P U     | 1   | 00000008 | 3   | WRITE  | PKE      | P+W+U+PK
        P U     | 1   | 00000000 | 3   | WRITE  | PKE      | P+W+U
        P W     | 1   | 00000004 | 0   | READ   | PKE      | ok
        P W     | 1   | 00000004 | 3   | READ   | PKE      | P+U
        """)
    void protectionKeys(String leaf, int key, String pkru, int cpl, AccessKind access, String controls, String expected) {
        Rig r = new Rig(PagingMode.LEVEL4);
        r.pt.map(LA, 0x40_0000L, 12, Faults.entryFlags(leaf) | (long) key << 59);
        Faults.controls(r, controls);
        r.setPkru(Integer.parseUnsignedInt(pkru, 16));
        r.cpl = cpl;
        Faults.expect(expected, LA, () -> Faults.access(r, LA, access, false));
    }
}

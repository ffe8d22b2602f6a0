package dev.jvmx.runtime.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jvmx.runtime.mem.GuestFault;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * An SSE or VEX store across a page end whose second page faults writes nothing (SDM Vol. 3A §6.6: the
 * state before the faulting instruction; {@code mem.SplitStore}): in {@link StringBulkTest}'s
 * layout the page at {@code RO} is read-only, and the bytes before it must keep the pattern, with
 * the software TLB and without. The same store into a writable page writes every byte.
 */
class SplitStoreTest {
    private static final long FILL = 0x1111_2222_3333_4444L;

    @Test
    void aVectorStoreWhoseSecondPageFaultsWritesNothing() {
        for (String store : new String[] {"vmovdqu [rdi], ymm0", "vmovdqu [rdi+8], xmm0", "vmovups [rdi+4], ymm0",
                "movdqu [rdi+8], xmm0", "movups [rdi+12], xmm0", "vextractf128 [rdi+8], ymm0, 1", "fld1\nfstp tword [rdi+10]"}) {
            for (boolean bulk : new boolean[] {true, false}) {
                StringBulkTest.Run r = run("mov rdi, " + (StringBulkTest.RO - 16) + "\n" + store + "\nhlt", bulk);
                assertNotNull(r.exit().fault(), store + ": " + r.exit());
                assertEquals(GuestFault.PF, r.exit().fault().vector(), store);
                assertEquals(StringBulkTest.RO, r.exit().fault().address(), store + ": the fault is the read-only page's");
                assertEquals(GuestFault.PF_W, r.exit().fault().errorCode() & GuestFault.PF_W, store + ": a write fault");
                byte[] pattern = StringBulkTest.run("64", "hlt", bulk, s -> { }).data();
                int at = (int) (StringBulkTest.RO - 16 - StringBulkTest.DATA);
                assertArrayEquals(Arrays.copyOfRange(pattern, at, at + 16), Arrays.copyOfRange(r.data(), at, at + 16),
                        store + (bulk ? "" : " (no software TLB)") + ": the bytes before the read-only page changed");
            }
        }
    }

    @Test
    void aVexStoreAcrossTwoWritablePagesWritesEveryByte() {
        StringBulkTest.Run r = run("mov rdi, " + (StringBulkTest.DATA + 4096 - 16) + "\nvmovdqu [rdi], ymm0\nhlt", true);
        int at = (int) (4096 - 16);
        for (int k = 0; k < 32; k++) assertEquals((byte) (FILL >>> (8 * (k % 8))), r.data()[at + k], "byte " + k);
    }

    private static StringBulkTest.Run run(String asm, boolean bulk) {
        assumeTrue(Nasm.available(), "nasm not found: split store tests skipped");
        return StringBulkTest.run("64", asm, bulk, s -> Arrays.fill(s.ymm, 0, 4, FILL));
    }
}

package dev.jvmx.runtime.mmu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** SDM Vol. 3A Table 4-1: the paging mode from CR0.PG, CR4.PAE, EFER.LME. */
class PagingModeTest {
    @ParameterizedTest(name = "PG={0} PAE={1} LME={2} -> {3}")
    @CsvSource({
        "0, 0, 0, NONE", "0, 1, 1, NONE", "1, 0, 0, BITS32", "1, 1, 0, PAE", "1, 1, 1, LEVEL4",
    })
    void modeFromControlBits(int pg, int pae, int lme, PagingMode expected) {
        long cr0 = pg == 1 ? PagingContext.CR0_PG | PagingContext.CR0_PE : PagingContext.CR0_PE;
        long cr4 = pae == 1 ? PagingContext.CR4_PAE : 0;
        long efer = lme == 1 ? PagingContext.EFER_LME : 0;
        assertEquals(expected, PagingMode.of(cr0, cr4, efer));
    }

    @org.junit.jupiter.api.Test
    void snapshotOfAContext() {
        PagingRegisters regs = new PagingRegisters(PagingContext.CR0_PG | PagingContext.CR0_PE, 0x1000 | 5,
                PagingContext.CR4_PAE | PagingContext.CR4_PCIDE, PagingContext.EFER_LME, 3, false, 0);
        assertEquals(PagingMode.LEVEL4, PagingMode.of(regs));
        assertEquals(5, PagingControls.of(regs).pcid());
        assertEquals(0, PagingControls.of(regs.withCr4(PagingContext.CR4_PAE)).pcid());
        assertEquals(PagingMode.PAE, PagingMode.of(regs.withEfer(0)));
        assertEquals(regs, PagingRegisters.of(regs));
    }
}

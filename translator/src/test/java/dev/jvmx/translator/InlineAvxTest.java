package dev.jvmx.translator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.exec.Interpreter;
import dev.jvmx.runtime.mem.GuestFault;
import dev.jvmx.x86.Instruction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link InlineAvx} beyond the tier differential snippets ({@link AvxSnippets}): the forms really
 * are inline (no interpreter call in the listing), and the run-time half of the VEX #UD gate
 * (CR4.OSXSAVE, XCR0 in system mode) holds in translated code as in the interpreter.
 */
class InlineAvxTest {
    /** One of each inline shape, ending in a jump (no handler call needed to end the block). */
    static final String INLINE_ONLY = """
            vmovdqu ymm1, [rsi+3]
            vmovdqa xmm2, [rsi+32]
            vpminub ymm3, ymm1, [rsi+64]
            vpcmpeqb ymm4, ymm3, ymm0
            vpandn ymm5, ymm4, ymm1
            vpor xmm6, xmm5, xmm2
            vpmovmskb ecx, ymm4
            vpbroadcastb ymm7, xmm6
            vmovd xmm8, ecx
            vmovq rdx, xmm8
            vmovdqu [rdi+5], ymm7
            vzeroupper
            jmp $+0x40""";

    @BeforeAll
    static void nasm() {
        Nasm.require();
    }

    @Test
    void theAvxFormsOfGlibcsStringFunctionsAreInline() {
        Guest g = new Guest(Nasm.assemble(Guest.CODE, INLINE_ONLY), 1);
        Instruction[] ins = new BlockDecoder(64).decode(g.mem, g.cpu.mode, Guest.CODE);
        assertEquals(13, ins.length);
        BlockTranslator.Generated gen = new BlockTranslator(JitOptions.defaults()).generate(new CodeKey(Guest.CODE, g.cpu.mode, 0), ins);
        BlockTranslator.verify(gen.bytes());
        String listing = Listing.of(gen.segments(), gen.bytes());
        assertFalse(listing.contains("Interpreter.step"), listing);
        assertTrue(listing.contains("AvxFast.pminub"), listing);
    }

    @Test
    void aListingOfTheInlineFormsMatchesItsGoldenFile() throws java.io.IOException {
        Guest g = new Guest(Nasm.assemble(Guest.CODE, INLINE_ONLY), 1);
        Instruction[] ins = new BlockDecoder(64).decode(g.mem, g.cpu.mode, Guest.CODE);
        BlockTranslator.Generated gen = new BlockTranslator(JitOptions.defaults()).generate(new CodeKey(Guest.CODE, g.cpu.mode, 0), ins);
        GoldenListingTest.compare("avx-inline-forms", Listing.of(gen.segments(), gen.bytes()));
    }

    /**
     * System mode: #UD unless CR4.OSXSAVE = 1 and XCR0 has SSE and AVX (SDM Vol. 2A §2.3.10.1), in
     * every tier: disabled, the translated code leaves with #UD at the first instruction and
     * nothing changed (the state of a fresh guest; the interpreter's run would go on to deliver
     * it, which the process-mode executor leaves to its monitor); enabled, as the interpreter.
     */
    @Test
    void theRunTimeHalfOfTheVexGateHoldsInTranslatedCode() {
        byte[] code = Nasm.assemble(Guest.CODE, "vpxor ymm0, ymm1, ymm2\nvmovdqu ymm3, [rsi]\nhlt");
        long[][] controls = {{0, 7}, {CpuState.CR4_OSXSAVE, 3}, {CpuState.CR4_OSXSAVE, 7}};
        for (long[] c : controls) {
            boolean enabled = c[0] != 0 && c[1] == 7;
            Guest ref = systemMode(new Guest(code, 1), c);
            if (enabled) ref.run(new Interpreter(), TierDifferentialTest.BUDGET);
            else ref.exit = dev.jvmx.runtime.exec.Exit.exception(GuestFault.of(GuestFault.UD));
            for (TieredExecutor x : new TieredExecutor[] {TierDifferentialTest.jit(0), TierDifferentialTest.regions()}) {
                Guest got = systemMode(new Guest(code, 1), c).run(x, TierDifferentialTest.BUDGET);
                assertEquals(ref.state(), got.state(), "cr4 " + c[0] + " xcr0 " + c[1]);
                assertEquals(0, x.counters().interpretedBlocks());
            }
            assertEquals(enabled ? "HLT" : "EXCEPTION", ref.exit.kind().name(), "cr4 " + c[0] + " xcr0 " + c[1]);
        }
    }

    /**
     * Process mode leaves the run-time half of the gate out of translated code (CR4 and XCR0 are
     * the model's there); such code is not run for a system-mode CPU: the same executor, after
     * translating the block for a process-mode CPU, still raises #UD for a system-mode CPU whose
     * CR4.OSXSAVE is clear, as the interpreter does.
     */
    @Test
    void codeTranslatedForProcessModeIsNotRunInSystemMode() {
        byte[] code = Nasm.assemble(Guest.CODE, "vpxor ymm0, ymm1, ymm2\nvmovdqu ymm3, [rsi]\nhlt");
        TieredExecutor x = TierDifferentialTest.jit(0);
        Guest process = new Guest(code, 1);
        Guest ref = new Guest(code, 1).run(new Interpreter(), TierDifferentialTest.BUDGET);
        assertEquals(ref.state(), process.run(x, TierDifferentialTest.BUDGET).state());
        assertEquals(0, x.counters().interpretedBlocks(), "translated for the process-mode CPU");
        Guest system = systemMode(new Guest(code, 1), new long[] {0, 7}).run(x, TierDifferentialTest.BUDGET);
        Guest systemRef = systemMode(new Guest(code, 1), new long[] {0, 7}).run(new Interpreter(), TierDifferentialTest.BUDGET);
        assertEquals(systemRef.state(), system.state(), "the #UD raised (and delivered) as by the interpreter");
        assertEquals(systemRef.exit.kind(), system.exit.kind());
        assertEquals(ref.state(), new Guest(code, 1).run(x, TierDifferentialTest.BUDGET).state(), "process mode again");
    }

    private static Guest systemMode(Guest g, long[] controls) {
        g.cpu.systemMode = true;
        g.cpu.cr4 = controls[0];
        g.cpu.xcr0 = controls[1];
        return g;
    }
}

package dev.jvmx.translator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvmx.runtime.exec.Interpreter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link InlineSseInt}'s packed-integer forms and the XMM registers held in locals
 * ({@link XmmCache}) against the interpreter, in a block translated before it runs and in a
 * region: the loop of {@link InlineDoubleTest} runs each form over random and special operand
 * records, the loop jumping back inside the method so XMM registers live in locals, with exits at
 * budget ends and after the last record (every XMM register is compared after the run). Sequences
 * mix the forms with a handler call (PMADDWD, PSHUFB: the registers written back and reloaded
 * around it), with the packed float helpers that write {@code ymm} themselves, and with registers
 * above XMM7. Faults: a misaligned m128 (#GP) on the first record, and loads and stores that reach
 * an unmapped or read-only page on a later record, after earlier forms dirtied registers: the
 * state at the fault must be the interpreter's.
 */
class InlineSseIntTest {
    static final String[] FORMS = {
        "paddb xmm0, xmm1", "paddw xmm0, xmm1", "paddd xmm0, xmm1", "paddq xmm0, xmm1", "paddd xmm1, [rsi]",
        "psubb xmm0, xmm1", "psubw xmm0, xmm1", "psubd xmm0, xmm1", "psubq xmm0, xmm1", "psubd xmm0, xmm0",
        "pcmpeqb xmm0, xmm1", "pcmpeqw xmm0, xmm0", "pcmpeqd xmm0, xmm1", "pcmpgtb xmm0, xmm1", "pcmpgtw xmm0, xmm1",
        "pcmpgtd xmm0, [rsi+16]", "punpcklbw xmm0, xmm1", "punpcklwd xmm0, xmm1", "punpckldq xmm0, xmm1", "punpckhbw xmm0, xmm1",
        "punpckhwd xmm0, xmm1", "punpckhdq xmm0, xmm1", "unpcklps xmm1, xmm0", "unpckhps xmm0, [rsi+16]", "punpckldq xmm0, xmm0",
        "packsswb xmm0, xmm1", "packssdw xmm0, xmm1", "packuswb xmm0, xmm1", "packuswb xmm1, xmm1", "pminub xmm0, xmm1",
        "pmaxub xmm0, xmm1", "pshufd xmm0, xmm1, 0x1b", "pshufd xmm0, xmm0, 0xe4", "pshufd xmm1, xmm0, 0x4e", "pshufd xmm0, [rsi+16], 0xb1",
        "pshufd xmm1, xmm1, 0x39", "palignr xmm0, xmm1, 0", "palignr xmm0, xmm1, 3", "palignr xmm0, xmm1, 8", "palignr xmm0, xmm1, 12",
        "palignr xmm0, xmm1, 16", "palignr xmm0, xmm1, 21", "palignr xmm0, [rsi+16], 31", "palignr xmm0, xmm1, 40", "palignr xmm1, xmm1, 5",
        "pslldq xmm0, 0", "pslldq xmm0, 1", "pslldq xmm0, 8", "pslldq xmm1, 9", "pslldq xmm0, 15", "pslldq xmm0, 16", "pslldq xmm0, 200",
        "psrldq xmm0, 1", "psrldq xmm0, 7", "psrldq xmm0, 8", "psrldq xmm1, 13", "psrldq xmm0, 16",
        "psllw xmm0, 0", "psllw xmm0, 3", "psllw xmm0, 15", "psllw xmm0, 16", "pslld xmm0, 13", "pslld xmm0, 31", "pslld xmm0, 32",
        "psllq xmm0, 1", "psllq xmm1, 63", "psllq xmm0, 64", "psrlw xmm0, 9", "psrlw xmm0, 200", "psrld xmm0, 7", "psrld xmm1, 19",
        "psrld xmm0, 33", "psrlq xmm0, 17", "psrlq xmm0, 255", "psraw xmm0, 0", "psraw xmm0, 5", "psraw xmm0, 15", "psraw xmm0, 16",
        "psrad xmm0, 3", "psrad xmm1, 31", "psrad xmm0, 100",
        // the sha256 message schedule's shape: several registers, scalar loads and stores, an XMM above 7
        "movdqa xmm3, xmm0\npsrld xmm3, 19\npslld xmm0, 13\npor xmm0, xmm3\nmovq xmm2, [rsi+4]\npaddd xmm0, xmm2\n"
                + "movdqa xmm9, xmm0\npsrad xmm9, 3\npaddd xmm1, xmm9\npxor xmm1, xmm3\nmovq [rdi+56], xmm1",
        // a handler call between inline forms, on dirty registers
        "paddd xmm0, xmm1\npmaddwd xmm1, xmm0\npsubd xmm1, xmm0",
        "pshufd xmm12, xmm1, 0x1b\npshufb xmm0, xmm12\npaddb xmm0, xmm12\npsrlw xmm12, 4\npaddw xmm1, xmm12",
        // helpers that write ymm themselves, and the scalar conversion
        "paddq xmm0, xmm1\nmulpd xmm0, xmm1\npsrlq xmm0, 3", "addps xmm0, xmm1\npaddd xmm0, xmm1\nsubps xmm1, xmm0",
        "cvtsi2sd xmm0, rax\npaddq xmm0, xmm1\npmovmskb eax, xmm0",
        // VEX forms on ymm between legacy ones: VZEROALL clears registers the legacy forms also name
        "paddd xmm0, xmm1\nvzeroall\npaddd xmm1, xmm0\npsrld xmm0, 1",
        "paddd xmm0, xmm1\nvpaddd xmm2, xmm0, xmm1\npaddd xmm0, xmm2\nvzeroupper\npsubd xmm1, xmm2",
    };
    /** Forms that fault: on the first record (misaligned), or on record 43 (rsi + 0x1800 leaves the data pages). */
    static final String[] FAULTS = {
        "paddd xmm0, xmm1\npaddd xmm1, [rsi+8]", "psrld xmm0, 3\npshufd xmm1, [rsi+4], 0",
        "psrld xmm0, 3\npaddd xmm1, xmm0\nmovq xmm2, [rsi+0x1800]",
        "pshufd xmm9, xmm0, 0x1b\npaddd xmm9, xmm1\npalignr xmm0, [rsi+0x1800], 4\npaddd xmm0, xmm9",
        "paddd xmm0, xmm1\nmovq xmm2, xmm0\nmov r8, 0x610000\nmovq [r8], xmm2",
        "psubw xmm0, xmm1\nmovdqa xmm10, xmm0\npaddq xmm10, [rsi+0x1800]",
    };

    @BeforeAll
    static void nasm() {
        Nasm.require();
    }

    @Test
    void everyFormMatchesTheInterpreter() {
        List<String> failures = new ArrayList<>();
        Random r = new Random(20261127);
        for (String form : FORMS) {
            byte[] code = Nasm.assemble(Guest.CODE, InlineDoubleTest.loop(form));
            failures.addAll(InlineDoubleTest.compare(form, 0x1F80, code, InlineDoubleTest.records(r, 0x1F80)));
        }
        assertEquals("", String.join("\n", failures));
    }

    @Test
    void faultsLeaveTheInterpretersXmmState() {
        List<String> failures = new ArrayList<>();
        Random r = new Random(11);
        for (String form : FAULTS) {
            byte[] code = Nasm.assemble(Guest.CODE, InlineDoubleTest.loop(form));
            byte[] records = InlineDoubleTest.records(r, 0x1F80);
            Guest ref = InlineDoubleTest.run(code, records, new Interpreter());
            assertTrue(ref.exit.fault() != null, form + " should fault: " + InlineDoubleTest.state(ref));
            failures.addAll(InlineDoubleTest.compare(form, 0x1F80, code, records));
        }
        assertEquals("", String.join("\n", failures));
    }
}

package dev.jvmx.translator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvmx.runtime.exec.Executor;
import dev.jvmx.runtime.exec.Interpreter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link InlineDouble}'s forms against the interpreter, in a block translated before it runs and in
 * a region: a loop runs one form over {@link #PAIRS} operand records (special values: ±0,
 * denormals, the normal extremes, ±infinity, QNaN and SNaN with payloads, integer boundaries, and
 * moderate values that take the inline fast path), each under its own MXCSR (LDMXCSR), and stores
 * the XMM registers, RAX, MXCSR and RFLAGS after it. MXCSR modes: the reset value (PE clear), PE
 * already set (the arithmetic fast path), RC up, DAZ, FTZ, and PE or IE/ZE/OE/UE/DE unmasked
 * (#XM ends the run: the state at the fault must match). Memory forms also fault: a misaligned m128
 * (#GP) and an unmapped or read-only page (#PF).
 */
class InlineDoubleTest {
    static final int PAIRS = 60;
    /** Input records at RSI: a (16 bytes), b (16), MXCSR (4) + pad; outputs at RDI, 64 bytes each. */
    static final int IN = 48, OUT = 64;

    static final long[] SPECIAL = {
        0, Long.MIN_VALUE, 1, 0x8000_0000_0000_0001L, 0x000F_FFFF_FFFF_FFFFL, 0x0010_0000_0000_0000L, 0x0020_0000_0000_0000L,
        0x7FEF_FFFF_FFFF_FFFFL, 0x7FE0_0000_0000_0000L, 0x7FF0_0000_0000_0000L, 0xFFF0_0000_0000_0000L,
        0x7FF8_0000_0000_0000L, 0xFFF8_0000_0000_1234L, 0x7FF4_0000_0000_0000L, 0xFFF0_0000_0000_0001L,
        0x41E0_0000_0000_0000L, 0xC1E0_0000_0000_0000L, 0x41DF_FFFF_FFC0_0000L, 0x4340_0000_0000_0001L,
        Double.doubleToRawLongBits(1.0 / 3), Double.doubleToRawLongBits(-2.5), Double.doubleToRawLongBits(1e300),
        Double.doubleToRawLongBits(1e-300), Double.doubleToRawLongBits(4.0),
    };
    /** Reset, PE set, RC up + PE, DAZ + PE, FTZ + PE, PE unmasked, IE..UE unmasked (PE set), DE unmasked, IE unmasked. */
    static final int[] MXCSR = {0x1F80, 0x1FA0, 0x5FA0, 0x1FE0, 0x9FA0, 0x0F80, 0x1020, 0x1EA0, 0x1F20};

    static final String[] FORMS = {
        "addsd xmm0, xmm1", "subsd xmm0, xmm1", "mulsd xmm0, xmm1", "divsd xmm0, xmm1", "sqrtsd xmm0, xmm1", "minsd xmm0, xmm1",
        "maxsd xmm0, xmm1", "addpd xmm0, xmm1", "subpd xmm0, xmm1", "mulpd xmm0, xmm1", "divpd xmm0, xmm1", "sqrtpd xmm0, xmm1",
        "minpd xmm0, xmm1", "maxpd xmm0, xmm1", "mulsd xmm0, [rsi+16]", "divpd xmm0, [rsi+16]", "addsd xmm1, xmm1",
        "maxpd xmm1, xmm0", "comisd xmm0, xmm1", "ucomisd xmm0, xmm1", "ucomisd xmm1, [rsi]",
        "comisd xmm0, xmm1\nmov eax, 0\nsetp al\nsetb ah\njz $+4\nmov al, 9",
        "cvttsd2si eax, xmm0", "cvttsd2si rax, xmm1", "cvttsd2si eax, [rsi+16]", "cvtsi2sd xmm0, rax", "cvtsi2sd xmm1, eax",
        "cvtsi2sd xmm0, qword [rsi+16]", "xorpd xmm0, xmm1", "andpd xmm0, [rsi+16]", "andnpd xmm0, xmm1", "orpd xmm1, xmm0",
        "pxor xmm0, xmm0", "unpcklpd xmm0, xmm1", "unpckhpd xmm0, [rsi+16]", "unpckhpd xmm1, xmm1", "punpcklqdq xmm1, xmm0",
        "shufpd xmm0, xmm1, 0", "shufpd xmm0, xmm1, 1", "shufpd xmm0, [rsi+16], 2", "shufpd xmm1, xmm1, 3", "movddup xmm0, xmm1",
        "movddup xmm1, [rsi]", "movlpd xmm0, [rsi+16]", "movhpd xmm1, [rsi]", "movhps xmm0, [rsi+24]", "movlpd [rdi+56], xmm1",
        "movhpd [rdi+56], xmm0", "movhlps xmm0, xmm1", "movlhps xmm1, xmm0", "subsd xmm0, xmm0", "mulsd xmm0, xmm0", "divpd xmm1, xmm1",
        "mulsd xmm0, xmm1\naddsd xmm0, xmm1\nucomisd xmm0, xmm1\nsqrtpd xmm1, xmm0\nmaxsd xmm1, xmm0\ncvttsd2si rax, xmm0",
    };
    /** Forms that fault on the first record. */
    static final String[] FAULTS = {
        "mulpd xmm0, [rsi+8]", "unpcklpd xmm0, [rsi+8]", "mulsd xmm0, [rsi+0x3000]", "comisd xmm0, [rsi+0x3000]",
        "movhpd xmm0, [rsi+0x3000]", "mov r8, 0x610000\nmovlpd [r8], xmm0", "cvttsd2si eax, [rsi+0x3000]", "xorpd xmm0, [rsi+0x1ff8]",
    };

    @BeforeAll
    static void nasm() {
        Nasm.require();
    }

    static String loop(String form) {
        return """
                mov ecx, %d
                top:
                ldmxcsr [rsi+32]
                movapd xmm0, [rsi]
                movapd xmm1, [rsi+16]
                mov rax, [rsi]
                %s
                movapd [rdi], xmm0
                movapd [rdi+16], xmm1
                mov [rdi+32], rax
                stmxcsr [rdi+40]
                pushfq
                pop rdx
                mov [rdi+48], rdx
                add rsi, %d
                add rdi, %d
                dec ecx
                jnz top
                hlt""".formatted(PAIRS, form, IN, OUT);
    }

    /** Operand records for one run: special and moderate values in both lanes of a and b, each record under {@code mxcsr}. */
    static byte[] records(Random r, int mxcsr) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(PAIRS * IN).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int p = 0; p < PAIRS; p++) {
            for (int q = 0; q < 4; q++) b.putLong(value(r));
            b.putInt(mxcsr).putInt(0).putLong(0);
        }
        return b.array();
    }

    private static long value(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> SPECIAL[r.nextInt(SPECIAL.length)];
            case 1 -> r.nextLong();
            default -> Double.doubleToRawLongBits((r.nextDouble() - 0.5) * Math.pow(2, r.nextInt(40) - 20));
        };
    }

    static Guest run(byte[] code, byte[] records, Executor x) {
        Guest g = new Guest(code, 7);
        g.mem.poke(Guest.DATA, records, 0, records.length);
        return g.run(x, 100_000);
    }

    static String state(Guest g) {
        return g.state() + " mxcsr=" + Integer.toHexString(g.cpu.mxcsr) + " ymm=" + Arrays.toString(g.cpu.ymm);
    }

    /** The interpreter's final state and memory against a block tier's and a region tier's (every XMM/YMM register compared). */
    static List<String> compare(String form, int mxcsr, byte[] code, byte[] records) {
        List<String> failures = new ArrayList<>();
        Guest ref = run(code, records, new Interpreter());
        Executor[] tiers = {TierDifferentialTest.jit(0), TierDifferentialTest.regions()};
        for (int t = 0; t < tiers.length; t++) {
            Guest got = run(code, records, tiers[t]);
            String where = form.replace('\n', ';') + " mxcsr " + Integer.toHexString(mxcsr) + (t == 0 ? " block" : " region");
            if (!state(ref).equals(state(got))) failures.add(where + "\n  interpreter " + state(ref) + "\n  tiered      " + state(got));
            else if (!ref.sameMemory(got)) failures.add(where + ": memory differs");
        }
        return failures;
    }

    @Test
    void everyFormMatchesTheInterpreterOnSpecialOperandsUnderEveryMxcsr() {
        List<String> failures = new ArrayList<>();
        Random r = new Random(20261126);
        for (String form : FORMS) {
            byte[] code = Nasm.assemble(Guest.CODE, loop(form));
            for (int mxcsr : MXCSR) failures.addAll(compare(form, mxcsr, code, records(r, mxcsr)));
        }
        assertEquals("", String.join("\n", failures));
    }

    @Test
    void faultsInMemoryFormsLeaveTheInterpretersState() {
        List<String> failures = new ArrayList<>();
        Random r = new Random(5);
        for (String form : FAULTS) {
            byte[] code = Nasm.assemble(Guest.CODE, loop(form));
            byte[] records = records(r, 0x1FA0);
            Guest ref = run(code, records, new Interpreter());
            assertTrue(ref.exit.fault() != null, form + " should fault: " + state(ref));
            failures.addAll(compare(form, 0x1FA0, code, records));
        }
        assertEquals("", String.join("\n", failures));
    }

    /** The fast path's own conditions: the same moderate products with PE set and clear give the interpreter's MXCSR. */
    @Test
    void theFastPathKeepsPeExact() {
        byte[] code = Nasm.assemble(Guest.CODE, loop("mulpd xmm0, xmm1\naddsd xmm0, xmm1\ndivsd xmm1, xmm0"));
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(PAIRS * IN).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int p = 0; p < PAIRS; p++) {
            for (double v : new double[] {1.5 * p, 2.0, 4.0, p % 2 == 0 ? 0.1 : 0.5}) b.putDouble(v);
            b.putInt(p % 3 == 0 ? 0x1F80 : 0x1FA0).putInt(0).putLong(0);
        }
        assertEquals(List.of(), compare("exact and inexact products", 0, code, b.array()));
    }
}

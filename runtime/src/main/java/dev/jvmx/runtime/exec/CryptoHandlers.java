package dev.jvmx.runtime.exec;

import dev.jvmx.runtime.cpu.Aes;
import dev.jvmx.runtime.cpu.Clmul;
import dev.jvmx.runtime.cpu.Sha;
import dev.jvmx.x86.Instruction;
import dev.jvmx.x86.Mnemonic;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;

/**
 * AES-NI and PCLMULQDQ over {@link Aes} and {@link Clmul}, legacy-SSE and VEX.128 forms, and the
 * SHA extensions over {@link Sha} (legacy-SSE forms only; SHA256RNDS2 reads XMM0 too). Legacy
 * forms take (xmm1, xmm2/m128) with the 16-byte alignment rule and leave bits 255:128; VEX forms
 * take (xmm1, xmm2 = VEX.vvvv, xmm3/m128), need no alignment and zero bits 255:128 ({@link Avx}).
 */
final class CryptoHandlers {
    private CryptoHandlers() {}

    static void register(Handler[] t) {
        binary(t, Mnemonic.AESENC, (s, k) -> Aes.enc(s, k, false));
        binary(t, Mnemonic.AESENCLAST, (s, k) -> Aes.enc(s, k, true));
        binary(t, Mnemonic.AESDEC, (s, k) -> Aes.dec(s, k, false));
        binary(t, Mnemonic.AESDECLAST, (s, k) -> Aes.dec(s, k, true));
        t[Mnemonic.AESIMC.ordinal()] = (c, i) -> unary(c, i, Aes::imc);
        t[Mnemonic.AESKEYGENASSIST.ordinal()] = (c, i) -> unary(c, i, v -> Aes.keygenAssist(v, SseIntHandlers.imm(i)));
        t[Mnemonic.PCLMULQDQ.ordinal()] = (c, i) -> vecBinary(c, i, (a, b) -> Clmul.pclmulqdq(a, b, SseIntHandlers.imm(i)));
        t[Mnemonic.SHA1RNDS4.ordinal()] = (c, i) -> vecBinary(c, i, (a, b) -> Sha.sha1rnds4(a, b, SseIntHandlers.imm(i)));
        binary(t, Mnemonic.SHA1NEXTE, Sha::sha1nexte);
        binary(t, Mnemonic.SHA1MSG1, Sha::sha1msg1);
        binary(t, Mnemonic.SHA1MSG2, Sha::sha1msg2);
        binary(t, Mnemonic.SHA256MSG1, Sha::sha256msg1);
        binary(t, Mnemonic.SHA256MSG2, Sha::sha256msg2);
        t[Mnemonic.SHA256RNDS2.ordinal()] = (c, i) -> {
            long[] wk = {c.cpu.ymm[0], c.cpu.ymm[1]}; // XMM0's low quadword: WK0, WK1
            vecBinary(c, i, (a, b) -> Sha.sha256rnds2(a, b, wk));
        };
    }

    private static void binary(Handler[] t, Mnemonic m, BinaryOperator<long[]> f) {
        t[m.ordinal()] = (c, i) -> vecBinary(c, i, f);
    }

    /** {@code dst = f(dst, src)} (legacy) or {@code dst = f(src1, src2)} (VEX). */
    static void vecBinary(ExecContext c, Instruction i, BinaryOperator<long[]> f) {
        if (Avx.vex(i)) Avx.binary(c, i, f);
        else Vec.store(c, i.op(0), f.apply(Vec.load(c, i.op(0)), Vec.load(c, i.op(1))), true);
    }

    /** {@code dst = f(src)}, legacy or VEX. */
    static void unary(ExecContext c, Instruction i, UnaryOperator<long[]> f) {
        if (Avx.vex(i)) Avx.unary(c, i, f);
        else Vec.store(c, i.op(0), f.apply(Vec.load(c, i.op(1))), true);
    }
}

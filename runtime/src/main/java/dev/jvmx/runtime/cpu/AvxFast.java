package dev.jvmx.runtime.cpu;

import dev.jvmx.runtime.mem.DirectTlb;
import dev.jvmx.runtime.mem.GuestFault;
import dev.jvmx.runtime.mem.GuestMemory;

/**
 * The AVX rules translated code (the translator's {@code InlineAvx}) calls besides the quadword
 * arithmetic of {@link SseInt}, and the interpreter's handlers where they share the rule. On
 * {@code CpuState.ymm} directly, no arrays or lambdas per call.
 *
 * <pre>
 *   YMMn in CpuState.ymm: [4n] bits 63:0, [4n+1] 127:64, [4n+2] 191:128, [4n+3] 255:192
 * </pre>
 */
public final class AvxFast {
    private AvxFast() {}

    /**
     * The run-time part of the VEX #UD gate (the CPUID part is known when the code is translated):
     * #UD unless CR4.OSXSAVE = 1 and XCR0[2:1] = 11b (SDM Vol. 2A §2.3.10.1; {@link
     * Xsave#avxStateEnabled}).
     */
    public static void requireEnabled(CpuState s, CpuModel m) {
        if (!Xsave.avxStateEnabled(s, m)) throw GuestFault.of(GuestFault.UD);
    }

    /**
     * The linear address of a VEX aligned-move operand of {@code bytes} (16 or 32: the operand's
     * whole size), else #GP(0) (SDM "VMOVDQA", "VMOVAPS": exception class 1).
     */
    public static long aligned(long a, int bytes) {
        if ((a & (bytes - 1)) != 0) throw GuestFault.of(GuestFault.GP, 0);
        return a;
    }

    /**
     * VZEROUPPER ({@code from} 2) and VZEROALL (0): quadwords {@code from}..3 of YMM0-15, of YMM0-7
     * outside 64-bit mode (SDM "VZEROUPPER"); the AVX state is then in its initial configuration
     * for XSAVE's XINUSE ({@link Xsave#inUse}).
     */
    public static void zero(CpuState s, int from) {
        zero(s, from, s.mode == dev.jvmx.x86.Mode.BITS64 ? 16 : 8);
    }

    /**
     * {@link #zero(CpuState, int)} of {@code regs} registers (16 in 64-bit mode, else 8), for
     * translated code, which knows its mode: small enough for C2 to inline where glibc's string
     * functions return.
     */
    public static void zero(CpuState s, int from, int regs) {
        long[] y = s.ymm;
        for (int r = 0; r < 4 * regs; r += 4) {
            if (from == 0) {
                y[r] = 0;
                y[r + 1] = 0;
            }
            y[r + 2] = 0;
            y[r + 3] = 0;
        }
        s.xinuse &= ~CpuState.XCR0_AVX; // the upper halves are in their initial state
    }


    // ---- vector registers and memory operands (translated code: one call per instruction) ------

    /**
     * Register or scratch {@code y[at..]} := the {@code quads} quadwords (2 or 4: an m128 or m256)
     * at linear address {@code a}, bits above them zeroed (VLMAX; the 17th register is scratch).
     * Every quadword is read before anything is written, so a fault commits nothing: on a hit of the
     * software TLB ({@code tags} = its read entries; the tag of the operand's last byte's page proves it
     * stays in one page) from the host page, else through {@code mem.read64} in order, low first,
     * as the interpreter reads them ({@code exec.Avx.load}).
     */
    public static void load(GuestMemory mem, long[] tags, long a, long[] y, int at, int quads) {
        long h = DirectTlb.hostIfHit(tags, a, 8 * quads);
        if (h == 0) {
            loadSlow(mem, a, y, at, quads);
            return;
        }
        y[at] = DirectTlb.load64(h); // host loads cannot fault: written as read
        y[at + 1] = DirectTlb.load64(h + 8);
        y[at + 2] = quads == 4 ? DirectTlb.load64(h + 16) : 0;
        y[at + 3] = quads == 4 ? DirectTlb.load64(h + 24) : 0;
    }

    /**
     * {@link #load}'s miss path on its own, so that the part C2 inlines at every call site (and
     * counts against a region method's inlining budget) is only the TLB hit.
     */
    private static void loadSlow(GuestMemory mem, long a, long[] y, int at, int quads) {
        long q0 = mem.read64(a), q1 = mem.read64(a + 8), q2 = 0, q3 = 0;
        if (quads == 4) {
            q2 = mem.read64(a + 16);
            q3 = mem.read64(a + 24);
        }
        y[at] = q0;
        y[at + 1] = q1;
        y[at + 2] = q2;
        y[at + 3] = q3;
    }

    /**
     * The {@code quads} low quadwords of {@code y[at..]} to linear address {@code a}: host stores on
     * a write-tag hit ({@code tags}), else {@code mem.write64} in order, low first, as the
     * interpreter writes them ({@code exec.Avx.store}; as there, a store across a page end whose
     * second page faults writes nothing: {@code mem.SplitStore}). Returns true when it took that slow
     * path (which may have changed translated code).
     */
    public static boolean store(GuestMemory mem, long[] tags, long a, long[] y, int at, int quads) {
        long h = DirectTlb.hostIfHit(tags, a, 8 * quads);
        if (h == 0) return storeSlow(mem, a, y, at, quads);
        DirectTlb.store64(h, y[at]);
        DirectTlb.store64(h + 8, y[at + 1]);
        if (quads == 4) {
            DirectTlb.store64(h + 16, y[at + 2]);
            DirectTlb.store64(h + 24, y[at + 3]);
        }
        return false;
    }

    /** {@link #store}'s miss path on its own (as {@link #loadSlow}); a store whose later quadword faults writes nothing (SDM Vol. 3A §6.6); true. */
    private static boolean storeSlow(GuestMemory mem, long a, long[] y, int at, int quads) {
        dev.jvmx.runtime.mem.SplitStore.check(mem, a, 8 * quads);
        for (int q = 0; q < quads; q++) mem.write64(a + 8L * q, y[at + q]);
        return true;
    }

    /**
     * VEX {@code V, H, W} operations that work within quadwords ({@link SseInt#word}'s: lane
     * add/sub, compares, logic, unsigned byte min/max): {@code y[d..]} := op(y[h..], y[w..]) for
     * {@code quads} quadwords (2: VEX.128, 4: VEX.256), then zero up to 255. Quadword q of the
     * result depends only on quadword q of the sources, so any aliasing of d, h and w is exact.
     */
    public static void words(int op, int bits, long[] y, int d, int h, int w, int quads) {
        for (int q = 0; q < quads; q++) y[d + q] = SseInt.word(op, bits, y[h + q], y[w + q]);
        zeroAbove(y, d, quads);
    }

    // The hottest operations of glibc's string functions on their own, for call sites C2 does not
    // inline into (a region method near DesiredMethodLimit): no dispatch on the operation there.

    /** {@link #words} for VPCMPEQB. */
    public static void pcmpeqb(long[] y, int d, int h, int w, int quads) {
        for (int q = 0; q < quads; q++) y[d + q] = SseInt.cmpeqBytes(y[h + q], y[w + q]);
        zeroAbove(y, d, quads);
    }

    /** {@link #words} for VPMINUB. */
    public static void pminub(long[] y, int d, int h, int w, int quads) {
        for (int q = 0; q < quads; q++) y[d + q] = SseInt.minBytes(y[h + q], y[w + q]);
        zeroAbove(y, d, quads);
    }

    /** {@link #words} for VPOR (VORPS, VORPD). */
    public static void por(long[] y, int d, int h, int w, int quads) {
        for (int q = 0; q < quads; q++) y[d + q] = y[h + q] | y[w + q];
        zeroAbove(y, d, quads);
    }

    /** {@link #words} for VPAND (VANDPS, VANDPD). */
    public static void pand(long[] y, int d, int h, int w, int quads) {
        for (int q = 0; q < quads; q++) y[d + q] = y[h + q] & y[w + q];
        zeroAbove(y, d, quads);
    }

    /** {@link #words} for VPANDN (VANDNPS, VANDNPD): ~H & W. */
    public static void pandn(long[] y, int d, int h, int w, int quads) {
        for (int q = 0; q < quads; q++) y[d + q] = ~y[h + q] & y[w + q];
        zeroAbove(y, d, quads);
    }

    /** {@link #words} for VPXOR (VXORPS, VXORPD). */
    public static void pxor(long[] y, int d, int h, int w, int quads) {
        for (int q = 0; q < quads; q++) y[d + q] = y[h + q] ^ y[w + q];
        zeroAbove(y, d, quads);
    }

    /** The specialised method of {@link #words}'s operation at lane width {@code bits}, or null for {@code words} itself. */
    public static String specialised(int op, int bits) {
        return switch (op) {
            case SseInt.CMPEQ -> bits == 8 ? "pcmpeqb" : null;
            case SseInt.MINU -> "pminub";
            case SseInt.OR -> "por";
            case SseInt.AND -> "pand";
            case SseInt.ANDN -> "pandn";
            case SseInt.XOR -> "pxor";
            default -> null;
        };
    }

    /** VLMAX zeroing after a VEX.128 result ({@code quads} 2). */
    private static void zeroAbove(long[] y, int d, int quads) {
        if (quads == 2) {
            y[d + 2] = 0;
            y[d + 3] = 0;
        }
    }

    /** VMOVDQU/VMOVDQA... between registers: {@code y[d..]} := the {@code quads} low quadwords of {@code y[s..]}, zeroed above. */
    public static void move(long[] y, int d, int s, int quads) {
        y[d] = y[s];
        y[d + 1] = y[s + 1];
        y[d + 2] = quads == 4 ? y[s + 2] : 0;
        y[d + 3] = quads == 4 ? y[s + 3] : 0;
    }

    /** VPMOVMSKB r, xmm/ymm ({@code quads} 2 or 4): the sign bit of each byte. */
    public static long pmovmskb(long[] y, int s, int quads) {
        long m = SseInt.pmovmskb(y[s], y[s + 1]);
        return quads == 4 ? m | SseInt.pmovmskb(y[s + 2], y[s + 3]) << 16 : m;
    }

    /** VPBROADCASTB/W/D/Q: {@code y[d..]} := the low {@code bits} of {@code x} in every element of {@code quads} quadwords, zeroed above. */
    public static void broadcast(long[] y, int d, long x, int bits, int quads) {
        long v = SseInt.everyLane(x, bits);
        y[d] = v;
        y[d + 1] = v;
        y[d + 2] = quads == 4 ? v : 0;
        y[d + 3] = quads == 4 ? v : 0;
    }

    /** VMOVD/VMOVQ xmm, r/m: {@code y[d..]} := x zero-extended to 256 bits. */
    public static void setLow(long[] y, int d, long x) {
        y[d] = x;
        y[d + 1] = 0;
        y[d + 2] = 0;
        y[d + 3] = 0;
    }

    /**
     * The {@link SseInt#word} operation of a VEX {@code V, H, W} form that works within
     * quadwords ({@link #words}), or -1.
     */
    public static int quadwordOp(dev.jvmx.x86.Mnemonic m) {
        return switch (m) {
            case PAND, ANDPS, ANDPD -> SseInt.AND;
            case PANDN, ANDNPS, ANDNPD -> SseInt.ANDN;
            case POR, ORPS, ORPD -> SseInt.OR;
            case PXOR, XORPS, XORPD -> SseInt.XOR;
            case PADDB, PADDW, PADDD, PADDQ -> SseInt.ADD;
            case PSUBB, PSUBW, PSUBD, PSUBQ -> SseInt.SUB;
            case PCMPEQB, PCMPEQW, PCMPEQD, PCMPEQQ -> SseInt.CMPEQ;
            case PCMPGTB, PCMPGTW, PCMPGTD -> SseInt.CMPGT;
            case PMINUB -> SseInt.MINU;
            case PMAXUB -> SseInt.MAXU;
            default -> -1;
        };
    }

    /** Lane width of a {@link #quadwordOp} form, from the mnemonic's last letter (B W D Q; 64 for the logic forms). */
    public static int laneBits(dev.jvmx.x86.Mnemonic m) {
        return switch (m.name().charAt(m.name().length() - 1)) {
            case 'B' -> 8;
            case 'W' -> 16;
            case 'D' -> 32;
            default -> 64;
        };
    }
}

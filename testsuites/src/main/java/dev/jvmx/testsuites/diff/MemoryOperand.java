package dev.jvmx.testsuites.diff;

import java.io.ByteArrayOutputStream;
import java.util.random.RandomGenerator;

/**
 * Encodes one memory operand — ModRM, SIB and displacement (SDM Vol. 2A §2.1.5, Tables 2-2 and
 * 2-3, §2.2.1.6 for RIP-relative) — in an addressing form chosen at random, always so that the
 * address lands in the case's filled window of the data page. Forms:
 *
 * <pre>
 *  [B + disp8]         mod 01, rm = B
 *  [B]                 mod 00, rm = B        (not RBP/R13: that encoding means disp32/RIP)
 *  [B + disp32]        mod 10, rm = B
 *  [B + I*s + disp8]   mod 01, rm 100, SIB(s, I, B)               64-bit cases only
 *  [I*s + disp32]      mod 00, rm 100, SIB(s, I, 101)             64-bit cases only
 *  [RSP + disp8]       mod 01, rm 100, SIB(0, 100, 100)
 *  [RIP + disp32]      mod 00, rm 101   (64-bit; an absolute [disp32] in 32-bit mode)
 * </pre>
 *
 * B and I are the case's {@link Frame}: registers no instruction of the case may write.
 */
final class MemoryOperand {

    /**
     * The memory registers of one case.
     *
     * @param base       B, pointing at {@code DATA_BASE + baseOffset}
     * @param index      I (null in 32-bit cases), holding {@code indexValue}, a small number
     */
    record Frame(Gpr base, int baseOffset, Gpr index, long indexValue) {}

    /**
     * An encoded operand.
     *
     * @param bytes     ModRM, SIB, displacement
     * @param rexX      REX.X needed (index register 8..15)
     * @param rexB      REX.B needed (base register 8..15)
     * @param ripDispAt offset in {@code bytes} of a disp32 that must become target - next RIP, or -1
     * @param target    the operand's address (which a RIP-relative displacement must reach)
     */
    record Encoded(byte[] bytes, int rexX, int rexB, int ripDispAt, long target) {}

    private MemoryOperand() {}

    static Encoded encode(RandomGenerator r, HostArch arch, Frame f, int regField) {
        int form = r.nextInt(7);
        boolean hasIndex = f.index() != null;
        if ((form == 3 || form == 4) && !hasIndex || form == 1 && (f.base().encoding() & 7) == 5) form = 0;
        int b = f.base().encoding(), reg = (regField & 7) << 3;
        int disp = disp8(r);
        long baseAddress = HostLayout.DATA_BASE + f.baseOffset();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rexX = 0, rexB = b >> 3, ripAt = -1;
        long target = baseAddress + disp;
        switch (form) {
            case 1 -> { // [base]: no displacement
                out.write(reg | (b & 7));
                target = baseAddress;
            }
            case 2 -> {
                out.write(0x80 | reg | (b & 7));
                le32(out, disp);
            }
            case 3, 4 -> {
                int scale = r.nextInt(4), i = f.index().encoding();
                rexX = i >> 3;
                if (form == 3) {
                    out.write(0x40 | reg | 4);
                    out.write(scale << 6 | (i & 7) << 3 | (b & 7));
                    out.write(disp);
                    target += f.indexValue() << scale;
                } else {
                    rexB = 0;
                    out.write(reg | 4);
                    out.write(scale << 6 | (i & 7) << 3 | 5);
                    le32(out, (int) (baseAddress + disp - (f.indexValue() << scale)));
                }
            }
            case 5 -> {
                rexB = 0;
                out.write(0x40 | reg | 4);
                out.write(0x24);
                out.write(disp);
                target = HostLayout.DATA_BASE + CaseGenerator.RSP_OFFSET + disp;
            }
            case 6 -> {
                rexB = 0;
                out.write(reg | 5);
                ripAt = arch == HostArch.X86_64 ? out.size() : -1;
                le32(out, arch == HostArch.X86_64 ? 0 : (int) (baseAddress + disp));
            }
            default -> {
                out.write(0x40 | reg | (b & 7));
                out.write(disp);
            }
        }
        return new Encoded(out.toByteArray(), rexX, rexB, ripAt, target);
    }

    /** Mostly 16-aligned (aligned SSE forms then run), sometimes any byte offset. */
    static int disp8(RandomGenerator r) {
        return r.nextInt(8) == 0 ? r.nextInt(256) - 128 : 16 * (r.nextInt(16) - 8);
    }

    /** A value for the index register: usually keeps 16-byte alignment at any scale, |I*s| <= 128. */
    static long indexValue(RandomGenerator r) {
        return r.nextInt(8) == 0 ? r.nextInt(16) : 16 * (r.nextInt(3) - 1);
    }

    private static void le32(ByteArrayOutputStream out, int v) {
        for (int k = 0; k < 4; k++) out.write(v >>> (8 * k));
    }
}

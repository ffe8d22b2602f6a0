package dev.jvmx.x86;

/**
 * EVEX (AVX-512) is not executed by jvmx, but its length must be right so disassembly and block
 * scanning stay in step (SDM Vol. 2A §2.7, Figure 2-10): 62, P0, P1, P2, opcode, ModRM, SIB,
 * displacement (disp8*N is still one byte) and an imm8 for map 0F3A and a few map-0F opcodes.
 */
final class EvexLength {
    private EvexLength() {}

    static void skip(DecodeContext c) {
        int p0 = c.next();
        c.next();
        c.next();
        c.pfx |= Prefix.EVEX;
        c.map = p0 & 7;
        c.opcode = c.next();
        ModrmReader.readModrm(c, false);
        if (c.map == 3 || (c.map == 1 && hasImm8InMap0F(c.opcode))) c.next();
    }

    private static boolean hasImm8InMap0F(int op) {
        return (op >= 0x70 && op <= 0x73) || op == 0xC2 || op == 0xC4 || op == 0xC5 || op == 0xC6;
    }
}

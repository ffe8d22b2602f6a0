package dev.jvmx.runtime.exec;

import dev.jvmx.runtime.cpu.Bcd;
import dev.jvmx.runtime.mem.GuestFault;
import dev.jvmx.x86.Instruction;
import dev.jvmx.x86.Mnemonic;
import dev.jvmx.x86.Mode;
import dev.jvmx.x86.Operand;

/**
 * DAA, DAS, AAA, AAS, AAM, AAD ({@link Bcd}). Invalid in 64-bit mode (#UD; the decoder does not
 * produce them there). AAM without an operand means imm8 = 10; AAM 0 raises #DE.
 */
final class BcdHandlers {
    private BcdHandlers() {}

    static void register(Handler[] t) {
        t[Mnemonic.DAA.ordinal()] = (c, i) -> { legacyOnly(c); Bcd.decimalAdjust(c.cpu, false); };
        t[Mnemonic.DAS.ordinal()] = (c, i) -> { legacyOnly(c); Bcd.decimalAdjust(c.cpu, true); };
        t[Mnemonic.AAA.ordinal()] = (c, i) -> { legacyOnly(c); Bcd.asciiAdjust(c.cpu, false); };
        t[Mnemonic.AAS.ordinal()] = (c, i) -> { legacyOnly(c); Bcd.asciiAdjust(c.cpu, true); };
        t[Mnemonic.AAM.ordinal()] = (c, i) -> {
            legacyOnly(c);
            if (!Bcd.aam(c.cpu, imm(i))) throw GuestFault.of(GuestFault.DE);
        };
        t[Mnemonic.AAD.ordinal()] = (c, i) -> { legacyOnly(c); Bcd.aad(c.cpu, imm(i)); };
    }

    private static void legacyOnly(ExecContext c) {
        if (c.cpu.mode == Mode.BITS64) throw GuestFault.of(GuestFault.UD);
    }

    private static int imm(Instruction i) {
        return i.operandCount() == 0 ? 10 : (int) ((Operand.Imm) i.op(i.operandCount() - 1)).value() & 0xFF;
    }
}

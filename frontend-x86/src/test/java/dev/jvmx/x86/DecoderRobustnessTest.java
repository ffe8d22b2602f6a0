package dev.jvmx.x86;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The decode contract on arbitrary bytes: never throws, lengths within 1..15 and within the input. */
class DecoderRobustnessTest {
    @Test
    void neverThrowsAndLengthsAreSane() {
        Random r = new Random(42);
        byte[] buf = new byte[32];
        for (Mode mode : Mode.values()) {
            for (int i = 0; i < 100_000; i++) {
                r.nextBytes(buf);
                int off = r.nextInt(16);
                int avail = r.nextInt(17);
                Instruction ins = Decoder.decode(mode, buf, off, avail, 0x7000);
                assertTrue(ins.length() >= 1 && ins.length() <= 15, ins.toString());
                if (ins.mnemonic() == Mnemonic.TRUNCATED) assertTrue(ins.length() <= Math.max(1, avail));
                else if (ins.mnemonic() != Mnemonic.TOO_LONG) assertTrue(ins.length() <= avail, ins + " avail " + avail);
                if (!ins.isInvalid() && ins.mnemonic() != Mnemonic.UNSUPPORTED_EVEX) {
                    assertEquals(ins.form().operandCount(), ins.operandCount());
                    IntelFormatter.format(ins);
                }
            }
        }
    }

    @Test
    void truncationIsReportedAtEveryCut() {
        byte[] full = java.util.HexFormat.of().parseHex("48c784244000000078563412");
        for (int cut = 0; cut < full.length; cut++) {
            assertEquals(Mnemonic.TRUNCATED, Decoder.decode(Mode.BITS64, full, 0, cut, 0).mnemonic(), "cut " + cut);
        }
        assertEquals(Mnemonic.MOV, Decoder.decode(Mode.BITS64, full, 0, full.length, 0).mnemonic());
    }
}

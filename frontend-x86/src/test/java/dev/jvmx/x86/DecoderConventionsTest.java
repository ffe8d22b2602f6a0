package dev.jvmx.x86;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The operand conventions of package-info.java, one assertion each, as the interpreter relies on them. */
class DecoderConventionsTest {
    static Instruction d(Mode mode, String hex) {
        byte[] b = HexFormat.of().parseHex(hex);
        return Decoder.decode(mode, b, 0, b.length, 0x1000);
    }

    static Instruction d64(String hex) { return d(Mode.BITS64, hex); }

    @Test
    void immediatesAreExtendedToTheOperationSize() {
        Instruction i = d64("4883c0ff");
        assertEquals(Mnemonic.ADD, i.mnemonic());
        assertEquals(new Operand.Reg(RegClass.GPR, 0, 64), i.op(0));
        assertEquals(new Operand.Imm(-1, 64), i.op(1));
        assertEquals(new Operand.Imm(-1, 64), d64("6aff").op(0));
        assertEquals(new Operand.Imm(0xFFFFFFFF80000000L, 64), d64("4805" + "00000080").op(1));
        Instruction enter = d64("c8100001");
        assertEquals(new Operand.Imm(0x10, 16), enter.op(0));
        assertEquals(new Operand.Imm(1, 8), enter.op(1));
        assertEquals(new Operand.Imm(1, 8), d64("d1e0").op(1));
        assertEquals(new Operand.Reg(RegClass.GPR, 1, 8), d64("d3e0").op(1));
    }

    @Test
    void relativeTargetsAreAbsoluteAndMasked() {
        assertEquals(new Operand.Rel(0x1000, 64), d64("ebfe").op(0));
        assertEquals(new Operand.Rel(0x1005 - 0x10, 64), d64("e8f0ffffff").op(0));
        Instruction j16 = d(Mode.BITS16, "e9fdef");
        assertEquals(new Operand.Rel((0x1003 + 0xFFFFeffdL) & 0xFFFF, 16), j16.op(0));
        assertEquals(4, d64("0f84").isInvalid() ? 4 : 0);
        assertEquals(Mnemonic.JE, d64("7400").mnemonic());
        assertEquals(4, d64("7400").cond());
        assertEquals(-1, d64("90").cond());
    }

    @Test
    void stringOperandsAreMemoryWithSiDiBases() {
        Instruction movsb = d64("a4");
        assertEquals(new Operand.Mem(Seg.ES, false, 7, -1, 1, 0, 8, 64), movsb.op(0));
        assertEquals(new Operand.Mem(Seg.DS, false, 6, -1, 1, 0, 8, 64), movsb.op(1));
        Instruction stos = d(Mode.BITS32, "f3ab");
        assertEquals(Mnemonic.STOSD, stos.mnemonic());
        assertTrue(stos.has(Prefix.REP));
        assertEquals(new Operand.Reg(RegClass.GPR, 0, 32), stos.op(1));
        Instruction lods16 = d(Mode.BITS32, "6726ad");
        assertEquals(new Operand.Mem(Seg.ES, true, 6, -1, 1, 0, 32, 16), lods16.op(1));
        Instruction scas = d64("48af");
        assertEquals(Mnemonic.SCASQ, scas.mnemonic());
        assertEquals(new Operand.Mem(Seg.ES, false, 7, -1, 1, 0, 64, 64), scas.op(1));
        Instruction out = d64("ee");
        assertEquals(new Operand.Reg(RegClass.GPR, 2, 16), out.op(0));
        assertEquals(new Operand.Reg(RegClass.GPR, 0, 8), out.op(1));
    }

    @Test
    void memoryOperands() {
        Instruction rip = d64("8b0500100000");
        assertEquals(new Operand.Mem(Seg.DS, false, Operand.Mem.RIP, -1, 1, 0x1006 + 0x1000, 32, 64), rip.op(1));
        assertEquals(Seg.SS, ((Operand.Mem) d64("8b4424f8").op(1)).seg());
        assertEquals(-8, ((Operand.Mem) d64("8b4424f8").op(1)).disp());
        Instruction bx16 = d(Mode.BITS16, "8b4210");
        assertEquals(new Operand.Mem(Seg.SS, false, 5, 6, 1, 0x10, 16, 16), bx16.op(1));
        assertEquals(new Operand.Mem(Seg.DS, false, 3, 6, 1, 0, 16, 16), d(Mode.BITS16, "8b00").op(1));
        assertEquals(new Operand.Mem(Seg.FS, true, 0, -1, 1, 0, 64, 64), d64("64488b00").op(1));
        Operand.Mem lea = (Operand.Mem) d64("488d04c5f0ffffff").op(1);
        assertEquals(new Operand.Mem(Seg.DS, false, -1, 0, 8, -16, 0, 64), lea);
        Operand.Mem moffs = (Operand.Mem) d64("a1efcdab8967452301").op(1);
        assertEquals(0x0123456789ABCDEFL, moffs.disp());
        assertEquals(-1, moffs.base());
        assertEquals(4096, ((Operand.Mem) d64("0fae00").op(0)).size());
        assertEquals(80, ((Operand.Mem) d64("db28").op(0)).size());
        assertEquals(128, ((Operand.Mem) d64("0f2800").op(1)).size());
        assertEquals(0, ((Operand.Mem) d64("0f0138").op(0)).size());
    }

    @Test
    void registers() {
        assertEquals(new Operand.Reg(RegClass.GPR8H, 0, 8), d64("88e0").op(1));
        assertEquals(new Operand.Reg(RegClass.GPR, 4, 8), d64("4088e0").op(1));
        assertEquals(new Operand.Reg(RegClass.SEG, 3, 16), d(Mode.BITS32, "8ed8").op(0));
        assertEquals(new Operand.Reg(RegClass.XMM, 9, 128), d64("66440fefc9").op(0));
        assertEquals(new Operand.Reg(RegClass.YMM, 1, 256), d64("c5f5efc9").op(0));
        assertEquals(new Operand.Reg(RegClass.ST, 1, 80), d64("d8c1").op(1));
        assertEquals(new Operand.Reg(RegClass.CR, 0, 64), d64("0f20c0").op(1));
    }

    @Test
    void sizesAndMnemonics() {
        assertEquals(64, d64("50").opSize());
        assertEquals(16, d64("6650").opSize());
        assertEquals(128, d64("660fefc0").opSize());
        assertEquals(32, d64("660fd7c1").opSize());
        assertEquals(Mnemonic.MOVSD_SSE, d64("f20f1000").mnemonic());
        assertEquals(Mnemonic.CMPSD_SSE, d64("f20fc20000").mnemonic());
        assertEquals(Mnemonic.CMPSD, d64("a7").mnemonic());
        assertEquals(Mnemonic.CDQE, d64("4898").mnemonic());
        assertEquals(Mnemonic.JRCXZ, d64("e3fe").mnemonic());
        assertEquals(Mnemonic.JECXZ, d64("67e3fe").mnemonic());
        assertEquals(Mnemonic.PAUSE, d64("f390").mnemonic());
        assertEquals(Mnemonic.XCHG, d64("4190").mnemonic());
        assertEquals(Mnemonic.ENDBR64, d64("f30f1efa").mnemonic());
    }

    @Test
    void failures() {
        Instruction tooLong = d64("66666666666666666666666666666690");
        assertEquals(Mnemonic.TOO_LONG, tooLong.mnemonic());
        assertEquals(15, tooLong.length());
        Instruction trunc = d64("488b04");
        assertEquals(Mnemonic.TRUNCATED, trunc.mnemonic());
        assertEquals(3, trunc.length());
        Instruction lockReg = d64("f001c0");
        assertEquals(Mnemonic.INVALID, lockReg.mnemonic());
        assertEquals(3, lockReg.length());
        assertNull(lockReg.form());
        assertEquals(Mnemonic.INVALID, d64("06").mnemonic());
        assertEquals(Mnemonic.PUSH, d(Mode.BITS32, "06").mnemonic());
        Instruction evex = d64("62f17c48580001");
        assertEquals(Mnemonic.UNSUPPORTED_EVEX, evex.mnemonic());
        assertEquals(6, evex.length());
        assertEquals(Mnemonic.INVALID, d64("0fff").isInvalid() ? Mnemonic.INVALID : Mnemonic.NOP);
    }

    @Test
    void formMetadata() {
        Form cpuid = d64("0fa2").form();
        assertEquals(Flow.EXIT, cpuid.flow());
        assertEquals(ExitClass.UNCONDITIONAL, cpuid.exitClass());
        Form adc = d64("11c0").form();
        assertEquals(Flags.CF, adc.flagsRead());
        assertEquals(Flags.STATUS, adc.flagsWritten());
        Form jbe = d64("7600").form();
        assertEquals(Flags.CF | Flags.ZF, jbe.flagsRead());
        assertEquals(Flow.BRANCH, jbe.flow());
        assertEquals(0, d64("f4").form().cpl());
        assertEquals(Feature.SSE2, d64("660fefc0").form().feature());
        assertTrue(d64("0f01c4").form().exitClass() == ExitClass.VMX);
    }
}

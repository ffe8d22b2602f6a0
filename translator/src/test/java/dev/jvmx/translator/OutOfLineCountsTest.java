package dev.jvmx.translator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvmx.x86.Instruction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The per-form out-of-line counter: what generated code runs through the interpreter, weighted by executions. */
class OutOfLineCountsTest {
    @BeforeAll
    static void nasm() {
        Nasm.require();
    }

    @Test
    void formsAreNamedByMnemonicAndOperandKinds() {
        byte[] code = Nasm.assemble(Guest.CODE, "rep movsb\nlock xadd [rsi+8], ecx\nbt rax, 3\nrcl byte [rsi], cl\nhlt");
        Guest g = new Guest(code, 1);
        Instruction[] ins = new BlockDecoder(8).decode(g.mem, g.cpu.mode, Guest.CODE);
        assertEquals("REP MOVSB m8, m8", OutOfLineCounts.name(ins[0]));
        assertEquals("LOCK XADD m32, r32", OutOfLineCounts.name(ins[1]));
        assertEquals("BT r64, imm8", OutOfLineCounts.name(ins[2]));
        assertEquals("RCL m8, r8", OutOfLineCounts.name(ins[3]));
    }

    @Test
    void translatedCodeCountsEachOutOfLineExecutionOfItsForm() {
        // CMPXCHG and BTC (a register bit offset into memory) run through the interpreter; ADD is inline
        byte[] code = Nasm.assemble(Guest.CODE, "mov ecx, 37\ntop: cmpxchg [rsi+2], dx\nbtc word [rsi+4], dx\nadd rax, rbx\ndec ecx\njnz top\nhlt");
        String cmpxchg = "CMPXCHG m16, r16", btc = "BTC m16, r16", add = "ADD r64, r64";
        long before = OutOfLineCounts.count(cmpxchg), btcBefore = OutOfLineCounts.count(btc), addBefore = OutOfLineCounts.count(add);
        boolean was = OutOfLineCounts.enabled;
        OutOfLineCounts.enabled = true;
        try {
            Guest got = new Guest(code, 1).run(TierDifferentialTest.regions(), 10_000);
            Guest ref = new Guest(code, 1).run(new dev.jvmx.runtime.exec.Interpreter(), 10_000);
            assertEquals(ref.state(), got.state());
        } finally {
            OutOfLineCounts.enabled = was;
        }
        assertEquals(37, OutOfLineCounts.count(cmpxchg) - before, OutOfLineCounts.report(10));
        assertEquals(37, OutOfLineCounts.count(btc) - btcBefore, OutOfLineCounts.report(10));
        assertEquals(0, OutOfLineCounts.count(add) - addBefore);
        assertTrue(OutOfLineCounts.report(10).contains(cmpxchg), OutOfLineCounts.report(10));
    }
}

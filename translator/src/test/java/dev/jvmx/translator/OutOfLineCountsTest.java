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
        // RCL of memory and BTC (a register bit offset into memory) run through the interpreter; ADD is inline
        byte[] code = Nasm.assemble(Guest.CODE, "mov ecx, 37\ntop: rcl word [rsi+2], cl\nbtc word [rsi+4], dx\nadd rax, rbx\ndec ecx\njnz top\nhlt");
        String rcl = "RCL m16, r8", btc = "BTC m16, r16", add = "ADD r64, r64";
        long before = OutOfLineCounts.count(rcl), btcBefore = OutOfLineCounts.count(btc), addBefore = OutOfLineCounts.count(add);
        runCountedInRegions(code);
        assertEquals(37, OutOfLineCounts.count(rcl) - before, OutOfLineCounts.report(10));
        assertEquals(37, OutOfLineCounts.count(btc) - btcBefore, OutOfLineCounts.report(10));
        assertEquals(0, OutOfLineCounts.count(add) - addBefore);
        assertTrue(OutOfLineCounts.report(10).contains(rcl), OutOfLineCounts.report(10));
    }
    @Test
    void highByteFormsAndDivideWithRdxZeroRunInline() {
        // the forms InlineIntegers gained for AH..BH and DIV r32/r64; the memory-destination RCL stays out of line (the check can fail)
        byte[] code = Nasm.assemble(Guest.CODE, """
                mov ecx, 29
            top: mov rax, rcx
                movzx edx, ah
                add ah, bl
                test bh, 0x40
                mov [rsi+8], ah
                xor edx, edx
                lea r9, [rcx+7]
                div r9
                rcl qword [rsi+16], 1
                dec ecx
                jnz top
                hlt""");
        String[] inline = {"MOVZX r32, r8", "ADD r8, r8", "TEST r8, imm8", "MOV m8, r8", "DIV r64"};
        String shl = "RCL m64, imm8";
        long[] before = new long[inline.length];
        for (int n = 0; n < inline.length; n++) before[n] = OutOfLineCounts.count(inline[n]);
        long shlBefore = OutOfLineCounts.count(shl);
        runCountedInRegions(code);
        for (int n = 0; n < inline.length; n++) assertEquals(0, OutOfLineCounts.count(inline[n]) - before[n], inline[n] + ": " + OutOfLineCounts.report(10));
        assertTrue(OutOfLineCounts.count(shl) - shlBefore > 0, OutOfLineCounts.report(10));
    }

    @Test
    void memoryShiftsExchangesAndRegisterCompareExchangeAndDoubleShiftsRunInline() {
        // shifts and rotates of memory, XCHG with memory (LOCK or not), CMPXCHG/XADD and SHLD/SHRD of registers; RCL of memory stays out of line
        byte[] code = Nasm.assemble(Guest.CODE, """
                mov r12d, 23
            top: mov ecx, r12d
                shl qword [rsi+8], 3
                sar dword [rsi+16], cl
                rol word [rsi+24], 1
                ror byte [rsi+32], cl
                xchg [rsi+40], rbx
                lock xchg ecx, [rsi+48]
                mov rax, rdx
                cmpxchg r9, r10
                xadd r11d, r13d
                shld r8, r9, cl
                shrd r10w, r11w, 5
                rcl word [rsi+56], cl
                dec r12d
                jnz top
                hlt""");
        String[] inline = {"SHL m64, imm8", "SAR m32, r8", "ROL m16, imm8", "ROR m8, r8", "XCHG m64, r64", "LOCK XCHG m32, r32",
            "CMPXCHG r64, r64", "XADD r32, r32", "SHLD r64, r64, r8", "SHRD r16, r16, imm8"};
        String rcl = "RCL m16, r8";
        Guest g = new Guest(code, 1);
        java.util.Set<String> names = new java.util.HashSet<>();
        for (Instruction i : new BlockDecoder(16).decode(g.mem, g.cpu.mode, Guest.CODE + 6)) names.add(OutOfLineCounts.name(i));
        for (String form : inline) assertTrue(names.contains(form), form + " is not a form of the loop: " + names);
        long[] before = new long[inline.length];
        for (int n = 0; n < inline.length; n++) before[n] = OutOfLineCounts.count(inline[n]);
        long rclBefore = OutOfLineCounts.count(rcl);
        runCountedInRegions(code);
        for (int n = 0; n < inline.length; n++) assertEquals(0, OutOfLineCounts.count(inline[n]) - before[n], inline[n] + ": " + OutOfLineCounts.report(10));
        assertEquals(23, OutOfLineCounts.count(rcl) - rclBefore, OutOfLineCounts.report(10));
    }

    /** Runs {@code code} in regions with the counters on, and checks it ends as in the interpreter. */
    private static void runCountedInRegions(byte[] code) {
        boolean was = OutOfLineCounts.enabled;
        OutOfLineCounts.enabled = true;
        try {
            Guest got = new Guest(code, 1).run(TierDifferentialTest.regions(), 10_000);
            Guest ref = new Guest(code, 1).run(new dev.jvmx.runtime.exec.Interpreter(), 10_000);
            assertEquals(ref.state(), got.state());
        } finally {
            OutOfLineCounts.enabled = was;
        }
    }
}

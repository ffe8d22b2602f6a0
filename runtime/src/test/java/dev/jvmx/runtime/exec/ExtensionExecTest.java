package dev.jvmx.runtime.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jvmx.runtime.cpu.CpuModel;
import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.mem.GuestFault;
import dev.jvmx.x86.Mnemonic;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * BMI1, BMI2, ADX, AES-NI and PCLMULQDQ through the interpreter (operand order, implicit RDX,
 * 32-bit zero extension, the feature gate), with known results: PDEP/PEXT and CLMUL values taken
 * on an Intel host with the compiler intrinsics, AES rounds of an all-zero block. The bit-exact
 * comparison against the host over random states is testsuites' {@code ExtensionDifferentialTest}.
 */
class ExtensionExecTest {
    static final long ORG = 0x40_0000;

    /** One case: code, RAX RBX RCX RDX in, XMM0/XMM1 in ({lo, hi} each), the register to check and its value. */
    record Case(String code, long[] gpr, long[] xmm, String check, long expected) {}

    static final List<Case> CASES = List.of(
        new Case("andn rax, rbx, rcx", new long[] {0, 0xF0F0, 0xFFFF, 0}, null, "rax", 0x0F0F),
        new Case("bextr eax, ebx, ecx", new long[] {-1, 0x12345678, 0x0810, 0}, null, "rax", 0x34),
        new Case("blsi rax, rbx", new long[] {0, 0b1011000, 0, 0}, null, "rax", 0b1000),
        new Case("blsmsk eax, ebx", new long[] {-1, 0b1011000, 0, 0}, null, "rax", 0b1111),
        new Case("blsr rax, rbx", new long[] {0, 0b1011000, 0, 0}, null, "rax", 0b1010000),
        new Case("bzhi rax, rbx, rcx", new long[] {0, -1L, 12, 0}, null, "rax", 0xFFF),
        new Case("pdep rax, rbx, rcx", new long[] {0, 0x12345678, 0xFF00FFF0L, 0}, null, "rax", 0x45006780L),
        new Case("pext rax, rbx, rcx", new long[] {0, 0x12345678, 0xFF00FFF0L, 0}, null, "rax", 0x12567),
        new Case("mulx rax, rbx, rcx", new long[] {0, 0, -1L, -1L}, null, "rax", -2L),
        new Case("mulx rax, rbx, rcx", new long[] {0, 0, -1L, -1L}, null, "rbx", 1),
        new Case("rorx eax, ebx, 4", new long[] {-1, 0x12345678, 0, 0}, null, "rax", 0x81234567L),
        new Case("sarx eax, ebx, ecx", new long[] {0, 0x80000000L, 35, 0}, null, "rax", 0xF0000000L),
        new Case("shlx rax, rbx, rcx", new long[] {0, 1, 65, 0}, null, "rax", 2),
        new Case("shrx rax, rbx, rcx", new long[] {0, -1L, 60, 0}, null, "rax", 0xF),
        new Case("stc\nadcx rax, rbx", new long[] {1, 2, 0, 0}, null, "rax", 4),
        new Case("stc\nadox rax, rbx", new long[] {1, 2, 0, 0}, null, "rax", 3),
        new Case("tzcnt eax, ebx", new long[] {0, 0, 0, 0}, null, "rax", 32),
        // process mode: Linux enabled x87 | SSE | AVX in XCR0 (the model advertises AVX)
        new Case("xgetbv", new long[] {-1, 0, 0, -1}, null, "rax", 7),
        new Case("xgetbv", new long[] {-1, 0, 0, -1}, null, "rdx", 0),
        // all-zero state and key: S-box(0) = 63, InvS-box(0) = 52, and (Inv)MixColumns keeps a column of equal bytes
        new Case("aesenc xmm0, xmm1", null, new long[] {0, 0, 0, 0}, "xmm0lo", 0x63636363_63636363L),
        new Case("pclmulqdq xmm0, xmm1, 0x00", null, new long[] {0x63746f725d53475dL, 0x7b5b546573745665L,
            0x5b477565726f6e5dL, 0x4869285368617929L}, "xmm0lo", 0x929633d5d36f0451L),
        new Case("aesimc xmm0, xmm1", null, new long[] {0, 0, 0, 0}, "xmm0lo", 0),
        new Case("aeskeygenassist xmm0, xmm1, 1", null, new long[] {0, 0, 0, 0}, "xmm0lo", 0x63636362_63636363L),
        new Case("aesenclast xmm0, xmm1", null, new long[] {0, 0, 0, 0}, "xmm0lo", 0x63636363_63636363L),
        new Case("aesdec xmm0, xmm1", null, new long[] {0, 0, 0, 0}, "xmm0lo", 0x52525252_52525252L),
        new Case("aesdeclast xmm0, xmm1", null, new long[] {0, 0, 0, 0}, "xmm0lo", 0x52525252_52525252L));

    static Set<Mnemonic> mnemonics() {
        Set<Mnemonic> r = EnumSet.noneOf(Mnemonic.class);
        for (Case c : CASES) {
            for (String line : c.code().split("\n")) r.add(Mnemonic.valueOf(line.split(" ")[0].toUpperCase()));
        }
        return r;
    }

    @Test
    void extensionFormsComputeKnownValues() {
        assumeTrue(Nasm.available(), "nasm not on PATH");
        for (Case c : CASES) {
            CpuState s = run(c, CpuModel.withAvx());
            long actual = switch (c.check()) {
                case "rax" -> s.gpr[0];
                case "rbx" -> s.gpr[3];
                case "rdx" -> s.gpr[2];
                case "xmm0lo" -> s.ymm[0];
                default -> c.expected();
            };
            assertEquals(c.expected(), actual, c.code());
        }
    }

    @Test
    void withoutTheFeatureTheVexFormsRaiseUd() {
        assumeTrue(Nasm.available(), "nasm not on PATH");
        for (String code : new String[] {"andn rax, rbx, rcx", "pdep rax, rbx, rcx", "aesenc xmm0, xmm1", "adcx rax, rbx"}) {
            Case c = new Case(code, new long[4], null, "none", 0);
            byte[] bin = Nasm.assemble("64", ORG, c.code());
            FlatMemory mem = new FlatMemory().map(ORG, 4096);
            mem.write(ORG, bin, 0, bin.length);
            CpuState s = new CpuState();
            s.rip = ORG;
            Exit e = new Interpreter(new CpuModel()).run(s, mem, 1); // the SSE2 baseline: no BMI, ADX, AES
            assertEquals(Exit.Kind.EXCEPTION, e.kind(), code);
            assertEquals(GuestFault.UD, e.fault().vector(), code);
        }
    }

    private static CpuState run(Case c, CpuModel model) {
        byte[] bin = Nasm.assemble("64", ORG, c.code());
        FlatMemory mem = new FlatMemory().map(ORG, 4096);
        mem.write(ORG, bin, 0, bin.length);
        CpuState s = new CpuState();
        s.rip = ORG;
        if (c.gpr() != null) {
            s.gpr[0] = c.gpr()[0];
            s.gpr[3] = c.gpr()[1];
            s.gpr[1] = c.gpr()[2];
            s.gpr[2] = c.gpr()[3];
        }
        if (c.xmm() != null) {
            s.ymm[0] = c.xmm()[0];
            s.ymm[1] = c.xmm()[1];
            s.ymm[4] = c.xmm()[2];
            s.ymm[5] = c.xmm()[3];
        }
        Exit e = new Interpreter(model).run(s, mem, c.code().split("\n").length);
        assertEquals(Exit.Kind.INSTRUCTION_LIMIT, e.kind(), c.code() + ": " + e);
        return s;
    }
}

package dev.jvmx.runtime.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jvmx.runtime.cpu.CpuModel;
import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.mem.GuestFault;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * MMX-register forms and x87 #MF against the host CPU. Each case is a short program (the harness
 * records GPRs, XMM0-3 and memory, not MMX state):
 * <pre>
 *   fninit; movq mm0, rax; movq mm1, rcx        MMn from GPRs (the x87-to-MMX transition)
 *   OP                                          the form under test (register, memory [rsi], immediate)
 *   movq r8, mm0; movq r9, mm1; mov r10, rax
 *   fxam; fnstsw ax; mov r11, rax               TOP, ST0's tag (valid) and class: FFFFh exponent = NaN
 *   emms; fxam; fnstsw ax                       EMMS empties the tag word
 * </pre>
 * plus programs that leave an unmasked x87 exception pending, then run a waiting x87 or an MMX
 * instruction: #MF (SIGFPE) on the host, {@code GuestFault.MF} in jvmx, at the same instruction.
 */
class MmxDiffTest {
    private final Random rnd = new Random(Long.getLong("jvmx.mmx.seed", 0x4D4D58L));
    private static final long[] EDGES = {0, 1, -1, 0x7F, 0x80, 0xFF, 0x7FFF, 0x8000, 0xFFFF, 0x7FFF_FFFFL, 0x8000_0000L,
        0xFFFF_FFFFL, Long.MAX_VALUE, Long.MIN_VALUE, 0x8080_8080_8080_8080L, 0x7F7F_7F7F_7F7F_7F7FL, 0x0001_0001_0001_0001L};

    long value() {
        return rnd.nextInt(3) == 0 ? EDGES[rnd.nextInt(EDGES.length)] : rnd.nextLong() >> rnd.nextInt(64);
    }

    static final String[] BINARY = {"paddb", "paddw", "paddd", "paddq", "psubb", "psubw", "psubd", "psubq", "paddsb", "paddsw",
        "paddusb", "paddusw", "psubsb", "psubsw", "psubusb", "psubusw", "pcmpeqb", "pcmpeqw", "pcmpeqd", "pcmpgtb", "pcmpgtw",
        "pcmpgtd", "pand", "pandn", "por", "pxor", "pmullw", "pmulhw", "pmulhuw", "pmuludq", "pmaddwd", "psadbw", "pavgb",
        "pavgw", "pminub", "pmaxub", "pminsw", "pmaxsw", "punpckhbw", "punpckhwd", "punpckhdq", "packsswb", "packssdw", "packuswb"};

    /** The instruction(s) under test for one case; the program around them is in the class comment. */
    List<String> ops() {
        List<String> ops = new ArrayList<>();
        for (String m : BINARY) {
            ops.add(m + " mm0, mm1");
            ops.add(m + " mm0, [rsi]");
        }
        for (String m : new String[] {"punpcklbw", "punpcklwd", "punpckldq"}) {
            ops.add(m + " mm0, mm1");
            ops.add(m + " mm0, [rsi]");
        }
        for (String m : new String[] {"psllw", "pslld", "psllq", "psrlw", "psrld", "psrlq", "psraw", "psrad"}) {
            ops.add(m + " mm0, " + rnd.nextInt(70));
            ops.add(m + " mm0, mm1");
            ops.add(m + " mm0, [rsi]");
        }
        for (String m : SimdDiffTest.SSSE3) { // run under CpuModel.withVerifiedExtensions()
            ops.add(m + " mm0, mm1");
            ops.add(m + " mm0, [rsi]");
        }
        int imm = rnd.nextInt(256);
        ops.add("palignr mm0, mm1, " + rnd.nextInt(20));
        ops.add("palignr mm0, [rsi], " + rnd.nextInt(20));
        ops.add("pshufw mm0, mm1, " + imm);
        ops.add("pshufw mm0, [rsi], " + imm);
        ops.add("pextrw eax, mm1, " + imm);
        ops.add("pinsrw mm0, ecx, " + imm);
        ops.add("pinsrw mm0, word [rsi], " + imm);
        ops.add("pmovmskb eax, mm1");
        ops.add("maskmovq mm0, mm1");
        ops.add("movd mm0, ecx");
        ops.add("movd eax, mm1");
        ops.add("movd mm0, [rsi]");
        ops.add("movd [rsi], mm1");
        ops.add("movq mm0, [rsi]");
        ops.add("movq [rsi], mm1");
        ops.add("movq mm0, mm1");
        ops.add("movntq [rsi], mm1");
        for (String m : new String[] {"cvtpi2ps", "cvtpi2pd"}) {
            ops.add(m + " xmm0, mm1");
            ops.add(m + " xmm1, [rsi]");
        }
        for (String m : new String[] {"cvtps2pi", "cvttps2pi", "cvtpd2pi", "cvttpd2pi"}) {
            ops.add(m + " mm0, xmm1");
            ops.add(m + " mm0, [rsi]");
        }
        ops.add("movq2dq xmm0, mm1");
        ops.add("movdq2q mm0, xmm1");
        return ops;
    }

    record Case(long[] gpr, long[] xmm, String program, int count) {}

    /** Every mnemonic the programs exercise (for {@link CoverageTest}). */
    static java.util.Set<dev.jvmx.x86.Mnemonic> mnemonics() {
        java.util.Set<dev.jvmx.x86.Mnemonic> r = java.util.EnumSet.noneOf(dev.jvmx.x86.Mnemonic.class);
        for (String op : new MmxDiffTest().ops()) r.add(dev.jvmx.x86.Mnemonic.valueOf(op.split(" ")[0].toUpperCase()));
        for (String m : new String[] {"EMMS", "FXAM", "FNSTSW", "FNINIT", "FLDCW", "FSQRT", "FWAIT", "FNCLEX"}) r.add(dev.jvmx.x86.Mnemonic.valueOf(m));
        return r;
    }

    Case mmxCase(String op) {
        long[] g = new long[16];
        for (int i = 0; i < 16; i++) g[i] = value();
        if (op.startsWith("ps") && op.endsWith("mm1") && rnd.nextBoolean()) g[1] = rnd.nextInt(70); // shift counts in range
        g[4] = HostHarness.DATA_ADDR + 0x1000;
        g[6] = HostHarness.DATA_ADDR + 0x100 + (rnd.nextBoolean() ? 16 * rnd.nextInt(0x60) : rnd.nextInt(0x600));
        g[7] = HostHarness.DATA_ADDR + 0x900 + rnd.nextInt(0x600);
        long[] x = new long[8];
        for (int i = 0; i < 8; i++) x[i] = value();
        String p = "fninit\nmovq mm0, rax\nmovq mm1, rcx\n" + op + "\nmovq r8, mm0\nmovq r9, mm1\nmov r10, rax\n"
                + "fxam\nfnstsw ax\nmov r11, rax\nemms\nfxam\nfnstsw ax";
        return new Case(g, x, p, 13);
    }

    /** A pending unmasked exception (IE from FSQRT of -1 with IM clear), then {@code next}: #MF at {@code next}. */
    Case pendingCase(String next) {
        long[] g = new long[16];
        g[4] = HostHarness.DATA_ADDR + 0x1000;
        String p = "fninit\nmov dword [rsp-8], 0x37E\nfldcw [rsp-8]\nfld1\nfchs\nfsqrt\nmov eax, 1\n" + next + "\nmov eax, 2";
        return new Case(g, new long[8], p, 9);
    }

    @Test
    void mmxFormsAndPendingExceptionsMatchTheHostCpu() {
        String why = HostHarness.unavailableReason();
        assumeTrue(why == null, why);
        List<Case> cases = new ArrayList<>();
        for (int k = 0; k < 12; k++) for (String op : ops()) cases.add(mmxCase(op));
        for (String next : new String[] {"paddb mm0, mm1", "fld1", "fwait", "emms", "movq mm0, rax", "fnclex\nfld1", "fninit\nfld1"}) {
            cases.add(pendingCase(next));
        }
        for (String op : new String[] {"cvtpi2ps xmm1, [rsi]", "cvtpi2pd xmm1, [rsi]", "cvtpi2ps xmm1, mm2", "cvttpd2pi mm1, xmm2"}) {
            Case k = mmxCase(op); // does this form make the x87-to-MMX transition? FXAM after FNINIT tells
            cases.add(new Case(k.gpr(), k.xmm(), "fninit\n" + op + "\nfxam\nfnstsw ax", 4));
        }
        List<byte[]> code = Nasm.assembleAll("64", HostHarness.CODE_ADDR, cases.stream().map(Case::program).toList());
        List<HostHarness.Result> host = HostHarness.run(cases.stream().map(Case::gpr).toList(),
                cases.stream().map(c -> 0x202L).toList(), cases.stream().map(Case::xmm).toList(),
                cases.stream().map(c -> 0x1F80).toList(), code);
        List<String> bad = new ArrayList<>();
        for (int k = 0; k < cases.size(); k++) {
            String d = compare(cases.get(k), code.get(k), host.get(k));
            if (d != null) bad.add(cases.get(k).program().replace('\n', ';') + " -> " + d);
        }
        long mf = host.stream().filter(r -> r.signal() == 8).count();
        System.out.println("MMX host diff: " + cases.size() + " programs, " + bad.size() + " mismatches, " + mf + " #MF");
        assertEquals(5, mf, "#MF at PADDB, FLD1, FWAIT, EMMS, MOVQ mm (not after FNCLEX or FNINIT)");
        assertEquals(0, bad.size(), String.join("\n", bad.subList(0, Math.min(20, bad.size()))));
    }

    static String compare(Case k, byte[] code, HostHarness.Result h) {
        CpuState s = new CpuState();
        System.arraycopy(k.gpr(), 0, s.gpr, 0, 16);
        s.setRflags(0x202);
        for (int x = 0; x < 4; x++) {
            s.ymm[x * 4] = k.xmm()[2 * x];
            s.ymm[x * 4 + 1] = k.xmm()[2 * x + 1];
        }
        s.rip = HostHarness.CODE_ADDR;
        FlatMemory mem = new FlatMemory();
        HostHarness.fillData(mem);
        mem.map(HostHarness.CODE_ADDR, code.length + 16);
        mem.write(HostHarness.CODE_ADDR, code, 0, code.length);
        Interpreter interp = new Interpreter(CpuModel.withVerifiedExtensions());
        Exit exit = Exit.INSTRUCTION_LIMIT;
        for (int n = 0; n < 100 && s.rip != HostHarness.CODE_ADDR + code.length && exit.kind() != Exit.Kind.EXCEPTION; n++) {
            exit = interp.run(s, mem, 1);
        }
        int sig = 0;
        if (exit.kind() == Exit.Kind.EXCEPTION) sig = exit.fault().vector() == GuestFault.MF ? 8 : HostDiffTest.signalOf(exit);
        List<String> diffs = new ArrayList<>();
        if (sig != h.signal()) diffs.add("signal host=" + h.signal() + " jvmx=" + sig + " (" + exit + ")");
        if (sig == 0 && s.rip != HostHarness.CODE_ADDR + code.length) diffs.add("rip " + Long.toHexString(s.rip));
        String[] names = {"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi"};
        for (int r = 0; r < 16; r++) {
            if (s.gpr[r] != h.gpr()[r]) diffs.add((r < 8 ? names[r] : "r" + r) + " host=" + Long.toHexString(h.gpr()[r]) + " jvmx=" + Long.toHexString(s.gpr[r]));
        }
        for (int x = 0; x < 4; x++) {
            if (s.ymm[x * 4] != h.xmm()[2 * x] || s.ymm[x * 4 + 1] != h.xmm()[2 * x + 1]) diffs.add("xmm" + x);
        }
        if (h.dataHash() != HostHarness.hashData(mem)) diffs.add("data area differs");
        return diffs.isEmpty() ? null : String.join(", ", diffs);
    }
}

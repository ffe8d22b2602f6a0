package dev.jvmx.testsuites.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jvmx.runtime.cpu.CpuModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The extensions past SSE4.2 against the host CPU, family by family: each form (register and
 * memory operands, several immediates) runs from {@link #CASES_PER_FORM} random states with
 * edge-biased GPRs, status flags and XMM lanes, natively ({@link HostCpu}) and in jvmx's
 * interpreter under {@link CpuModel#withAvx()} ({@link JvmxCpu}); the outcomes must
 * agree in every compared field, no flag masked (the SDM's undefined flags included: jvmx does
 * what the Intel host does). The seed is fixed ({@code -Djvmx.ext.seed=N} to vary it); memory
 * operands point into the data page at random 16-byte slots, sometimes misaligned so that the
 * legacy-SSE alignment #GP is covered. The per-family counts are printed; {@code -Djvmx.ext.family=text}
 * runs only the families whose name contains the text, {@code -Djvmx.ext.cases=N} sets the cases per form.
 */
class ExtensionDifferentialTest {
    /** Cases per form (at least 150 per instruction text): 400 for the scalar extensions, 150 for the ~2,000 AVX texts. */
    static final int CASES_PER_FORM = Integer.getInteger("jvmx.ext.cases", 400), AVX_CASES_PER_FORM = Integer.getInteger("jvmx.ext.cases", 150);
    private final SplittableRandom rnd = new SplittableRandom(Long.getLong("jvmx.ext.seed", 0x45585431L));

    /** Forms per family for a mode; {@code imm} is replaced by several immediates. */
    static Map<String, List<String>> families(int bits) {
        Map<String, List<String>> f = new LinkedHashMap<>();
        String[] widths = bits == 64 ? new String[] {"e", "r"} : new String[] {"e"};
        List<String> bmi1 = new ArrayList<>(), bmi2 = new ArrayList<>(), adx = new ArrayList<>();
        for (String w : widths) {
            String a = w + "ax", b = w + "bx", c = w + "cx", d = w + "dx", m = (w.equals("r") ? "qword" : "dword") + " [esi]";
            if (bits == 64) m = m.replace("esi", "rsi");
            bmi1.addAll(List.of("andn " + a + ", " + b + ", " + c, "andn " + d + ", " + b + ", " + m,
                    "bextr " + a + ", " + b + ", " + c, "bextr " + a + ", " + m + ", " + c,
                    "blsi " + a + ", " + b, "blsi " + a + ", " + m, "blsmsk " + a + ", " + b, "blsmsk " + d + ", " + m,
                    "blsr " + a + ", " + b, "blsr " + a + ", " + m, "tzcnt " + a + ", " + b, "tzcnt " + a + ", " + m));
            bmi2.addAll(List.of("bzhi " + a + ", " + b + ", " + c, "bzhi " + a + ", " + m + ", " + c,
                    "pdep " + a + ", " + b + ", " + c, "pdep " + a + ", " + b + ", " + m,
                    "pext " + a + ", " + b + ", " + c, "pext " + a + ", " + b + ", " + m,
                    "mulx " + a + ", " + b + ", " + c, "mulx " + a + ", " + b + ", " + m, "mulx " + a + ", " + a + ", " + c,
                    "mulx " + b + ", " + a + ", " + d, "rorx " + a + ", " + b + ", imm", "rorx " + a + ", " + m + ", imm",
                    "sarx " + a + ", " + b + ", " + c, "sarx " + a + ", " + m + ", " + c, "shlx " + a + ", " + b + ", " + c,
                    "shlx " + a + ", " + m + ", " + c, "shrx " + a + ", " + b + ", " + c, "shrx " + a + ", " + m + ", " + c));
            adx.addAll(List.of("adcx " + a + ", " + b, "adcx " + a + ", " + m, "adox " + a + ", " + b, "adox " + a + ", " + m,
                    "adcx " + a + ", " + b + "\nadox " + c + ", " + d + "\nadcx " + a + ", " + c));
        }
        bmi1.add("tzcnt ax, bx");
        f.put("BMI1", bmi1);
        f.put("BMI2", bmi2);
        f.put("ADX", adx);
        String m = bits == 64 ? "[rsi]" : "[esi]";
        List<String> aes = new ArrayList<>();
        for (String op : new String[] {"aesenc", "aesenclast", "aesdec", "aesdeclast"}) aes.addAll(List.of(op + " xmm0, xmm1", op + " xmm2, " + m));
        aes.addAll(List.of("aesimc xmm0, xmm1", "aesimc xmm3, " + m, "aeskeygenassist xmm0, xmm1, imm", "aeskeygenassist xmm2, " + m + ", imm"));
        f.put("AES", aes);
        f.put("PCLMULQDQ", List.of("pclmulqdq xmm0, xmm1, imm", "pclmulqdq xmm2, " + m + ", imm", "pclmulqdq xmm1, xmm1, 0x11"));
        List<String> sha = new ArrayList<>(List.of("sha1rnds4 xmm0, xmm1, imm", "sha1rnds4 xmm2, " + m + ", imm", "sha1rnds4 xmm3, xmm3, 2",
                "sha256rnds2 xmm1, xmm2, xmm0", "sha256rnds2 xmm3, " + m + ", xmm0", "sha256rnds2 xmm0, xmm1, xmm0", "sha256rnds2 xmm2, xmm0, xmm0"));
        for (String op : new String[] {"sha1nexte", "sha1msg1", "sha1msg2", "sha256msg1", "sha256msg2"}) {
            sha.addAll(List.of(op + " xmm0, xmm1", op + " xmm2, " + m, op + " xmm3, xmm3"));
        }
        f.put("SHA", sha);
        return f;
    }

    @Test
    void extensionsMatchTheHostCpu64() {
        run(HostArch.X86_64, families(64), CpuModel.withAvx(), false);
    }

    @Test
    void extensionsMatchTheHostCpu32() {
        run(HostArch.I386, families(32), CpuModel.withAvx(), false);
    }

    @Test
    void avxMatchesTheHostCpu64() {
        run(HostArch.X86_64, AvxForms.families(), CpuModel.withAvx(), true);
    }

    /**
     * The legacy SSE forms the translator inlines ({@code InlineSse}), through the JIT tiers with
     * threshold 0: random MXCSR (rounding, DAZ/FTZ, sticky flags, sometimes an unmasked exception)
     * and edge-valued lanes (NaNs, denormals, infinities), register and memory operands (some
     * misaligned: the 16-byte #GP).
     */
    @ParameterizedTest
    @EnumSource(JvmxTieredCpu.Tier.class)
    void inlinedSseMatchesTheHostCpuInEveryTier64(JvmxTieredCpu.Tier tier) {
        run(HostArch.X86_64, InlinedSseForms.families(64), CpuModel.defaultModel(), false, true,
                new JvmxTieredCpu(HostArch.X86_64, CpuModel.defaultModel(), tier), InlinedSseForms.CASES_PER_FORM);
    }

    @ParameterizedTest
    @EnumSource(JvmxTieredCpu.Tier.class)
    void inlinedSseMatchesTheHostCpuInEveryTier32(JvmxTieredCpu.Tier tier) {
        run(HostArch.I386, InlinedSseForms.families(32), CpuModel.defaultModel(), false, true,
                new JvmxTieredCpu(HostArch.I386, CpuModel.defaultModel(), tier), InlinedSseForms.CASES_PER_FORM);
    }

    /**
     * The AVX/AVX2 forms the translator inlines ({@code InlineAvx}), through the JIT tiers with
     * threshold 0: random YMM values, register and memory operands (some misaligned: the aligned
     * moves' #GP), 128 and 256 bits.
     */
    @ParameterizedTest
    @EnumSource(JvmxTieredCpu.Tier.class)
    void inlinedAvxMatchesTheHostCpuInEveryTier64(JvmxTieredCpu.Tier tier) {
        run(HostArch.X86_64, InlinedAvxForms.families(), CpuModel.defaultModel(), true, true,
                new JvmxTieredCpu(HostArch.X86_64, CpuModel.defaultModel(), tier), InlinedSseForms.CASES_PER_FORM);
    }

    private void run(HostArch arch, Map<String, List<String>> families, CpuModel model, boolean avx) {
        run(arch, families, model, avx, avx, new JvmxCpu(arch, model), avx ? AVX_CASES_PER_FORM : CASES_PER_FORM);
    }

    /** {@code mxcsr}: random MXCSR values; {@code casesPerForm}: cases per form before immediates multiply the texts. */
    private void run(HostArch arch, Map<String, List<String>> families, CpuModel model, boolean avx, boolean mxcsr,
            GuestCpu jvmx, int casesPerForm) {
        HostHarnessBuild.Result build = HostHarnessBuild.of(arch);
        if (!build.available()) System.out.println("ExtensionDifferentialTest " + arch + " skipped: " + build.reason());
        assumeTrue(build.available(), build.reason());
        String nasm = ExtensionForms.unavailableReason();
        if (nasm != null) System.out.println("ExtensionDifferentialTest skipped: " + nasm);
        assumeTrue(nasm == null, nasm);
        Disassembler dis = Disassembler.objdump(arch);
        List<String> failures = new ArrayList<>();
        StringBuilder summary = new StringBuilder();
        try (HostCpu host = HostCpu.start(arch, Duration.ofMillis(200))) {
            if (avx && !host.hasAvxState()) System.out.println("ExtensionDifferentialTest AVX skipped: the host harness has no AVX state");
            assumeTrue(!avx || host.hasAvxState(), "no AVX state on the host");
            String only = System.getProperty("jvmx.ext.family", "");
            for (Map.Entry<String, List<String>> family : families.entrySet()) {
                if (!family.getKey().contains(only)) continue;
                List<String> texts = new ArrayList<>();
                for (String form : family.getValue()) {
                    if (!form.contains("imm")) texts.add(form);
                    else for (int imm : new int[] {0, 1, 0x10, 0x11, 0x1F, 0x20, 0x3F, 0x40, 0xFF, rnd.nextInt(256)}) texts.add(form.replace("imm", "0x" + Integer.toHexString(imm)));
                }
                List<byte[]> code = ExtensionForms.assemble(arch.bits(), texts);
                List<TestCase> cases = new ArrayList<>();
                for (int k = 0; k < texts.size(); k++) {
                    int per = Math.max(casesPerForm * family.getValue().size() / texts.size(), Math.min(casesPerForm, 150));
                    boolean xsave = texts.get(k).contains("xsave") || texts.get(k).contains("xrstor");
                    for (int n = 0; n < per; n++) {
                        MachineState st = state(arch, avx, mxcsr);
                        // random indices would reach kernel addresses, which fault with P=1 on the host only
                        if (texts.get(k).contains("gather")) st = gatherIndices(st);
                        if (xsave) st = xsaveArea(st);
                        cases.add(new TestCase(code.get(k), st, 0, texts.get(k).replace('\n', ';'), false, saved(texts.get(k), st)));
                    }
                }
                DifferentialRun.Report report = DifferentialRun.run(host, jvmx, cases);
                summary.append(String.format("  %-10s %2d forms %6d cases %5d mismatches%n", family.getKey(), texts.size(), report.cases(), report.mismatchCount()));
                Map<String, Integer> perForm = new LinkedHashMap<>();
                for (DifferentialRun.Mismatch m : report.mismatches()) {
                    if (perForm.merge(m.testCase().text(), 1, Integer::sum) == 1 && perForm.size() <= 12) {
                        MachineState in = m.testCase().initial();
                        StringBuilder ymm = new StringBuilder();
                        for (int x = 0; x < 5; x++) ymm.append(String.format(" ymm%d=%016x_%016x_%016x_%016x", x, in.ymmUpper(x, 1), in.ymmUpper(x, 0), in.xmmHigh(x), in.xmmLow(x)));
                        failures.add(m.render(dis) + String.format("  in mxcsr=%#x rflags=%#x%s%n", in.mxcsr(), in.rflags(), ymm));
                    }
                }
                perForm.forEach((form, n) -> summary.append(String.format("      %5d  %s%n", n, form)));
            }
        }
        System.out.print("ExtensionDifferentialTest " + arch + " " + jvmx.getClass().getSimpleName() + ":\n" + summary);
        assertEquals(List.of(), failures, String.join("\n", failures));
    }

    /**
     * For XSAVE/XRSTOR: RSI at a 64-byte boundary (sometimes not), EDX:EAX requesting a random
     * subset of x87/SSE/AVX (the host's XCR0 has more components, which the data page could not
     * hold), and a plausible standard-format area there: random legacy region with a valid MXCSR
     * (sometimes not), XSTATE_BV a random subset (sometimes with an unsupported bit), XCOMP_BV 0
     * (sometimes not), random AVX component.
     */
    private MachineState xsaveArea(MachineState s) {
        MachineState.Builder b = s.toBuilder();
        int off = 0x100 + 64 * rnd.nextInt(20) + (rnd.nextInt(16) == 0 ? 8 * (1 + rnd.nextInt(7)) : 0);
        b.gpr(Gpr.RSI, HostLayout.DATA_BASE + off).gpr(Gpr.RAX, rnd.nextInt(8)).gpr(Gpr.RDX, 0);
        java.nio.ByteBuffer a = java.nio.ByteBuffer.allocate(832).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int k = 0; k < 832; k += 8) a.putLong(k, EdgeValues.integer(rnd));
        a.putShort(0, (short) (0x037F ^ (rnd.nextInt(4) == 0 ? rnd.nextInt(0x1000) & 0xF3F : 0)));
        a.putInt(24, rnd.nextInt(16) == 0 ? 0x10000 : EdgeValues.mxcsr(rnd));
        for (int k = 0; k < 8; k++) a.putShort(40 + 16 * k, (short) rnd.nextInt(0x10000)).putShort(42 + 16 * k, (short) 0).putInt(44 + 16 * k, 0);
        a.putLong(6, 0).putLong(14, 0).putShort(22, (short) 0).put(5, (byte) 0); // FOP, FIP, FDP
        a.putLong(512, rnd.nextInt(8) | (rnd.nextInt(16) == 0 ? 8 : 0));
        a.putLong(520, rnd.nextInt(16) == 0 ? 1 : 0);
        for (int k = 528; k < 576; k += 8) a.putLong(k, 0);
        return b.data(off, a.array()).build();
    }

    /**
     * The area an XSAVE-family text saves to ([RSI], RFBM = EAX; EDX is 0), for {@link StateDiff#xsaveFreedom}; null
     * for a text without XSAVE/XSAVEOPT. {@code xsaveFreedom} judges "initial configuration" on the final state:
     * in every such text of {@link AvxForms} the requested components end as they were at the XSAVE (XSAVE is
     * last, or the text's XRSTOR reloads what its XSAVE wrote).
     */
    private static TestCase.XsaveArea saved(String text, MachineState st) {
        if (!text.contains("xsave")) return null;
        return new TestCase.XsaveArea(st.gpr(Gpr.RSI), st.gpr(Gpr.RAX) & CaseGenerator.MODEL_XCR0, text.contains("xsaveopt"));
    }

    /** Gathers: small signed indices in YMM1 and YMM4 (mostly inside the data page), random mask signs in YMM2 and YMM5. */
    private MachineState gatherIndices(MachineState s) {
        MachineState.Builder b = s.toBuilder();
        for (int r : new int[] {1, 4}) {
            long[] q = new long[4];
            boolean dwords = rnd.nextBoolean();
            for (int k = 0; k < 4; k++) {
                // some reach past the page (#PF); qword indices stay small too (a kernel address faults with P=1 on the host)
                long lo = rnd.nextInt(400) - 100, hi = rnd.nextInt(400);
                q[k] = dwords ? (lo & 0xFFFF_FFFFL) | hi << 32 : lo;
            }
            b.xmm(r, q[0], q[1]).ymmHigh(r, q[2], q[3]);
        }
        for (int r : new int[] {2, 5}) b.xmm(r, rnd.nextLong(), rnd.nextLong()).ymmHigh(r, rnd.nextLong(), rnd.nextLong());
        return b.build();
    }

    /** Edge-biased GPRs, status flags and XMM registers; RSI points into the data page. */
    private MachineState state(HostArch arch, boolean avx, boolean mxcsr) {
        MachineState.Builder b = MachineState.reset().toBuilder();
        long width = arch.bits() == 64 ? -1L : 0xFFFF_FFFFL;
        for (Gpr r : Gpr.values()) {
            if (r == Gpr.RSP || arch.bits() == 32 && r.ordinal() >= 8) continue;
            b.gpr(r, EdgeValues.integer(rnd) & width);
        }
        if (rnd.nextInt(3) == 0) b.gpr(Gpr.RCX, (rnd.nextInt(72) | (long) rnd.nextInt(72) << 8) ^ (rnd.nextBoolean() ? 0 : rnd.nextLong() & width & ~0xFFFFL));
        long slot = 0x100 + 16L * rnd.nextInt(200) + (rnd.nextInt(8) == 0 ? 1 + rnd.nextInt(15) : 0);
        b.gpr(Gpr.RSI, HostLayout.DATA_BASE + slot);
        b.rflags(Rflags.USER_FIXED | (rnd.nextLong() & Rflags.STATUS));
        for (int x = 0; x < (arch.bits() == 64 ? 16 : 8); x++) {
            long[] v = EdgeValues.xmm(rnd);
            b.xmm(x, v[0], v[1]);
            if (avx) {
                long[] u = EdgeValues.xmm(rnd);
                b.ymmHigh(x, u[0], u[1]);
            }
        }
        // sticky flags already set half the time: exercises the paths taken once PE is set (Fma's fast path)
        if (mxcsr) b.mxcsr(EdgeValues.mxcsr(rnd) | (rnd.nextBoolean() ? rnd.nextInt(64) : 0));
        byte[] page = new byte[HostLayout.DATA_SIZE];
        for (int i = 0x100; i < 0xE00; i += 8) {
            long v = mxcsr && rnd.nextBoolean() ? EdgeValues.xmm(rnd)[0] : EdgeValues.integer(rnd);
            for (int k = 0; k < 8; k++) page[i + k] = (byte) (v >>> (8 * k));
        }
        return b.data(0, page).build();
    }
}

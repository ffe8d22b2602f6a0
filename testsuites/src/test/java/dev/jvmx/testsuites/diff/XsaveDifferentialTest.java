package dev.jvmx.testsuites.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jvmx.runtime.cpu.CpuModel;
import dev.jvmx.x86.Mode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The XSAVE family (XSAVE, XSAVEOPT, XRSTOR and their REX.W forms) against the host CPU, from the
 * generator's XSAVE cases only ({@link CaseGenerator}: EDX:EAX without the host-only components,
 * plausible areas three times in four) and many more of them than the random-form sample has:
 * {@link #CASES} per mode under the default model, with {@link StateDiff}'s XSAVE rules
 * (docs/DIFFERENTIAL.md, "XSAVE family"). Zero mismatches, and the outcomes must include
 * completions, #GP (alignment, header, MXCSR) and #PF (an area running off the data page) for
 * every form, so that the run exercises each rule.
 */
class XsaveDifferentialTest {
    static final int CASES = Integer.getInteger("jvmx.xsave.cases", 6_000);

    @Test
    void xsaveFamilyMatchesTheHost64() {
        run(HostArch.X86_64);
    }

    @Test
    void xsaveFamilyMatchesTheHost32() {
        run(HostArch.I386);
    }

    /** The case's EDX:EAX and the area's header (the memory operand is the generator's, recomputed from B, I and the bytes). */
    private static String area(TestCase c) {
        MachineState s = c.initial();
        StringBuilder b = new StringBuilder(String.format("  edx:eax=%x:%x%n", s.gpr(Gpr.RDX) & 0xFFFF_FFFFL, s.gpr(Gpr.RAX) & 0xFFFF_FFFFL));
        byte[] page = s.data();
        for (int at = 0; at + 64 <= page.length; at += 64) {
            if (at + 576 > page.length) break;
            java.nio.ByteBuffer h = java.nio.ByteBuffer.wrap(page, at + 512, 24).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            long bv = h.getLong(), comp = h.getLong(), res = h.getLong();
            if (bv != 0 || comp != 0 || res != 0) b.append(String.format("  header at page+%#x: xstate_bv %x xcomp_bv %x bytes 16..23 %x mxcsr %x%n", at + 512, bv, comp, res,
                    java.nio.ByteBuffer.wrap(page, at + 24, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt()));
        }
        return b.toString();
    }

    private static void run(HostArch arch) {
        HostHarnessBuild.Result build = HostHarnessBuild.of(arch);
        if (!build.available()) System.out.println("XsaveDifferentialTest " + arch + " skipped: " + build.reason());
        assumeTrue(build.available(), build.reason());
        List<InstructionTemplate> templates = new ArrayList<>();
        for (InstructionTemplate t : DefinitionTemplates.templates(arch == HostArch.X86_64 ? Mode.BITS64 : Mode.BITS32)) {
            if (t.name().matches("(xsave|xsaveopt|xrstor)(64)? .*")) templates.add(t);
        }
        CaseGenerator generator = new CaseGenerator(templates, 0x58534156L, arch);
        List<TestCase> cases = generator.cases(CASES);
        Map<String, Map<String, Integer>> outcomes = new TreeMap<>();
        DifferentialRun.Report report;
        List<DifferentialRun.Mismatch> mismatches;
        try (HostCpu host = HostCpu.start(arch, Duration.ofMillis(200))) {
            if (!host.hasAvxState()) System.out.println("XsaveDifferentialTest " + arch + " skipped: the host harness has no AVX state");
            assumeTrue(host.hasAvxState(), "no AVX state on the host");
            List<DifferentialRun.Mismatch> bad = new ArrayList<>();
            report = DifferentialRun.run(host, new JvmxCpu(arch, CpuModel.defaultModel()), cases, (c, expected, actual, d) -> {
                String kind = switch (expected) {
                    case Outcome.Completed done -> "completed";
                    case Outcome.Faulted f -> "#" + f.vector();
                    default -> "other";
                };
                outcomes.computeIfAbsent(c.text().replaceAll(" \\[.*", ""), k -> new TreeMap<>()).merge(kind, 1, Integer::sum);
                if (!d.matches() && bad.size() < 5) bad.add(new DifferentialRun.Mismatch(c, expected, actual, d));
            });
            mismatches = bad;
        }
        System.out.println("XsaveDifferentialTest " + arch + ": " + report.cases() + " cases, " + report.mismatchCount() + " mismatches; host outcomes " + outcomes);
        Disassembler dis = Disassembler.objdump(arch);
        assertEquals(List.of(), mismatches.stream().map(m -> m.render(dis) + area(m.testCase())).toList());
        assertEquals(arch == HostArch.X86_64 ? 6 : 3, outcomes.size(), outcomes.keySet().toString());
        outcomes.forEach((form, kinds) -> assertTrue(kinds.keySet().containsAll(List.of("completed", "#GP", "#PF")), form + " " + kinds));
    }
}

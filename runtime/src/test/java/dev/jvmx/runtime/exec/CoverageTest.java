package dev.jvmx.runtime.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jvmx.x86.Decoder;
import dev.jvmx.x86.Instruction;
import dev.jvmx.x86.Mnemonic;
import dev.jvmx.x86.Mode;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Completeness is a test (STYLE.md practice 9): every mnemonic the interpreter implements is
 * exercised by the host differential cases or by the interpreter vectors, or is listed below
 * with the reason it is not (yet).
 */
class CoverageTest {
    private static final String PRIVILEGED = "CPL-3 #GP(0), the handler shared with CLI and IN (vectors interrupts_and_privileged..., in_is_gp...)";
    /** 16-bit / system-mode forms: exercised by testsuites' JvmxSingleStepTest (SingleStepTests 8086/80286). */
    static final String REAL_MODE = "legacy/real-mode form: covered by SingleStepTests (testsuites JvmxSingleStepTest)";

    /** Forms compared with the host CPU by testsuites' JvmxDifferentialTest (cases generated from the definition table). */
    static final String HOST_DIFF = "host-compared by testsuites' JvmxDifferentialTest (DefinitionTemplates), every form";

    static final Map<Mnemonic, String> NOT_COVERED = new TreeMap<>(Map.ofEntries(
        Map.entry(Mnemonic.ARPL, HOST_DIFF),
        Map.entry(Mnemonic.MASKMOVDQU, HOST_DIFF),
        Map.entry(Mnemonic.CLDEMOTE, HOST_DIFF + " (the hint NOP 0F 1C /0)"),
        Map.entry(Mnemonic.FXSAVE64, HOST_DIFF + " (its image also needs the FPU pointers jvmx saves as 0: not compared)"),
        Map.entry(Mnemonic.FXRSTOR64, HOST_DIFF),
        Map.entry(Mnemonic.FBLD, HOST_DIFF),
        Map.entry(Mnemonic.FBSTP, HOST_DIFF),
        Map.entry(Mnemonic.RCPPS, HOST_DIFF + ", to the SDM's error bound"),
        Map.entry(Mnemonic.RCPSS, HOST_DIFF + ", to the SDM's error bound"),
        Map.entry(Mnemonic.RSQRTPS, HOST_DIFF + ", to the SDM's error bound"),
        Map.entry(Mnemonic.RSQRTSS, HOST_DIFF + ", to the SDM's error bound"),
        Map.entry(Mnemonic.TOO_LONG, "decoder limit, not an instruction"),
        Map.entry(Mnemonic.BOUND, REAL_MODE),
        Map.entry(Mnemonic.CALLF, REAL_MODE),
        Map.entry(Mnemonic.JMPF, REAL_MODE),
        Map.entry(Mnemonic.LDS, REAL_MODE),
        Map.entry(Mnemonic.LES, REAL_MODE),
        Map.entry(Mnemonic.POPA, REAL_MODE),
        Map.entry(Mnemonic.POPAD, REAL_MODE),
        Map.entry(Mnemonic.PUSHA, REAL_MODE),
        Map.entry(Mnemonic.PUSHAD, REAL_MODE),
        Map.entry(Mnemonic.RETF, REAL_MODE),
        Map.entry(Mnemonic.SALC, REAL_MODE),
        Map.entry(Mnemonic.SMSW, "system mode only (process mode keeps #UD): machine-mode work, no vector yet"),
        Map.entry(Mnemonic.INVALID, "decode failure: #UD path checked by ud2_faults"),
        Map.entry(Mnemonic.POPF, "16-bit POPF: shares popf() with POPFQ (vector popfq_keeps_if...)"),
        Map.entry(Mnemonic.POPFD, "32-bit form of the POPFQ handler"),
        Map.entry(Mnemonic.PUSHF, "16-bit form of the PUSHFQ handler"),
        Map.entry(Mnemonic.PUSHFD, "32-bit form of the PUSHFQ handler"),
        Map.entry(Mnemonic.SAL, "/6 alias of SHL, same handler; nasm encodes sal as /4"),
        Map.entry(Mnemonic.UD0, "same #UD handler as UD2 (vector ud2_faults)"),
        Map.entry(Mnemonic.UD1, "same #UD handler as UD2 (vector ud2_faults)"),
        Map.entry(Mnemonic.WAIT, "same handler as FWAIT (the decoder names 9B FWAIT)"),
        Map.entry(Mnemonic.CLTS, PRIVILEGED),
        Map.entry(Mnemonic.INSB, PRIVILEGED),
        Map.entry(Mnemonic.INSD, PRIVILEGED),
        Map.entry(Mnemonic.INSW, PRIVILEGED),
        Map.entry(Mnemonic.INVD, PRIVILEGED),
        Map.entry(Mnemonic.INVLPG, PRIVILEGED),
        Map.entry(Mnemonic.INVPCID, "CPL-3 #GP(0) in process mode; machine mode: the paging ROM test (paging.asm)"),
        Map.entry(Mnemonic.IRET, PRIVILEGED),
        Map.entry(Mnemonic.IRETD, PRIVILEGED),
        Map.entry(Mnemonic.IRETQ, PRIVILEGED),
        Map.entry(Mnemonic.LGDT, PRIVILEGED),
        Map.entry(Mnemonic.LIDT, PRIVILEGED),
        Map.entry(Mnemonic.LLDT, PRIVILEGED),
        Map.entry(Mnemonic.LMSW, PRIVILEGED),
        Map.entry(Mnemonic.LTR, PRIVILEGED),
        Map.entry(Mnemonic.MONITOR, PRIVILEGED),
        Map.entry(Mnemonic.MWAIT, PRIVILEGED),
        Map.entry(Mnemonic.OUT, PRIVILEGED),
        Map.entry(Mnemonic.OUTSB, PRIVILEGED),
        Map.entry(Mnemonic.OUTSD, PRIVILEGED),
        Map.entry(Mnemonic.OUTSW, PRIVILEGED),
        Map.entry(Mnemonic.RDMSR, PRIVILEGED),
        Map.entry(Mnemonic.RDPMC, PRIVILEGED),
        Map.entry(Mnemonic.STI, PRIVILEGED),
        Map.entry(Mnemonic.SWAPGS, PRIVILEGED),
        Map.entry(Mnemonic.SYSEXIT, PRIVILEGED),
        Map.entry(Mnemonic.SYSENTER, "machine mode only (#GP(0) in process mode): the syscall ROM test (syscall.asm)"),
        Map.entry(Mnemonic.SYSRET, PRIVILEGED),
        Map.entry(Mnemonic.WBINVD, PRIVILEGED),
        Map.entry(Mnemonic.WRMSR, PRIVILEGED),
        Map.entry(Mnemonic.XSETBV, PRIVILEGED)));

    @Test
    void everyImplementedMnemonicIsExercised() throws Exception {
        HostDiffTest.runOnHost();
        assumeTrue(HostDiffTest.cases != null && Nasm.available(), "host harness or nasm unavailable");
        Set<Mnemonic> covered = EnumSet.noneOf(Mnemonic.class);
        HostDiffTest.cases.forEach(c -> covered.add(c.insn().mnemonic()));
        for (InterpreterVectorsTest.Vector v : InterpreterVectorsTest.parse()) {
            Mode mode = v.init().containsKey("mode") ? Mode.ofBits(Integer.parseInt(v.init().get("mode"))) : Mode.BITS64;
            byte[] bin = Nasm.assemble(mode == Mode.BITS64 ? "64" : "32", InterpreterVectorsTest.ORG, v.code());
            for (int pos = 0; pos < bin.length; ) {
                Instruction ins = Decoder.decode(mode, bin, pos, Math.min(15, bin.length - pos), InterpreterVectorsTest.ORG + pos);
                covered.add(ins.mnemonic());
                pos += Math.max(1, ins.length());
            }
        }
        covered.addAll(MmxDiffTest.mnemonics()); // MMX forms and #MF: multi-instruction host programs
        covered.addAll(SimdDiffTest.mnemonics()); // SSE3 and later, under CpuModel.withVerifiedExtensions()
        covered.addAll(ExtensionExecTest.mnemonics()); // BMI1/2, ADX, AES, PCLMULQDQ (host-checked in testsuites)
        // the VEX-only AVX/AVX2 forms: host-checked by testsuites' ExtensionDifferentialTest (family "AVX/AVX2 VEX-only"),
        // their permutations unit-tested in AvxPermuteTest
        covered.addAll(AvxHandlers.mnemonics());
        covered.addAll(FmaHandlers.mnemonics()); // FMA3: host-checked by ExtensionDifferentialTest ("FMA3"), FmaTest
        // XSAVE family: host-checked by ExtensionDifferentialTest ("XSAVE"); XGETBV by ExtensionExecTest
        covered.addAll(java.util.List.of(Mnemonic.XSAVE, Mnemonic.XSAVE64, Mnemonic.XSAVEOPT, Mnemonic.XSAVEOPT64,
                Mnemonic.XRSTOR, Mnemonic.XRSTOR64));
        // SHA: host-checked by ExtensionDifferentialTest ("SHA"), digests through the instruction sequences in ShaTest
        covered.addAll(java.util.List.of(Mnemonic.SHA1RNDS4, Mnemonic.SHA1NEXTE, Mnemonic.SHA1MSG1, Mnemonic.SHA1MSG2,
                Mnemonic.SHA256RNDS2, Mnemonic.SHA256MSG1, Mnemonic.SHA256MSG2));
        Set<String> missing = new TreeSet<>();
        for (Mnemonic m : Mnemonic.values()) {
            if (HandlerTable.implemented(m) && !covered.contains(m) && !NOT_COVERED.containsKey(m)) missing.add(m.name());
        }
        assertEquals(Set.of(), missing, "implemented but never exercised (add a vector or a diff case, or list with a reason)");
    }
}

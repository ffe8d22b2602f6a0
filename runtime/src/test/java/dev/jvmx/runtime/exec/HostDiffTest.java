package dev.jvmx.runtime.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jvmx.runtime.cpu.CpuModel;
import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.mem.GuestFault;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Differential test against the host CPU (DESIGN.md "Tests, in layers", 3): each generated
 * instruction runs natively in {@code hostrun.c} and in the interpreter from the same state; the
 * 16 GPRs, CF PF AF ZF SF DF OF, the data area and any fault must agree. This class feeds the
 * interpreter hand-built {@link dev.jvmx.x86.Instruction} records (semantics only);
 * {@link DecodedDiffTest} runs the same bytes through the decoder.
 */
class HostDiffTest {
    /** Fixed by default (reproducible); {@code -Djvmx.diff.seed=N -Djvmx.diff.scale=K} explores more. */
    static final long SEED = Long.getLong("jvmx.diff.seed", 0x6A766D78L);
    static final int SCALE = Integer.getInteger("jvmx.diff.scale", 1);
    static List<DiffCase> cases;
    static List<HostHarness.Result> host;
    static final FlatMemory PRISTINE = new FlatMemory();
    static long pristineHash;

    @BeforeAll
    static synchronized void runOnHost() {
        if (cases != null) return;
        String why = HostHarness.unavailableReason();
        if (why != null) {
            System.out.println("HostDiffTest skipped: " + why);
            return;
        }
        int k = SCALE;
        cases = new DiffCases(SEED).alu(40 * k).shifts(48 * k).mulDiv(40 * k).bits(24 * k).conditions(8 * k).strings(16 * k)
                .memory(80 * k).sse(20 * k).misc(16 * k).cases();
        List<String> text = cases.stream().map(c -> c.insn().asm()).toList();
        List<byte[]> code = Nasm.assembleAll("64", HostHarness.CODE_ADDR, text);
        codeBytes = code;
        host = HostHarness.run(cases.stream().map(DiffCase::gpr).toList(), cases.stream().map(DiffCase::rflags).toList(),
                cases.stream().map(DiffCase::xmm).toList(), cases.stream().map(DiffCase::mxcsr).toList(), code);
        HostHarness.fillData(PRISTINE);
        PRISTINE.map(HostHarness.CODE_ADDR, 4096);
        pristineHash = HostHarness.hashData(PRISTINE);
    }

    static List<byte[]> codeBytes;

    /** Runs case k in a fresh CPU; {@code decoded} fetches the bytes through the decoder instead of the hand-built record. */
    static String compare(int k, boolean decoded) {
        DiffCase dc = cases.get(k);
        HostHarness.Result h = host.get(k);
        CpuState s = new CpuState();
        System.arraycopy(dc.gpr(), 0, s.gpr, 0, 16);
        s.setRflags(dc.rflags());
        s.mxcsr = dc.mxcsr();
        for (int x = 0; x < 4; x++) {
            s.ymm[x * 4] = dc.xmm()[2 * x];
            s.ymm[x * 4 + 1] = dc.xmm()[2 * x + 1];
        }
        s.rip = HostHarness.CODE_ADDR;
        FlatMemory mem = dc.touchesMemory() ? freshData() : PRISTINE; // PRISTINE also holds the code page
        byte[] code = codeBytes.get(k);
        Exit exit;
        if (decoded) {
            mem.map(HostHarness.CODE_ADDR, code.length + 16);
            mem.write(HostHarness.CODE_ADDR, code, 0, code.length);
            exit = new Interpreter(CpuModel.defaultModel()).run(s, mem, 1);
            if (exit.kind() == Exit.Kind.INSTRUCTION_LIMIT) exit = null;
        } else {
            exit = Interpreter.step(new ExecContext(s, mem, CpuModel.defaultModel()), dc.insn().instruction(HostHarness.CODE_ADDR, code.length));
        }
        if (decoded && exit != null && exit.kind() == Exit.Kind.EXCEPTION && exit.fault().vector() == GuestFault.UD) {
            var ins = dev.jvmx.x86.Decoder.decode(dev.jvmx.x86.Mode.BITS64, code, 0, code.length, HostHarness.CODE_ADDR);
            if (ins.form() != null && !CpuModel.defaultModel().supports(ins.feature())) return null; // not advertised: #UD by design
        }
        List<String> diffs = new ArrayList<>();
        int sig = exit == null ? 0 : signalOf(exit);
        if (sig != h.signal()) diffs.add("signal host=" + h.signal() + " jvmx=" + sig + " (" + exit + ")");
        String[] names = {"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi", "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15"};
        for (int r = 0; r < 16; r++) {
            if (s.gpr[r] != h.gpr()[r]) diffs.add(names[r] + " host=" + Long.toHexString(h.gpr()[r]) + " jvmx=" + Long.toHexString(s.gpr[r]));
        }
        for (int x = 0; x < 4; x++) {
            if (s.ymm[x * 4] != h.xmm()[2 * x] || s.ymm[x * 4 + 1] != h.xmm()[2 * x + 1]) {
                diffs.add("xmm" + x + " host=" + Long.toHexString(h.xmm()[2 * x + 1]) + ":" + Long.toHexString(h.xmm()[2 * x])
                        + " jvmx=" + Long.toHexString(s.ymm[x * 4 + 1]) + ":" + Long.toHexString(s.ymm[x * 4]));
            }
        }
        if (s.mxcsr != h.mxcsr()) diffs.add("mxcsr host=" + Integer.toHexString(h.mxcsr()) + " jvmx=" + Integer.toHexString(s.mxcsr));
        long hf = h.rflags() & DiffCases.FLAGS_COMPARED, jf = s.rflags() & DiffCases.FLAGS_COMPARED;
        if (hf != jf) diffs.add("flags host=" + Long.toHexString(hf) + " jvmx=" + Long.toHexString(jf));
        if (dc.touchesMemory() && h.dataHash() != HostHarness.hashData(mem)) diffs.add("data area differs");
        if (!dc.touchesMemory() && h.dataHash() != pristineHash) diffs.add("host wrote memory unexpectedly");
        if (decoded && sig == 0 && s.rip != HostHarness.CODE_ADDR + code.length) diffs.add("rip " + Long.toHexString(s.rip));
        return diffs.isEmpty() ? null : dc.describe() + " -> " + String.join(", ", diffs);
    }

    private static FlatMemory freshData() {
        FlatMemory m = new FlatMemory();
        HostHarness.fillData(m);
        return m;
    }

    static int signalOf(Exit e) {
        if (e.kind() != Exit.Kind.EXCEPTION) return -1;
        return switch (e.fault().vector()) {
            case GuestFault.DE, GuestFault.XM -> 8;  // SIGFPE
            case GuestFault.UD -> 4;  // SIGILL
            case GuestFault.BP, GuestFault.DB -> 5; // SIGTRAP
            default -> 11;            // SIGSEGV (#GP, #PF)
        };
    }

    static void check(boolean decoded) {
        TreeMap<String, List<String>> byMnemonic = new TreeMap<>();
        int bad = 0;
        for (int k = 0; k < cases.size(); k++) {
            String d = compare(k, decoded);
            if (d != null) {
                bad++;
                byMnemonic.computeIfAbsent(cases.get(k).insn().mnemonic().name(), x -> new ArrayList<>()).add(d);
            }
        }
        StringBuilder report = new StringBuilder();
        byMnemonic.forEach((m, l) -> {
            report.append(m).append(": ").append(l.size()).append(" mismatches\n");
            l.stream().limit(3).forEach(x -> report.append("   ").append(x).append('\n'));
        });
        System.out.println((decoded ? "decoded" : "semantic") + " host diff: " + cases.size() + " cases, " + bad + " mismatches");
        assertEquals(0, bad, report.toString());
    }

    @Test
    void integerInstructionsMatchTheHostCpu() {
        assumeTrue(cases != null, "host harness unavailable");
        assertTrue(cases.size() > 5000, "a meaningful number of cases");
        check(false);
    }
}

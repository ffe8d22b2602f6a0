package dev.jvmx.runtime.machine;

import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.x86.Seg;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code --state-out FILE.json} document: a vCPU's final registers. Every value is a string
 * {@code "0x..."} (64-bit values do not survive JSON numbers in many readers); XMM registers are
 * 128-bit hex, most significant digit first.
 * <pre>
 * {"rip": "0x...", "rflags": "0x...",
 *  "gpr": {"rax": ..., ..., "r15": ...},
 *  "segments": {"es": {"selector": ..., "base": ...}, ..., "gs": {...}},
 *  "control": {"cr0": ..., "cr3": ..., "cr4": ..., "efer": ..., ...},   (given by the CPU side)
 *  "x87": {"fcw": ..., "fsw": ..., "ftw": ...},
 *  "sse": {"mxcsr": ..., "xmm0": ..., ..., "xmm15": ...}}
 * </pre>
 */
public final class StateJson {
    private static final String[] GPR = {"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
        "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15"};

    private StateJson() {
    }

    /** The document for {@code cpu}; {@code control} holds what CpuState does not (CRs, EFER, ...), in order. */
    public static String of(CpuState cpu, Map<String, Long> control) {
        StringBuilder sb = new StringBuilder("{\n");
        sb.append("  \"rip\": ").append(hex(cpu.rip)).append(",\n");
        sb.append("  \"rflags\": ").append(hex(cpu.rflags())).append(",\n");
        sb.append("  \"gpr\": {");
        for (int i = 0; i < GPR.length; i++) sb.append(i == 0 ? "" : ", ").append(q(GPR[i])).append(": ").append(hex(cpu.gpr[i]));
        sb.append("},\n  \"segments\": {");
        for (Seg s : Seg.values()) {
            sb.append(s.ordinal() == 0 ? "" : ", ").append(q(s.name().toLowerCase(Locale.ROOT))).append(": {\"selector\": ")
                    .append(hex(cpu.segSelector[s.ordinal()] & 0xFFFF)).append(", \"base\": ").append(hex(cpu.segmentBase(s))).append('}');
        }
        sb.append("},\n  \"control\": {");
        int n = 0;
        for (Map.Entry<String, Long> e : control.entrySet()) sb.append(n++ == 0 ? "" : ", ").append(q(e.getKey())).append(": ").append(hex(e.getValue()));
        sb.append("},\n  \"x87\": {\"fcw\": ").append(hex(cpu.fpuControl)).append(", \"fsw\": ").append(hex(cpu.fpuStatus))
                .append(", \"ftw\": ").append(hex(cpu.fpuTag)).append("},\n");
        sb.append("  \"sse\": {\"mxcsr\": ").append(hex(cpu.mxcsr));
        for (int i = 0; i < 16; i++) {
            sb.append(", ").append(q("xmm" + i)).append(": \"0x")
                    .append(String.format("%016x%016x", cpu.ymm[i * 4 + 1], cpu.ymm[i * 4])).append('"');
        }
        return sb.append("}\n}\n").toString();
    }

    private static String hex(long v) {
        return "\"0x" + Long.toHexString(v) + "\"";
    }

    private static String q(String s) {
        return "\"" + s + "\"";
    }
}

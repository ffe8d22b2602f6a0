package dev.jvmx.testsuites.diff;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The AVX/AVX2 forms the translator emits inline ({@code translator/InlineAvx}), as nasm texts for
 * {@link ExtensionDifferentialTest}'s tiered run: every shape it accepts at 128 and 256 bits
 * (register and memory sources, both move directions, a destination aliasing a source, GPR
 * widths), and glibc-shaped sequences where the forms feed each other and the GPR/flag code.
 */
final class InlinedAvxForms {
    private InlinedAvxForms() {}

    static Map<String, List<String>> families() {
        Map<String, List<String>> f = new LinkedHashMap<>();
        List<String> moves = new ArrayList<>();
        for (String op : new String[] {"vmovdqa", "vmovaps", "vmovapd", "vmovdqu", "vmovups", "vmovupd"}) {
            moves.addAll(List.of(op + " ymm0, ymm1", op + " xmm2, xmm3", op + " ymm4, [rsi]", op + " xmm5, [rsi]", op + " [rsi], ymm6",
                    op + " [rsi], xmm7", op + " ymm9, ymm9"));
        }
        moves.addAll(List.of("vmovd xmm0, eax", "vmovq xmm1, rbx", "vmovd ecx, xmm2", "vmovq rdx, xmm3", "vmovd xmm4, [rsi]",
                "vmovq xmm5, [rsi]", "vmovd [rsi], xmm6", "vmovq [rsi], xmm7", "vmovq xmm8, xmm9"));
        for (String op : new String[] {"vpbroadcastb", "vpbroadcastw", "vpbroadcastd", "vpbroadcastq"}) {
            moves.addAll(List.of(op + " ymm0, xmm1", op + " xmm2, xmm3", op + " ymm4, [rsi]", op + " xmm5, [rsi]"));
        }
        moves.addAll(List.of("vpmovmskb eax, ymm1", "vpmovmskb ecx, xmm2", "vpmovmskb rdx, ymm3", "vzeroupper", "vzeroall"));
        f.put("AVX inline moves", moves);
        List<String> ops = new ArrayList<>();
        for (String op : new String[] {"vpand", "vpandn", "vpor", "vpxor", "vandps", "vandnps", "vorps", "vxorps", "vandpd", "vandnpd",
            "vorpd", "vxorpd", "vpaddb", "vpaddw", "vpaddd", "vpaddq", "vpsubb", "vpsubw", "vpsubd", "vpsubq", "vpcmpeqb", "vpcmpeqw",
            "vpcmpeqd", "vpcmpeqq", "vpcmpgtb", "vpcmpgtw", "vpcmpgtd", "vpminub", "vpmaxub"}) {
            ops.addAll(List.of(op + " ymm0, ymm1, ymm2", op + " xmm3, xmm4, xmm5", op + " ymm6, ymm7, [rsi]", op + " xmm8, xmm9, [rsi]",
                    op + " ymm10, ymm10, ymm10", op + " ymm11, ymm12, ymm11"));
        }
        f.put("AVX inline operations", ops);
        f.put("AVX inline sequences", List.of(
                "vpxor xmm0, xmm0, xmm0\nvmovdqu ymm1, [rsi]\nvpminub ymm2, ymm1, [rsi+32]\nvpcmpeqb ymm3, ymm2, ymm0\nvpmovmskb ecx, ymm3\ntest ecx, ecx\nsetz al\ntzcnt edx, ecx",
                "vmovd xmm0, eax\nvpbroadcastb ymm0, xmm0\nvpcmpeqb ymm1, ymm0, [rsi]\nvpcmpeqb ymm2, ymm0, [rsi+32]\nvpor ymm3, ymm2, ymm1\nvpmovmskb ebx, ymm3\nvzeroupper",
                "vmovdqu ymm1, [rsi]\nvpcmpeqb ymm0, ymm1, [rsi+16]\nvpandn ymm2, ymm0, ymm1\nvpsubb ymm3, ymm2, ymm1\nvmovdqa [rsi], xmm3\nvpmovmskb eax, xmm0",
                "vmovdqa ymm4, [rsi]\nvpcmpgtb ymm5, ymm4, ymm6\nvpaddq ymm7, ymm5, ymm4\nvmovq rax, xmm7\nvpmaxub xmm8, xmm7, [rsi+8]\nvmovd ecx, xmm8"));
        return f;
    }
}

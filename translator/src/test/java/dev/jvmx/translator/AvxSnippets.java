package dev.jvmx.translator;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Snippets for the AVX/AVX2 forms the translator inlines ({@link InlineAvx}), part of {@link
 * Snippets#all()}: every form at 128 and 256 bits with register and memory operands and a
 * destination aliasing a source, glibc-shaped loops (so the forms run in regions with their
 * results read late), operands crossing a page (both pages mapped: the slow path; the second
 * unmapped: a #PF in the middle of a loop, after earlier vector writes) and the aligned moves'
 * #GP. Memory as {@link Guest} maps it: RSI at the two-page data area, RDI 4 KiB into it, the
 * page after it unmapped, a read-only page at RSI + 0x10000. YMM registers start random.
 */
final class AvxSnippets {
    private AvxSnippets() {}

    static Map<String, String> all() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("avx-moves", """
                vmovdqu ymm0, [rsi+1]
                vmovdqa ymm1, [rsi+32]
                vmovdqu xmm2, [rsi+7]
                vmovdqa xmm3, [rsi+16]
                vmovups ymm4, ymm0
                vmovaps xmm5, xmm1
                vmovupd ymm6, [rsi+200]
                vmovapd xmm7, [rsi+256]
                vmovdqu [rdi+3], ymm1
                vmovdqa [rdi+64], ymm0
                vmovdqu [rdi+100], xmm2
                vmovapd [rdi+128], xmm5
                vmovups [rdi+150], ymm7
                vmovdqa ymm8, ymm8
                vmovdqu xmm9, xmm9
                hlt""");
        StringBuilder ops = new StringBuilder();
        for (String op : new String[] {"vpand", "vpandn", "vpor", "vpxor", "vandps", "vandnps", "vorps", "vxorps", "vandpd",
            "vandnpd", "vorpd", "vxorpd", "vpaddb", "vpaddw", "vpaddd", "vpaddq", "vpsubb", "vpsubw", "vpsubd", "vpsubq",
            "vpcmpeqb", "vpcmpeqw", "vpcmpeqd", "vpcmpeqq", "vpcmpgtb", "vpcmpgtw", "vpcmpgtd", "vpminub", "vpmaxub"}) {
            ops.append(op).append(" ymm0, ymm1, ymm2\n").append(op).append(" xmm3, xmm4, xmm5\n")
                    .append(op).append(" ymm6, ymm7, [rsi+40]\n").append(op).append(" xmm8, xmm9, [rsi+9]\n")
                    .append(op).append(" ymm10, ymm10, ymm11\n").append(op).append(" ymm12, ymm13, ymm12\n")
                    .append(op).append(" xmm14, xmm14, xmm14\n")
                    .append("vpxor ymm15, ymm0, ymm6\nvpxor ymm1, ymm15, ymm3\nvpaddq ymm2, ymm2, ymm8\nvpsubb ymm7, ymm7, ymm10\n")
                    .append("vpcmpeqb ymm11, ymm11, ymm12\nvpminub ymm13, ymm13, ymm14\nvmovdqu [rdi+40], ymm15\n");
        }
        m.put("avx-quadword-operations", ops + "hlt");
        m.put("avx-movemask-broadcast-movd-zero", """
                vpmovmskb eax, ymm1
                vpmovmskb ecx, xmm2
                vpmovmskb rdx, ymm3
                vpbroadcastb ymm0, xmm1
                vpbroadcastb xmm4, [rsi+5]
                vpbroadcastw ymm5, xmm6
                vpbroadcastw xmm7, [rsi+6]
                vpbroadcastd ymm8, [rsi+12]
                vpbroadcastd xmm9, xmm9
                vpbroadcastq ymm10, xmm11
                vpbroadcastq xmm12, [rsi+16]
                vmovd xmm13, ebx
                vmovq xmm14, r8
                vmovd r9d, xmm15
                vmovq r10, xmm1
                vmovd [rdi+8], xmm0
                vmovq [rdi+16], xmm5
                vmovd xmm1, [rsi+20]
                vmovq xmm2, [rsi+24]
                vmovq xmm3, xmm8
                vzeroupper
                vpmovmskb r11d, ymm8
                vmovdqu ymm6, [rsi+64]
                vzeroall
                vpmovmskb r12d, ymm6
                hlt""");
        // memset of 'a' over the data area by 32-byte aligned stores, a zero at 3000, then glibc's strlen loop shape
        m.put("avx-memset-then-strlen-loop", """
                mov eax, 0x61
                vmovd xmm0, eax
                vpbroadcastb ymm0, xmm0
                xor ecx, ecx
            fill: vmovdqa [rsi+rcx], ymm0
                vmovdqu [rsi+rcx+32], ymm0
                add rcx, 64
                cmp rcx, 0x1fc0
                jb fill
                mov byte [rsi+3000], 0
                vpxor xmm0, xmm0, xmm0
                mov rax, rsi
            top: vmovdqu ymm1, [rax]
                vpminub ymm2, ymm1, [rax+32]
                vpcmpeqb ymm3, ymm2, ymm0
                vpmovmskb ecx, ymm3
                add rax, 64
                test ecx, ecx
                jz top
                vpcmpeqb ymm4, ymm1, ymm0
                vpmovmskb edx, ymm4
                sub rax, rsi
                tzcnt ecx, ecx
                vzeroupper
                hlt""");
        m.put("avx-operands-across-a-page", """
                vmovdqu ymm0, [rsi+0xff0]
                vmovdqu xmm1, [rsi+0xff8]
                vpcmpeqb ymm2, ymm0, [rsi+0xfe8]
                vpor xmm3, xmm1, [rsi+0xffc]
                vmovdqu [rsi+0xff4], ymm5
                vmovdqu [rsi+0xffa], xmm6
                vmovdqu ymm7, [rsi+0xff4]
                hlt""");
        // a loop whose loads walk into the unmapped page after the data area: the last faults across the page end
        m.put("avx-fault-across-a-page-in-a-loop", """
                lea rax, [rsi+0x1e00]
            top: vpaddb ymm2, ymm2, ymm1
                vmovdqu [rax-0x100], ymm2
                vmovdqu ymm1, [rax+8]
                vpcmpeqb ymm3, ymm1, ymm2
                vpmovmskb ecx, ymm3
                add rax, 24
                jmp top""");
        m.put("avx-store-fault-across-a-page", """
                vpaddd ymm1, ymm1, ymm2
                vmovdqu [rsi+0x1ff0], ymm1
                hlt""");
        m.put("avx-store-fault-readonly", """
                vpxor ymm4, ymm4, ymm5
                vmovdqu [rsi+0x10020], xmm4
                hlt""");
        m.put("avx-aligned-load-gp", """
                vpaddw ymm0, ymm0, ymm1
                vmovdqa xmm2, [rsi+32]
                vmovdqa ymm3, [rsi+16]
                hlt""");
        m.put("avx-aligned-store-gp", """
                vpsubq ymm0, ymm0, ymm1
                vmovdqa [rdi+64], ymm0
                vmovdqa [rdi+80], ymm0
                hlt""");
        return m;
    }
}

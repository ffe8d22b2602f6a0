package dev.jvmx.testsuites.diff;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The legacy SSE forms the translator emits inline ({@code translator/InlineSse}), as nasm texts
 * for {@link ExtensionDifferentialTest}: each shape it accepts (register, memory, both
 * directions, GPR widths), and a few sequences where inline forms feed each other and the
 * GPR/flag code around them. The double forms ({@code InlineDouble}) compute their common case in
 * the generated method: the random MXCSR values (sticky PE set in about a quarter of the cases) and operands reach
 * both it and the exact slow path.
 */
final class InlinedSseForms {
    private InlinedSseForms() {}

    /** Cases per form in each tier (every case defines hidden classes, a few milliseconds each). */
    static final int CASES_PER_FORM = Integer.getInteger("jvmx.ext.cases", 30);

    static Map<String, List<String>> families(int bits) {
        String m = bits == 64 ? "[rsi]" : "[esi]";
        String x = bits == 64 ? "xmm9" : "xmm5";
        Map<String, List<String>> f = new LinkedHashMap<>();
        List<String> moves = new ArrayList<>();
        for (String op : new String[] {"movdqa", "movaps", "movapd", "movdqu", "movups", "movupd"}) {
            moves.addAll(List.of(op + " xmm0, xmm1", op + " xmm2, " + m, op + " " + m + ", xmm3", op + " " + x + ", xmm0"));
        }
        for (String op : new String[] {"movsd", "movss"}) moves.addAll(List.of(op + " xmm0, xmm1", op + " xmm2, " + m, op + " " + m + ", xmm3"));
        moves.addAll(List.of("movq xmm0, xmm1", "movq xmm2, " + m, "movq " + m + ", xmm3", "movd xmm0, eax", "movd eax, xmm1",
                "movd xmm2, " + m, "movd " + m + ", xmm3"));
        if (bits == 64) moves.addAll(List.of("movq xmm0, rax", "movq rbx, xmm1", "movq r9, " + x));
        f.put("SSE moves", moves);
        List<String> integer = new ArrayList<>();
        for (String op : new String[] {"pxor", "por", "pand", "pandn", "xorps", "xorpd", "orps", "andpd", "andnps", "paddb", "paddw",
                "paddd", "paddq", "psubb", "psubw", "psubd", "psubq", "pcmpeqb", "pcmpeqw", "pcmpeqd", "pcmpgtb", "pcmpgtw", "pcmpgtd",
                "punpcklbw", "punpcklwd", "punpckldq", "punpcklqdq", "punpckhbw", "punpckhwd", "punpckhdq", "punpckhqdq", "unpcklps",
                "unpcklpd", "unpckhps", "unpckhpd", "pminub", "pmaxub", "packsswb", "packssdw", "packuswb"}) {
            integer.addAll(List.of(op + " xmm0, xmm1", op + " xmm2, " + m, op + " xmm3, xmm3"));
        }
        integer.addAll(List.of("pshufd xmm0, xmm1, imm", "pshufd xmm2, " + m + ", imm", "palignr xmm0, xmm1, imm", "palignr xmm2, " + m + ", imm",
                "pmovmskb eax, xmm1", "pmovmskb ecx, " + x));
        for (String op : new String[] {"psllw", "pslld", "psllq", "psrlw", "psrld", "psrlq", "psraw", "psrad", "pslldq", "psrldq"}) {
            integer.add(op + " xmm1, imm");
        }
        f.put("SSE integer", integer);
        List<String> fp = new ArrayList<>();
        for (String op : new String[] {"add", "sub", "mul", "div", "min", "max", "sqrt"}) {
            for (String t : new String[] {"sd", "ss", "pd", "ps"}) fp.addAll(List.of(op + t + " xmm0, xmm1", op + t + " xmm2, " + m));
        }
        for (String op : new String[] {"comisd", "ucomisd", "comiss", "ucomiss"}) fp.addAll(List.of(op + " xmm0, xmm1", op + " xmm2, " + m));
        fp.addAll(List.of("cvtsi2sd xmm0, eax", "cvtsi2sd xmm1, dword " + m, "cvttsd2si eax, xmm1", "cvtsd2si ecx, qword " + m,
                "cvttsd2si edx, " + x));
        if (bits == 64) fp.addAll(List.of("cvtsi2sd xmm0, rax", "cvtsi2sd xmm1, qword " + m, "cvttsd2si rax, xmm1", "cvtsd2si rcx, qword " + m));
        f.put("SSE float", fp);
        List<String> halves = new ArrayList<>();
        for (String op : new String[] {"movlpd", "movhpd", "movlps", "movhps"}) halves.addAll(List.of(op + " xmm0, " + m, op + " " + m + ", xmm3"));
        halves.addAll(List.of("movhlps xmm0, xmm1", "movlhps xmm2, " + x, "shufpd xmm0, xmm1, imm", "shufpd xmm2, " + m + ", imm",
                "movddup xmm0, xmm1", "movddup xmm2, " + m, "unpckhpd xmm4, xmm4", "andnpd xmm5, " + m));
        f.put("SSE double moves", halves);
        f.put("SSE sequences", List.of(
                "mulsd xmm0, xmm1\naddsd xmm0, xmm2\nucomisd xmm0, xmm3\nsetb al\nmovq xmm4, xmm0",
                "movsd xmm0, " + m + "\nunpcklpd xmm0, xmm0\nmulpd xmm0, xmm1\naddpd xmm2, xmm0\nadd eax, 1\ncmp eax, ecx",
                "pxor xmm0, xmm0\nmovdqu xmm1, " + m + "\npcmpeqb xmm0, xmm1\npmovmskb eax, xmm0\ntest eax, eax\nsetz bl",
                "movdqa xmm0, xmm1\npslld xmm0, 7\npsrld xmm1, 25\npor xmm0, xmm1\npaddd xmm2, xmm0\npxor xmm2, xmm3",
                "cvtsi2sd xmm0, eax\ndivsd xmm0, xmm1\nsqrtsd xmm0, xmm0\ncvttsd2si ecx, xmm0\nsub ecx, eax"));
        return f;
    }
}

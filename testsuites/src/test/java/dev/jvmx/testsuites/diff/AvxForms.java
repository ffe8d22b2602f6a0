package dev.jvmx.testsuites.diff;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The VEX forms {@link ExtensionDifferentialTest} runs, by family, as nasm text: each operation
 * with register and memory sources ({@code [rsi]}), at 128 and (where it exists) 256 bits, and
 * with the destination aliasing a source. {@code imm} is replaced by several immediates.
 */
final class AvxForms {
    private AvxForms() {}

    static final String[] INT_BINARY = {"punpcklbw", "punpcklwd", "punpckldq", "punpcklqdq", "punpckhbw", "punpckhwd",
        "punpckhdq", "punpckhqdq", "packsswb", "packssdw", "packuswb", "packusdw", "pcmpgtb", "pcmpgtw", "pcmpgtd", "pcmpgtq",
        "pcmpeqb", "pcmpeqw", "pcmpeqd", "pcmpeqq", "paddb", "paddw", "paddd", "paddq", "psubb", "psubw", "psubd", "psubq",
        "paddsb", "paddsw", "paddusb", "paddusw", "psubsb", "psubsw", "psubusb", "psubusw", "pmullw", "pmulhw", "pmulhuw",
        "pmuludq", "pmuldq", "pmulld", "pmaddwd", "pmaddubsw", "pmulhrsw", "psadbw", "pminub", "pminsw", "pmaxub", "pmaxsw",
        "pminsb", "pmaxsb", "pminuw", "pmaxuw", "pminsd", "pmaxsd", "pminud", "pmaxud", "pavgb", "pavgw", "pand", "pandn",
        "por", "pxor", "pshufb", "phaddw", "phaddd", "phaddsw", "phsubw", "phsubd", "phsubsw", "psignb", "psignw", "psignd",
        "psllw", "pslld", "psllq", "psrlw", "psrld", "psrlq", "psraw", "psrad"};
    static final String[] FLOAT_BINARY = {"addps", "addpd", "subps", "subpd", "mulps", "mulpd", "divps", "divpd", "minps",
        "minpd", "maxps", "maxpd", "andps", "andpd", "andnps", "andnpd", "orps", "orpd", "xorps", "xorpd", "unpcklps",
        "unpcklpd", "unpckhps", "unpckhpd", "haddps", "haddpd", "hsubps", "hsubpd", "addsubps", "addsubpd"};
    static final String[] SCALAR = {"addss", "addsd", "subss", "subsd", "mulss", "mulsd", "divss", "divsd", "minss", "minsd",
        "maxss", "maxsd", "sqrtss", "sqrtsd", "cvtss2sd", "cvtsd2ss"};
    /** RCPPS/RSQRTPS and their scalar forms are not here: jvmx has no semantics for them even in SSE. */
    static final String[] UNARY = {"sqrtps", "sqrtpd", "movups", "movupd", "movdqu", "lddqu", "movshdup",
        "movsldup", "movddup", "pabsb", "pabsw", "pabsd", "cvtdq2ps", "cvtps2dq", "cvttps2dq"};
    static final String[] IMM3 = {"cmpps", "cmppd", "shufps", "shufpd", "blendps", "blendpd", "pblendw", "palignr", "mpsadbw",
        "dpps"};
    static final String[] IMM2 = {"roundps", "roundpd", "pshufd", "pshufhw", "pshuflw"};
    static final String[] SHIFT_IMM = {"psllw", "pslld", "psllq", "psrlw", "psrld", "psrlq", "psraw", "psrad", "pslldq", "psrldq"};
    static final String[] WIDEN = {"pmovsxbw", "pmovsxbd", "pmovsxbq", "pmovsxwd", "pmovsxwq", "pmovsxdq", "pmovzxbw",
        "pmovzxbd", "pmovzxbq", "pmovzxwd", "pmovzxwq", "pmovzxdq"};

    static Map<String, List<String>> families() {
        Map<String, List<String>> f = new LinkedHashMap<>();
        List<String> intOps = new ArrayList<>();
        for (String op : INT_BINARY) {
            boolean shift = op.startsWith("ps") && op.length() == 5 && (op.startsWith("psll") || op.startsWith("psrl") || op.startsWith("psra"));
            intOps.addAll(List.of("v" + op + " xmm0, xmm1, xmm2", "v" + op + " xmm3, xmm1, [rsi]", "v" + op + " xmm2, xmm1, xmm2"));
            if (shift) intOps.addAll(List.of("v" + op + " ymm0, ymm1, xmm2", "v" + op + " ymm3, ymm4, [rsi]"));
            else intOps.addAll(List.of("v" + op + " ymm0, ymm1, ymm2", "v" + op + " ymm3, ymm4, [rsi]", "v" + op + " ymm2, ymm2, ymm2"));
        }
        f.put("AVX/AVX2 integer", intOps);
        List<String> fp = new ArrayList<>();
        for (String op : FLOAT_BINARY) {
            fp.addAll(List.of("v" + op + " xmm0, xmm1, xmm2", "v" + op + " xmm3, xmm1, [rsi]", "v" + op + " ymm0, ymm1, ymm2",
                    "v" + op + " ymm3, ymm4, [rsi]", "v" + op + " ymm2, ymm1, ymm2"));
        }
        for (String op : SCALAR) fp.addAll(List.of("v" + op + " xmm0, xmm1, xmm2", "v" + op + " xmm3, xmm4, [rsi]", "v" + op + " xmm1, xmm1, xmm1"));
        for (String op : UNARY) {
            fp.addAll(List.of("v" + op + " xmm0, " + (op.equals("lddqu") ? "[rsi]" : "xmm1"), "v" + op + " xmm3, [rsi]",
                    "v" + op + " ymm0, " + (op.equals("lddqu") ? "[rsi]" : "ymm1"), "v" + op + " ymm3, [rsi]"));
        }
        fp.addAll(List.of("vcvtps2pd xmm0, xmm1", "vcvtps2pd ymm0, xmm1", "vcvtps2pd ymm2, [rsi]", "vcvtdq2pd ymm0, xmm1",
                "vcvtdq2pd xmm2, [rsi]", "vcvtpd2ps xmm0, ymm1", "vcvtpd2ps xmm0, xmm1", "vcvtpd2ps xmm3, yword [rsi]",
                "vcvtpd2dq xmm0, ymm1", "vcvttpd2dq xmm0, ymm1", "vcvttpd2dq xmm1, oword [rsi]", "vcvtsi2ss xmm0, xmm1, eax",
                "vcvtsi2sd xmm0, xmm1, rax", "vcvtsi2sd xmm2, xmm3, dword [rsi]", "vcvttss2si eax, xmm1", "vcvtsd2si rax, xmm1",
                "vcvtss2si eax, [rsi]"));
        f.put("AVX floating point", fp);
        List<String> imm = new ArrayList<>();
        for (String op : IMM3) {
            imm.addAll(List.of("v" + op + " xmm0, xmm1, xmm2, imm", "v" + op + " xmm3, xmm1, [rsi], imm", "v" + op + " ymm0, ymm1, ymm2, imm",
                    "v" + op + " ymm3, ymm4, [rsi], imm"));
        }
        for (String op : new String[] {"cmpss", "cmpsd", "roundss", "roundsd"}) imm.addAll(List.of("v" + op + " xmm0, xmm1, xmm2, imm", "v" + op + " xmm3, xmm1, [rsi], imm"));
        imm.addAll(List.of("vdppd xmm0, xmm1, xmm2, imm", "vinsertps xmm0, xmm1, xmm2, imm", "vinsertps xmm0, xmm1, [rsi], imm",
                "vpinsrb xmm0, xmm1, eax, imm", "vpinsrw xmm0, xmm1, [rsi], imm", "vpinsrd xmm0, xmm1, eax, imm", "vpinsrq xmm2, xmm1, rax, imm",
                "vpextrb eax, xmm1, imm", "vpextrw [rsi], xmm1, imm", "vpextrd eax, xmm2, imm", "vpextrq [rsi], xmm1, imm",
                "vextractps eax, xmm1, imm"));
        for (String op : IMM2) {
            imm.addAll(List.of("v" + op + " xmm0, xmm1, imm", "v" + op + " xmm3, [rsi], imm", "v" + op + " ymm0, ymm1, imm", "v" + op + " ymm3, [rsi], imm"));
        }
        for (String op : SHIFT_IMM) imm.addAll(List.of("v" + op + " xmm0, xmm1, imm", "v" + op + " ymm0, ymm1, imm", "v" + op + " ymm2, ymm2, imm"));
        f.put("AVX immediate forms", imm);
        List<String> mov = new ArrayList<>();
        for (String op : new String[] {"movaps", "movapd", "movdqa", "movups", "movupd", "movdqu"}) {
            mov.addAll(List.of("v" + op + " xmm0, xmm1", "v" + op + " ymm0, ymm1", "v" + op + " ymm2, [rsi]", "v" + op + " [rsi], xmm1",
                    "v" + op + " [rsi], ymm3"));
        }
        mov.addAll(List.of("vmovntps [rsi], ymm1", "vmovntdq [rsi], xmm1", "vmovntdqa xmm1, [rsi]", "vmovntdqa ymm1, [rsi]",
                "vmovss xmm0, [rsi]", "vmovss [rsi], xmm1", "vmovss xmm0, xmm1, xmm2", "vmovsd xmm0, [rsi]", "vmovsd [rsi], xmm1",
                "vmovsd xmm0, xmm1, xmm2", "vmovlps xmm0, xmm1, [rsi]", "vmovhps xmm0, xmm1, [rsi]", "vmovlpd xmm0, xmm1, [rsi]",
                "vmovhpd xmm0, xmm1, [rsi]", "vmovlps [rsi], xmm1", "vmovhpd [rsi], xmm1", "vmovhlps xmm0, xmm1, xmm2",
                "vmovlhps xmm0, xmm1, xmm2", "vmovd xmm0, eax", "vmovd eax, xmm1", "vmovq xmm0, rax", "vmovq rax, xmm1",
                "vmovq xmm0, xmm1", "vmovq xmm0, [rsi]", "vmovq [rsi], xmm2", "vmovmskps eax, xmm1", "vmovmskps eax, ymm1",
                "vmovmskpd eax, ymm1", "vpmovmskb eax, xmm1", "vpmovmskb eax, ymm1", "vptest xmm0, xmm1", "vptest ymm0, ymm1",
                "vptest ymm2, [rsi]", "vcomiss xmm0, xmm1", "vucomisd xmm0, [rsi]", "vphminposuw xmm0, xmm1"));
        for (String op : WIDEN) mov.addAll(List.of("v" + op + " xmm0, xmm1", "v" + op + " ymm0, xmm1", "v" + op + " ymm3, [rsi]", "v" + op + " xmm3, [rsi]"));
        f.put("AVX moves and conversions", mov);
        List<String> only = new ArrayList<>(List.of("vzeroupper", "vzeroall", "vbroadcastss xmm0, [rsi]", "vbroadcastss ymm0, [rsi]",
                "vbroadcastss ymm0, xmm1", "vbroadcastsd ymm0, [rsi]", "vbroadcastsd ymm0, xmm1", "vbroadcastf128 ymm0, [rsi]",
                "vbroadcasti128 ymm0, [rsi]", "vinsertf128 ymm0, ymm1, xmm2, imm", "vinserti128 ymm0, ymm1, [rsi], imm",
                "vextractf128 xmm0, ymm1, imm", "vextracti128 [rsi], ymm1, imm", "vperm2f128 ymm0, ymm1, ymm2, imm",
                "vperm2i128 ymm0, ymm1, [rsi], imm", "vpermq ymm0, ymm1, imm", "vpermpd ymm0, [rsi], imm", "vpermd ymm0, ymm1, ymm2",
                "vpermps ymm0, ymm1, [rsi]", "vpermilps xmm0, xmm1, xmm2", "vpermilps ymm0, ymm1, [rsi]", "vpermilps ymm0, ymm1, imm",
                "vpermilpd xmm0, xmm1, xmm2", "vpermilpd ymm0, ymm1, ymm2", "vpermilpd ymm0, [rsi], imm", "vtestps xmm0, xmm1",
                "vtestps ymm0, [rsi]", "vtestpd ymm0, ymm1", "vpblendd xmm0, xmm1, xmm2, imm", "vpblendd ymm0, ymm1, [rsi], imm",
                "vblendvps xmm0, xmm1, xmm2, xmm3", "vblendvps ymm0, ymm1, [rsi], ymm3", "vblendvpd ymm0, ymm1, ymm2, ymm3",
                "vpblendvb xmm0, xmm1, xmm2, xmm3", "vpblendvb ymm0, ymm1, [rsi], ymm3", "vmaskmovps xmm0, xmm1, [rsi]",
                "vmaskmovps ymm0, ymm1, [rsi]", "vmaskmovpd [rsi], ymm1, ymm2", "vpmaskmovd [rsi], xmm1, xmm2",
                "vpmaskmovq ymm0, ymm1, [rsi]", "vpmaskmovd ymm0, ymm1, [rsi]", "vmaskmovps [rsi], ymm1, ymm2"));
        for (String b : new String[] {"b", "w", "d", "q"}) only.addAll(List.of("vpbroadcast" + b + " xmm0, xmm1", "vpbroadcast" + b + " ymm0, [rsi]"));
        for (String op : new String[] {"vpsllvd", "vpsllvq", "vpsrlvd", "vpsrlvq", "vpsravd"}) {
            only.addAll(List.of(op + " xmm0, xmm1, xmm2", op + " ymm0, ymm1, ymm2", op + " ymm3, ymm4, [rsi]"));
        }
        for (String g : new String[] {"vpgatherdd xmm0, [rsi+xmm1*4], xmm2", "vpgatherdd ymm0, [rsi+ymm1*4+8], ymm2",
                "vgatherdps ymm3, [rsi+ymm4*1], ymm5", "vpgatherdq xmm0, [rsi+xmm1*8], xmm2", "vpgatherdq ymm0, [rsi+xmm1*8], ymm2",
                "vgatherdpd ymm3, [rsi+xmm4*2-16], ymm5", "vpgatherqd xmm0, [rsi+xmm1*4], xmm2", "vpgatherqd xmm0, [rsi+ymm1*4], xmm2",
                "vgatherqps xmm3, [rsi+ymm4*1], xmm5", "vpgatherqq xmm0, [rsi+xmm1*8], xmm2", "vpgatherqq ymm0, [rsi+ymm1*8], ymm2",
                "vgatherqpd ymm3, [rsi+ymm4*4+32], ymm5"}) {
            only.add(g);
        }
        f.put("AVX/AVX2 VEX-only", only);
        List<String> fma = new ArrayList<>();
        for (String op : new String[] {"fmadd", "fmsub", "fnmadd", "fnmsub", "fmaddsub", "fmsubadd"}) {
            for (String order : new String[] {"132", "213", "231"}) {
                for (String type : new String[] {"ps", "pd", "ss", "sd"}) {
                    if (type.startsWith("s") && op.length() > 6) continue;
                    String m = "v" + op + order + type;
                    if (type.startsWith("s")) fma.addAll(List.of(m + " xmm0, xmm1, xmm2", m + " xmm3, xmm4, [rsi]", m + " xmm1, xmm1, xmm1"));
                    else fma.addAll(List.of(m + " xmm0, xmm1, xmm2", m + " ymm0, ymm1, ymm2", m + " ymm3, ymm4, [rsi]", m + " ymm2, ymm1, ymm2"));
                }
            }
        }
        f.put("FMA3", fma);
        List<String> f16 = new ArrayList<>(List.of("vcvtph2ps xmm0, xmm1", "vcvtph2ps ymm0, xmm1", "vcvtph2ps xmm2, [rsi]",
                "vcvtph2ps ymm3, [rsi]"));
        for (int rc : new int[] {0, 1, 2, 3, 4}) {
            f16.addAll(List.of("vcvtps2ph xmm0, xmm1, " + rc, "vcvtps2ph xmm0, ymm1, " + rc, "vcvtps2ph [rsi], xmm2, " + rc,
                    "vcvtps2ph [rsi], ymm2, " + rc));
        }
        f.put("F16C", f16);
        f.put("XSAVE", List.of("xsave [rsi]", "xsave64 [rsi]", "xsaveopt [rsi]", "xsaveopt64 [rsi]", "xrstor [rsi]", "xrstor64 [rsi]",
                "xrstor [rsi]\nxsave [rsi]", "vzeroupper\nxsave [rsi]", "xsave [rsi]\nvpxor xmm0, xmm0, xmm0\nxrstor [rsi]"));
        return f;
    }
}

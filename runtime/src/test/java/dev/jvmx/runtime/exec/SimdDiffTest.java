package dev.jvmx.runtime.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jvmx.runtime.cpu.CpuModel;
import dev.jvmx.runtime.cpu.CpuState;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * SIMD extensions beyond the default model (SSE3, SSSE3, the SSE4.1 integer forms, PCMPGTQ, CRC32)
 * against the host CPU, one instruction a case, run by the interpreter under {@link #MODEL}: GPRs and
 * integer lanes are edge-biased, XMM0-3 hold
 * edge-biased lanes (NaNs with payloads, infinities, denormals, zeros, ordinary values), MXCSR a
 * random rounding mode, DAZ/FTZ and sometimes unmasked exceptions; memory sources are 16-byte
 * aligned in the data area. GPRs, the status flags, XMM0-3, MXCSR, the data area and the fault
 * (#XM = SIGFPE) must agree.
 */
class SimdDiffTest {
    private final Random rnd = new Random(Long.getLong("jvmx.simd.seed", 0x53494D44L));

    static final String[] SSE3 = {"addsubps", "addsubpd", "haddps", "haddpd", "hsubps", "hsubpd", "movshdup", "movsldup"};

    static final String[] SSSE3 = {"pabsb", "pabsw", "pabsd", "psignb", "psignw", "psignd", "phaddw", "phaddd", "phaddsw",
        "phsubw", "phsubd", "phsubsw", "pmaddubsw", "pmulhrsw", "pshufb"};

    static final String[] SSE4 = {"pminsb", "pmaxsb", "pminuw", "pmaxuw", "pminsd", "pmaxsd", "pminud", "pmaxud", "pmulld",
        "pmuldq", "pcmpeqq", "pcmpgtq", "packusdw", "ptest", "phminposuw", "pblendvb", "blendvps", "blendvpd"};

    /** The model the cases run under: the verified extensions plus the (partly implemented) SSE4.1/4.2 groups tested here. */
    static final CpuModel MODEL = CpuModel.withExtensions(EnumSet.of(dev.jvmx.x86.Feature.SSE3, dev.jvmx.x86.Feature.SSSE3,
            dev.jvmx.x86.Feature.SSE41, dev.jvmx.x86.Feature.SSE42, dev.jvmx.x86.Feature.POPCNT, dev.jvmx.x86.Feature.LZCNT));

    /** The forms: register and memory sources, the immediate forms with a random immediate. */
    List<String> forms() {
        List<String> f = new ArrayList<>();
        for (String[] group : new String[][] {SSE3, SSSE3, SSE4}) {
            for (String m : group) {
                f.add(m + " xmm0, xmm1");
                f.add(m + " xmm2, [rsi]");
            }
        }
        int imm = rnd.nextInt(256);
        for (String m : new String[] {"roundps", "roundpd", "roundss", "roundsd"}) {
            f.add(m + " xmm0, xmm1, " + rnd.nextInt(16));
            f.add(m + " xmm2, [rsi], " + rnd.nextInt(16));
        }
        for (String m : new String[] {"palignr", "pblendw", "blendps", "blendpd", "mpsadbw", "insertps", "dpps", "dppd"}) {
            f.add(m + " xmm0, xmm1, " + imm);
            f.add(m + " xmm2, [rsi], " + imm);
        }
        for (String w : new String[] {"bw", "bd", "bq", "wd", "wq", "dq"}) {
            for (String k : new String[] {"pmovsx", "pmovzx"}) {
                f.add(k + w + " xmm0, xmm1");
                f.add(k + w + " xmm3, [rsi+" + rnd.nextInt(8) + "]");
            }
        }
        f.add("pinsrb xmm0, ecx, " + imm);
        f.add("pinsrb xmm0, [rsi+1], " + imm);
        f.add("pinsrd xmm1, edx, " + imm);
        f.add("pinsrq xmm1, rdx, " + imm);
        f.add("pinsrq xmm1, [rsi], " + imm);
        f.add("pextrb eax, xmm1, " + imm);
        f.add("pextrb [rsi+5], xmm1, " + imm);
        f.add("pextrd eax, xmm1, " + imm);
        f.add("pextrq rax, xmm2, " + imm);
        f.add("pextrw [rsi+2], xmm1, " + imm);
        f.add("extractps eax, xmm1, " + imm);
        f.add("extractps [rsi+4], xmm3, " + imm);
        for (String src : new String[] {"cl", "cx", "ecx", "byte [rsi+3]", "word [rsi]", "dword [rsi]"}) f.add("crc32 eax, " + src);
        f.add("crc32 rax, rcx");
        f.add("crc32 rax, byte [rsi]");
        for (String m : new String[] {"pcmpestri", "pcmpestrm", "pcmpistri", "pcmpistrm"}) {
            int ctl = rnd.nextInt(128);
            f.add(m + " xmm1, xmm2, " + ctl);
            f.add(m + " xmm3, [rsi+" + rnd.nextInt(16) + "], " + ctl);
        }
        f.add("movntdqa xmm1, [rsi]");
        for (String src : new String[] {"ecx", "rcx", "cx", "dword [rsi]"}) {
            f.add("lzcnt " + (src.startsWith("r") ? "rax" : src.equals("cx") ? "ax" : "eax") + ", " + src);
        }
        for (String src : new String[] {"ecx", "rcx", "cx", "dword [rsi]", "qword [rsi]"}) {
            f.add("popcnt " + (src.startsWith("r") || src.startsWith("q") ? "rax" : src.equals("cx") ? "ax" : "eax") + ", " + src);
        }
        f.add("movddup xmm0, xmm1");
        f.add("movddup xmm3, [rsi+8]");
        f.add("lddqu xmm0, [rsi+3]");
        return f;
    }

    static Set<dev.jvmx.x86.Mnemonic> mnemonics() {
        Set<dev.jvmx.x86.Mnemonic> r = EnumSet.noneOf(dev.jvmx.x86.Mnemonic.class);
        for (String f : new SimdDiffTest().forms()) r.add(dev.jvmx.x86.Mnemonic.valueOf(f.split(" ")[0].toUpperCase()));
        return r;
    }

    long lane64() {
        return switch (rnd.nextInt(7)) {
            case 0 -> (rnd.nextBoolean() ? 1L << 63 : 0) | 0x7FF0_0000_0000_0000L | rnd.nextLong() >>> (12 + rnd.nextInt(52)); // NaN/inf
            case 1 -> rnd.nextLong() >>> (12 + rnd.nextInt(40)) | (rnd.nextBoolean() ? 1L << 63 : 0); // denormal
            case 2 -> rnd.nextBoolean() ? 0 : 1L << 63;
            case 3 -> Double.doubleToRawLongBits(rnd.nextGaussian() * Math.pow(2, rnd.nextInt(2000) - 1000));
            default -> Double.doubleToRawLongBits((rnd.nextInt(2000) - 1000) / 8.0);
        };
    }

    int lane32() {
        return switch (rnd.nextInt(7)) {
            case 0 -> (rnd.nextBoolean() ? 1 << 31 : 0) | 0x7F80_0000 | rnd.nextInt() >>> (9 + rnd.nextInt(23));
            case 1 -> rnd.nextInt() >>> (9 + rnd.nextInt(20)) | (rnd.nextBoolean() ? 1 << 31 : 0);
            case 2 -> rnd.nextBoolean() ? 0 : 1 << 31;
            case 3 -> Float.floatToRawIntBits((float) (rnd.nextGaussian() * Math.pow(2, rnd.nextInt(250) - 125)));
            default -> Float.floatToRawIntBits((rnd.nextInt(2000) - 1000) / 8.0f);
        };
    }

    long quad(boolean singles) {
        return singles ? (lane32() & 0xFFFF_FFFFL) << 32 | (lane32() & 0xFFFF_FFFFL) : lane64();
    }

    /** PCMPxSTRx: short alphabets (so that elements match), zeros sprinkled in, lengths in EAX/EDX around the element counts. */
    void stringOperands(long[] g, long[] x) {
        for (int i = 0; i < 8; i++) {
            long v = 0;
            for (int k = 0; k < 8; k++) {
                int e = rnd.nextInt(10) == 0 ? 0 : rnd.nextBoolean() ? 'a' + rnd.nextInt(4) : rnd.nextInt(256);
                v |= (long) e << (8 * k);
            }
            x[i] = v;
        }
        for (int r : new int[] {0, 2}) {
            g[r] = switch (rnd.nextInt(4)) {
                case 0 -> rnd.nextInt(40) - 20;
                case 1 -> rnd.nextLong();
                case 2 -> 0x8000_0000L | rnd.nextInt(3);
                default -> rnd.nextInt(17);
            };
        }
    }

    /** Integer lanes: random, sign-boundary bytes/words/dwords, zero, all ones, sparse bits. */
    long intQuad() {
        return switch (rnd.nextInt(6)) {
            case 0 -> 0x8000_7FFF_80FF_7F01L ^ (rnd.nextBoolean() ? 0 : -1L);
            case 1 -> rnd.nextBoolean() ? 0 : -1L;
            case 2 -> rnd.nextLong() & rnd.nextLong() & rnd.nextLong();
            case 3 -> rnd.nextInt(3) - 1;
            default -> rnd.nextLong();
        };
    }

    int mxcsr() {
        int m = 0x1F80 | rnd.nextInt(4) << 13;
        if (rnd.nextInt(4) == 0) m |= 0x8000;          // FTZ
        if (rnd.nextInt(4) == 0) m |= 0x40;            // DAZ
        if (rnd.nextInt(5) == 0) m &= ~(rnd.nextInt(64) << 7);
        return m;
    }

    @Test
    void sse3Ssse3Sse4FormsMatchTheHostCpu() {
        String why = HostHarness.unavailableReason();
        assumeTrue(why == null, why);
        List<String> text = new ArrayList<>();
        List<long[]> gprs = new ArrayList<>(), xmms = new ArrayList<>();
        List<Integer> mx = new ArrayList<>();
        for (int k = 0; k < 150; k++) {
            for (String f : forms()) {
                boolean singles = f.contains("ps") || f.contains("dup") && !f.contains("movddup");
                boolean integer = !singles && !f.contains("pd") && !f.contains("movddup");
                long[] g = new long[16];
                for (int i = 0; i < 16; i++) g[i] = intQuad();
                g[4] = HostHarness.DATA_ADDR + 0x1000;
                g[6] = HostHarness.DATA_ADDR + 0x100 + 16 * rnd.nextInt(64);
                long[] x = new long[8];
                for (int i = 0; i < 8; i++) x[i] = integer && rnd.nextInt(4) != 0 ? intQuad() : quad(singles);
                if (f.startsWith("pcmp") && f.contains("str")) stringOperands(g, x);
                text.add(f);
                gprs.add(g);
                xmms.add(x);
                mx.add(mxcsr());
            }
        }
        List<byte[]> code = Nasm.assembleAll("64", HostHarness.CODE_ADDR, text);
        List<HostHarness.Result> host = HostHarness.run(gprs, text.stream().map(t -> 0x202L).toList(), xmms, mx, code);
        List<String> bad = new ArrayList<>();
        for (int k = 0; k < text.size(); k++) {
            String d = compare(gprs.get(k), xmms.get(k), mx.get(k), code.get(k), host.get(k));
            if (d != null) bad.add(text.get(k) + " mxcsr=" + Integer.toHexString(mx.get(k)) + " -> " + d);
        }
        System.out.println("SSE3/SSSE3/SSE4 host diff: " + text.size() + " cases, " + bad.size() + " mismatches");
        assertEquals(0, bad.size(), String.join("\n", bad.subList(0, Math.min(20, bad.size()))));
    }

    static String compare(long[] g, long[] x, int mxcsr, byte[] code, HostHarness.Result h) {
        CpuState s = new CpuState();
        System.arraycopy(g, 0, s.gpr, 0, 16);
        s.setRflags(0x202);
        s.mxcsr = mxcsr;
        for (int r = 0; r < 4; r++) {
            s.ymm[r * 4] = x[2 * r];
            s.ymm[r * 4 + 1] = x[2 * r + 1];
        }
        s.rip = HostHarness.CODE_ADDR;
        FlatMemory mem = new FlatMemory();
        HostHarness.fillData(mem);
        mem.map(HostHarness.CODE_ADDR, code.length + 16);
        mem.write(HostHarness.CODE_ADDR, code, 0, code.length);
        Exit exit = new Interpreter(MODEL).run(s, mem, 1);
        int sig = exit.kind() == Exit.Kind.EXCEPTION ? HostDiffTest.signalOf(exit) : 0;
        List<String> diffs = new ArrayList<>();
        String[] names = {"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi"};
        for (int r = 0; r < 16; r++) {
            if (s.gpr[r] != h.gpr()[r]) diffs.add((r < 8 ? names[r] : "r" + r) + " host=" + Long.toHexString(h.gpr()[r]) + " jvmx=" + Long.toHexString(s.gpr[r]));
        }
        if ((s.rflags() & 0x8D5) != (h.rflags() & 0x8D5)) diffs.add("flags host=" + Long.toHexString(h.rflags() & 0x8D5) + " jvmx=" + Long.toHexString(s.rflags() & 0x8D5));
        if (sig != h.signal()) diffs.add("signal host=" + h.signal() + " jvmx=" + sig + " (" + exit + ")");
        for (int r = 0; r < 4; r++) {
            if (s.ymm[r * 4] != h.xmm()[2 * r] || s.ymm[r * 4 + 1] != h.xmm()[2 * r + 1]) {
                diffs.add("xmm" + r + " in=" + Long.toHexString(x[2 * r + 1]) + ":" + Long.toHexString(x[2 * r])
                        + " host=" + Long.toHexString(h.xmm()[2 * r + 1]) + ":" + Long.toHexString(h.xmm()[2 * r])
                        + " jvmx=" + Long.toHexString(s.ymm[r * 4 + 1]) + ":" + Long.toHexString(s.ymm[r * 4]));
            }
        }
        if (s.mxcsr != h.mxcsr()) diffs.add("mxcsr host=" + Integer.toHexString(h.mxcsr()) + " jvmx=" + Integer.toHexString(s.mxcsr));
        if (h.dataHash() != HostHarness.hashData(mem)) diffs.add("data area differs");
        return diffs.isEmpty() ? null : String.join(", ", diffs);
    }
}

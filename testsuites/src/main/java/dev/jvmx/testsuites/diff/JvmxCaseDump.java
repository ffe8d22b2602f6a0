package dev.jvmx.testsuites.diff;

import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The inputs of a mismatching case, printed under {@link StateDiff#render}'s differences so that a
 * reader can reproduce it without the seed: every GPR, RFLAGS, MXCSR, the x87 control words and
 * valid stack registers (for x87 forms), the XMM registers the disassembly names, and the data
 * memory the instruction touched, as jvmx accessed it (the case is rerun with access tracing).
 *
 * <pre>
 *   in   rax=0000000000000000 rcx=ffffffffffffffff ...
 *        rflags=0x246 (ZF PF) mxcsr=0x1f80
 *        xmm1=3ff0000000000000_0000000000000000
 *        read  8 @0x10000820 = 0x3ff0000000000000
 * </pre>
 */
public final class JvmxCaseDump {
    private static final Pattern XMM = Pattern.compile("xmm(\\d+)");

    private JvmxCaseDump() {}

    /** The inputs of {@code c} in {@code arch}; {@code disassembly} decides which XMM registers are shown. */
    public static String inputs(TestCase c, HostArch arch, List<String> disassembly) {
        MachineState s = c.initial();
        StringBuilder sb = new StringBuilder("  in  ");
        for (int r = 0; r < arch.gprCount(); r++) {
            Gpr g = Gpr.of(r);
            sb.append(String.format(" %s=%016x", g.intelName(), s.gpr(g)));
            if (r % 4 == 3 && r + 1 < arch.gprCount()) sb.append("\n      ");
        }
        sb.append(String.format("%n       rflags=%#x (%s) mxcsr=%#x", s.rflags(), Rflags.describe(s.rflags() & Rflags.COMPARED), s.mxcsr()));
        String name = JvmxMismatchGroups.formOf(c);
        if (name.startsWith("f")) x87(sb, s.x87());
        TreeSet<Integer> xmm = new TreeSet<>();
        for (String line : disassembly) {
            Matcher m = XMM.matcher(line);
            while (m.find()) xmm.add(Integer.parseInt(m.group(1)));
        }
        for (int i : xmm) sb.append(String.format("%n       xmm%d=%016x_%016x", i, s.xmmHigh(i), s.xmmLow(i)));
        for (String access : new JvmxCpu(arch).traceAccesses(c.code(), s).split("\n")) {
            if (!access.isBlank()) sb.append("\n       ").append(access);
        }
        return sb.append('\n').toString();
    }

    private static void x87(StringBuilder sb, X87State x) {
        sb.append(String.format(" fcw=%#06x fsw=%#06x ftw=%#04x", x.fcw(), x.fsw(), x.ftw()));
        int top = x.fsw() >> 11 & 7;
        for (int i = 0; i < 8; i++) {
            if ((x.ftw() & 1 << ((top + i) & 7)) != 0) sb.append(String.format("%n       st(%d)=%s", i, Disassembler.hex(x.st(i))));
        }
    }
}

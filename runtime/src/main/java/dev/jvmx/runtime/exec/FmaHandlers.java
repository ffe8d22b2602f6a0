package dev.jvmx.runtime.exec;

import dev.jvmx.runtime.cpu.AvxPermute;
import dev.jvmx.runtime.cpu.Fma;
import dev.jvmx.x86.Instruction;
import dev.jvmx.x86.Mnemonic;

/**
 * FMA3: VF[N]M{ADD,SUB}{132,213,231}{PS,PD,SS,SD} and VFMADDSUB/VFMSUBADD{132,213,231}{PS,PD},
 * registered from their mnemonic names over {@link Fma}. Packed forms work on every element of the
 * XMM/YMM destination; scalar forms on element 0, keeping bits 127:32 (or 127:64) of the
 * destination and zeroing 255:128. VFMADDSUB subtracts in even elements and adds in odd ones,
 * VFMSUBADD the reverse. Unmasked exceptions raise #XM with the destination unchanged
 * ({@link SseFloatHandlers.ExceptionChecked}).
 */
final class FmaHandlers {
    private FmaHandlers() {}

    private static final java.util.regex.Pattern NAME =
            java.util.regex.Pattern.compile("VF(N?M)(ADDSUB|SUBADD|ADD|SUB)(132|213|231)(P|S)(S|D)");

    /** The FMA3 and F16C mnemonics (for coverage accounting). */
    static java.util.Set<Mnemonic> mnemonics() {
        java.util.Set<Mnemonic> r = java.util.EnumSet.of(Mnemonic.VCVTPH2PS, Mnemonic.VCVTPS2PH);
        for (Mnemonic m : Mnemonic.values()) if (NAME.matcher(m.name()).matches()) r.add(m);
        return r;
    }

    static void register(Handler[] t) {
        for (Mnemonic m : Mnemonic.values()) {
            java.util.regex.Matcher x = NAME.matcher(m.name());
            if (!x.matches()) continue;
            boolean negate = x.group(1).equals("NM");
            String op = x.group(2);
            int order = Integer.parseInt(x.group(3));
            boolean packed = x.group(4).equals("P");
            int bits = x.group(5).equals("S") ? 32 : 64;
            Fma.Kind even, odd;
            switch (op) {
                case "ADDSUB" -> { even = Fma.Kind.SUB; odd = Fma.Kind.ADD; }
                case "SUBADD" -> { even = Fma.Kind.ADD; odd = Fma.Kind.SUB; }
                case "ADD" -> even = odd = negate ? Fma.Kind.NADD : Fma.Kind.ADD;
                default -> even = odd = negate ? Fma.Kind.NSUB : Fma.Kind.SUB;
            }
            Fma.Kind e = even, o = odd;
            Handler h = (c, i) -> exec(c, i, order, e, o, packed, bits);
            t[m.ordinal()] = new SseFloatHandlers.ExceptionChecked(h, 0x07);
        }
    }

    /**
     * F16C, beside FMA as the other VEX floating-point extension: VCVTPH2PS (V, W: 4 or 8 halves
     * from the low 64/128 bits) and VCVTPS2PH (W: 64/128-bit result, register zero-extended; V; imm8).
     */
    static void registerF16c(Handler[] t) {
        t[Mnemonic.VCVTPH2PS.ordinal()] = new SseFloatHandlers.ExceptionChecked((c, i) -> {
            long[] src = AvxHandlers.read(c, i.op(1));
            int n = i.op(0).size() / 32;
            long[] r = new long[n / 2];
            for (int j = 0; j < n; j++) {
                AvxPermute.setElement(r, j, 32, dev.jvmx.runtime.cpu.F16c.halfToSingle(c.cpu, (int) AvxPermute.element(src, j, 16)) & 0xFFFF_FFFFL);
            }
            AvxHandlers.put(c, i.op(0), r);
        }, 0x07);
        t[Mnemonic.VCVTPS2PH.ordinal()] = new SseFloatHandlers.ExceptionChecked((c, i) -> {
            long[] src = AvxHandlers.read(c, i.op(1));
            int n = src.length * 2, imm = SseIntHandlers.imm(i);
            long[] r = new long[Math.max(2, n / 4)];
            for (int j = 0; j < n; j++) {
                AvxPermute.setElement(r, j, 16, dev.jvmx.runtime.cpu.F16c.singleToHalf(c.cpu, (int) AvxPermute.element(src, j, 32), imm));
            }
            // an unmasked exception leaves a memory destination unwritten (the check then raises #XM)
            if ((c.cpu.mxcsr & 0x3F & ~(c.cpu.mxcsr >> 7)) != 0) return;
            AvxHandlers.put(c, i.op(0), i.op(0) instanceof dev.jvmx.x86.Operand.Mem ? java.util.Arrays.copyOf(r, n / 4) : r);
        }, 0x07);
    }

    private static void exec(ExecContext c, Instruction i, int order, Fma.Kind even, Fma.Kind odd, boolean packed, int bits) {
        long[] s1 = AvxHandlers.read(c, i.op(0)), s2 = AvxHandlers.read(c, i.op(1)), s3 = AvxHandlers.read(c, i.op(2));
        int n = packed ? s1.length * 64 / bits : 1;
        long[] r = packed ? new long[s1.length] : new long[] {s1[0], s1[1]};
        for (int j = 0; j < n; j++) {
            Fma.Kind k = (j & 1) == 0 ? even : odd;
            long a = AvxPermute.element(s1, j, bits), b = AvxPermute.element(s2, j, bits), d = AvxPermute.element(s3, j, bits);
            long v = bits == 64 ? Fma.fma64(c.cpu, order, k, a, b, d) : Fma.fma32(c.cpu, order, k, (int) a, (int) b, (int) d) & 0xFFFF_FFFFL;
            AvxPermute.setElement(r, j, bits, v);
        }
        AvxHandlers.put(c, i.op(0), r);
    }
}

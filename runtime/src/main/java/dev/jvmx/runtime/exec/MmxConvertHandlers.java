package dev.jvmx.runtime.exec;

import dev.jvmx.runtime.cpu.Mmx;
import dev.jvmx.runtime.cpu.SseFloat;
import dev.jvmx.runtime.cpu.X87;
import dev.jvmx.runtime.mem.GuestFault;
import dev.jvmx.x86.Instruction;
import dev.jvmx.x86.Mnemonic;
import dev.jvmx.x86.Operand;

/**
 * The SSE/SSE2 conversions with an MMX side (SDM "CVTPI2PS" etc.): CVTPI2PS/CVTPI2PD (xmm from
 * mm/m64 dwords), CVTPS2PI/CVTTPS2PI (mm from xmm/m64 floats), CVTPD2PI/CVTTPD2PI (mm from
 * xmm/m128 doubles). MXCSR rounding, flags and #XM as the other SSE conversions; an MMn operand
 * makes the x87-to-MMX transition (after the #MF check), a memory source does not (host-checked).
 * An unmasked exception leaves the MMn destination unchanged.
 */
final class MmxConvertHandlers {
    private MmxConvertHandlers() {}

    static void register(Handler[] t) {
        put(t, Mnemonic.CVTPI2PS, (c, i) -> {
            long v = MmxHandlers.read(c, i.op(1));
            long lo = SseFloat.intToFloat(c.cpu, (int) v) & 0xFFFF_FFFFL, hi = SseFloat.intToFloat(c.cpu, (int) (v >> 32)) & 0xFFFF_FFFFL;
            c.cpu.ymm[Vec.xmm(i.op(0)) * 4] = hi << 32 | lo;
        });
        put(t, Mnemonic.CVTPI2PD, (c, i) -> {
            long v = MmxHandlers.read(c, i.op(1));
            Vec.setXmm(c.cpu, Vec.xmm(i.op(0)), SseFloat.intToDouble(c.cpu, (int) v), SseFloat.intToDouble(c.cpu, (int) (v >> 32)));
        });
        for (boolean trunc : new boolean[] {false, true}) {
            put(t, trunc ? Mnemonic.CVTTPS2PI : Mnemonic.CVTPS2PI, (c, i) -> {
                long v = Vec.loadLow(c, i.op(1), 64);
                long lo = SseFloat.floatToInt(c.cpu, (int) v, 32, trunc), hi = SseFloat.floatToInt(c.cpu, (int) (v >>> 32), 32, trunc);
                writeMmx(c, i, (hi & 0xFFFF_FFFFL) << 32 | (lo & 0xFFFF_FFFFL));
            });
            put(t, trunc ? Mnemonic.CVTTPD2PI : Mnemonic.CVTPD2PI, (c, i) -> {
                long[] v = Vec.load(c, i.op(1));
                long lo = SseFloat.doubleToInt(c.cpu, v[0], 32, trunc), hi = SseFloat.doubleToInt(c.cpu, v[1], 32, trunc);
                writeMmx(c, i, (hi & 0xFFFF_FFFFL) << 32 | (lo & 0xFFFF_FFFFL));
            });
        }
    }

    /** The conversion under the SSE exception wrapper, inside the MMX check and transition for MMn operands. */
    private static void put(Handler[] t, Mnemonic m, Handler h) {
        Handler guarded = SseFloatHandlers.unmaskedExceptionsFault(h);
        t[m.ordinal()] = (c, i) -> {
            boolean mmx = MmxHandlers.usesMmx(i);
            if (mmx && X87.pending(c.cpu)) throw GuestFault.of(GuestFault.MF);
            try {
                guarded.exec(c, i);
            } catch (GuestFault f) {
                // an unmasked SIMD exception comes after the x87-to-MMX transition (host-checked: CVTPD2PI mm, m128
                // with PM unmasked leaves TOP = 0 and every tag valid before #XM)
                if (mmx && f.vector() == GuestFault.XM) Mmx.enter(c.cpu);
                throw f;
            }
            if (mmx) Mmx.enter(c.cpu);
        };
    }

    /** Writes an MMn result unless an unmasked exception was detected (the wrapper cleared the flags on entry). */
    private static void writeMmx(ExecContext c, Instruction i, long v) {
        int mx = c.cpu.mxcsr;
        if ((mx & 0x3F & ~(mx >> 7)) != 0) throw GuestFault.of(GuestFault.XM);
        MmxHandlers.write(c, (Operand) i.op(0), v);
    }
}

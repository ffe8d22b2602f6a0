package dev.jvmx.runtime.exec;

import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.mem.GuestFault;
import dev.jvmx.runtime.mem.SplitStore;
import dev.jvmx.x86.Operand;
import dev.jvmx.x86.RegClass;

/**
 * XMM operand access written once for the SSE handlers. A 128-bit value is {@code long[]{lo, hi}}.
 * Legacy-SSE memory operands of 16 bytes must be 16-byte aligned (#GP(0)) unless the instruction is
 * one of the explicitly unaligned forms (SDM Vol. 1 §10.4.1.1 / Vol. 2 "MOVDQU"); legacy-SSE writes
 * leave bits 255:128 of the YMM register unchanged.
 */
final class Vec {
    private Vec() {}

    static boolean isXmm(Operand op) {
        return op instanceof Operand.Reg r && (r.cls() == RegClass.XMM || r.cls() == RegClass.YMM);
    }

    static int xmm(Operand op) {
        if (!(op instanceof Operand.Reg r) || (r.cls() != RegClass.XMM && r.cls() != RegClass.YMM)) {
            throw GuestFault.of(GuestFault.UD); // MMX forms are not implemented
        }
        return r.num();
    }

    /** A full 128-bit source; {@code aligned} enforces the legacy alignment rule for memory. */
    static long[] load(ExecContext c, Operand op, boolean aligned) {
        if (op instanceof Operand.Mem m) {
            long a = address(c, m, aligned);
            long lo = c.mem.read64(a);
            return new long[] {lo, c.mem.read64(a + 8)};
        }
        int n = xmm(op);
        return new long[] {c.cpu.ymm[n * 4], c.cpu.ymm[n * 4 + 1]};
    }

    static long[] load(ExecContext c, Operand op) {
        return load(c, op, true);
    }

    static void store(ExecContext c, Operand op, long[] v, boolean aligned) {
        if (op instanceof Operand.Mem m) {
            long a = address(c, m, aligned);
            SplitStore.check(c.mem, a, 16);
            c.mem.write64(a, v[0]);
            c.mem.write64(a + 8, v[1]);
            return;
        }
        setXmm(c.cpu, xmm(op), v[0], v[1]);
    }

    /** The linear address of a 128-bit memory operand, checked for 16-byte alignment when {@code aligned}. */
    static long address(ExecContext c, Operand.Mem m, boolean aligned) {
        long a = Operands.linear(c.cpu, m);
        if (aligned && (a & 15) != 0) throw GuestFault.of(GuestFault.GP, 0);
        return a;
    }

    /**
     * A 128-bit move without an intermediate array (MOVDQA/MOVDQU/MOVAPS...): the source is read
     * completely before the destination is written.
     */
    static void move(ExecContext c, Operand d, Operand s, boolean aligned) {
        withSource(c, s, aligned, (lo, hi) -> {
            if (d instanceof Operand.Mem m) {
                long a = address(c, m, aligned);
                SplitStore.check(c.mem, a, 16);
                c.mem.write64(a, lo);
                c.mem.write64(a + 8, hi);
            } else {
                setXmm(c.cpu, xmm(d), lo, hi);
            }
        });
    }

    /** What an operation does with the two quadwords of its 128-bit source. */
    interface Quadwords {
        void accept(long lo, long hi);
    }

    /**
     * Reads a full 128-bit source like {@link #load} and hands its quadwords to {@code k} without an
     * intermediate array (the handlers' hot paths: small enough to be inlined with {@code k}).
     */
    static void withSource(ExecContext c, Operand op, boolean aligned, Quadwords k) {
        if (op instanceof Operand.Mem m) {
            long a = address(c, m, aligned);
            long lo = c.mem.read64(a);
            k.accept(lo, c.mem.read64(a + 8));
        } else {
            int n = xmm(op) * 4;
            k.accept(c.cpu.ymm[n], c.cpu.ymm[n + 1]);
        }
    }

    static void setXmm(CpuState s, int n, long lo, long hi) {
        s.ymm[n * 4] = lo;
        s.ymm[n * 4 + 1] = hi;
    }

    /** Low {@code bits} (32 or 64) of an XMM register or a memory operand. */
    static long loadLow(ExecContext c, Operand op, int bits) {
        if (op instanceof Operand.Mem m) return Operands.load(c.mem, Operands.linear(c.cpu, m), bits);
        if (isXmm(op)) {
            long v = c.cpu.ymm[xmm(op) * 4];
            return bits == 64 ? v : v & 0xFFFF_FFFFL;
        }
        return Operands.read(c, op);
    }
}

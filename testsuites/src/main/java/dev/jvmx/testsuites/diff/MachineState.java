package dev.jvmx.testsuites.diff;

import java.util.Arrays;

/**
 * The user-visible architectural state a differential case starts from and ends in. Immutable:
 * arrays are copied in and out; {@code with*} methods return modified copies.
 *
 * @param gpr    RAX..R15 in {@link Gpr} order
 * @param rflags full RFLAGS as read (comparisons look at {@link Rflags#COMPARED} only)
 * @param mxcsr  SSE control/status (SDM Vol. 1 §10.2.3); 0x1F80 at reset
 * @param x87    FPU control, status, tags and stack
 * @param xmm    XMM0..XMM15 as 32 longs: {@code xmm[2i]} low quadword, {@code xmm[2i+1]} high
 * @param data   the {@link HostLayout#DATA_SIZE}-byte data page at {@link HostLayout#DATA_BASE}
 * @param ymmHigh bits 255:128 of YMM0..YMM15 as 32 longs: {@code ymmHigh[2i]} bits 191:128,
 *               {@code ymmHigh[2i+1]} bits 255:192 (all zero when the host has no AVX state)
 */
public record MachineState(long[] gpr, long rflags, int mxcsr, X87State x87, long[] xmm, byte[] data, long[] ymmHigh) {

    public MachineState {
        if (gpr.length != 16 || xmm.length != 32 || data.length != HostLayout.DATA_SIZE || ymmHigh.length != 32) {
            throw new IllegalArgumentException("need 16 GPRs, 32 XMM quadwords, one data page, 32 YMM upper quadwords");
        }
        gpr = gpr.clone();
        xmm = xmm.clone();
        data = data.clone();
        ymmHigh = ymmHigh.clone();
    }

    /** A state whose YMM upper halves are zero (what every pre-AVX case uses). */
    public MachineState(long[] gpr, long rflags, int mxcsr, X87State x87, long[] xmm, byte[] data) {
        this(gpr, rflags, mxcsr, x87, xmm, data, new long[32]);
    }

    /** Zero registers, RFLAGS 0x202, RSP in the middle of the data page, default MXCSR and x87, zero page. */
    public static MachineState reset() {
        long[] g = new long[16];
        g[Gpr.RSP.ordinal()] = HostLayout.DATA_BASE + 0x800;
        return new MachineState(g, Rflags.USER_FIXED, 0x1F80, X87State.RESET, new long[32], new byte[HostLayout.DATA_SIZE]);
    }

    public long gpr(Gpr r) {
        return gpr[r.ordinal()];
    }

    public long xmmLow(int i) {
        return xmm[2 * i];
    }

    public long xmmHigh(int i) {
        return xmm[2 * i + 1];
    }

    /** Bits 191:128 ({@code q} = 0) or 255:192 ({@code q} = 1) of YMMi. */
    public long ymmUpper(int i, int q) {
        return ymmHigh[2 * i + q];
    }

    @Override
    public long[] ymmHigh() {
        return ymmHigh.clone();
    }

    @Override
    public long[] gpr() {
        return gpr.clone();
    }

    @Override
    public long[] xmm() {
        return xmm.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    public MachineState withGpr(Gpr r, long value) {
        long[] g = gpr.clone();
        g[r.ordinal()] = value;
        return new MachineState(g, rflags, mxcsr, x87, xmm, data, ymmHigh);
    }

    public MachineState withRflags(long value) {
        return new MachineState(gpr, value, mxcsr, x87, xmm, data, ymmHigh);
    }

    public MachineState withMxcsr(int value) {
        return new MachineState(gpr, rflags, value, x87, xmm, data, ymmHigh);
    }

    public MachineState withX87(X87State value) {
        return new MachineState(gpr, rflags, mxcsr, value, xmm, data, ymmHigh);
    }

    public MachineState withXmm(int i, long low, long high) {
        long[] x = xmm.clone();
        x[2 * i] = low;
        x[2 * i + 1] = high;
        return new MachineState(gpr, rflags, mxcsr, x87, x, data, ymmHigh);
    }

    /** A copy with bits 255:128 of YMMi set to {@code {q2, q3}} (bits 191:128, 255:192). */
    public MachineState withYmmHigh(int i, long q2, long q3) {
        long[] y = ymmHigh.clone();
        y[2 * i] = q2;
        y[2 * i + 1] = q3;
        return new MachineState(gpr, rflags, mxcsr, x87, xmm, data, y);
    }

    /** A copy whose data page has {@code bytes} written at page offset {@code offset}. */
    public MachineState withData(int offset, byte[] bytes) {
        byte[] d = data.clone();
        System.arraycopy(bytes, 0, d, offset, bytes.length);
        return new MachineState(gpr, rflags, mxcsr, x87, xmm, d, ymmHigh);
    }

    /** The little-endian quadword at data-page offset {@code offset}. */
    public long dataQword(int offset) {
        long v = 0;
        for (int i = 7; i >= 0; i--) v = v << 8 | (data[offset + i] & 0xFF);
        return v;
    }

    /** A mutable copy to change many fields without copying the page each time. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Mutable counterpart for generators; {@link #build()} copies once. */
    public static final class Builder {
        private final long[] gpr;
        private long rflags;
        private int mxcsr;
        private X87State x87;
        private final long[] xmm;
        private final byte[] data;
        private final long[] ymmHigh;

        private Builder(MachineState s) {
            ymmHigh = s.ymmHigh.clone();
            gpr = s.gpr.clone();
            rflags = s.rflags;
            mxcsr = s.mxcsr;
            x87 = s.x87;
            xmm = s.xmm.clone();
            data = s.data.clone();
        }

        public Builder gpr(Gpr r, long value) {
            gpr[r.ordinal()] = value;
            return this;
        }

        public Builder rflags(long value) {
            rflags = value;
            return this;
        }

        public Builder mxcsr(int value) {
            mxcsr = value;
            return this;
        }

        public Builder x87(X87State value) {
            x87 = value;
            return this;
        }

        public Builder xmm(int i, long low, long high) {
            xmm[2 * i] = low;
            xmm[2 * i + 1] = high;
            return this;
        }

        public Builder ymmHigh(int i, long q2, long q3) {
            ymmHigh[2 * i] = q2;
            ymmHigh[2 * i + 1] = q3;
            return this;
        }

        public Builder data(int offset, byte[] bytes) {
            System.arraycopy(bytes, 0, data, offset, bytes.length);
            return this;
        }

        public MachineState build() {
            return new MachineState(gpr, rflags, mxcsr, x87, xmm, data, ymmHigh);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MachineState m && rflags == m.rflags && mxcsr == m.mxcsr && x87.equals(m.x87)
                && Arrays.equals(gpr, m.gpr) && Arrays.equals(xmm, m.xmm) && Arrays.equals(data, m.data)
                && Arrays.equals(ymmHigh, m.ymmHigh);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(gpr) * 31 + Arrays.hashCode(xmm) + Long.hashCode(rflags) + mxcsr + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("MachineState[");
        for (Gpr r : Gpr.values()) sb.append(r.intelName()).append('=').append(Long.toHexString(gpr(r))).append(' ');
        return sb.append(String.format("rflags=%x mxcsr=%x]", rflags, mxcsr)).toString();
    }
}

package dev.jvmx.testsuites.diff;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The binary wire format between {@link HostCpu} and the native harness. The legend, with the
 * authoritative field list, is the header comment of {@code src/main/c/hostrun/hostrun.c};
 * in short (little-endian):
 *
 * <pre>
 * hello  : "HRUN" u32 version, u64 code_base, u64 data_base, u32 data_size, u32 bits,
 *          u64 xsave_mask (0 FXSAVE only, 3 x87|SSE, 7 x87|SSE|AVX)
 * case   : "CASE" u32 id, u16 code_len, u16 chunks, u64 rflags, u64 gpr[16], u8 fx[416],
 *          u8 ymmh[256], chunks x {u16 offset, u16 len, bytes}, code bytes
 * result : "RSLT" u32 id, u32 kind (0 done, 1 signal, 2 timeout, 3 crash), i32 signo,
 *          i32 si_code, u64 si_addr, u64 trapno, u64 err, u64 rip, u64 rflags, u64 gpr[16],
 *          u8 fx[416], u8 ymmh[256], u16 chunks x {u16 offset, u16 len, bytes}  (bytes that changed)
 * </pre>
 *
 * {@code ymmh} holds bits 255:128 of YMM0–15, 16 bytes each (the XSAVE AVX component, SDM
 * Vol. 1 §13.5.3); the harness loads and reports it only when its xsave_mask has bit 2.
 *
 * {@code fx} is the first 416 bytes of an FXSAVE image (SDM Vol. 1 Table 10-2): FCW at 0,
 * FSW at 2, abridged FTW at 4, MXCSR at 24, ST(i) at 32 + 16i, XMMi at 160 + 16i.
 */
final class HostProtocol {
    static final int MAGIC_HELLO = 0x4E555248, MAGIC_CASE = 0x45534143, MAGIC_RESULT = 0x544C5352;
    static final int VERSION = 3;
    static final int FX_BYTES = 416;
    static final int YMMH_BYTES = 256;
    static final int HELLO_BYTES = 40;
    /** Fixed part of a result record before its data chunks. */
    static final int RESULT_FIXED = 12 + 8 + 32 + 136 + FX_BYTES + YMMH_BYTES + 2;
    /** Chunks longer than this are split (the length field is 16 bits; keep records small). */
    private static final int MAX_CHUNK = 4096;

    private HostProtocol() {}

    /** Checks the hello record against {@link HostLayout} and the expected architecture; returns the xsave mask. */
    static long readHello(InputStream in, HostArch arch) throws IOException {
        ByteBuffer b = le(readFully(in, HELLO_BYTES));
        int magic = b.getInt(), version = b.getInt();
        long code = b.getLong(), data = b.getLong();
        int size = b.getInt(), bits = b.getInt();
        long xsaveMask = b.getLong();
        if (magic != MAGIC_HELLO || version != VERSION || code != HostLayout.CODE_BASE
                || data != HostLayout.DATA_BASE || size != HostLayout.DATA_SIZE || bits != arch.bits()) {
            throw new IOException(String.format("unexpected harness hello: magic %08x version %d code %x data %x size %d bits %d",
                    magic, version, code, data, size, bits));
        }
        return xsaveMask;
    }

    /** Encodes one case; the data page is sent as the runs of non-zero bytes. */
    static byte[] encodeCase(int id, byte[] code, MachineState s) {
        byte[] data = s.data();
        int[][] runs = nonZeroRuns(data);
        int size = 12 + 8 + 128 + FX_BYTES + YMMH_BYTES + code.length;
        for (int[] r : runs) size += 4 + r[1];
        ByteBuffer b = le(new byte[size]);
        b.putInt(MAGIC_CASE).putInt(id).putShort((short) code.length).putShort((short) runs.length);
        b.putLong(s.rflags());
        for (long g : s.gpr()) b.putLong(g);
        b.put(fxImage(s));
        for (long q : s.ymmHigh()) b.putLong(q);
        for (int[] r : runs) b.putShort((short) r[0]).putShort((short) r[1]).put(data, r[0], r[1]);
        b.put(code);
        return b.array();
    }

    /** Decodes one result record; {@code initial} supplies the data page the changes apply to. */
    static Outcome readResult(InputStream in, int expectedId, MachineState initial) throws IOException {
        ByteBuffer b = le(readFully(in, RESULT_FIXED));
        int magic = b.getInt(), id = b.getInt(), kind = b.getInt(), signo = b.getInt(), siCode = b.getInt();
        long addr = b.getLong(), trapNo = b.getLong(), err = b.getLong(), rip = b.getLong(), rflags = b.getLong();
        if (magic != MAGIC_RESULT || id != expectedId) {
            throw new IOException(String.format("bad result record: magic %08x id %d, expected id %d", magic, id, expectedId));
        }
        long[] gpr = new long[16];
        for (int i = 0; i < 16; i++) gpr[i] = b.getLong();
        byte[] fx = new byte[FX_BYTES];
        b.get(fx);
        long[] ymmHigh = new long[32];
        for (int i = 0; i < 32; i++) ymmHigh[i] = b.getLong();
        byte[] data = initial.data();
        int chunks = Short.toUnsignedInt(b.getShort());
        for (int c = 0; c < chunks; c++) {
            ByteBuffer h = le(readFully(in, 4));
            int off = Short.toUnsignedInt(h.getShort()), len = Short.toUnsignedInt(h.getShort());
            byte[] bytes = readFully(in, len);
            System.arraycopy(bytes, 0, data, off, len);
        }
        MachineState state = fromFx(gpr, rflags, fx, data, ymmHigh);
        return switch (kind) {
            case 0 -> new Outcome.Completed(rip, state);
            case 1 -> new Outcome.Faulted(Vector.of(signo, siCode, trapNo), signo, siCode, addr, rip, err, state);
            case 2 -> new Outcome.TimedOut(rip);
            case 3 -> new Outcome.Crashed("the harness's sandbox process died on this case");
            default -> throw new IOException("unknown result kind " + kind);
        };
    }

    /** The FXSAVE image prefix for a state. */
    static byte[] fxImage(MachineState s) {
        ByteBuffer b = le(new byte[FX_BYTES]);
        X87State x = s.x87();
        b.putShort(0, (short) x.fcw()).putShort(2, (short) x.fsw()).put(4, (byte) x.ftw());
        b.putInt(24, s.mxcsr());
        for (int i = 0; i < 8; i++) b.put(32 + 16 * i, x.st(i));
        long[] xmm = s.xmm();
        for (int i = 0; i < 32; i++) b.putLong(160 + 8 * i, xmm[i]);
        return b.array();
    }

    private static MachineState fromFx(long[] gpr, long rflags, byte[] fx, byte[] data, long[] ymmHigh) {
        ByteBuffer b = le(fx);
        byte[] st = new byte[80];
        for (int i = 0; i < 8; i++) b.get(32 + 16 * i, st, 10 * i, 10);
        X87State x87 = new X87State(Short.toUnsignedInt(b.getShort(0)), Short.toUnsignedInt(b.getShort(2)),
                Byte.toUnsignedInt(b.get(4)), st);
        long[] xmm = new long[32];
        for (int i = 0; i < 32; i++) xmm[i] = b.getLong(160 + 8 * i);
        return new MachineState(gpr, rflags, b.getInt(24), x87, xmm, data, ymmHigh);
    }

    /** {offset, length} of each run of non-zero bytes, runs split at {@link #MAX_CHUNK}. */
    private static int[][] nonZeroRuns(byte[] data) {
        java.util.List<int[]> runs = new java.util.ArrayList<>();
        for (int i = 0; i < data.length; ) {
            if (data[i] == 0) { i++; continue; }
            int j = i;
            while (j < data.length && j - i < MAX_CHUNK && (data[j] != 0 || (j + 1 < data.length && data[j + 1] != 0))) j++;
            runs.add(new int[] {i, j - i});
            i = j;
        }
        return runs.toArray(int[][]::new);
    }

    private static byte[] readFully(InputStream in, int n) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length != n) throw new EOFException("harness output ended after " + b.length + " of " + n + " bytes");
        return b;
    }

    private static ByteBuffer le(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }
}

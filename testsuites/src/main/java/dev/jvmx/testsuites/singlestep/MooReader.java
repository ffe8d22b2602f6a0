package dev.jvmx.testsuites.singlestep;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.function.Consumer;

/**
 * Reads the binary MOO format of SingleStepTests ("MOO File Format Specification, Version 1.1",
 * doc/moo_format_v1.md in the dbalsom/moo repository). All fields little-endian; a file is a
 * chunk sequence, each chunk a 4-byte ASCII id, a u32 payload length and the payload:
 * <pre>
 *  "MOO "  u8 major, u8 minor, u16 reserved, u32 test count, 4 ASCII CPU id
 *  "META"  (skipped)      "RMSK" top-level register masks (applied to every test)
 *  "TEST"  u32 index, then sub-chunks:
 *     "NAME" u32 len, ASCII        "BYTS" u32 len, bytes
 *     "INIT" / "FINA"  sub-chunks "REGS" (u16 bitmask ax..flags, u16 per set bit),
 *                      "RMSK" (same layout: masks), "RAM " (u32 count, count x (u32 addr, u8 value)),
 *                      "QUEU" (skipped)
 *     "EXCP" u8 number, u32 flag address     "HASH" 20 bytes SHA-1     "CYCL", others: skipped
 * </pre>
 * Chunks are located by their lengths, never assumed adjacent, and unknown chunks are skipped,
 * as the specification asks of a conforming parser.
 */
public final class MooReader {
    private MooReader() {
    }

    /** Parses every test in {@code in} (uncompressed MOO), in file order. */
    public static void read(InputStream in, Consumer<SingleStepTest> sink) throws IOException {
        DataInputStream d = new DataInputStream(in);
        ByteBuffer header = chunk(d, "MOO ");
        if (header.remaining() < 8) throw new IOException("MOO header chunk too short");
        int[] fileMask = null;
        while (true) {
            String id = readId(d);
            if (id == null) return;
            ByteBuffer payload = payload(d);
            switch (id) {
                case "TEST" -> sink.accept(test(payload, fileMask));
                case "RMSK" -> fileMask = regs(payload).values();
                default -> { }
            }
        }
    }

    private static ByteBuffer chunk(DataInputStream d, String expected) throws IOException {
        String id = readId(d);
        if (!expected.equals(id)) throw new IOException("expected MOO chunk '" + expected + "' but found '" + id + "'");
        return payload(d);
    }

    /** The next chunk id, or null at end of stream. */
    private static String readId(DataInputStream d) throws IOException {
        byte[] id = new byte[4];
        int first = d.read();
        if (first < 0) return null;
        id[0] = (byte) first;
        d.readFully(id, 1, 3);
        return new String(id, java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static ByteBuffer payload(DataInputStream d) throws IOException {
        int len = Integer.reverseBytes(d.readInt());
        if (len < 0 || len > 64 << 20) throw new IOException("implausible MOO chunk length " + len);
        byte[] b = new byte[len];
        try {
            d.readFully(b);
        } catch (EOFException e) {
            throw new IOException("MOO file truncated", e);
        }
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static SingleStepTest test(ByteBuffer t, int[] fileMask) throws IOException {
        int index = t.getInt();
        String name = "", hash = "";
        byte[] bytes = new byte[0];
        CpuSnapshot initial = null, expected = null;
        SingleStepTest.ExceptionInfo exception = null;
        while (t.remaining() >= 8) {
            String id = id(t);
            ByteBuffer c = slice(t);
            switch (id) {
                case "NAME" -> name = new String(lengthPrefixed(c), java.nio.charset.StandardCharsets.US_ASCII);
                case "BYTS" -> bytes = lengthPrefixed(c);
                case "INIT" -> initial = state(c, null);
                case "FINA" -> expected = state(c, fileMask);
                case "EXCP" -> exception = new SingleStepTest.ExceptionInfo(c.get() & 0xFF, c.getInt());
                case "HASH" -> {
                    byte[] h = new byte[c.remaining()];
                    c.get(h);
                    hash = HexFormat.of().formatHex(h);
                }
                default -> { }
            }
        }
        if (initial == null || expected == null) throw new IOException("MOO test " + index + " lacks INIT or FINA");
        return new SingleStepTest(index, name, bytes, initial, expected, exception, hash);
    }

    private static String id(ByteBuffer b) {
        byte[] id = new byte[4];
        b.get(id);
        return new String(id, java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** The payload of the chunk whose length is next in {@code b}; advances {@code b} past it. */
    private static ByteBuffer slice(ByteBuffer b) throws IOException {
        int len = b.getInt();
        if (len < 0 || len > b.remaining()) throw new IOException("MOO sub-chunk overruns its parent");
        ByteBuffer s = b.slice(b.position(), len).order(ByteOrder.LITTLE_ENDIAN);
        b.position(b.position() + len);
        return s;
    }

    private static byte[] lengthPrefixed(ByteBuffer c) {
        int n = Math.min(c.getInt(), c.remaining());
        byte[] out = new byte[n];
        c.get(out);
        return out;
    }

    private static CpuSnapshot state(ByteBuffer s, int[] fileMask) throws IOException {
        Registers16 regs = new Registers16();
        int[] mask = fileMask;
        int[] addrs = new int[0], values = new int[0];
        while (s.remaining() >= 8) {
            String id = id(s);
            ByteBuffer c = slice(s);
            switch (id) {
                case "REGS" -> regs = regs(c).regs();
                case "RMSK" -> mask = regs(c).values();
                case "RAM " -> {
                    int n = c.getInt();
                    addrs = new int[n];
                    values = new int[n];
                    for (int i = 0; i < n; i++) {
                        addrs[i] = c.getInt();
                        values[i] = c.get() & 0xFF;
                    }
                }
                default -> { }
            }
        }
        return new CpuSnapshot(regs, addrs, values, mask);
    }

    /** A REGS or RMSK payload. */
    private static RegsChunk regs(ByteBuffer c) {
        int bits = c.getShort() & 0xFFFF;
        Registers16 r = new Registers16();
        int[] all = new int[Reg16.values().length];
        java.util.Arrays.fill(all, 0xFFFF);
        for (int i = 0; i < Reg16.values().length; i++) {
            if ((bits & (1 << i)) == 0) continue;
            int v = c.getShort() & 0xFFFF;
            r.set(Reg16.ofIndex(i), v);
            all[i] = v;
        }
        return new RegsChunk(r, all);
    }

    private record RegsChunk(Registers16 regs, int[] values) { }
}

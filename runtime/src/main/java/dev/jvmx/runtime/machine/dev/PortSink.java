package dev.jvmx.runtime.machine.dev;

import dev.jvmx.runtime.machine.bus.ByteIoDevice;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A write-only diagnostic port: the POST-code ports (0x80, where PC BIOSes write progress codes,
 * and 0x190) or the Bochs/QEMU debug console at 0xE9 (each byte written appears on the host).
 * Bytes go to an optional host stream, either raw (debug console) or as one line per code
 * ({@code POST 0x3c}); they are also kept so a test can read them. Reads return 0xE9 at the
 * debug console (the Bochs "port E9 hack" presence check) and all ones elsewhere.
 */
public final class PortSink extends ByteIoDevice {
    /** How written bytes reach the host. */
    public enum Format { RAW, POST_LINES }

    private final String name;
    private final OutputStream out;
    private final Format format;
    private final int readValue;
    private final List<Integer> codes = new ArrayList<>();

    /** {@code out} may be null (record only). */
    public PortSink(String name, OutputStream out, Format format, int readValue) {
        this.name = name;
        this.out = out;
        this.format = format;
        this.readValue = readValue;
    }

    /** The debug console at 0xE9 writing raw bytes to {@code out}. */
    public static PortSink debugConsole(OutputStream out) {
        return new PortSink("debugcon", out, Format.RAW, 0xE9);
    }

    /** A POST-code port; codes are printed as lines on {@code out} when it is not null. */
    public static PortSink post(String name, OutputStream out) {
        return new PortSink(name, out, Format.POST_LINES, 0xFF);
    }

    public String name() { return name; }

    @Override
    protected int inByte(int port) { return readValue; }

    @Override
    protected void outByte(int port, int value) {
        codes.add(value);
        if (out == null) return;
        try {
            if (format == Format.RAW) {
                out.write(value);
            } else {
                out.write(String.format("POST 0x%02x%n", value).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every byte written so far, in order. */
    public List<Integer> written() { return List.copyOf(codes); }

    /** The last byte written, or -1. */
    public int last() { return codes.isEmpty() ? -1 : codes.getLast(); }
}

package dev.jvmx.testsuites.singlestep;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/**
 * Reads the SingleStepTests JSON format (a top-level array of tests; the README of
 * ../shared/conformance and the SingleStepTests repositories describe it) with Jackson's
 * streaming parser, one test at a time, so a full upstream file with bus-cycle traces never sits
 * in memory as a tree. Both naming generations are accepted: {@code hash}/{@code idx} and the older
 * {@code test_hash}/{@code test_num}. Unknown fields ({@code cycles}, {@code queue}) are skipped.
 */
public final class JsonTestReader {
    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonTestReader() {
    }

    /** Parses every test in {@code in} (uncompressed JSON), in file order. */
    public static void read(InputStream in, Consumer<SingleStepTest> sink) throws IOException {
        try (JsonParser p = FACTORY.createParser(in)) {
            if (p.nextToken() != JsonToken.START_ARRAY) throw new IOException("expected a JSON array of tests");
            int ordinal = 0;
            while (p.nextToken() == JsonToken.START_OBJECT) {
                sink.accept(test(p, ordinal++));
            }
        }
    }

    private static SingleStepTest test(JsonParser p, int ordinal) throws IOException {
        String name = "", hash = "";
        int index = ordinal;
        byte[] bytes = new byte[0];
        CpuSnapshot initial = null, expected = null;
        SingleStepTest.ExceptionInfo exception = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "name" -> name = p.getText();
                case "bytes" -> bytes = byteArray(p);
                case "initial" -> initial = snapshot(p);
                case "final" -> expected = snapshot(p);
                case "exception" -> exception = exception(p);
                case "hash", "test_hash" -> hash = p.getText();
                case "idx", "test_num" -> index = p.getIntValue();
                default -> p.skipChildren();
            }
        }
        if (initial == null || expected == null) throw new IOException("test " + index + " lacks initial or final state");
        return new SingleStepTest(index, name, bytes, initial, expected, exception, hash);
    }

    private static byte[] byteArray(JsonParser p) throws IOException {
        var out = new java.io.ByteArrayOutputStream();
        while (p.nextToken() != JsonToken.END_ARRAY) out.write(p.getIntValue());
        return out.toByteArray();
    }

    private static CpuSnapshot snapshot(JsonParser p) throws IOException {
        Registers16 regs = new Registers16();
        IntList addrs = new IntList(), values = new IntList();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "regs" -> regs(p, regs);
                case "ram" -> ram(p, addrs, values);
                default -> p.skipChildren();
            }
        }
        return new CpuSnapshot(regs, addrs.toArray(), values.toArray(), null);
    }

    private static void regs(JsonParser p, Registers16 regs) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            Reg16 r = Reg16.ofJson(p.currentName());
            p.nextToken();
            if (r != null) regs.set(r, p.getIntValue());
            else p.skipChildren();
        }
    }

    private static void ram(JsonParser p, IntList addrs, IntList values) throws IOException {
        while (p.nextToken() == JsonToken.START_ARRAY) {
            p.nextToken();
            addrs.add(p.getIntValue());
            p.nextToken();
            values.add(p.getIntValue());
            while (p.nextToken() != JsonToken.END_ARRAY) p.skipChildren();
        }
    }

    private static SingleStepTest.ExceptionInfo exception(JsonParser p) throws IOException {
        int number = -1, flagAddress = -1;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "number" -> number = p.getIntValue();
                case "flag_address" -> flagAddress = p.getIntValue();
                default -> p.skipChildren();
            }
        }
        return new SingleStepTest.ExceptionInfo(number, flagAddress);
    }
}

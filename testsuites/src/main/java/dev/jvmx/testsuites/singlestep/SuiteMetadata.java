package dev.jvmx.testsuites.singlestep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A test set's {@code metadata.json}: per opcode (key: two or more hex digits, upper case) and,
 * for group opcodes, per ModR/M reg field ({@code "reg": {"0": ..., "7": ...}}), a {@code status}
 * (normal, prefix, alias, undocumented, undefined, fpu, extension...) and an optional
 * {@code flags-mask}: FLAGS bits outside it are undefined after the instruction and not compared.
 */
public final class SuiteMetadata {
    /** What metadata says about one opcode (or opcode + reg). */
    public record OpcodeInfo(String status, int flagsMask) {
        public static final OpcodeInfo UNKNOWN = new OpcodeInfo("", 0xFFFF);
    }

    private final JsonNode opcodes;

    private SuiteMetadata(JsonNode opcodes) {
        this.opcodes = opcodes;
    }

    /** Metadata with no entries: every opcode compares all FLAGS bits. */
    public static SuiteMetadata empty() {
        return new SuiteMetadata(null);
    }

    public static SuiteMetadata read(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(Files.readAllBytes(file));
        return new SuiteMetadata(root.path("opcodes"));
    }

    /** Info for {@code opcode} (hex) and ModR/M {@code reg} (-1 for none). */
    public OpcodeInfo lookup(String opcode, int reg) {
        if (opcodes == null) return OpcodeInfo.UNKNOWN;
        JsonNode n = opcodes.path(opcode.toUpperCase(java.util.Locale.ROOT));
        if (n.isMissingNode()) return OpcodeInfo.UNKNOWN;
        if (reg >= 0 && n.has("reg")) n = n.path("reg").path(Integer.toString(reg));
        if (n.isMissingNode()) return OpcodeInfo.UNKNOWN;
        return new OpcodeInfo(n.path("status").asText(""), n.path("flags-mask").asInt(0xFFFF));
    }
}

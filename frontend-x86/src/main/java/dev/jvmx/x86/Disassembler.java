package dev.jvmx.x86;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Linear-sweep disassembly for {@code jvmx disasm}. Two output formats:
 * <ul>
 * <li>{@link Format#TEXT}: objdump-like {@code "    1000:\t48 89 e5             \tmov    rbp,rsp"};</li>
 * <li>{@link Format#TSV}: {@code offset<TAB>length<TAB>hex bytes<TAB>text} with the offset as
 *     {@code 0x}-prefixed hex plus the origin; an undecodable position is {@code (bad)}, length 1.</li>
 * </ul>
 */
public final class Disassembler {
    private Disassembler() {}

    public enum Format { TEXT, TSV }

    /** One output line. */
    public record Line(long address, byte[] bytes, String text, Instruction instruction) {
        public int length() { return bytes.length; }
    }

    /** Decodes {@code code[offset, offset+length)} as instructions starting at address {@code org}. */
    public static List<Line> disassemble(Mode mode, byte[] code, int offset, int length, long org) {
        List<Line> out = new ArrayList<>();
        int end = offset + length;
        int pos = offset;
        while (pos < end) {
            Instruction ins = Decoder.decode(mode, code, pos, end - pos, org + (pos - offset));
            String text;
            int len;
            if (ins.isInvalid()) {
                text = "(bad)";
                len = 1;
            } else {
                text = IntelFormatter.format(ins);
                len = ins.length();
            }
            byte[] bytes = new byte[len];
            System.arraycopy(code, pos, bytes, 0, len);
            out.add(new Line(org + (pos - offset), bytes, text, ins));
            pos += len;
        }
        return out;
    }

    /** Flat binary: the whole buffer from {@code org}. */
    public static void write(Mode mode, byte[] code, long org, Format format, Appendable out) {
        print(disassemble(mode, code, 0, code.length, org), format, out);
    }

    /**
     * ELF program: every executable section, or only the named symbol's bytes.
     *
     * @throws IllegalArgumentException if the file is not an x86 ELF or the symbol is missing
     */
    public static void writeElf(Path program, String symbol, Format format, Appendable out) throws IOException {
        ElfImage elf = ElfImage.read(program);
        if (symbol == null) {
            for (ElfImage.Section s : elf.codeSections()) {
                append(out, "\nDisassembly of section " + s.name() + ":\n\n", format == Format.TEXT);
                print(disassemble(elf.mode(), s.bytes(), 0, s.bytes().length, s.address()), format, out);
            }
            return;
        }
        ElfImage.Symbol sym = elf.symbols().stream().filter(x -> x.name().equals(symbol)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no symbol " + symbol + " in " + program));
        for (ElfImage.Section s : elf.codeSections()) {
            long from = sym.address() - s.address();
            if (from < 0 || from >= s.bytes().length) continue;
            int len = (int) Math.min(Math.max(sym.size(), 1), s.bytes().length - from);
            append(out, "\n" + String.format("%016x", sym.address()) + " <" + symbol + ">:\n", format == Format.TEXT);
            print(disassemble(elf.mode(), s.bytes(), (int) from, len, sym.address()), format, out);
            return;
        }
        throw new IllegalArgumentException("symbol " + symbol + " is not in an executable section");
    }

    private static void print(List<Line> lines, Format format, Appendable out) {
        HexFormat hex = HexFormat.ofDelimiter(" ");
        StringBuilder sb = new StringBuilder(96);
        for (Line l : lines) {
            sb.setLength(0);
            String bytes = hex.formatHex(l.bytes());
            if (format == Format.TSV) {
                sb.append("0x").append(Long.toHexString(l.address())).append('\t').append(l.length()).append('\t')
                        .append(bytes).append('\t').append(l.text()).append('\n');
            } else {
                String addr = Long.toHexString(l.address());
                sb.append(" ".repeat(Math.max(0, 8 - addr.length()))).append(addr).append(":\t").append(bytes);
                sb.append(" ".repeat(Math.max(1, 21 - bytes.length()))).append('\t').append(l.text()).append('\n');
            }
            append(out, sb, true);
        }
    }

    private static void append(Appendable out, CharSequence s, boolean doIt) {
        if (!doIt) return;
        try {
            out.append(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

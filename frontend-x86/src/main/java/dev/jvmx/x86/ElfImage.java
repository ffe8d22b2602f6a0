package dev.jvmx.x86;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal little-endian ELF32/ELF64 reader for the disassembler: executable sections and
 * symbols (System V ABI, "ELF Object File Format", section header table and SHT_SYMTAB/SHT_DYNSYM).
 */
public final class ElfImage {
    /** An executable section: name, virtual address, file bytes. */
    public record Section(String name, long address, byte[] bytes) {}

    /** A symbol with a value (address) and size. */
    public record Symbol(String name, long address, long size) {}

    private final Mode mode;
    private final List<Section> sections;
    private final List<Symbol> symbols;

    private ElfImage(Mode mode, List<Section> sections, List<Symbol> symbols) {
        this.mode = mode;
        this.sections = sections;
        this.symbols = symbols;
    }

    public Mode mode() { return mode; }

    /** Sections with SHF_EXECINSTR, in file order. */
    public List<Section> codeSections() { return sections; }

    public List<Symbol> symbols() { return symbols; }

    public static ElfImage read(Path path) throws IOException {
        return parse(Files.readAllBytes(path));
    }

    /** @throws IllegalArgumentException naming the problem when the bytes are not a usable x86 ELF */
    public static ElfImage parse(byte[] data) {
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        if (data.length < 52 || b.getInt(0) != 0x464C457F) throw new IllegalArgumentException("not an ELF file");
        boolean is64 = data[4] == 2;
        if (data[5] != 1) throw new IllegalArgumentException("not a little-endian ELF file");
        int machine = b.getShort(18) & 0xFFFF;
        Mode mode = switch (machine) {
            case 62 -> Mode.BITS64;
            case 3 -> Mode.BITS32;
            default -> throw new IllegalArgumentException("ELF machine " + machine + " is not x86");
        };
        long shoff = is64 ? b.getLong(0x28) : b.getInt(0x20) & 0xFFFFFFFFL;
        int shentsize = b.getShort(is64 ? 0x3A : 0x2E) & 0xFFFF;
        int shnum = b.getShort(is64 ? 0x3C : 0x30) & 0xFFFF;
        int shstrndx = b.getShort(is64 ? 0x3E : 0x32) & 0xFFFF;
        if (shoff <= 0 || shnum == 0 || shoff + (long) shnum * shentsize > data.length || shstrndx >= shnum) {
            return new ElfImage(mode, segments(b, data, is64), List.of());
        }
        long[][] sh = new long[shnum][];
        for (int i = 0; i < shnum; i++) sh[i] = sectionHeader(b, (int) (shoff + (long) i * shentsize), is64);
        List<Section> code = new ArrayList<>();
        List<Symbol> syms = new ArrayList<>();
        for (long[] s : sh) {
            // s = {name, type, flags, addr, offset, size, link, entsize}
            if (s[1] == 1 && (s[2] & 4) != 0 && s[4] + s[5] <= data.length) {
                byte[] bytes = new byte[(int) s[5]];
                System.arraycopy(data, (int) s[4], bytes, 0, bytes.length);
                code.add(new Section(string(data, sh[shstrndx][4] + s[0]), s[3], bytes));
            }
            if ((s[1] == 2 || s[1] == 11) && s[6] < shnum) readSymbols(b, data, s, sh[(int) s[6]], is64, syms);
        }
        return new ElfImage(mode, List.copyOf(code), List.copyOf(syms));
    }

    /** Without section headers: the executable PT_LOAD segments, named "segmentN". */
    private static List<Section> segments(ByteBuffer b, byte[] data, boolean is64) {
        long phoff = is64 ? b.getLong(0x20) : b.getInt(0x1C) & 0xFFFFFFFFL;
        int phentsize = b.getShort(is64 ? 0x36 : 0x2A) & 0xFFFF;
        int phnum = b.getShort(is64 ? 0x38 : 0x2C) & 0xFFFF;
        if (phoff <= 0 || phoff + (long) phnum * phentsize > data.length) {
            throw new IllegalArgumentException("ELF has neither section headers nor program headers");
        }
        List<Section> out = new ArrayList<>();
        for (int i = 0; i < phnum; i++) {
            int o = (int) (phoff + (long) i * phentsize);
            int type = b.getInt(o);
            int flags = is64 ? b.getInt(o + 4) : b.getInt(o + 24);
            long off = is64 ? b.getLong(o + 8) : b.getInt(o + 4) & 0xFFFFFFFFL;
            long vaddr = is64 ? b.getLong(o + 16) : b.getInt(o + 8) & 0xFFFFFFFFL;
            long filesz = is64 ? b.getLong(o + 32) : b.getInt(o + 16) & 0xFFFFFFFFL;
            if (type != 1 || (flags & 1) == 0 || off < 0 || off + filesz > data.length) continue;
            byte[] bytes = new byte[(int) filesz];
            System.arraycopy(data, (int) off, bytes, 0, bytes.length);
            out.add(new Section("segment" + i, vaddr, bytes));
        }
        return List.copyOf(out);
    }

    private static long[] sectionHeader(ByteBuffer b, int o, boolean is64) {
        if (is64) {
            return new long[] {b.getInt(o) & 0xFFFFFFFFL, b.getInt(o + 4), b.getLong(o + 8), b.getLong(o + 16),
                b.getLong(o + 24), b.getLong(o + 32), b.getInt(o + 40), b.getLong(o + 56)};
        }
        return new long[] {b.getInt(o) & 0xFFFFFFFFL, b.getInt(o + 4), b.getInt(o + 8) & 0xFFFFFFFFL,
            b.getInt(o + 12) & 0xFFFFFFFFL, b.getInt(o + 16) & 0xFFFFFFFFL, b.getInt(o + 20) & 0xFFFFFFFFL,
            b.getInt(o + 24), b.getInt(o + 36) & 0xFFFFFFFFL};
    }

    private static void readSymbols(ByteBuffer b, byte[] data, long[] s, long[] strtab, boolean is64, List<Symbol> out) {
        int ent = is64 ? 24 : 16;
        for (long o = s[4]; o + ent <= s[4] + s[5] && o + ent <= data.length; o += ent) {
            int p = (int) o;
            long name = b.getInt(p) & 0xFFFFFFFFL;
            long value = is64 ? b.getLong(p + 8) : b.getInt(p + 4) & 0xFFFFFFFFL;
            long size = is64 ? b.getLong(p + 16) : b.getInt(p + 8) & 0xFFFFFFFFL;
            if (name != 0) out.add(new Symbol(string(data, strtab[4] + name), value, size));
        }
    }

    private static String string(byte[] data, long at) {
        int start = (int) at;
        if (start < 0 || start >= data.length) return "";
        int end = start;
        while (end < data.length && data[end] != 0) end++;
        return new String(data, start, end - start, StandardCharsets.UTF_8);
    }
}

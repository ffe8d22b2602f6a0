package dev.jvmx.runtime.machine.boot;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The loadable segments of an ELF32 or ELF64 x86 executable (System V ABI, "Program Header"):
 * what a boot loader needs — PT_LOAD entries with file range, physical and virtual address and
 * memory size — and the entry point. Independent of the process loader, which only takes x86-64.
 */
public record ElfSegments(boolean elf64, long entry, List<Segment> segments) {
    public static final int PT_LOAD = 1, EM_386 = 3, EM_X86_64 = 62;

    /** One PT_LOAD: {@code fileSize} bytes from {@code offset} go to {@code paddr}, zero-filled to {@code memSize}. */
    public record Segment(long offset, long vaddr, long paddr, long fileSize, long memSize) { }

    public static boolean isElf(byte[] f) {
        return f.length >= 52 && f[0] == 0x7F && f[1] == 'E' && f[2] == 'L' && f[3] == 'F';
    }

    public static ElfSegments parse(byte[] f) throws BootException {
        if (!isElf(f)) throw new BootException("not an ELF file");
        ByteBuffer b = ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN);
        boolean is64 = f[4] == 2;
        if (f[4] != 1 && !is64) throw new BootException("unknown ELF class " + f[4]);
        if (f[5] != 1) throw new BootException("ELF file is not little-endian");
        int machine = b.getShort(18) & 0xFFFF;
        if (machine != EM_386 && machine != EM_X86_64) throw new BootException("ELF machine " + machine + " is not x86");
        long entry = is64 ? b.getLong(24) : b.getInt(24) & 0xFFFF_FFFFL;
        long phoff = is64 ? b.getLong(32) : b.getInt(28) & 0xFFFF_FFFFL;
        int phentsize = b.getShort(is64 ? 54 : 42) & 0xFFFF;
        int phnum = b.getShort(is64 ? 56 : 44) & 0xFFFF;
        List<Segment> out = new ArrayList<>();
        for (int i = 0; i < phnum; i++) {
            long at = phoff + (long) i * phentsize;
            if (at < 0 || at + (is64 ? 56 : 32) > f.length) throw new BootException("program header outside the file");
            Segment s = is64 ? segment64(b, (int) at) : segment32(b, (int) at);
            if (s == null) continue;
            if (s.offset + s.fileSize > f.length || s.fileSize > s.memSize) throw new BootException("bad PT_LOAD " + i);
            out.add(s);
        }
        return new ElfSegments(is64, entry, List.copyOf(out));
    }

    private static Segment segment32(ByteBuffer b, int at) {
        if (b.getInt(at) != PT_LOAD) return null;
        return new Segment(u32(b, at + 4), u32(b, at + 8), u32(b, at + 12), u32(b, at + 16), u32(b, at + 20));
    }

    private static Segment segment64(ByteBuffer b, int at) {
        if (b.getInt(at) != PT_LOAD) return null;
        return new Segment(b.getLong(at + 8), b.getLong(at + 16), b.getLong(at + 24), b.getLong(at + 32), b.getLong(at + 40));
    }

    private static long u32(ByteBuffer b, int at) {
        return b.getInt(at) & 0xFFFF_FFFFL;
    }

    /** The entry point as a physical address: translated through the segment whose vaddr range holds it. */
    public long physicalEntry() {
        for (Segment s : segments) {
            if (entry >= s.vaddr && entry < s.vaddr + s.memSize) return entry - s.vaddr + s.paddr;
        }
        return entry;
    }
}

package dev.jvmx.runtime.loader;

import dev.jvmx.runtime.mem.ProcessAddressSpace;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and validates an ELF64 x86-64 executable (System V gABI and the x86-64 psABI), or for
 * machine mode an ELF32/ELF64 x86 kernel ({@link #parseForMachine}). Every
 * problem gets its own one-line message, checked in the order a reader of the file meets them:
 * the file itself, e_ident, the rest of the ELF header, the program headers.
 */
public final class ElfParser {
    public static final int ET_REL = 1, ET_EXEC = 2, ET_DYN = 3, ET_CORE = 4;
    public static final int EM_386 = 3, EM_X86_64 = 62;
    static final int EHDR_SIZE = 64, EHDR32_SIZE = 52;
    private static final long MAX_FILE = 1L << 30;

    private ElfParser() {}

    public static ElfImage parse(Path path) throws LoadException {
        String name = path.toString();
        byte[] bytes = readFile(path, name);
        ElfImage image = decode(bytes, name, path.toAbsolutePath().normalize(), false);
        checkProgramHeaders(image, name);
        return image;
    }

    /**
     * Reads a kernel for machine mode (a Multiboot boot loader): like {@link #parse} it decodes and
     * checks the ELF header and program headers, but also takes ELF32, for EM_386 or EM_X86_64,
     * and checks loadable segments only against the file, since they go to physical addresses
     * rather than into a process address space. {@code name} labels the messages.
     */
    public static ElfImage parseForMachine(byte[] bytes, String name) throws LoadException {
        ElfImage image = decode(bytes, name, null, true);
        List<ProgramHeader> phdrs = image.programHeaders();
        for (int i = 0; i < phdrs.size(); i++) {
            if (phdrs.get(i).type() == ProgramHeader.PT_LOAD) checkInFile(phdrs.get(i), i, bytes.length, name);
        }
        return image;
    }

    /** e_ident, the rest of the ELF header and the program header table; ELF32 only when {@code machine}. */
    private static ElfImage decode(byte[] bytes, String name, Path path, boolean machine) throws LoadException {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        checkIdent(bytes, name, machine);
        boolean is64 = bytes[4] == 2;
        int ehdrSize = is64 ? EHDR_SIZE : EHDR32_SIZE;
        if (bytes.length < ehdrSize) {
            throw fail(name, "truncated ELF header (" + bytes.length + " bytes, an ELF" + (is64 ? "64" : "32")
                    + " header has " + ehdrSize + ")");
        }
        int em = b.getShort(18) & 0xFFFF;
        if (machine) {
            if (em != EM_X86_64 && em != EM_386) throw fail(name, machineName(em) + " kernels are not supported (jvmx runs x86 kernels)");
        } else {
            checkMachine(em, name);
        }
        int type = b.getShort(16) & 0xFFFF;
        switch (type) {
            case ET_EXEC, ET_DYN -> { }
            case ET_REL -> throw fail(name, "an object file (ET_REL), not an executable; link it first");
            case ET_CORE -> throw fail(name, "a core dump, not an executable");
            default -> throw fail(name, "unknown ELF file type " + type);
        }
        if (b.getInt(20) != 1) throw fail(name, "inconsistent ELF header: e_version is " + b.getInt(20) + ", expected 1");
        long entry = is64 ? b.getLong(24) : u32(b, 24), phoff = is64 ? b.getLong(32) : u32(b, 28);
        int phentsize = b.getShort(is64 ? 54 : 42) & 0xFFFF, phnum = b.getShort(is64 ? 56 : 44) & 0xFFFF;
        int expected = is64 ? ProgramHeader.SIZE : ProgramHeader.SIZE32;
        if (phentsize != expected) {
            throw fail(name, "inconsistent ELF header: program header entry size is " + phentsize + ", expected " + expected);
        }
        if (phnum == 0) throw fail(name, "no program headers (not an executable)");
        if (phnum == 0xFFFF) throw fail(name, "more than 65534 program headers (PN_XNUM) are not supported");
        if (phoff < 0 || phoff > bytes.length || (long) phnum * phentsize > bytes.length - phoff) {
            throw fail(name, String.format("truncated: %d program headers at offset 0x%x extend past the end of the file (%d bytes)",
                    phnum, phoff, bytes.length));
        }
        List<ProgramHeader> phdrs = new ArrayList<>(phnum);
        for (int i = 0; i < phnum; i++) {
            int o = (int) phoff + i * phentsize;
            phdrs.add(is64
                    ? new ProgramHeader(b.getInt(o), b.getInt(o + 4), b.getLong(o + 8), b.getLong(o + 16),
                            b.getLong(o + 24), b.getLong(o + 32), b.getLong(o + 40), b.getLong(o + 48))
                    : new ProgramHeader(b.getInt(o), b.getInt(o + 24), u32(b, o + 4), u32(b, o + 8),
                            u32(b, o + 12), u32(b, o + 16), u32(b, o + 20), u32(b, o + 28)));
        }
        return new ElfImage(path, bytes, is64, type, entry, phoff, phentsize, List.copyOf(phdrs));
    }

    private static long u32(ByteBuffer b, int at) {
        return b.getInt(at) & 0xFFFF_FFFFL;
    }

    private static byte[] readFile(Path path, String name) throws LoadException {
        if (!Files.exists(path)) throw fail(name, "no such file");
        if (Files.isDirectory(path)) throw fail(name, "is a directory");
        if (!Files.isRegularFile(path)) throw fail(name, "not a regular file");
        try {
            if (Files.size(path) > MAX_FILE) throw fail(name, "file too large (over 1 GiB)");
            return Files.readAllBytes(path);
        } catch (AccessDeniedException e) {
            throw fail(name, "permission denied");
        } catch (IOException e) {
            throw fail(name, "cannot read: " + e.getMessage());
        }
    }

    private static void checkIdent(byte[] f, String name, boolean allowElf32) throws LoadException {
        if (f.length == 0) throw fail(name, "empty file, not an ELF executable");
        if (f.length < 4 || f[0] != 0x7F || f[1] != 'E' || f[2] != 'L' || f[3] != 'F') {
            if (f.length >= 2 && f[0] == '#' && f[1] == '!') throw fail(name, "a script, not an ELF executable");
            if (f.length >= 2 && f[0] == 'M' && f[1] == 'Z') throw fail(name, "a Windows (PE) executable, not an ELF executable");
            throw fail(name, "not an ELF file");
        }
        if (f.length < 16) throw fail(name, "truncated ELF header (" + f.length + " bytes, an ELF64 header has 64)");
        int cls = f[4], data = f[5], version = f[6];
        if (cls == 1 && !allowElf32) {
            boolean i386 = f.length >= 20 && (f[18] & 0xFF | (f[19] & 0xFF) << 8) == EM_386;
            throw fail(name, i386 ? "32-bit x86 (i386) programs are not supported yet" : "32-bit ELF files are not supported");
        }
        if (cls != 1 && cls != 2) throw fail(name, "invalid ELF class " + cls);
        if (data == 2) throw fail(name, "big-endian ELF files are not supported (jvmx runs x86-64 programs)");
        if (data != 1) throw fail(name, "invalid ELF data encoding " + data);
        if (version != 1) throw fail(name, "unsupported ELF version " + version);
    }

    private static void checkMachine(int machine, String name) throws LoadException {
        if (machine == EM_X86_64) return;
        throw fail(name, machineName(machine) + " binaries are not supported (jvmx runs x86-64 programs)");
    }

    private static String machineName(int machine) {
        return switch (machine) {
            case 183 -> "ARM64 (aarch64)";
            case 40 -> "32-bit ARM";
            case 243 -> "RISC-V";
            case 21 -> "64-bit PowerPC";
            case 20 -> "PowerPC";
            case 22 -> "IBM S/390";
            case 8 -> "MIPS";
            case 2, 43 -> "SPARC";
            case 258 -> "LoongArch";
            case EM_386 -> "i386";
            case EM_X86_64 -> "x86-64";
            default -> "machine type " + machine;
        };
    }

    private static void checkProgramHeaders(ElfImage image, String name) throws LoadException {
        List<ProgramHeader> phdrs = image.programHeaders();
        long fileSize = image.bytes().length, lastEnd = Long.MIN_VALUE;
        boolean entryOk = false;
        long limit = image.isPositionIndependent() ? ProcessAddressSpace.USER_END - ElfLoader.PIE_BASE : ProcessAddressSpace.USER_END;
        for (int i = 0; i < phdrs.size(); i++) {
            ProgramHeader p = phdrs.get(i);
            if (p.type() == ProgramHeader.PT_INTERP) {
                throw fail(name, "dynamically linked programs are not supported yet; link with -static");
            }
            if (p.type() != ProgramHeader.PT_LOAD || p.memsz() == 0) continue;
            checkInFile(p, i, fileSize, name);
            if (p.vaddr() < 0 || p.memsz() < 0 || p.vaddr() > limit || p.memsz() > limit - p.vaddr()
                    || (!image.isPositionIndependent() && p.vaddr() < ProcessAddressSpace.MMAP_MIN)) {
                throw fail(name, String.format("segment %d at 0x%x (0x%x bytes) lies outside the user address space", i, p.vaddr(), p.memsz()));
            }
            if (p.vaddr() < lastEnd) {
                throw fail(name, String.format("inconsistent program headers: loadable segment %d at 0x%x overlaps or precedes the one before it", i, p.vaddr()));
            }
            lastEnd = p.vaddr() + p.memsz();
            if ((p.flags() & ProgramHeader.PF_X) != 0 && image.entry() >= p.vaddr() && image.entry() < lastEnd) entryOk = true;
        }
        if (lastEnd == Long.MIN_VALUE) throw fail(name, "no loadable segments");
        if (!entryOk) throw fail(name, String.format("inconsistent ELF header: entry point 0x%x is not in an executable segment", image.entry()));
    }

    /** A PT_LOAD's file part fits in its memory size and in the file. */
    private static void checkInFile(ProgramHeader p, int i, long fileSize, String name) throws LoadException {
        if (Long.compareUnsigned(p.filesz(), p.memsz()) > 0) {
            throw fail(name, String.format("inconsistent program header %d: p_filesz 0x%x is larger than p_memsz 0x%x", i, p.filesz(), p.memsz()));
        }
        if (p.offset() < 0 || p.filesz() < 0 || p.offset() > fileSize || p.filesz() > fileSize - p.offset()) {
            throw fail(name, String.format("truncated: segment %d (0x%x bytes at file offset 0x%x) extends past the end of the file (%d bytes)",
                    i, p.filesz(), p.offset(), fileSize));
        }
    }

    static LoadException fail(String name, String problem) {
        return new LoadException(name + ": " + problem);
    }
}

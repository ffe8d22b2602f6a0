package dev.jvmx.runtime.loader;

import java.nio.file.Path;
import java.util.List;

/**
 * A validated ELF executable, not yet loaded: the file's bytes and what a loader needs from its
 * header. Produced by {@link ElfParser}: {@link ElfParser#parse} gives only ELF64 x86-64 process
 * images; {@link ElfParser#parseForMachine} also gives ELF32 i386 kernels.
 *
 * @param path the file (absolute), or null for an image parsed from bytes
 * @param bytes the whole file
 * @param elf64 ELFCLASS64 (else ELFCLASS32)
 * @param type {@link ElfParser#ET_EXEC} or {@link ElfParser#ET_DYN}
 * @param entry e_entry as in the file (before the load bias)
 * @param phoff e_phoff
 * @param phentsize e_phentsize (56, or 32 for ELF32)
 * @param programHeaders all program headers in file order
 */
public record ElfImage(Path path, byte[] bytes, boolean elf64, int type, long entry, long phoff, int phentsize,
                       List<ProgramHeader> programHeaders) {

    public boolean isPositionIndependent() { return type == ElfParser.ET_DYN; }

    public List<ProgramHeader> loads() {
        return programHeaders.stream().filter(p -> p.type() == ProgramHeader.PT_LOAD).toList();
    }

    /** PT_GNU_STACK's flags, or RW when there is none (Linux x86-64 then defaults to a non-executable stack). */
    public int stackFlags() {
        return programHeaders.stream().filter(p -> p.type() == ProgramHeader.PT_GNU_STACK)
                .mapToInt(ProgramHeader::flags).findFirst().orElse(ProgramHeader.PF_R | ProgramHeader.PF_W);
    }
}

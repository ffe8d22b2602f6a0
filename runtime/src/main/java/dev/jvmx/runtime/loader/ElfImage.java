package dev.jvmx.runtime.loader;

import java.nio.file.Path;
import java.util.List;

/**
 * A validated ELF64 x86-64 executable, not yet loaded: the file's bytes and what the loader needs
 * from its header. Produced by {@link ElfParser}.
 *
 * @param path the file (absolute)
 * @param bytes the whole file
 * @param type {@link ElfParser#ET_EXEC} or {@link ElfParser#ET_DYN}
 * @param entry e_entry as in the file (before the load bias)
 * @param phoff e_phoff
 * @param phentsize e_phentsize (56)
 * @param programHeaders all program headers in file order
 */
public record ElfImage(Path path, byte[] bytes, int type, long entry, long phoff, int phentsize,
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

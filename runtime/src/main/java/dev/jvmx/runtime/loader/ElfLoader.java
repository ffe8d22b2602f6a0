package dev.jvmx.runtime.loader;

import dev.jvmx.runtime.mem.ProcessAddressSpace;
import dev.jvmx.runtime.mem.ProcessAddressSpace.Placement;
import dev.jvmx.runtime.mem.Prot;
import java.util.List;

/**
 * Maps a validated {@link ElfImage} into a fresh {@link ProcessAddressSpace}, as Linux's
 * binfmt_elf does for a static executable: each PT_LOAD gets pages with its permissions, file
 * bytes copied in ({@code p_filesz}), the rest up to {@code p_memsz} zero (bss); a page shared by
 * two segments gets the union of their permissions. Position-independent executables (static-PIE)
 * are placed with their lowest page at {@link #PIE_BASE}, where Linux puts PIEs when address
 * randomisation is off. The stack is {@link #STACK_SIZE} bytes below
 * {@link ProcessAddressSpace#STACK_TOP} (allocated on touch), executable only if PT_GNU_STACK asks.
 * PT_TLS is left to the guest's C library, as on Linux.
 */
public final class ElfLoader {
    public static final long PIE_BASE = 0x5555_5555_4000L;
    /** The stack region: RLIMIT_STACK's usual 8 MiB, mapped whole (backing appears on first touch). */
    public static final long STACK_SIZE = 8L << 20;

    private ElfLoader() {}

    public static LoadedProgram load(ElfImage image, ProcessAddressSpace mem) throws LoadException {
        List<ProgramHeader> loads = image.loads().stream().filter(p -> p.memsz() != 0).toList();
        long low = ProcessAddressSpace.pageDown(loads.getFirst().vaddr());
        ProgramHeader last = loads.getLast();
        long high = ProcessAddressSpace.pageUp(last.vaddr() + last.memsz());
        long bias = image.isPositionIndependent() ? PIE_BASE - low : 0;
        String name = image.path().toString();
        long r = mem.mmap(low + bias, high - low, Prot.RW, Placement.FIXED_NOREPLACE, name);
        if (r < 0) throw ElfParser.fail(image.path().toString(), String.format("cannot map 0x%x bytes at 0x%x", high - low, low + bias));
        long prevEnd = -1;
        int prevProt = 0;
        for (ProgramHeader p : loads) {
            mem.poke(p.vaddr() + bias, image.bytes(), (int) p.offset(), (int) p.filesz());
            long s = ProcessAddressSpace.pageDown(p.vaddr()) + bias, e = ProcessAddressSpace.pageUp(p.vaddr() + p.memsz()) + bias;
            int prot = prot(p.flags());
            mem.mprotect(s, e - s, prot);
            if (prevEnd > s) mem.mprotect(s, prevEnd - s, prot | prevProt);
            else if (prevEnd >= 0 && prevEnd < s) mem.munmap(prevEnd, s - prevEnd);
            prevEnd = e;
            prevProt = prot;
        }
        mem.setBrkStart(high + bias);
        int stackProt = Prot.RW | ((image.stackFlags() & ProgramHeader.PF_X) != 0 ? Prot.EXEC : 0);
        long stackTop = ProcessAddressSpace.STACK_TOP;
        mem.mmap(stackTop - STACK_SIZE, STACK_SIZE, stackProt, Placement.FIXED, "[stack]");
        return new LoadedProgram(image, bias, image.entry() + bias, phdrAddress(image, bias), high + bias, stackTop);
    }

    /** PT_PHDR if present, else the loadable segment whose file bytes include the program headers. */
    private static long phdrAddress(ElfImage image, long bias) {
        for (ProgramHeader p : image.programHeaders()) {
            if (p.type() == ProgramHeader.PT_PHDR) return p.vaddr() + bias;
        }
        long size = (long) image.programHeaders().size() * image.phentsize();
        for (ProgramHeader p : image.loads()) {
            if (image.phoff() >= p.offset() && image.phoff() + size <= p.offset() + p.filesz()) {
                return p.vaddr() + (image.phoff() - p.offset()) + bias;
            }
        }
        return 0;
    }

    static int prot(int pflags) {
        return ((pflags & ProgramHeader.PF_R) != 0 ? Prot.READ : 0)
                | ((pflags & ProgramHeader.PF_W) != 0 ? Prot.WRITE : 0)
                | ((pflags & ProgramHeader.PF_X) != 0 ? Prot.EXEC : 0);
    }
}

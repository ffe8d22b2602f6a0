package dev.jvmx.runtime.machine.boot;

import dev.jvmx.runtime.loader.ElfImage;
import dev.jvmx.runtime.loader.ElfParser;
import dev.jvmx.runtime.loader.LoadException;
import dev.jvmx.runtime.loader.ProgramHeader;
import dev.jvmx.runtime.machine.bus.PhysicalMemory;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --kernel FILE [--cmdline S] [--module FILE]...}: a Multiboot 0.6.96 kernel. The image is
 * loaded by its header's address fields (the "a.out kludge", §3.1.3) when flag 16 is set, else as
 * ELF32/ELF64 by its PT_LOAD program headers at their physical addresses (decoded by the process
 * loader's {@link ElfParser#parseForMachine}). Modules follow the
 * kernel, each page-aligned. The machine state at entry is §3.2's: EAX = 0x2BADB002, EBX = the
 * information structure, 32-bit protected mode with flat CS/DS/ES/FS/GS/SS, paging off, A20 on,
 * IF = 0 (the loader's GDT is installed, so a kernel that reloads segments before its own LGDT
 * still works). ESP is the bottom of the loader's table area, since the spec leaves it undefined.
 */
public final class MultibootLoader {
    public static final int BOOTLOADER_MAGIC = 0x2BADB002;
    public static final String LOADER_NAME = "jvmx";

    /** A module file with its command line. */
    public record ModuleFile(byte[] data, String cmdline) { }

    private MultibootLoader() {
    }

    public static InitialCpuState load(PhysicalMemory m, byte[] image, String cmdline, List<ModuleFile> modules)
            throws BootException {
        MultibootHeader h = MultibootHeader.find(image);
        long[] range = h.hasAddressFields() ? loadAout(m, image, h) : loadElf(m, image);
        long entry = range[2];
        long next = align(range[1]);
        List<MultibootInfoWriter.Module> placed = new ArrayList<>();
        for (ModuleFile f : modules) {
            place(m, next, f.data().length, "module");
            m.loadRam(next, f.data(), 0, f.data().length);
            placed.add(new MultibootInfoWriter.Module(next, next + f.data().length, f.cmdline() == null ? "" : f.cmdline()));
            next = align(next + f.data().length);
        }
        LoaderTables.write(m, false);
        m.setA20(true);
        long info = new MultibootInfoWriter(m).write(cmdline, placed, LOADER_NAME);
        return LoaderTables.protectedMode(entry, LoaderTables.FIRST)
                .withGpr(0, BOOTLOADER_MAGIC & 0xFFFF_FFFFL).withGpr(3, info);
    }

    private static long align(long a) {
        return (a + 0xFFF) & ~0xFFFL;
    }

    /** Checks that [at, at + len) is RAM clear of the loader's own areas. */
    private static void place(PhysicalMemory m, long at, long len, String what) throws BootException {
        long end = at + len;
        if (LoaderTables.overlaps(at, end) || (at < MultibootInfoWriter.LIMIT && end > MultibootInfoWriter.BASE)) {
            throw new BootException(String.format("%s [0x%x, 0x%x) overlaps the loader's area [0x1000, 0x9F000)", what, at, end));
        }
        if (len > 0 && (m.ramOffset(at) < 0 || m.ramOffset(end - 1) < 0 || end > m.lowRamEnd())) {
            throw new BootException(String.format("%s [0x%x, 0x%x) is not in RAM", what, at, end));
        }
    }

    /** Returns {lowest, end of image incl. bss, entry}. */
    private static long[] loadAout(PhysicalMemory m, byte[] image, MultibootHeader h) throws BootException {
        long fileStart = h.offset() - (h.headerAddr() - h.loadAddr());
        long loadEnd = h.loadEndAddr() == 0 ? h.loadAddr() + (image.length - fileStart) : h.loadEndAddr();
        long bssEnd = Math.max(h.bssEndAddr(), loadEnd);
        long len = loadEnd - h.loadAddr();
        if (fileStart < 0 || len < 0 || fileStart + len > image.length) throw new BootException("bad Multiboot load addresses");
        place(m, h.loadAddr(), bssEnd - h.loadAddr(), "kernel");
        m.loadRam(h.loadAddr(), image, (int) fileStart, (int) len);
        for (long a = loadEnd; a < bssEnd; a++) m.writePhys(a, 1, 0);
        return new long[] {h.loadAddr(), bssEnd, h.entryAddr()};
    }

    private static long[] loadElf(PhysicalMemory m, byte[] image) throws BootException {
        ElfImage elf;
        try {
            elf = ElfParser.parseForMachine(image, "ELF kernel");
        } catch (LoadException e) {
            throw new BootException(e.getMessage());
        }
        List<ProgramHeader> loads = elf.loads();
        if (loads.isEmpty()) throw new BootException("ELF kernel has no PT_LOAD segment");
        long lo = Long.MAX_VALUE, hi = 0;
        for (ProgramHeader s : loads) {
            place(m, s.paddr(), s.memsz(), "kernel segment");
            m.loadRam(s.paddr(), image, (int) s.offset(), (int) s.filesz());
            for (long a = s.paddr() + s.filesz(); a < s.paddr() + s.memsz(); a++) m.writePhys(a, 1, 0);
            lo = Math.min(lo, s.paddr());
            hi = Math.max(hi, s.paddr() + s.memsz());
        }
        long entry = physicalEntry(elf.entry(), loads);
        if (entry >= PhysicalMemory.FOUR_GIB) throw new BootException(String.format("entry 0x%x is above 4 GiB", entry));
        return new long[] {lo, hi, entry};
    }

    /** The entry point as a physical address: translated through the segment whose vaddr range holds it. */
    private static long physicalEntry(long entry, List<ProgramHeader> loads) {
        for (ProgramHeader s : loads) {
            if (entry >= s.vaddr() && entry < s.vaddr() + s.memsz()) return entry - s.vaddr() + s.paddr();
        }
        return entry;
    }
}

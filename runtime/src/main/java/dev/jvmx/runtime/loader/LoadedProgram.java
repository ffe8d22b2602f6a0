package dev.jvmx.runtime.loader;

/**
 * Where {@link ElfLoader} put a program: guest addresses, with the load bias applied.
 *
 * @param image the parsed file
 * @param bias load bias (0 for ET_EXEC, {@link ElfLoader#PIE_BASE} minus the lowest page for ET_DYN)
 * @param entry entry point (e_entry + bias)
 * @param phdr address of the program headers in guest memory (AT_PHDR), 0 if no segment holds them
 * @param brkStart initial program break: page-aligned end of the highest segment
 * @param stackTop one past the highest stack byte
 */
public record LoadedProgram(ElfImage image, long bias, long entry, long phdr, long brkStart, long stackTop) {
    public int phnum() { return image.programHeaders().size(); }

    public int phent() { return image.phentsize(); }
}

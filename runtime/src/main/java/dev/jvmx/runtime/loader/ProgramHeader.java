package dev.jvmx.runtime.loader;

/**
 * One ELF program header (System V gABI, "Program Header"), ELF64 or ELF32 widened to long; values
 * as in the file. {@code paddr} is only used by the machine-mode (Multiboot) kernel loader.
 */
public record ProgramHeader(int type, int flags, long offset, long vaddr, long paddr, long filesz, long memsz, long align) {
    public static final int PT_NULL = 0, PT_LOAD = 1, PT_DYNAMIC = 2, PT_INTERP = 3, PT_NOTE = 4, PT_PHDR = 6,
            PT_TLS = 7, PT_GNU_EH_FRAME = 0x6474E550, PT_GNU_STACK = 0x6474E551, PT_GNU_RELRO = 0x6474E552;
    public static final int PF_X = 1, PF_W = 2, PF_R = 4;
    /** e_phentsize of ELF64 and of ELF32. */
    public static final int SIZE = 56, SIZE32 = 32;
}

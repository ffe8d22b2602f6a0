/**
 * Loading a static x86-64 Linux executable: {@link dev.jvmx.runtime.loader.ElfParser} reads and
 * validates the file (System V gABI, x86-64 psABI) with one user-facing message per problem
 * ({@link dev.jvmx.runtime.loader.LoadException}), {@link dev.jvmx.runtime.loader.ElfLoader} maps
 * its PT_LOAD segments, heap start and stack into a process address space, and
 * {@link dev.jvmx.runtime.loader.InitialStack} writes argc/argv/envp/auxv (psABI §3.4.1).
 *
 * <p>Supported: ET_EXEC and static-PIE ET_DYN (no PT_INTERP), loaded at
 * {@link dev.jvmx.runtime.loader.ElfLoader#PIE_BASE}. Not yet: dynamic executables (PT_INTERP),
 * ELF32 / i386, and address-space randomisation.
 *
 * <p>{@link dev.jvmx.runtime.loader.ElfParser#parseForMachine} is the same ELF header and
 * program-header decoding for machine mode's Multiboot kernels, which may be ELF32 (i386) and are
 * placed at physical addresses rather than in a process address space.
 */
package dev.jvmx.runtime.loader;

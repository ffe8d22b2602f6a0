package dev.jvmx.runtime.mmu;

/**
 * The architectural state paging depends on (SDM Vol. 3A §4.1.1, Table 4-1; §4.6 access rights),
 * implemented by the vCPU as a live view of its registers. The {@link Mmu} reads {@link #cpl()},
 * {@link #alignmentCheck()} and {@link #pkru()} on every slow-path access; it reads CR0, CR3, CR4
 * and EFER only in {@link Mmu#sync()} and is told of changes through its {@code onXxxWrite}
 * methods (see the package documentation for the wiring).
 *
 * <p>Whether an access is an <em>implicit supervisor-mode access</em> (GDT, LDT, IDT, TSS, shadow
 * stack...; §4.6) is not state of the context but of the access: use {@link Mmu#system()}.
 */
public interface PagingContext {
    long CR0_PE = 1L, CR0_WP = 1L << 16, CR0_PG = 1L << 31;
    long CR3_PCID_MASK = 0xFFFL, CR3_NO_FLUSH = 1L << 63;
    long CR4_PSE = 1L << 4, CR4_PAE = 1L << 5, CR4_PGE = 1L << 7, CR4_PCIDE = 1L << 17,
            CR4_SMEP = 1L << 20, CR4_SMAP = 1L << 21, CR4_PKE = 1L << 22;
    long EFER_LME = 1L << 8, EFER_LMA = 1L << 10, EFER_NXE = 1L << 11;
    long RFLAGS_AC = 1L << 18;

    long cr0();

    /** CR3 as stored: bits 11:0 are the PCID when CR4.PCIDE = 1, PWT/PCD otherwise. */
    long cr3();

    long cr4();

    /** IA32_EFER (MSR C000_0080H). */
    long efer();

    /** Current privilege level 0..3 (CS.RPL, or SS.DPL where the SDM says so). */
    int cpl();

    /** RFLAGS.AC (bit 18): with CR4.SMAP, lets explicit supervisor accesses reach user pages. */
    boolean alignmentCheck();

    /** PKRU: bit 2i = AD (access disable), bit 2i+1 = WD (write disable) for protection key i. */
    int pkru();
}

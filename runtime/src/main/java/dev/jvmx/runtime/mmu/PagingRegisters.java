package dev.jvmx.runtime.mmu;

/**
 * An immutable snapshot of a {@link PagingContext}: for tests, state save/restore and loaders that
 * set up paging before a vCPU exists. {@code with*} methods return modified copies.
 */
public record PagingRegisters(long cr0, long cr3, long cr4, long efer, int cpl, boolean alignmentCheck, int pkru)
        implements PagingContext {

    public static PagingRegisters of(PagingContext c) {
        return new PagingRegisters(c.cr0(), c.cr3(), c.cr4(), c.efer(), c.cpl(), c.alignmentCheck(), c.pkru());
    }

    public PagingRegisters withCr0(long v) { return new PagingRegisters(v, cr3, cr4, efer, cpl, alignmentCheck, pkru); }
    public PagingRegisters withCr3(long v) { return new PagingRegisters(cr0, v, cr4, efer, cpl, alignmentCheck, pkru); }
    public PagingRegisters withCr4(long v) { return new PagingRegisters(cr0, cr3, v, efer, cpl, alignmentCheck, pkru); }
    public PagingRegisters withEfer(long v) { return new PagingRegisters(cr0, cr3, cr4, v, cpl, alignmentCheck, pkru); }
    public PagingRegisters withCpl(int v) { return new PagingRegisters(cr0, cr3, cr4, efer, v, alignmentCheck, pkru); }
    public PagingRegisters withAc(boolean v) { return new PagingRegisters(cr0, cr3, cr4, efer, cpl, v, pkru); }
    public PagingRegisters withPkru(int v) { return new PagingRegisters(cr0, cr3, cr4, efer, cpl, alignmentCheck, v); }
}

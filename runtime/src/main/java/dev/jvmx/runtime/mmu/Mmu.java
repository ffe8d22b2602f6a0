package dev.jvmx.runtime.mmu;

import dev.jvmx.runtime.mem.GuestMemory;
import dev.jvmx.vmx.ept.InveptType;
import dev.jvmx.vmx.ept.InvvpidType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * A vCPU's view of memory in machine mode: linear addresses through paging (SDM Vol. 3A ch. 4),
 * optionally EPT (Vol. 3C §29.3), onto {@link PhysicalAccess}. One per vCPU.
 *
 * <p>Fast path: {@code page = la >>> 12}, compare the TLB's read/write/exec tag of the current
 * privilege (CPL 3 or not) with {@code page}, then one access to the RAM segment. Everything else
 * (miss, page crossing, MMIO, permission or dirty-flag work, SMAP with AC, code pages) goes to
 * {@link Translator#translate}. {@link #system()} is the same memory for implicit supervisor-mode
 * accesses (descriptor tables, TSS). How the vCPU must call the control methods is in the package
 * documentation.
 */
public final class Mmu implements GuestMemory {
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Translator t;
    private final TlbControl control;
    private final Tlb tlb;
    private final PagingContext ctx;
    private final MemorySegment ram;
    private final SlowAccess user;
    private final SlowAccess system;
    private final CodeFetch code = new CodeFetch(this);
    private final byte[] oneByte = new byte[1];

    /** {@code maxPhyAddr}: MAXPHYADDR (CPUID 80000008H:EAX[7:0]), e.g. 39 or 46. */
    public Mmu(PagingContext ctx, PhysicalAccess phys, int maxPhyAddr) {
        this.t = new Translator(ctx, phys, maxPhyAddr);
        this.control = new TlbControl(t);
        this.tlb = t.tlb;
        this.ctx = ctx;
        this.ram = phys.ram();
        this.user = new SlowAccess(t, false);
        this.system = new SlowAccess(t, true);
        sync();
    }

    // ---- control (see package-info for when the vCPU calls what) ----

    /**
     * Re-reads CR0/CR3/CR4/EFER from the context (reset, INIT, VM entry/exit, state load) and
     * reloads the PAE PDPTEs; invalidates nothing unless the paging mode changed (VM transitions
     * with VPID keep translations; call {@link #flushAll()} where everything must go).
     */
    public void sync() { sync(null); }

    /**
     * Like {@link #sync()}, with the PAE PDPTE registers taken from {@code pdptes} (VM entry with
     * EPT and PAE paging loads them from the VMCS, Vol. 3C §27.3.2.4) instead of memory.
     */
    public void sync(long[] pdptes) {
        PagingControls next = PagingControls.of(ctx);
        if (next.mode() == PagingMode.PAE) {
            t.pdptes = pdptes != null ? pdptes.clone() : t.walker.loadPdptes(next.cr3());
        }
        if (next.mode() != t.controls.mode()) tlb.flushAll();
        t.controls = next;
        t.refreshFast();
    }

    /** MOV to CR0 with new value {@code v}, before it commits; may throw #GP(0) (PAE PDPTEs). */
    public void onCr0Write(long v) { control.onControlWrite(t.controls.withCr0(v)); }

    /** MOV to CR3 with operand {@code v} (bit 63 = keep the PCID's entries), before it commits. */
    public void onCr3Write(long v) { control.onCr3Write(v); }

    /** MOV to CR4 with new value {@code v}, before it commits. */
    public void onCr4Write(long v) { control.onControlWrite(t.controls.withCr4(v)); }

    /** WRMSR IA32_EFER (or the processor setting EFER.LMA) with new value {@code v}, before it commits. */
    public void onEferWrite(long v) { control.onControlWrite(t.controls.withEfer(v)); }

    /** After WRPKRU / XRSTOR changed PKRU. */
    public void onPkruWrite() { t.refreshFast(); }

    public void invlpg(long la) { control.invlpg(la); }

    /** INVPCID after its #GP checks (type, PCID range, canonical address, PCIDE rules). */
    public void invpcid(InvpcidType type, int pcid, long la) { control.invpcid(type, pcid, la); }

    public void invvpid(InvvpidType type, int vpid, long la) { control.invvpid(type, vpid, la); }

    public void invept(InveptType type, long eptp) { control.invept(type, eptp); }

    /** Drops every entry (A20 change, RAM remap, INIT). */
    public void flushAll() { tlb.flushAll(); }

    /**
     * Enters (or, with {@code vpid} 0 and {@code ept} null, leaves) a VMX non-root context: the
     * VPID ("enable VPID" ? VPID : 0) and EPT translator tag and shape the translations.
     */
    public void setVmxContext(int vpid, EptTranslator ept) {
        t.curVpid = vpid;
        t.ept = ept;
        t.walker.ept = ept;
        t.curEptrta = ept == null ? -1 : ept.eptp().pml4Address();
        t.refreshFast();
    }

    /** The PAE PDPTE registers (copy). */
    public long[] pdptes() { return t.pdptes.clone(); }

    /** Track code pages (write-protect their TLB write tags), shared by the machine's vCPUs. */
    public void setCodePages(CodePages pages) {
        if (t.code != null) t.code.unregister(t);
        t.code = pages;
        if (pages != null) pages.register(t);
        t.refreshFast();
    }

    public PagingControls controls() { return t.controls; }

    /** The TLB (tests). */
    Tlb tlb() { return tlb; }

    /** Host-physical address of {@code la} for {@code kind} (explicit access at the current CPL). */
    public long translate(long la, AccessKind kind) { return t.translate(la, kind, false); }

    /** This memory for implicit supervisor-mode accesses (GDT, LDT, IDT, TSS; SDM Vol. 3A §4.6). */
    public GuestMemory system() { return system; }

    /** This memory for the instruction fetcher (byte reads are fetches). */
    public CodeFetch code() { return code; }

    /**
     * The host-physical address of instruction byte {@code la} if the execute fast path covers it
     * (a RAM page, fetchable at the current privilege, already marked as code), else -1.
     */
    public long codeAddress(long la) {
        long page = la >>> 12;
        int i = index(page);
        return tlb.exec[slot(i)] == page ? tlb.hostPage[i] | (la & 0xFFF) : -1;
    }

    /** One byte fetched as an instruction byte (execute rights, SDM Vol. 3A §4.6). */
    public byte fetch8(long la) {
        long page = la >>> 12;
        int i = index(page);
        if (tlb.exec[slot(i)] == page) return ram.get(ValueLayout.JAVA_BYTE, base(i, la));
        user.fetch(la, oneByte, 0, 1);
        return oneByte[0];
    }

    // ---- GuestMemory: fast paths ----

    private int index(long page) { return ((int) page ^ tlb.salt) & Tlb.MASK; }

    private int slot(int i) { return ctx.cpl() == 3 ? i | Tlb.SIZE : i; }

    private long base(int i, long la) { return tlb.ramBase[i] + (la & 0xFFF); }

    @Override
    public byte read8(long la) {
        long page = la >>> 12;
        int i = index(page);
        if (tlb.read[slot(i)] == page) return ram.get(ValueLayout.JAVA_BYTE, base(i, la));
        return (byte) user.read(la, 1);
    }

    @Override
    public short read16(long la) {
        long page = la >>> 12;
        int i = index(page);
        if (tlb.read[slot(i)] == page && (la & 0xFFF) <= 0xFFE) return ram.get(U16, base(i, la));
        return (short) user.read(la, 2);
    }

    @Override
    public int read32(long la) {
        long page = la >>> 12;
        int i = index(page);
        if (tlb.read[slot(i)] == page && (la & 0xFFF) <= 0xFFC) return ram.get(U32, base(i, la));
        return (int) user.read(la, 4);
    }

    @Override
    public long read64(long la) {
        long page = la >>> 12;
        int i = index(page);
        if (tlb.read[slot(i)] == page && (la & 0xFFF) <= 0xFF8) return ram.get(U64, base(i, la));
        return user.read(la, 8);
    }

    @Override
    public void write8(long la, byte v) {
        long page = la >>> 12;
        int i = index(page);
        if (tlb.write[slot(i)] == page) ram.set(ValueLayout.JAVA_BYTE, base(i, la), v);
        else user.write(la, 1, v);
    }

    @Override
    public void write16(long la, short v) {
        long page = la >>> 12;
        int i = index(page);
        if (tlb.write[slot(i)] == page && (la & 0xFFF) <= 0xFFE) ram.set(U16, base(i, la), v);
        else user.write(la, 2, v);
    }

    @Override
    public void write32(long la, int v) {
        long page = la >>> 12;
        int i = index(page);
        if (tlb.write[slot(i)] == page && (la & 0xFFF) <= 0xFFC) ram.set(U32, base(i, la), v);
        else user.write(la, 4, v);
    }

    @Override
    public void write64(long la, long v) {
        long page = la >>> 12;
        int i = index(page);
        if (tlb.write[slot(i)] == page && (la & 0xFFF) <= 0xFF8) ram.set(U64, base(i, la), v);
        else user.write(la, 8, v);
    }

    @Override
    public int fetch(long la, byte[] dst, int off, int len) {
        long page = la >>> 12;
        int i = index(page);
        if (tlb.exec[slot(i)] == page && len <= 0x1000 - (la & 0xFFF)) {
            MemorySegment.copy(ram, ValueLayout.JAVA_BYTE, base(i, la), dst, off, len);
            return len;
        }
        return user.fetch(la, dst, off, len);
    }

    @Override
    public void read(long la, byte[] dst, int off, int len) { user.read(la, dst, off, len); }

    @Override
    public void write(long la, byte[] src, int off, int len) { user.write(la, src, off, len); }

    @Override
    public void checkWrite(long la, int len) { user.checkWrite(la, len); }
}

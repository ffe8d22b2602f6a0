package dev.jvmx.runtime.machine.boot;

import dev.jvmx.runtime.machine.bus.PhysicalMemory;
import java.util.Map;

/**
 * The descriptor tables and page tables the loaders build in guest RAM so that a flat binary or a
 * multiboot kernel starts in protected or long mode without firmware. They live in
 * [{@link #FIRST}, {@link #END}), which a loaded image must not overlap:
 * <pre>
 *  0x1000  GDT   0x00 null   0x08 code32 flat   0x10 data flat   0x18 code64   0x20 code16 (base 0)
 *                0x28 TSS (busy; 16 bytes in long mode)                      limit 0x37
 *  0x1080  TSS   104 bytes, I/O map base = 0x68 (no bitmap)
 *  0x2000  PML4  entry 0 -> PDPT
 *  0x3000  PDPT  entries 0..3 -> PDs
 *  0x4000  PD x4 2 MiB pages identity-mapping 0 .. 4 GiB (P, R/W, PS)
 * </pre>
 * Descriptors per SDM Vol. 3A §3.4.5 (segment descriptors), §8.2.2 / §8.7 (TSS), page tables per
 * §5.5 (4-level paging, PDE mapping a 2 MiB page).
 */
public final class LoaderTables {
    public static final long FIRST = 0x1000, END = 0x8000;
    public static final long GDT = 0x1000, TSS = 0x1080, PML4 = 0x2000, PDPT = 0x3000, PD = 0x4000;
    public static final int CODE32 = 0x08, DATA = 0x10, CODE64 = 0x18, CODE16 = 0x20, TSS_SEL = 0x28;
    public static final int GDT_LIMIT = 0x37, TSS_LIMIT = 0x67;

    private LoaderTables() {
    }

    /** True if [start, end) overlaps the loader's tables. */
    public static boolean overlaps(long start, long end) {
        return start < END && end > FIRST;
    }

    /** Writes the GDT and TSS; with {@code paging}, also the identity page tables. */
    public static void write(PhysicalMemory m, boolean paging) {
        m.writePhys(GDT, 8, 0);
        m.writePhys(GDT + CODE32, 8, 0x00CF_9B00_0000_FFFFL);
        m.writePhys(GDT + DATA, 8, 0x00CF_9300_0000_FFFFL);
        m.writePhys(GDT + CODE64, 8, 0x00AF_9B00_0000_FFFFL);
        m.writePhys(GDT + CODE16, 8, 0x0000_9B00_0000_FFFFL);
        m.writePhys(GDT + TSS_SEL, 8, tssDescriptor(TSS, TSS_LIMIT));
        m.writePhys(GDT + TSS_SEL + 8, 8, TSS >>> 32);
        for (int i = 0; i < 104; i += 8) m.writePhys(TSS + i, 8, 0);
        m.writePhys(TSS + 0x66, 2, 0x68);
        if (paging) writePageTables(m);
    }

    private static long tssDescriptor(long base, long limit) {
        return (limit & 0xFFFF) | (base & 0xFF_FFFF) << 16 | 0x8BL << 40 | (limit >>> 16 & 0xF) << 48
                | (base >>> 24 & 0xFF) << 56;
    }

    private static void writePageTables(PhysicalMemory m) {
        for (long a = PML4; a < END; a += 8) m.writePhys(a, 8, 0);
        m.writePhys(PML4, 8, PDPT | 0x3);
        for (int i = 0; i < 4; i++) {
            long pd = PD + i * 0x1000L;
            m.writePhys(PDPT + i * 8L, 8, pd | 0x3);
            for (int e = 0; e < 512; e++) {
                long page = ((long) i << 30) | ((long) e << 21);
                m.writePhys(pd + e * 8L, 8, page | 0x83);
            }
        }
    }

    /** Protected mode, paging off, flat segments, the loader's GDT and TSS. */
    public static InitialCpuState protectedMode(long entry, long rsp) {
        SegmentState data = SegmentState.flatData32(DATA);
        return new InitialCpuState(CpuMode.PROTECTED, entry, 0x2, Map.of(4, rsp),
                data, SegmentState.flatCode32(CODE32), data, data, data, data,
                SegmentState.unusable(), SegmentState.busyTss(TSS_SEL, TSS, TSS_LIMIT), GDT, GDT_LIMIT, 0, 0,
                InitialCpuState.CR0_PE | InitialCpuState.CR0_ET, 0, 0, 0, InitialCpuState.Activity.ACTIVE);
    }

    /** IA-32e 64-bit mode on the identity page tables (CR0.PG/PE, CR4.PAE, EFER.LME/LMA). */
    public static InitialCpuState longMode(long entry, long rsp) {
        SegmentState data = SegmentState.flatData32(DATA);
        long cr0 = InitialCpuState.CR0_PE | InitialCpuState.CR0_ET | InitialCpuState.CR0_PG;
        return new InitialCpuState(CpuMode.LONG, entry, 0x2, Map.of(4, rsp),
                data, SegmentState.code64(CODE64), data, data, data, data,
                SegmentState.unusable(), SegmentState.busyTss(TSS_SEL, TSS, TSS_LIMIT), GDT, GDT_LIMIT, 0, 0,
                cr0, PML4, InitialCpuState.CR4_PAE, InitialCpuState.EFER_LME | InitialCpuState.EFER_LMA,
                InitialCpuState.Activity.ACTIVE);
    }
}

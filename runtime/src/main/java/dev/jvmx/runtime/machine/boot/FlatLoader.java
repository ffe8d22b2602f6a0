package dev.jvmx.runtime.machine.boot;

import dev.jvmx.runtime.machine.bus.PhysicalMemory;
import java.util.Map;

/**
 * {@code --flat FILE --load ADDR --mode real|protected|long [--entry ADDR]}: copies a raw binary
 * to physical ADDR and starts at ENTRY (default ADDR) with flat, identity-mapped segments:
 * <ul>
 *   <li>real: CS:IP = 0:ENTRY when ENTRY &lt; 64 KiB, else (ENTRY &gt;&gt; 4 &amp; 0xF000):(ENTRY &amp; 0xFFFF);
 *       DS = ES = SS = 0, SP = the load address (a stack below the image, as for a boot sector);</li>
 *   <li>protected: the loader's GDT (flat 4 GiB code 0x08, data 0x10), paging off;</li>
 *   <li>long: the same GDT with 64-bit code 0x18 and identity page tables for the first 4 GiB.</li>
 * </ul>
 * In protected and long mode RSP is the load address too. See {@link LoaderTables} for where the
 * tables live; an image overlapping them is refused.
 */
public final class FlatLoader {
    private FlatLoader() {
    }

    public static InitialCpuState load(PhysicalMemory m, byte[] image, long load, CpuMode mode, long entry)
            throws BootException {
        long end = load + image.length;
        for (long a = load; a < end; a += 4096) checkRam(m, a);
        if (image.length > 0) checkRam(m, end - 1);
        if (mode != CpuMode.REAL && LoaderTables.overlaps(load, end)) {
            throw new BootException(String.format("flat image [0x%x, 0x%x) overlaps the loader's tables [0x%x, 0x%x)",
                    load, end, LoaderTables.FIRST, LoaderTables.END));
        }
        m.loadRam(load, image, 0, image.length);
        return switch (mode) {
            case REAL -> real(entry, load);
            case PROTECTED -> {
                LoaderTables.write(m, false);
                yield LoaderTables.protectedMode(entry, load);
            }
            case LONG -> {
                LoaderTables.write(m, true);
                yield LoaderTables.longMode(entry, load);
            }
        };
    }

    private static void checkRam(PhysicalMemory m, long a) throws BootException {
        if (m.ramOffset(a) < 0) throw new BootException(String.format("address 0x%x is not RAM", a));
    }

    private static InitialCpuState real(long entry, long load) throws BootException {
        if (entry < 0 || entry >= PhysicalMemory.ONE_MIB) {
            throw new BootException(String.format("real-mode entry 0x%x is above 1 MiB", entry));
        }
        int cs = entry < 0x10000 ? 0 : (int) (entry >>> 4) & 0xF000;
        long ip = entry - ((long) cs << 4);
        InitialCpuState reset = ResetState.reset(0);
        SegmentState d = SegmentState.realData(0);
        return new InitialCpuState(CpuMode.REAL, ip, 0x2, Map.of(4, load & 0xFFFF),
                d, SegmentState.realCode(cs), d, d, d, d, reset.ldtr(), reset.tr(),
                0, 0xFFFF, 0, 0x3FF, InitialCpuState.CR0_ET, 0, 0, 0, InitialCpuState.Activity.ACTIVE);
    }
}

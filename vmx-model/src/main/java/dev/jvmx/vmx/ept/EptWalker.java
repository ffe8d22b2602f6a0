package dev.jvmx.vmx.ept;

import dev.jvmx.vmx.PhysicalMemory;
import dev.jvmx.vmx.cap.EptVpidCapability;
import dev.jvmx.vmx.cap.VmxCapabilities;

/**
 * The 4-level EPT walk (SDM Vol. 3C §29.3.2) over {@link PhysicalMemory}. An EPT entry:
 * <pre>
 *  63  62    52 51        N N-1           12 11 10  9  8  7  6  5   3  2  1  0
 * +---+--------+-----------+---------------+-----+--+--+--+--+------+--+--+--+
 * |SVE| ignored| reserved  | address       | ign |D |A |PS|IP| type | X| W| R|
 * +---+--------+-----------+---------------+-----+--+--+--+--+------+--+--+--+
 *   PS page size (1 GByte in a PDPTE, 2 MByte in a PDE); type, IP (ignore PAT) and D in
 *   leaves only; A and D are written when EPTP bit 6 enables them (§29.3.5)
 * </pre>
 */
public final class EptWalker {

    private static final long ADDRESS_MASK = 0x000F_FFFF_FFFF_F000L;
    private static final long PAGE_SIZE_BIT = 1L << 7;
    private static final long ACCESSED = 1L << 8;
    private static final long DIRTY = 1L << 9;

    private final PhysicalMemory memory;
    private final VmxCapabilities caps;

    public EptWalker(PhysicalMemory memory, VmxCapabilities caps) {
        this.memory = memory;
        this.caps = caps;
    }

    /** Translates {@code gpa} for {@code access}, with no guest linear address. */
    public EptWalkResult walk(EptPointer eptp, long gpa, EptAccess access) {
        return walk(eptp, gpa, access, EptViolationQualification.GuestLinear.NONE);
    }

    /** Translates {@code gpa} for {@code access}; {@code linear} fills qualification bits 7–8. */
    public EptWalkResult walk(EptPointer eptp, long gpa, EptAccess access,
            EptViolationQualification.GuestLinear linear) {
        return walk(eptp, gpa, access, linear, null);
    }

    /**
     * As {@link #walk(EptPointer, long, EptAccess, EptViolationQualification.GuestLinear)}, with
     * page-modification logging ({@code pml} non-null: "enable PML", §29.3.6) when the EPTP
     * enables accessed and dirty flags.
     */
    public EptWalkResult walk(EptPointer eptp, long gpa, EptAccess access,
            EptViolationQualification.GuestLinear linear, PageModificationLog pml) {
        PageModificationLog log = eptp.accessedDirtyEnabled() ? pml : null;
        long table = eptp.pml4Address();
        int permissions = 7;
        for (int level = 4; level >= 1; level--) {
            long entryAddress = table + 8 * indexAt(gpa, level);
            long entry = memory.readLong(entryAddress);
            if ((entry & 7) == 0) {
                return new EptWalkResult.Violation(EptViolationQualification.of(access, 0, linear));
            }
            if (misconfigured(entry, level)) {
                return new EptWalkResult.Misconfiguration(level);
            }
            permissions &= (int) entry & 7;
            boolean leaf = level == 1 || (entry & PAGE_SIZE_BIT) != 0;
            if (log != null && (entry & ACCESSED) == 0 && !log.hasRoom()) {
                return new EptWalkResult.LogFull();
            }
            setAccessed(eptp, entryAddress, entry);
            if (leaf) {
                return leaf(eptp, entryAddress, gpa, level, permissions, access, linear, log);
            }
            table = entry & ADDRESS_MASK;
        }
        throw new AssertionError("level 1 is always a leaf");
    }

    private EptWalkResult leaf(EptPointer eptp, long entryAddress, long gpa, int level,
            int permissions, EptAccess access, EptViolationQualification.GuestLinear linear,
            PageModificationLog log) {
        if ((permissions & access.permission()) == 0) {
            return new EptWalkResult.Violation(
                    EptViolationQualification.of(access, permissions, linear));
        }
        long entry = memory.readLong(entryAddress);
        if (access == EptAccess.WRITE && eptp.accessedDirtyEnabled() && (entry & DIRTY) == 0) {
            if (log != null) {
                if (!log.hasRoom()) {
                    return new EptWalkResult.LogFull();
                }
                log.log(gpa);
            }
            memory.writeLong(entryAddress, entry | DIRTY);
        }
        long pageSize = 1L << (12 + 9 * (level - 1));
        long hpa = (entry & ADDRESS_MASK & ~(pageSize - 1)) | (gpa & (pageSize - 1));
        return new EptWalkResult.Translation(hpa, (int) (entry >>> 3) & 7,
                (entry & (1L << 6)) != 0, pageSize, permissions);
    }

    private void setAccessed(EptPointer eptp, long entryAddress, long entry) {
        if (eptp.accessedDirtyEnabled() && (entry & ACCESSED) == 0) {
            memory.writeLong(entryAddress, entry | ACCESSED);
        }
    }

    static int indexAt(long gpa, int level) {
        return (int) (gpa >>> (12 + 9 * (level - 1))) & 0x1FF;
    }

    /**
     * §29.3.3.1: write without read; execute-only without IA32_VMX_EPT_VPID_CAP[0]; reserved bits
     * (7:3 in PML4Es and non-leaf PDPTEs, 6:3 in non-leaf PDEs, page-offset bits of 1-GByte and
     * 2-MByte leaves, 51:MAXPHYADDR everywhere); a 1-GByte page without support; a leaf memory
     * type of 2, 3 or 7.
     */
    boolean misconfigured(long entry, int level) {
        int rwx = (int) entry & 7;
        if ((rwx & 3) == 2 || rwx == 4 && !caps.has(EptVpidCapability.EXECUTE_ONLY)) {
            return true;
        }
        if (!caps.withinPhysicalWidth(entry & ADDRESS_MASK)) {
            return true;
        }
        boolean large = (entry & PAGE_SIZE_BIT) != 0;
        return switch (level) {
            case 4 -> (entry & 0xF8L) != 0;
            case 3 -> large ? !caps.has(EptVpidCapability.PDPTE_1GB_PAGES)
                    || (entry & 0x3FFF_F000L) != 0 || badMemoryType(entry)
                    : (entry & 0xF8L) != 0;
            case 2 -> large ? !caps.has(EptVpidCapability.PDE_2MB_PAGES)
                    || (entry & 0x1F_F000L) != 0 || badMemoryType(entry)
                    : (entry & 0x78L) != 0;
            default -> badMemoryType(entry);
        };
    }

    private static boolean badMemoryType(long entry) {
        int type = (int) (entry >>> 3) & 7;
        return type == 2 || type == 3 || type == 7;
    }
}

package dev.jvmx.vmx.ept;

import dev.jvmx.vmx.cap.EptVpidCapability;
import dev.jvmx.vmx.cap.VmxCapabilities;

/**
 * The extended-page-table pointer, EPT_POINTER (SDM Vol. 3C §25.6.11, Table 25-9):
 * <pre>
 *  63        N N-1                    12 11  8  7  6  5   3 2    0
 * +-----------+------------------------+-----+---+--+------+------+
 * | reserved  | PML4 table address     | rsvd|SSS|AD| len-1| type |
 * +-----------+------------------------+-----+---+--+------+------+
 *   type: paging-structure memory type, 0 = UC, 6 = WB
 *   len-1: page-walk length minus 1 (3 for 4 levels)
 *   AD: enable accessed and dirty flags; SSS: supervisor shadow-stack control
 * </pre>
 */
public record EptPointer(long value) {

    public int memoryType() {
        return (int) value & 7;
    }

    /** Page-walk length: bits 5:3 plus 1. */
    public int walkLength() {
        return ((int) (value >>> 3) & 7) + 1;
    }

    public boolean accessedDirtyEnabled() {
        return (value & (1L << 6)) != 0;
    }

    /** Physical address of the EPT PML4 table (bits N-1:12). */
    public long pml4Address() {
        return value & 0x000F_FFFF_FFFF_F000L;
    }

    /**
     * The VM-entry check of §27.2.1.1 (and the EPTP-switching and INVEPT single-context checks,
     * §26.5.6.3, §31.3): supported memory type, 4-level walk, A/D only if supported, bits 11:7
     * and bits beyond the physical-address width clear.
     */
    public boolean valid(VmxCapabilities caps) {
        int type = memoryType();
        boolean typeOk = type == 0 && caps.has(EptVpidCapability.MEMORY_TYPE_UC)
                || type == 6 && caps.has(EptVpidCapability.MEMORY_TYPE_WB);
        return typeOk
                && walkLength() == 4 && caps.has(EptVpidCapability.PAGE_WALK_LENGTH_4)
                && (!accessedDirtyEnabled() || caps.has(EptVpidCapability.ACCESSED_DIRTY_FLAGS))
                && (value & 0xF80L) == 0
                && caps.withinPhysicalWidth(value);
    }
}

package dev.jvmx.runtime.mmu;

import static dev.jvmx.runtime.mmu.PageTables.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.jvmx.vmx.cap.VmxCapabilities;
import dev.jvmx.vmx.ept.EptPointer;
import dev.jvmx.vmx.ept.EptViolationQualification;
import dev.jvmx.vmx.ept.EptWalker;
import dev.jvmx.vmx.ept.InveptType;
import dev.jvmx.vmx.ept.InvvpidType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Guest paging composed with EPT (SDM Vol. 3C §29.3): guest-physical addresses of the data and of
 * the guest's own paging structures go through EPT. EPT here: 2-MByte identity pages for the
 * first 8 MiB, except 0x400000..0x5FFFFF mapped by 4-KByte pages: 0x401000 read-only, 0x402000
 * -> host 0x600000, and the page holding the guest's PT for {@link #LA_HIDDEN} not present.
 */
class EptCompositionTest {
    static final long EPT = 0x70_0000L;
    static final long LA_REMAPPED = 0x0000_0000_0080_0000L, LA_READONLY = 0x0000_0000_0080_1000L;
    static final long LA_HIDDEN = 0x0000_0040_0000_0000L;
    static final long WB = 6 << 3;

    Rig r;
    EptTranslator ept;
    long hiddenTable;

    @BeforeEach
    void setUp() {
        r = new Rig(PagingMode.LEVEL4);
        r.pt.map(LA_REMAPPED, 0x40_2000L, 12, P | W);
        r.pt.map(LA_READONLY, 0x40_1000L, 12, P | W);
        r.pt.map(LA_HIDDEN, 0x40_3000L, 12, P | W);
        hiddenTable = r.pt.entryAddress(LA_HIDDEN, 1) & ~0xFFFL;
        buildEpt();
        ept = new EptTranslator(new EptWalker(new VmxMemoryAdapter(r.phys), VmxCapabilities.full()),
                new EptPointer(EPT | 3 << 3 | 6));
        r.mmu.setVmxContext(1, ept);
    }

    private void buildEpt() {
        r.mem.writePhys(EPT, 8, (EPT + 0x1000) | 7);
        r.mem.writePhys(EPT + 0x1000, 8, (EPT + 0x2000) | 7);
        for (int i = 0; i < 4; i++) {
            long pde = i == 2 ? (EPT + 0x3000) | 7 : (long) i << 21 | 7 | WB | PS;
            r.mem.writePhys(EPT + 0x2000 + 8L * i, 8, pde);
        }
        for (int i = 0; i < 512; i++) {
            long gpa = 0x40_0000L + ((long) i << 12);
            r.mem.writePhys(EPT + 0x3000 + 8L * i, 8, gpa | 7 | WB);
        }
        setEptPte(0x40_1000L, 0x40_1000L | 1 | WB);
        setEptPte(0x40_2000L, 0x60_0000L | 7 | WB);
        // The guest's PT for LA_HIDDEN lives at hiddenTable (below 0x400000): give it its own PT.
        long pt2 = EPT + 0x4000;
        long region = hiddenTable & ~0x1F_FFFFL;
        for (int i = 0; i < 512; i++) r.mem.writePhys(pt2 + 8L * i, 8, region + ((long) i << 12) | 7 | WB);
        r.mem.writePhys(pt2 + 8 * ((hiddenTable - region) >>> 12), 8, 0);
        r.mem.writePhys(EPT + 0x2000 + 8 * (region >>> 21), 8, pt2 | 7);
    }

    private void setEptPte(long gpa, long value) {
        r.mem.writePhys(EPT + 0x3000 + 8 * ((gpa - 0x40_0000L) >>> 12), 8, value);
    }

    @Test
    void dataGoesThroughEpt() {
        r.pattern(0x60_0000L, 0x33);
        assertEquals(r.phys64(0x60_0010L), r.mmu.read64(LA_REMAPPED + 0x10));
        assertEquals(0x60_0010L, r.mmu.translate(LA_REMAPPED + 0x10, AccessKind.READ));
    }

    @Test
    void writeToReadOnlyGuestPhysicalPageIsAnEptViolation() {
        assertEquals(0, r.mmu.read8(LA_READONLY + 4));
        EptViolationException e = assertThrows(EptViolationException.class,
                () -> r.mmu.write32(LA_READONLY + 4, 1));
        assertEquals(EptViolationQualification.WRITE | EptViolationQualification.READABLE
                | EptViolationQualification.LINEAR_ADDRESS_VALID | EptViolationQualification.TRANSLATED_ACCESS,
                e.qualification());
        assertEquals(0x18AL, e.qualification());
        assertEquals(0x40_1004L, e.guestPhysical());
        assertEquals(LA_READONLY + 4, e.guestLinear());
        assertEquals(0, r.mem.readPhys(0x40_1004L, 4));
    }

    @Test
    void guestPageTableOutsideEptIsAnEptViolationOnThePagingStructure() {
        EptViolationException e = assertThrows(EptViolationException.class, () -> r.mmu.read8(LA_HIDDEN));
        assertEquals(EptViolationQualification.READ | EptViolationQualification.LINEAR_ADDRESS_VALID,
                e.qualification());
        assertEquals(hiddenTable, e.guestPhysical());
        assertEquals(LA_HIDDEN, e.guestLinear());
    }

    @Test
    void combinedMappingIsStaleUntilInvept() {
        r.pattern(0x60_0000L, 0x33);
        r.pattern(0x61_0000L, 0x44);
        r.mmu.read64(LA_REMAPPED);
        setEptPte(0x40_2000L, 0x61_0000L | 7 | WB);
        assertEquals(r.phys64(0x60_0008L), r.mmu.read64(LA_REMAPPED + 8));
        r.mmu.invept(InveptType.SINGLE_CONTEXT, EPT | 3 << 3 | 6);
        assertEquals(r.phys64(0x61_0008L), r.mmu.read64(LA_REMAPPED + 8));
    }

    @Test
    void entriesAreTaggedByVpid() {
        r.pattern(0x60_0000L, 0x33);
        r.pattern(0x61_0000L, 0x44);
        r.mmu.read64(LA_REMAPPED);
        setEptPte(0x40_2000L, 0x61_0000L | 7 | WB);
        r.mmu.setVmxContext(2, ept);
        assertEquals(r.phys64(0x61_0008L), r.mmu.read64(LA_REMAPPED + 8), "VPID 2 walks");
        setEptPte(0x40_2000L, 0x60_0000L | 7 | WB);
        r.mmu.setVmxContext(1, ept);
        assertEquals(r.phys64(0x60_0008L), r.mmu.read64(LA_REMAPPED + 8), "VPID 1 kept its entry");
        r.mmu.setVmxContext(2, ept);
        assertEquals(r.phys64(0x61_0008L), r.mmu.read64(LA_REMAPPED + 8), "VPID 2 kept its entry");
        r.mmu.invvpid(InvvpidType.SINGLE_CONTEXT, 2, 0);
        assertEquals(r.phys64(0x60_0008L), r.mmu.read64(LA_REMAPPED + 8), "INVVPID dropped VPID 2");
    }

    @Test
    void writeOnlyEptEntryIsAMisconfiguration() {
        setEptPte(0x40_2000L, 0x60_0000L | 2 | WB);   // write without read (§29.3.3.1)
        EptMisconfigurationException e = assertThrows(EptMisconfigurationException.class,
                () -> r.mmu.read8(LA_REMAPPED + 5));
        assertEquals(0x40_2005L, e.guestPhysical());
        assertEquals(1, e.level());
    }

    @Test
    void guestPageFaultComesBeforeEpt() {
        r.cpl = 3;   // the guest page is supervisor-only: #PF, no EPT exit, even for the read-only GPA
        Faults.expect("P+W+U", LA_READONLY, () -> r.mmu.write8(LA_READONLY, (byte) 1));
    }

    @Test
    void settingAccessedFlagInAReadOnlyGuestTableIsAnEptWrite() {
        long pt2 = EPT + 0x4000;
        long region = hiddenTable & ~0x1F_FFFFL;
        r.mem.writePhys(pt2 + 8 * ((hiddenTable - region) >>> 12), 8, hiddenTable | 1 | WB);  // read-only
        long pte = hiddenTable + 8 * ((LA_HIDDEN >>> 12) & 0x1FF);
        EptViolationException e = assertThrows(EptViolationException.class, () -> r.mmu.read8(LA_HIDDEN));
        assertEquals(EptViolationQualification.WRITE | EptViolationQualification.READABLE
                | EptViolationQualification.LINEAR_ADDRESS_VALID, e.qualification());
        assertEquals(pte, e.guestPhysical());
        assertEquals(0, r.mem.readPhys(pte, 8) & A, "the guest PTE's A flag was not set");
    }
}

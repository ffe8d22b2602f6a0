package dev.jvmx.vmx.ept;

import static org.junit.jupiter.api.Assertions.*;

import dev.jvmx.vmx.FakeMemory;
import dev.jvmx.vmx.cap.EptVpidCapability;
import dev.jvmx.vmx.cap.VmxCapabilities;
import dev.jvmx.vmx.exit.ExitReason;
import dev.jvmx.vmx.vmcs.Vmcs;
import dev.jvmx.vmx.vmcs.VmcsField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * EPT walks (SDM Vol. 3C §29.3) over a small hierarchy:
 * <pre>
 *   PML4 0x10000 [0] -> PDPT 0x11000 [0] -> PD 0x12000 [0] -> PT 0x13000
 *   PTE[1] 0x100000 RWX WB    PTE[2] 0x101000 R-- WB    PTE[3] 0x102000 --X (execute-only)
 *   PDE[1]  2-MByte page 0x200000 RW- UC               PDPTE[1] 1-GByte page 0x40000000 RWX WB
 * </pre>
 */
class EptWalkerTest {

    private static final long WB = 6L << 3;
    private static final long PS = 0x80;
    private final FakeMemory mem = new FakeMemory();
    private final VmxCapabilities caps = VmxCapabilities.full();
    private final EptPointer eptp = new EptPointer(0x10000 | 6 | 3 << 3);
    private final EptPointer eptpAd = new EptPointer(eptp.value() | 1 << 6);

    EptWalkerTest() {
        mem.writeLong(0x10000, 0x11000 | 7);
        mem.writeLong(0x11000, 0x12000 | 7);
        mem.writeLong(0x11008, 0x4000_0000L | PS | 7 | WB);
        mem.writeLong(0x12000, 0x13000 | 7);
        mem.writeLong(0x12008, 0x20_0000 | PS | 3);
        mem.writeLong(0x13008, 0x10_0000 | 7 | WB);
        mem.writeLong(0x13010, 0x10_1000 | 1 | WB);
        mem.writeLong(0x13018, 0x10_2000 | 4 | WB);
    }

    private EptWalkResult walk(long gpa, EptAccess access) {
        return new EptWalker(mem, caps).walk(eptp, gpa, access);
    }

    /** Legend: gpa, access, host-physical address, page size, memory type, permissions. */
    @ParameterizedTest
    @CsvSource({
        "0x1234,     READ,  0x100234,   0x1000,     6, 7",
        "0x1FFF,     WRITE, 0x100FFF,   0x1000,     6, 7",
        "0x2010,     READ,  0x101010,   0x1000,     6, 1",
        "0x3000,     FETCH, 0x102000,   0x1000,     6, 4",
        "0x205678,   WRITE, 0x205678,   0x200000,   0, 3",
        "0x40123456, FETCH, 0x40123456, 0x40000000, 6, 7",
    })
    void translations(String gpa, EptAccess access, String hpa, String size, int type,
            int permissions) {
        var t = assertInstanceOf(EptWalkResult.Translation.class, walk(Long.decode(gpa), access));
        assertEquals(Long.decode(hpa), t.hostPhysical());
        assertEquals(Long.decode(size), t.pageSize());
        assertEquals(type, t.memoryType());
        assertEquals(permissions, t.permissions());
    }

    /** Legend: gpa, access, qualification (Table 28-7 bits 0–5). */
    @ParameterizedTest
    @CsvSource({
        "0x2000,   WRITE, 0x0A",
        "0x2000,   FETCH, 0x0C",
        "0x3000,   READ,  0x21",
        "0x205000, FETCH, 0x1C",
        "0x5000,   READ,  0x01",
        "0x80000000, WRITE, 0x02",
    })
    void violations(String gpa, EptAccess access, String qualification) {
        var v = assertInstanceOf(EptWalkResult.Violation.class, walk(Long.decode(gpa), access));
        assertEquals(Long.decode(qualification), v.qualification());
    }

    @Test
    void guestLinearBitsInTheQualification() {
        var v = (EptWalkResult.Violation) new EptWalker(mem, caps).walk(eptp, 0x2000,
                EptAccess.WRITE, EptViolationQualification.GuestLinear.TRANSLATED);
        assertEquals(0x18A, v.qualification());
        var p = (EptWalkResult.Violation) new EptWalker(mem, caps).walk(eptp, 0x2000,
                EptAccess.WRITE, EptViolationQualification.GuestLinear.PAGING_STRUCTURE);
        assertEquals(0x8A, p.qualification());
    }

    /** Legend: address of the entry, its new value, level reported (§29.3.3.1). */
    @ParameterizedTest
    @CsvSource({
        "0x13008, 0x100032, 1",
        "0x13008, 0x100016, 1",
        "0x10000, 0x1100F,  4",
        "0x12000, 0x13087,  2",
        "0x12000, 0x80000013007, 2",
        "0x11008, 0x40001087, 3",
        "0x13008, 0x100017, 1",
        "0x13008, 0x800000100007, 1",
    })
    void misconfigurations(String entry, String value, int level) {
        mem.writeLong(Long.decode(entry), Long.decode(value));
        long gpa = Long.decode(entry) == 0x11008 ? 0x4000_0000L : 0x1000;
        var m = assertInstanceOf(EptWalkResult.Misconfiguration.class, walk(gpa, EptAccess.READ));
        assertEquals(level, m.level());
    }

    @Test
    void executeOnlyIsAMisconfigurationWithoutSupport() {
        VmxCapabilities noXo = VmxCapabilities.builder().without(EptVpidCapability.EXECUTE_ONLY)
                .build();
        assertInstanceOf(EptWalkResult.Misconfiguration.class,
                new EptWalker(mem, noXo).walk(eptp, 0x3000, EptAccess.FETCH));
    }

    @Test
    void oneGigabytePagesNeedSupport() {
        VmxCapabilities no1g = VmxCapabilities.builder()
                .without(EptVpidCapability.PDPTE_1GB_PAGES).build();
        assertInstanceOf(EptWalkResult.Misconfiguration.class,
                new EptWalker(mem, no1g).walk(eptp, 0x4000_0000L, EptAccess.READ));
    }

    @Test
    void accessedAndDirtyFlagsOnlyWithEptpBit6() {
        new EptWalker(mem, caps).walk(eptp, 0x1000, EptAccess.WRITE);
        assertEquals(0, mem.readLong(0x13008) & 0x300, "A/D disabled: entries untouched");
        new EptWalker(mem, caps).walk(eptpAd, 0x1000, EptAccess.READ);
        assertEquals(0x100, mem.readLong(0x13008) & 0x300, "read sets A only");
        assertEquals(0x100, mem.readLong(0x10000) & 0x100, "A in the PML4E too");
        new EptWalker(mem, caps).walk(eptpAd, 0x1000, EptAccess.WRITE);
        assertEquals(0x300, mem.readLong(0x13008) & 0x300, "write sets D in the leaf");
        assertEquals(0, mem.readLong(0x12000) & 0x200, "no D in non-leaf entries");
    }

    /**
     * §29.3.6: a dirty flag set from 0 to 1 logs the 4-KByte page at the PML index and
     * decrements it; an A/D update with the index out of 0–511 is a log-full event instead.
     */
    @Test
    void pageModificationLogging() {
        long log = 0x30000;
        var vmcs = new Vmcs(caps, caps.revisionId());
        vmcs.write(VmcsField.PML_ADDRESS, log);
        vmcs.write(VmcsField.PML_INDEX, 1);
        var pml = new PageModificationLog(vmcs, mem);
        var walker = new EptWalker(mem, caps);
        var none = EptViolationQualification.GuestLinear.NONE;
        walker.walk(eptpAd, 0x1000, EptAccess.READ, none, pml);
        assertEquals(1, vmcs.read(VmcsField.PML_INDEX), "accessed flags are not logged");
        walker.walk(eptpAd, 0x1010, EptAccess.WRITE, none, pml);
        assertEquals(0x1000, mem.readLong(log + 8), "entry 1: the page, bits 11:0 clear");
        walker.walk(eptpAd, 0x1FFF, EptAccess.WRITE, none, pml);
        assertEquals(0, vmcs.read(VmcsField.PML_INDEX), "dirty already set: logged once");
        walker.walk(eptpAd, 0x205678, EptAccess.WRITE, none, pml);
        assertEquals(0x205000, mem.readLong(log), "a 2-MByte page logs the 4-KByte page written");
        assertEquals(0xFFFF, vmcs.read(VmcsField.PML_INDEX));
        assertInstanceOf(EptWalkResult.LogFull.class, walker.walk(eptpAd, 0x4000_0000L, EptAccess.READ, none, pml));
        assertEquals(0, mem.readLong(0x11008) & 0x100, "log full: the accessed flag is not set");
        assertInstanceOf(EptWalkResult.Translation.class, walker.walk(eptpAd, 0x1234, EptAccess.WRITE, none, pml),
                "no flag to set: no log-full event");
        assertEquals(ExitReason.PAGE_MODIFICATION_LOG_FULL, EptExits.of(new EptWalkResult.LogFull(), 0, 0).reason());
    }

    /** Legend: EPTP, valid under the full capabilities (§25.6.11). */
    @ParameterizedTest
    @CsvSource({
        "0x10018, true",
        "0x10010, false",
        "0x1001E, true",
        "0x10058, true",
        "0x1005E, true",
        "0x10016, false",
        "0x1001F, false",
        "0x1011E, false",
        "0x800000001E, false",
        "0x1001D, false",
    })
    void eptpValidity(String value, boolean valid) {
        assertEquals(valid, new EptPointer(Long.decode(value)).valid(caps));
    }

    @Test
    void tlbTagsAndInvalidation() {
        TlbTag tag = TlbTag.nonRoot(true, 5, true, eptp.value(), 0);
        assertEquals(0x10000, tag.eptrta());
        assertTrue(tag.invalidatedBy(InvvpidType.SINGLE_CONTEXT, 5));
        assertFalse(tag.invalidatedBy(InvvpidType.SINGLE_CONTEXT, 6));
        assertTrue(tag.invalidatedBy(InvvpidType.ALL_CONTEXT, 0));
        assertTrue(tag.invalidatedBy(InveptType.SINGLE_CONTEXT, eptpAd.value()));
        assertFalse(tag.invalidatedBy(InveptType.SINGLE_CONTEXT, 0x20000 | 0x1E));
        assertTrue(tag.invalidatedBy(InveptType.ALL_CONTEXT, 0));
        TlbTag root = TlbTag.root(0);
        assertFalse(root.invalidatedBy(InvvpidType.ALL_CONTEXT, 0), "VPID 0 survives all-context");
        assertFalse(root.invalidatedBy(InveptType.ALL_CONTEXT, 0));
        assertEquals(0, TlbTag.nonRoot(false, 5, false, 0, 0).vpid());
    }

    @Test
    void walkFailuresBecomeExits() {
        var walker = new EptWalker(mem, caps);
        var violation = walker.walk(eptp, 0x2000, EptAccess.WRITE,
                EptViolationQualification.GuestLinear.TRANSLATED);
        var exit = EptExits.of(violation, 0x2010, 0x7000_2010L);
        assertEquals(dev.jvmx.vmx.exit.ExitReason.EPT_VIOLATION, exit.reason());
        assertEquals(0x18A, exit.qualification());
        assertEquals(0x2010, exit.guestPhysicalAddress());
        assertEquals(0x7000_2010L, exit.guestLinearAddress());
        mem.writeLong(0x13008, 0x100032);
        var misconfig = EptExits.of(walker.walk(eptp, 0x1000, EptAccess.READ), 0x1000, 5);
        assertEquals(dev.jvmx.vmx.exit.ExitReason.EPT_MISCONFIGURATION, misconfig.reason());
        assertEquals(0, misconfig.qualification());
        assertEquals(0, misconfig.guestLinearAddress());
        assertNull(EptExits.of(walker.walk(eptp, 0x2000, EptAccess.READ), 0x2000, 0));
    }
}

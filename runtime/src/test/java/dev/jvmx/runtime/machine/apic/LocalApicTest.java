package dev.jvmx.runtime.machine.apic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvmx.runtime.machine.dev.ManualClock;
import dev.jvmx.runtime.mem.GuestFault;
import org.junit.jupiter.api.Test;

class LocalApicTest {
    private final ManualClock clock = new ManualClock();
    private final ApicBus bus = new ApicBus();
    private final LocalApic bsp = new LocalApic(0, true, clock, 1_000_000_000L);
    private final LocalApic ap = new LocalApic(1, false, clock, 1_000_000_000L);

    LocalApicTest() {
        bus.add(bsp);
        bus.add(ap);
    }

    private static void w(LocalApic a, int offset, int v) { a.write(offset, 4, v & 0xFFFF_FFFFL); }

    private static int r(LocalApic a, int offset) { return (int) a.read(offset, 4); }

    private static void enable(LocalApic a) { w(a, 0xF0, 0x1FF); }

    @Test
    void identityAndVersionRegisters() {
        assertEquals(1 << 24, r(ap, 0x20));
        assertEquals(0x14, r(bsp, 0x30) & 0xFF);
        assertEquals(5, r(bsp, 0x30) >>> 16 & 0xFF, "max LVT entry");
        assertEquals(0xFEE0_0900L, bsp.apicBase(), "enabled, BSP");
        assertEquals(0xFEE0_0800L, ap.apicBase());
        assertEquals(0x10000, r(ap, 0x350), "LVTs masked at reset");
        assertEquals(0x700, r(bsp, 0x350), "BSP LINT0 is ExtINT (virtual wire)");
    }

    @Test
    void acceptAcknowledgeAndEoiFollowPriorities() {
        enable(bsp);
        bsp.accept(0x31, false);
        bsp.accept(0x52, false);
        assertTrue(bsp.interruptPending());
        assertEquals(0x52, bsp.acknowledge());
        assertEquals(0x50, r(bsp, 0xA0), "PPR = class of in-service vector");
        assertFalse(bsp.interruptPending(), "0x31 is below the in-service class");
        assertEquals(1 << (0x52 - 0x40), r(bsp, 0x120), "ISR word 2");
        w(bsp, 0xB0, 0);
        assertEquals(0x31, bsp.acknowledge());
    }

    @Test
    void tprMasksLowerClassesAndSpuriousVectorIsReturned() {
        enable(bsp);
        w(bsp, 0x80, 0x40);
        bsp.accept(0x45, false);
        assertFalse(bsp.interruptPending());
        assertEquals(0xFF, bsp.acknowledge(), "spurious vector from SVR");
        w(bsp, 0x80, 0x30);
        assertEquals(0x45, bsp.acknowledge());
    }

    @Test
    void softwareDisabledApicDeliversNothingAndKeepsLvtsMasked() {
        bsp.accept(0x40, false);
        assertFalse(bsp.interruptPending());
        w(bsp, 0x320, 0x20);
        assertEquals(0x10020, r(bsp, 0x320));
    }

    @Test
    void oneShotTimerFiresOnceAfterInitialCountTimesDivisor() {
        enable(bsp);
        w(bsp, 0x3E0, 0x3);       // divide by 16
        w(bsp, 0x320, 0x40);      // one-shot, vector 0x40
        w(bsp, 0x380, 1000);      // 16 us at 1 GHz
        clock.advance(8000);
        assertEquals(500, r(bsp, 0x390));
        assertFalse(bsp.updateTimer());
        clock.advance(8000);
        assertTrue(bsp.updateTimer());
        assertEquals(0x40, bsp.acknowledge());
        assertEquals(0, r(bsp, 0x390));
        clock.advance(100_000);
        assertFalse(bsp.updateTimer());
    }

    @Test
    void periodicTimerReloadsAndReportsNextEvent() {
        enable(bsp);
        w(bsp, 0x3E0, 0xB);       // divide by 1
        w(bsp, 0x320, 0x20041);   // periodic, vector 0x41
        w(bsp, 0x380, 1000);
        assertEquals(1000, bsp.nextTimerNanos());
        clock.advance(1500);
        assertEquals(500, r(bsp, 0x390), "periodic: reloaded, not stuck at 0");
        clock.advance(1000);
        assertTrue(bsp.updateTimer());
        assertEquals(3000, bsp.nextTimerNanos());
        assertEquals(500, r(bsp, 0x390));
    }

    @Test
    void initAndStartupIpisReachTheApplicationProcessor() {
        enable(bsp);
        assertTrue(ap.waitingForSipi());
        w(bsp, 0x310, 1 << 24);
        w(bsp, 0x300, 0x4500);     // INIT, assert
        assertTrue(ap.takeInit());
        w(bsp, 0x300, 0x8500);     // INIT level de-assert: ignored
        assertFalse(ap.takeInit());
        w(bsp, 0x300, 0x4608);     // SIPI vector 8
        assertEquals(8, ap.takeSipi());
        assertFalse(ap.waitingForSipi());
        assertEquals(0, r(bsp, 0x300) & 0x1000, "delivery status idle");
    }

    /** Regression: the AP's thread took the INIT after the SIPI had arrived and lost the SIPI. */
    @Test
    void sipiArrivingBeforeTheInitIsTakenStaysPending() {
        enable(bsp);
        w(bsp, 0x310, 1 << 24);
        w(bsp, 0x300, 0x4500);
        w(bsp, 0x300, 0x4609);
        assertTrue(ap.takeInit());
        assertEquals(9, ap.takeSipi());
    }

    @Test
    void initDiscardsAnOlderSipi() {
        enable(bsp);
        w(bsp, 0x310, 1 << 24);
        w(bsp, 0x300, 0x4609);
        w(bsp, 0x300, 0x4500);
        assertTrue(ap.takeInit());
        assertEquals(-1, ap.takeSipi());
    }

    @Test
    void fixedIpiWithShorthandAllExcludingSelf() {
        enable(bsp);
        enable(ap);
        w(bsp, 0x300, 0xC0061);   // all excluding self, fixed, vector 0x61
        assertEquals(0x61, ap.acknowledge());
        assertFalse(bsp.interruptPending());
    }

    @Test
    void logicalFlatDestination() {
        enable(ap);
        w(ap, 0xD0, 0x0200_0000);  // logical ID bit 1
        w(bsp, 0x310, 0x0200_0000);
        w(bsp, 0x300, 0x0851);     // logical, fixed, vector 0x51
        assertEquals(0x51, ap.acknowledge());
    }

    @Test
    void x2apicMsrsOnceExtdIsSet() {
        assertThrows(GuestFault.class, () -> bsp.readMsr(0x802));
        bsp.writeMsr(0x1B, 0xFEE0_0000L | LocalApic.BASE_ENABLE | LocalApic.BASE_EXTD);
        assertTrue(bsp.x2apic());
        assertEquals(0, bsp.readMsr(0x802), "x2APIC ID is the full 32-bit ID");
        bsp.writeMsr(0x80F, 0x1FF);
        bsp.writeMsr(0x83F, 0x77);     // self IPI
        assertEquals(0x77, bsp.acknowledge());
        bsp.writeMsr(0x830, 1L << 32 | 0x4500); // INIT to APIC ID 1 through the 64-bit ICR
        assertTrue(ap.takeInit());
        assertThrows(GuestFault.class, () -> bsp.readMsr(0x80E), "no DFR in x2APIC mode");
        assertThrows(GuestFault.class, () -> bsp.writeMsr(0x1B, 0xFEE0_0000L | LocalApic.BASE_ENABLE),
                "x2APIC -> xAPIC directly is invalid");
        assertEquals(0, bsp.read(0x20, 4), "MMIO is off in x2APIC mode");
    }
}

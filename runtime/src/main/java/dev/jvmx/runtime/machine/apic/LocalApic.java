package dev.jvmx.runtime.machine.apic;

import dev.jvmx.runtime.machine.bus.MmioDevice;
import dev.jvmx.runtime.machine.dev.Clock;
import dev.jvmx.runtime.mem.GuestFault;

/**
 * One processor's local APIC (SDM Vol. 3A chapter 11): xAPIC registers in the 4 KiB page at
 * IA32_APIC_BASE (default 0xFEE0_0000) and, once IA32_APIC_BASE.EXTD is set, x2APIC MSRs
 * 0x800 + (offset >> 4) (§11.12.1.2). Registers modelled:
 * <pre>
 *  0x020 ID   0x030 version   0x080 TPR   0x090 APR   0x0A0 PPR   0x0B0 EOI   0x0D0 LDR   0x0E0 DFR
 *  0x0F0 SVR (bit 8 APIC software enable, bit 12 EOI-broadcast suppression, bits 7:0 spurious vector)
 *  0x100..0x170 ISR   0x180..0x1F0 TMR   0x200..0x270 IRR   0x280 ESR   0x300/0x310 ICR low/high
 *  0x320 LVT timer  0x330 thermal  0x340 perf  0x350 LINT0  0x360 LINT1  0x370 error
 *  0x380 initial count   0x390 current count   0x3E0 divide configuration   (x2APIC 0x83F self IPI)
 * </pre>
 * Priorities follow §11.8.3.1 (PPR from TPR and the highest in-service vector). At reset every
 * LVT is masked except the bootstrap processor's LINT0, which is ExtINT so that the 8259's
 * interrupts pass in virtual-wire mode as a PC BIOS leaves it (MP spec 1.4 §3.6.2.2).
 */
public final class LocalApic implements MmioDevice {
    public static final long DEFAULT_BASE = 0xFEE0_0000L;
    public static final int MSR_APIC_BASE = 0x1B, MSR_X2APIC_FIRST = 0x800, MSR_X2APIC_LAST = 0x8FF;
    public static final long BASE_BSP = 1L << 8, BASE_EXTD = 1L << 10, BASE_ENABLE = 1L << 11;
    static final int LVT_TIMER = 0, LVT_THERMAL = 1, LVT_PERF = 2, LVT_LINT0 = 3, LVT_LINT1 = 4, LVT_ERROR = 5;
    static final int LVT_MASKED = 1 << 16;
    public static final int VERSION = 0x14 | 5 << 16; // integrated APIC, 6 LVT entries

    private final int id;
    private final boolean bsp;
    private final ApicTimer timer;
    private ApicBus bus;
    long apicBase;
    int tpr, ldr, dfr, svr, esr, icrLow, icrHigh;
    final int[] lvt = new int[6];
    final ApicVectors irr = new ApicVectors(), isr = new ApicVectors(), tmr = new ApicVectors();
    private boolean nmiPending, initPending, waitingForSipi;
    private int sipiVector = -1;

    public LocalApic(int id, boolean bsp, Clock clock, long busHz) {
        this.id = id;
        this.bsp = bsp;
        this.timer = new ApicTimer(clock, busHz);
        this.apicBase = DEFAULT_BASE | BASE_ENABLE | (bsp ? BASE_BSP : 0);
        reset();
        waitingForSipi = !bsp;
    }

    void connect(ApicBus bus) { this.bus = bus; }

    /** Power-on / INIT state of the registers (§11.4.7.3); ID and APIC base survive INIT. */
    public void reset() {
        tpr = ldr = esr = icrLow = icrHigh = 0;
        dfr = 0xFFFF_FFFF;
        svr = 0xFF;
        java.util.Arrays.fill(lvt, LVT_MASKED);
        if (bsp) lvt[LVT_LINT0] = 0x700; // ExtINT, unmasked: virtual-wire mode
        irr.clear();
        isr.clear();
        tmr.clear();
        timer.setDivideConfig(0);
        timer.start(0);
        nmiPending = false;
    }

    public int id() { return id; }

    public boolean bsp() { return bsp; }

    /** IA32_APIC_BASE.EN: the APIC is globally enabled. */
    public boolean hardwareEnabled() { return (apicBase & BASE_ENABLE) != 0; }

    public boolean x2apic() { return (apicBase & BASE_EXTD) != 0 && hardwareEnabled(); }

    /** SVR bit 8. */
    public boolean softwareEnabled() { return hardwareEnabled() && (svr & 0x100) != 0; }

    public long apicBase() { return apicBase; }

    /** WRMSR IA32_APIC_BASE (§11.4.4; MAXPHYADDR 39 as CPUID 0x80000008 says); x2APIC may not be turned off without disabling first (§11.12.5). */
    public void writeApicBase(long v) {
        boolean toX2 = (v & BASE_EXTD) != 0, toEn = (v & BASE_ENABLE) != 0;
        if ((toX2 && !toEn) || (x2apic() && toEn && !toX2) || (v & 0xFFFF_FF80_0000_02FFL) != 0) {
            throw GuestFault.of(GuestFault.GP, 0);
        }
        apicBase = (v & ~BASE_BSP) | (bsp ? BASE_BSP : 0);
        if (!toEn) reset();
    }

    /** The physical address of the xAPIC page. */
    public long mmioBase() { return apicBase & 0xFFFF_F000L; }

    // ---- interrupt acceptance and delivery (§11.8)

    /** A fixed interrupt arrives (from an IPI, the I/O APIC or an LVT entry). */
    public void accept(int vector, boolean levelTriggered) {
        if (vector < 16) {
            esr |= 0x40; // received illegal vector
            return;
        }
        irr.set(vector);
        if (levelTriggered) tmr.set(vector);
        else tmr.clear(vector);
    }

    /** Processor priority (§11.8.3.1). */
    public int ppr() {
        int isrv = Math.max(isr.highest(), 0);
        return (tpr >>> 4) >= (isrv >>> 4) ? tpr & 0xFF : isrv & 0xF0;
    }

    /** A fixed interrupt outranks the processor priority. */
    public boolean interruptPending() {
        int v = irr.highest();
        return v >= 0 && softwareEnabled() && (v >>> 4) > (ppr() >>> 4);
    }

    /** INTA: the highest pending vector moves to ISR; the spurious vector if it is masked by now. */
    public int acknowledge() {
        if (!interruptPending()) return svr & 0xFF;
        int v = irr.highest();
        irr.clear(v);
        isr.set(v);
        return v;
    }

    /** A write to the EOI register: retire the highest in-service vector (§11.8.5). */
    void eoi() {
        int v = isr.highest();
        if (v < 0) return;
        isr.clear(v);
        if (tmr.get(v) && (svr & 0x1000) == 0 && bus != null) bus.broadcastEoi(v);
    }

    void raiseNmi() { nmiPending = true; }

    public boolean nmiPending() { return nmiPending; }

    public void acknowledgeNmi() { nmiPending = false; }

    /** INIT: the processor (an AP) now waits for SIPI; an older SIPI is void (SDM Vol. 3A §10.4.4). */
    void receiveInit() {
        initPending = true;
        sipiVector = -1;
        waitingForSipi = !bsp;
    }

    void receiveSipi(int vector) {
        if (waitingForSipi && sipiVector < 0) sipiVector = vector & 0xFF;
    }

    /** An INIT is waiting to be taken. */
    public boolean initPending() { return initPending; }

    /** An INIT arrived; consumes it. The monitor then resets the vCPU (an AP to wait for SIPI). */
    public boolean takeInit() {
        boolean p = initPending;
        initPending = false;
        if (p) reset(); // a SIPI that arrived after the INIT stays pending
        return p;
    }

    /** The vector of a start-up IPI received while waiting for one (consumed), or -1. */
    public int takeSipi() {
        int v = sipiVector;
        if (v >= 0) {
            sipiVector = -1;
            waitingForSipi = false;
        }
        return v;
    }

    public boolean waitingForSipi() { return waitingForSipi; }

    /** A start-up IPI is waiting to be taken. */
    public boolean sipiPending() { return sipiVector >= 0; }

    /** LINT0 delivers the 8259's INTR (ExtINT, unmasked) — or the APIC is off and INTR goes straight in. */
    public boolean passesExtInt() {
        if (!hardwareEnabled()) return true;
        int l = lvt[LVT_LINT0];
        return (l & LVT_MASKED) == 0 && ((l >>> 8) & 7) == 7;
    }

    // ---- timer

    /** Delivers timer expirations since the last call; returns true if one was delivered. */
    public boolean updateTimer() {
        timer.setPeriodic(((lvt[LVT_TIMER] >>> 17) & 3) == 1);
        long n = timer.takeExpirations();
        if (n == 0 || (lvt[LVT_TIMER] & LVT_MASKED) != 0) return false;
        accept(lvt[LVT_TIMER] & 0xFF, false);
        return true;
    }

    /** Clock time of the next timer expiration, or -1. */
    public long nextTimerNanos() {
        return (lvt[LVT_TIMER] & LVT_MASKED) != 0 ? -1 : timer.nextEventNanos();
    }

    ApicTimer timer() { return timer; }

    ApicBus bus() { return bus; }

    // ---- register access: xAPIC MMIO

    @Override
    public long read(long offset, int size) {
        if (x2apic() || (offset & 0xF) != 0 || size != 4) return 0; // x2APIC mode disables MMIO (§11.12.2)
        return ApicRegisters.read(this, (int) (offset >>> 4), false) & 0xFFFF_FFFFL;
    }

    @Override
    public void write(long offset, int size, long value) {
        if (x2apic() || (offset & 0xF) != 0 || size != 4) return;
        ApicRegisters.write(this, (int) (offset >>> 4), (int) value, false);
    }

    // ---- x2APIC MSRs (§11.12.1.2)

    public long readMsr(int msr) {
        if (msr == MSR_APIC_BASE) return apicBase;
        if (!x2apic() || msr < MSR_X2APIC_FIRST || msr > MSR_X2APIC_LAST) throw GuestFault.of(GuestFault.GP, 0);
        int index = msr - MSR_X2APIC_FIRST;
        if (index == ApicRegisters.ICR_LOW) return (long) icrHigh << 32 | (icrLow & 0xFFFF_FFFFL);
        return ApicRegisters.read(this, index, true) & 0xFFFF_FFFFL;
    }

    public void writeMsr(int msr, long value) {
        if (msr == MSR_APIC_BASE) {
            writeApicBase(value);
            return;
        }
        if (!x2apic() || msr < MSR_X2APIC_FIRST || msr > MSR_X2APIC_LAST) throw GuestFault.of(GuestFault.GP, 0);
        int index = msr - MSR_X2APIC_FIRST;
        if (index == ApicRegisters.ICR_LOW) {
            icrHigh = (int) (value >>> 32);
            ApicRegisters.write(this, index, (int) value, true);
            return;
        }
        ApicRegisters.write(this, index, (int) value, true);
    }

    /** x2APIC logical ID (§11.12.10.2): cluster in 31:16, one bit of 15:0. */
    int x2LogicalId() { return (id >>> 4) << 16 | 1 << (id & 15); }
}

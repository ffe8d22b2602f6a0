package dev.jvmx.vmx.nonroot;

import dev.jvmx.vmx.PhysicalMemory;
import dev.jvmx.vmx.cap.PrimaryProcessorBasedControl;
import dev.jvmx.vmx.cap.SecondaryProcessorBasedControl;
import dev.jvmx.vmx.exit.ExitReason;
import dev.jvmx.vmx.exit.VmExit;
import dev.jvmx.vmx.vmcs.Vmcs;
import dev.jvmx.vmx.vmcs.VmcsField;
import java.util.OptionalLong;

/**
 * The virtual APIC of one stretch of non-root operation (SDM Vol. 3C ch. 30): the virtual-APIC
 * page's registers (§30.1.1), TPR, PPR, EOI and self-IPI virtualization (§30.1.2–§30.1.5),
 * evaluation and delivery of virtual interrupts (§30.2), the TPR shadow for MOV CR8 (§30.3),
 * which accesses to the APIC-access page are virtualized and the APIC-write emulation after a
 * virtualized write (§30.4), and the x2APIC MSRs with "virtualize x2APIC mode" (§30.5).
 * RVI and SVI live in the guest interrupt status field (§25.4.2: RVI its low byte, SVI its high
 * byte), which the processor reads and updates in place. IPI virtualization and posted
 * interrupts (§30.1.6, §30.6) are not implemented.
 *
 * <pre>
 *   virtual-APIC page (offsets)          guest interrupt status (16 bits)
 *   080 VTPR   0A0 VPPR   0B0 VEOI       15        8 7         0
 *   100..170 VISR  (bit x at 100H | (x & E0H) >> 1, bit x & 1FH)  |   SVI    |    RVI    |
 *   200..270 VIRR  (bit x at 200H | (x & E0H) >> 1, bit x & 1FH)
 *   300 VICR_LO   310 VICR_HI
 * </pre>
 */
public final class VirtualApic {
    public static final int VTPR = 0x80, VPPR = 0xA0, VEOI = 0xB0, VISR = 0x100, VIRR = 0x200,
            VICR_LO = 0x300, VICR_HI = 0x310;
    /** Page offset an APIC-write VM exit reports for a self IPI with an illegal vector (§30.5). */
    public static final int SELF_IPI_OFFSET = 0x3F0;
    /** x2APIC MSRs with their own virtualization (§30.5). */
    public static final int MSR_TPR = 0x808, MSR_EOI = 0x80B, MSR_SELF_IPI = 0x83F;

    /**
     * Registers (bit n = page offset n × 10H) whose reads "APIC-register virtualization"
     * virtualizes (§30.4.2): ID, version, TPR, EOI, LDR, DFR, SVR, ISR, TMR, IRR, ESR, ICR, the
     * LVT entries 320H–370H, initial count, divide configuration.
     */
    private static final long READABLE = regs(0x02, 0x03, 0x08, 0x0B, 0x0D, 0x0E, 0x0F)
            | range(0x10, 0x28) | regs(0x30, 0x31) | range(0x32, 0x38) | regs(0x38, 0x3E);
    /**
     * Registers whose writes "APIC-register virtualization" virtualizes (§30.4.3.1): ID, TPR, EOI,
     * LDR, DFR, SVR, ESR, ICR low and high, the LVT entries 320H–370H, initial count, divide
     * configuration.
     */
    private static final long WRITABLE = regs(0x02, 0x08, 0x0B, 0x0D, 0x0E, 0x0F, 0x28, 0x30, 0x31)
            | range(0x32, 0x38) | regs(0x38, 0x3E);
    private final ExecutionControls controls;
    private final PhysicalMemory memory;
    private final Vmcs vmcs;
    private final long page;
    private boolean recognized;

    public VirtualApic(ExecutionControls controls, PhysicalMemory memory, Vmcs vmcs) {
        this.controls = controls;
        this.memory = memory;
        this.vmcs = vmcs;
        this.page = controls.virtualApicAddress() & ~0xFFFL;
    }

    private static long regs(int... indexes) {
        long bits = 0;
        for (int i : indexes) {
            bits |= 1L << i;
        }
        return bits;
    }

    private static long range(int from, int to) {
        return (-1L >>> (64 - (to - from))) << from;
    }

    /** "Use TPR shadow": the virtual-APIC page exists. */
    public boolean tprShadow() {
        return controls.has(PrimaryProcessorBasedControl.USE_TPR_SHADOW);
    }

    private boolean registerVirtualization() {
        return controls.has(SecondaryProcessorBasedControl.APIC_REGISTER_VIRTUALIZATION);
    }

    public boolean virtualInterruptDelivery() {
        return controls.has(SecondaryProcessorBasedControl.VIRTUAL_INTERRUPT_DELIVERY);
    }

    // ---- the virtual-APIC page ----

    /** The 32-bit field at {@code offset} of the virtual-APIC page. */
    public int register(int offset) {
        return memory.readInt(page + offset);
    }

    private void setRegister(int offset, int value) {
        memory.writeInt(page + offset, value);
    }

    private boolean bit(int base, int vector) {
        return (register(base | (vector & 0xE0) >>> 1) >>> (vector & 0x1F) & 1) != 0;
    }

    private void setBit(int base, int vector, boolean on) {
        int offset = base | (vector & 0xE0) >>> 1;
        int mask = 1 << (vector & 0x1F);
        int v = register(offset);
        setRegister(offset, on ? v | mask : v & ~mask);
    }

    /** Highest vector whose bit is set in the 256-bit register at {@code base}, or 0. */
    private int highest(int base) {
        for (int i = 7; i >= 0; i--) {
            int v = register(base + i * 0x10);
            if (v != 0) {
                return i * 32 + 31 - Integer.numberOfLeadingZeros(v);
            }
        }
        return 0;
    }

    private int status() {
        return vmcs.read32(VmcsField.GUEST_INTERRUPT_STATUS);
    }

    /** RVI: the guest interrupt status's low byte. */
    public int rvi() {
        return status() & 0xFF;
    }

    /** SVI: the guest interrupt status's high byte. */
    public int svi() {
        return status() >>> 8 & 0xFF;
    }

    private void setStatus(int rvi, int svi) {
        vmcs.write(VmcsField.GUEST_INTERRUPT_STATUS, (svi & 0xFF) << 8 | rvi & 0xFF);
    }

    // ---- §30.1 virtualization of APIC state ----

    /** §27.3.2.5: VM entry with "virtual-interrupt delivery" does PPR virtualization and evaluates pending virtual interrupts. */
    public void atEntry() {
        if (virtualInterruptDelivery()) {
            pprVirtualization();
            evaluate();
        }
    }

    /**
     * §30.1.2 TPR virtualization: without virtual-interrupt delivery a trap-like TPR_BELOW_THRESHOLD
     * exit if VTPR[7:4] &lt; TPR threshold[3:0]; with it, PPR virtualization and evaluation.
     */
    public VmExit tprVirtualization() {
        if (!virtualInterruptDelivery()) {
            return (register(VTPR) >>> 4 & 0xF) < (controls.tprThreshold() & 0xF)
                    ? VmExit.of(ExitReason.TPR_BELOW_THRESHOLD) : null;
        }
        pprVirtualization();
        evaluate();
        return null;
    }

    /** §30.1.3 PPR virtualization: VPPR = VTPR if VTPR[7:4] ≥ SVI[7:4], else SVI &amp; F0H; bytes 3:1 cleared. */
    void pprVirtualization() {
        int vtpr = register(VTPR) & 0xFF;
        int svi = svi();
        setRegister(VPPR, (vtpr >>> 4) >= (svi >>> 4) ? vtpr : svi & 0xF0);
    }

    /**
     * §30.1.4 EOI virtualization: clears SVI's bit in VISR, SVI becomes the highest bit left,
     * PPR virtualization; then a trap-like VIRTUALIZED_EOI exit (qualification = the vector) if
     * the vector's EOI-exit bitmap bit is set, else evaluation of pending virtual interrupts.
     */
    public VmExit eoiVirtualization() {
        int vector = svi();
        setBit(VISR, vector, false);
        setStatus(rvi(), highest(VISR));
        pprVirtualization();
        long bitmap = vmcs.read(VmcsField.values()[VmcsField.EOI_EXIT_BITMAP_0.ordinal() + (vector >>> 6)]);
        if ((bitmap >>> (vector & 63) & 1) != 0) {
            return VmExit.builder(ExitReason.VIRTUALIZED_EOI).qualification(vector).build();
        }
        evaluate();
        return null;
    }

    /** §30.1.5 self-IPI virtualization: VIRR[vector] = 1, RVI = max(RVI, vector), evaluation. */
    public void selfIpiVirtualization(int vector) {
        setBit(VIRR, vector, true);
        setStatus(Math.max(rvi(), vector & 0xFF), svi());
        evaluate();
    }

    // ---- §30.2 virtual interrupts ----

    /** §30.2.1: a virtual interrupt is recognized if "interrupt-window exiting" is 0 and RVI[7:4] &gt; VPPR[7:4]. */
    void evaluate() {
        recognized = !controls.has(PrimaryProcessorBasedControl.INTERRUPT_WINDOW_EXITING)
                && (rvi() >>> 4) > (register(VPPR) >>> 4 & 0xF);
    }

    /** Whether a virtual interrupt is recognized and not yet delivered. */
    public boolean recognized() {
        return recognized;
    }

    /**
     * §30.2.2: at an instruction boundary with a recognized virtual interrupt, RFLAGS.IF = 1 and
     * no blocking by STI or MOV SS, the interrupt is delivered: VISR[RVI] = 1, SVI = RVI, VPPR =
     * RVI &amp; F0H, VIRR[RVI] = 0, RVI = the highest bit left in VIRR; recognition ends. Returns
     * the vector to deliver through the guest IDT, or -1.
     */
    public int deliver(boolean interruptsEnabled, boolean blockedByStiOrMovSs) {
        if (!recognized || !interruptsEnabled || blockedByStiOrMovSs) {
            return -1;
        }
        int vector = rvi();
        setBit(VISR, vector, true);
        setRegister(VPPR, vector & 0xF0);
        setBit(VIRR, vector, false);
        setStatus(highest(VIRR), vector);
        recognized = false;
        return vector;
    }

    // ---- §30.3 TPR shadow ----

    /** §30.3: MOV from CR8 reads VTPR[7:4]. */
    public long readCr8() {
        return register(VTPR) >>> 4 & 0xF;
    }

    /** §30.3: MOV to CR8 writes VTPR = value[3:0] &lt;&lt; 4 (bytes 3:1 cleared), then TPR virtualization. */
    public VmExit writeCr8(long value) {
        setRegister(VTPR, (int) (value & 0xF) << 4);
        return tprVirtualization();
    }

    // ---- §30.4 the APIC-access page ----

    /** The access lies within the low 4 bytes of a naturally aligned 16-byte region. */
    private static boolean lowFourBytes(int offset, int size) {
        return size <= 4 && (offset & 0xF) + size <= 4;
    }

    private static boolean listed(long registers, int offset) {
        int index = (offset & 0xFF0) >>> 4;
        return index < 64 && (registers >>> index & 1) != 0;
    }

    /**
     * §30.4.2: a data read of {@code size} bytes at {@code offset} of the APIC-access page is
     * virtualized (needs "use TPR shadow", at most 32 bits within the low 4 bytes of a 16-byte
     * register): TPR always, EOI and ICR low with virtual-interrupt delivery, the registers of
     * {@link #READABLE} with APIC-register virtualization. Otherwise it is an APIC-access exit.
     */
    public boolean readVirtualized(int offset, int size) {
        return virtualized(offset, size, READABLE);
    }

    /**
     * §30.4.3.1: a write is virtualized (same size and alignment rules): TPR always, EOI and ICR
     * low with virtual-interrupt delivery, the registers of {@link #WRITABLE} with APIC-register
     * virtualization.
     */
    public boolean writeVirtualized(int offset, int size) {
        return virtualized(offset, size, WRITABLE);
    }

    private boolean virtualized(int offset, int size, long withRegisterVirtualization) {
        if (!tprShadow() || !lowFourBytes(offset, size)) {
            return false;
        }
        int reg = offset & 0xFF0;
        return reg == VTPR || virtualInterruptDelivery() && (reg == VEOI || reg == VICR_LO)
                || registerVirtualization() && listed(withRegisterVirtualization, offset);
    }

    /** A virtualized read returns the bytes at the same offset of the virtual-APIC page (§30.4.2). */
    public long read(int offset, int size) {
        long v = Integer.toUnsignedLong(register(offset & ~3)) >>> 8 * (offset & 3);
        return size >= 4 ? v : v & (1L << 8 * size) - 1;
    }

    /** A virtualized write goes to the same offset of the virtual-APIC page (§30.4.3.1). */
    public void write(int offset, int size, long value) {
        int shift = 8 * (offset & 3);
        int mask = (int) ((size >= 4 ? 0xFFFF_FFFFL : (1L << 8 * size) - 1) << shift);
        int old = register(offset & ~3);
        setRegister(offset & ~3, old & ~mask | (int) (value << shift) & mask);
    }

    /**
     * §30.4.3.2 APIC-write emulation after the operation that wrote {@code offset}: TPR → bytes
     * 3:1 of VTPR cleared, TPR virtualization; EOI with virtual-interrupt delivery → VEOI cleared,
     * EOI virtualization; ICR low with virtual-interrupt delivery and a fixed, edge-triggered
     * self IPI (reserved bits 31:20, 17:16, 13 and delivery status 12 clear, vector ≥ 16) →
     * self-IPI virtualization; ICR high → bytes 2:0 cleared, nothing else; any other case an
     * APIC-write VM exit (trap-like, qualification = the page offset, §30.4.3.3). Returns the
     * exit that follows, or null.
     */
    public VmExit emulateWrite(int offset) {
        switch (offset & 0xFF0) {
            case VTPR -> {
                setRegister(VTPR, register(VTPR) & 0xFF);
                return tprVirtualization();
            }
            case VEOI -> {
                if (virtualInterruptDelivery()) {
                    setRegister(VEOI, 0);
                    return eoiVirtualization();
                }
            }
            case VICR_LO -> {
                int icr = register(VICR_LO);
                boolean selfIpi = (icr & 0xFFF3_3000) == 0 // reserved 31:20, 17:16, 13; delivery status 12
                        && (icr >>> 18 & 3) == 1 // destination shorthand: self
                        && (icr & 0x8000) == 0 // edge
                        && (icr & 0x700) == 0 // fixed
                        && (icr & 0xF0) != 0; // vector >= 16
                if (virtualInterruptDelivery() && selfIpi) {
                    selfIpiVirtualization(icr & 0xFF);
                    return null;
                }
            }
            case VICR_HI -> {
                setRegister(VICR_HI, register(VICR_HI) & 0xFF00_0000);
                return null;
            }
            default -> { }
        }
        return apicWrite(offset);
    }

    /** §30.4.3.3: APIC-write VM exit, qualification bits 11:0 = the page offset. */
    private static VmExit apicWrite(int offset) {
        return VmExit.builder(ExitReason.APIC_WRITE).qualification(offset & 0xFFF).build();
    }

    // ---- §30.5 x2APIC MSRs ----

    private boolean x2apicMode() {
        return controls.has(SecondaryProcessorBasedControl.VIRTUALIZE_X2APIC_MODE);
    }

    /**
     * §30.5 RDMSR with "virtualize x2APIC mode" and ECX in 800H–8FFH (not exiting by the MSR
     * bitmap): with APIC-register virtualization any such ECX, without it only TPR (808H), reads
     * the 8 bytes at offset (ECX &amp; FFH) &lt;&lt; 4 of the virtual-APIC page into EDX:EAX — even
     * if the local APIC is not in x2APIC mode; empty if the instruction executes normally.
     */
    public OptionalLong readMsr(int msr) {
        if (!x2apicMode() || msr < 0x800 || msr > 0x8FF) {
            return OptionalLong.empty();
        }
        int index = msr & 0xFF;
        if (msr == MSR_TPR || registerVirtualization()) {
            return OptionalLong.of(memory.readLong(page + (index << 4)));
        }
        return OptionalLong.empty();
    }

    /** What a WRMSR to an x2APIC MSR does under "virtualize x2APIC mode" (§30.5). */
    public sealed interface MsrWrite {
        /** Not virtualized: the instruction executes normally. */
        record NotVirtualized() implements MsrWrite { }

        /** #GP(0): reserved bits of the value set. */
        record GeneralProtection() implements MsrWrite { }

        /** Virtualized; {@code exit} is the trap-like VM exit that follows, or null. */
        record Virtualized(VmExit exit) implements MsrWrite { }
    }

    /**
     * §30.5 WRMSR with "virtualize x2APIC mode": TPR (808H) — #GP(0) if bits 63:8 are set, else
     * VTPR = EDX:EAX (bytes 87H:80H) and TPR virtualization; with virtual-interrupt delivery also
     * EOI (80BH) — #GP(0) unless 0, else EOI virtualization — and SELF IPI (83FH) — #GP(0) if
     * bits 63:8 are set, else self-IPI virtualization, or an APIC-write exit with qualification
     * 3F0H for a vector below 16. Other x2APIC MSRs are not virtualized.
     */
    public MsrWrite writeMsr(int msr, long value) {
        if (!x2apicMode()) {
            return new MsrWrite.NotVirtualized();
        }
        boolean vid = virtualInterruptDelivery();
        if (msr == MSR_TPR || vid && msr == MSR_SELF_IPI) {
            if ((value & ~0xFFL) != 0) {
                return new MsrWrite.GeneralProtection();
            }
            if (msr == MSR_TPR) {
                memory.writeLong(page + VTPR, value);
                return new MsrWrite.Virtualized(tprVirtualization());
            }
            if (value < 16) {
                return new MsrWrite.Virtualized(apicWrite(SELF_IPI_OFFSET));
            }
            selfIpiVirtualization((int) value);
            return new MsrWrite.Virtualized(null);
        }
        if (vid && msr == MSR_EOI) {
            return value != 0 ? new MsrWrite.GeneralProtection() : new MsrWrite.Virtualized(eoiVirtualization());
        }
        return new MsrWrite.NotVirtualized();
    }

    /** Whether {@code vector}'s bit is set in VISR (tests and monitors). */
    public boolean inService(int vector) {
        return bit(VISR, vector);
    }

    /** Whether {@code vector}'s bit is set in VIRR. */
    public boolean requested(int vector) {
        return bit(VIRR, vector);
    }
}

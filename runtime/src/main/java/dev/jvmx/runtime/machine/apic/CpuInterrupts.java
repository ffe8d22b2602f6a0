package dev.jvmx.runtime.machine.apic;

import dev.jvmx.runtime.machine.dev.PicPair;

/**
 * The {@link InterruptController} of one vCPU: its local APIC's fixed interrupts first, then the
 * 8259's INTR through LINT0 (ExtINT, virtual-wire mode) on the processor whose LINT0 passes it —
 * or directly when the APIC is globally disabled (SDM Vol. 3A §11.4.3). NMIs come from the local
 * APIC (IPIs, I/O APIC NMI entries). Each call takes the machine's lock: ask at block boundaries
 * (or when RFLAGS.IF becomes 1), not before every instruction.
 */
public final class CpuInterrupts implements InterruptController {
    private final LocalApic apic;
    private final PicPair pic;
    private final Object lock;

    /**
     * {@code pic} is null for processors whose LINT0 is not wired to the 8259; {@code lock} is the
     * lock device access runs under (the machine), since devices on other threads raise interrupts.
     */
    public CpuInterrupts(LocalApic apic, PicPair pic, Object lock) {
        this.apic = apic;
        this.pic = pic;
        this.lock = lock;
    }

    /** A controller for single-threaded use (tests, one vCPU driven directly). */
    public CpuInterrupts(LocalApic apic, PicPair pic) {
        this(apic, pic, new Object());
    }

    private boolean picPending() {
        return pic != null && apic.passesExtInt() && pic.interruptPending();
    }

    @Override
    public boolean interruptPending() {
        synchronized (lock) {
            return (apic.hardwareEnabled() && apic.interruptPending()) || picPending();
        }
    }

    @Override
    public int acknowledge() {
        synchronized (lock) {
            if (apic.hardwareEnabled() && apic.interruptPending()) return apic.acknowledge();
            if (picPending()) return pic.acknowledge();
            return apic.hardwareEnabled() ? apic.acknowledge() : pic == null ? 0xFF : pic.acknowledge();
        }
    }

    @Override
    public boolean nmiPending() {
        synchronized (lock) {
            return apic.nmiPending();
        }
    }

    @Override
    public void acknowledgeNmi() {
        synchronized (lock) {
            apic.acknowledgeNmi();
        }
    }

    public LocalApic apic() { return apic; }
}

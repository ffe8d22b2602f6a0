package dev.jvmx.runtime.machine.apic;

import dev.jvmx.runtime.machine.dev.PicPair;

/**
 * The {@link InterruptController} of one vCPU: its local APIC's fixed interrupts first, then the
 * 8259's INTR through LINT0 (ExtINT, virtual-wire mode) on the processor whose LINT0 passes it —
 * or directly when the APIC is globally disabled (SDM Vol. 3A §11.4.3). NMIs come from the local
 * APIC (IPIs, I/O APIC NMI entries).
 */
public final class CpuInterrupts implements InterruptController {
    private final LocalApic apic;
    private final PicPair pic;

    /** {@code pic} is null for processors whose LINT0 is not wired to the 8259. */
    public CpuInterrupts(LocalApic apic, PicPair pic) {
        this.apic = apic;
        this.pic = pic;
    }

    private boolean picPending() {
        return pic != null && apic.passesExtInt() && pic.interruptPending();
    }

    @Override
    public boolean interruptPending() {
        return (apic.hardwareEnabled() && apic.interruptPending()) || picPending();
    }

    @Override
    public int acknowledge() {
        if (apic.hardwareEnabled() && apic.interruptPending()) return apic.acknowledge();
        if (picPending()) return pic.acknowledge();
        return apic.hardwareEnabled() ? apic.acknowledge() : pic == null ? 0xFF : pic.acknowledge();
    }

    @Override
    public boolean nmiPending() { return apic.nmiPending(); }

    @Override
    public void acknowledgeNmi() { apic.acknowledgeNmi(); }

    public LocalApic apic() { return apic; }
}

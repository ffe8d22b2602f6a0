package dev.jvmx.runtime.machine.apic;

import java.util.ArrayList;
import java.util.List;

/**
 * The APIC bus (system bus messages on modern parts) joining the local APICs and the I/O APIC:
 * routes inter-processor interrupts from the ICR (SDM Vol. 3A §11.6.1), interrupt messages from
 * the I/O APIC and EOI broadcasts for level-triggered vectors. Destinations follow §11.6.2:
 * physical (APIC ID; 0xFF, or 0xFFFF_FFFF in x2APIC mode, is broadcast) or logical (flat or
 * cluster model per DFR; x2APIC clustered logical IDs), and the shorthands self, all-including-self
 * and all-excluding-self. Delivery modes: fixed, lowest priority (to the matching APIC with the
 * lowest TPR), NMI, INIT (the level-de-assert form is ignored), start-up; SMI and ExtINT
 * messages are dropped.
 */
public final class ApicBus {
    public static final int DM_FIXED = 0, DM_LOWEST = 1, DM_SMI = 2, DM_NMI = 4, DM_INIT = 5, DM_STARTUP = 6, DM_EXTINT = 7;

    private final List<LocalApic> apics = new ArrayList<>();
    private IoApic ioApic;
    private long ipis;

    public void add(LocalApic apic) {
        apics.add(apic);
        apic.connect(this);
    }

    void connect(IoApic io) { this.ioApic = io; }

    public List<LocalApic> apics() { return List.copyOf(apics); }

    /** IPIs sent so far. */
    public long ipiCount() { return ipis; }

    /** An ICR write by {@code source}: low word {@code icr}, destination field {@code dest}. */
    void sendIpi(LocalApic source, int icr, int dest, boolean x2) {
        ipis++;
        int mode = (icr >>> 8) & 7;
        boolean logical = (icr & 0x800) != 0;
        boolean assert_ = (icr & 0x4000) != 0;
        boolean level = (icr & 0x8000) != 0;
        if (mode == DM_INIT && level && !assert_) return; // INIT level de-assert (§11.6.1)
        List<LocalApic> targets = switch ((icr >>> 18) & 3) {
            case 1 -> List.of(source);
            case 2 -> apics;
            case 3 -> apics.stream().filter(a -> a != source).toList();
            default -> match(dest, logical, x2);
        };
        deliver(targets, mode, icr & 0xFF, level && mode == DM_FIXED);
    }

    /** An interrupt message (from the I/O APIC). */
    void message(int dest, boolean logical, int mode, int vector, boolean level) {
        deliver(match(dest, logical, false), mode, vector, level);
    }

    private void deliver(List<LocalApic> targets, int mode, int vector, boolean level) {
        if (targets.isEmpty()) return;
        switch (mode) {
            case DM_FIXED -> targets.forEach(a -> a.accept(vector, level));
            case DM_LOWEST -> lowestPriority(targets).accept(vector, level);
            case DM_NMI -> targets.forEach(LocalApic::raiseNmi);
            case DM_INIT -> targets.forEach(LocalApic::receiveInit);
            case DM_STARTUP -> targets.forEach(a -> a.receiveSipi(vector));
            default -> { } // SMI, ExtINT, reserved
        }
    }

    private static LocalApic lowestPriority(List<LocalApic> targets) {
        LocalApic best = targets.getFirst();
        for (LocalApic a : targets) {
            if (a.tpr < best.tpr) best = a;
        }
        return best;
    }

    private List<LocalApic> match(int dest, boolean logical, boolean x2) {
        List<LocalApic> out = new ArrayList<>();
        for (LocalApic a : apics) {
            if (a.hardwareEnabled() && matches(a, dest, logical, x2)) out.add(a);
        }
        return out;
    }

    private static boolean matches(LocalApic a, int dest, boolean logical, boolean x2) {
        if (!logical) {
            int broadcast = x2 ? 0xFFFF_FFFF : 0xFF;
            return dest == broadcast || dest == a.id();
        }
        if (x2) {
            int ldr = a.x2LogicalId();
            return dest == 0xFFFF_FFFF || (dest >>> 16 == ldr >>> 16 && (dest & ldr & 0xFFFF) != 0);
        }
        int ldr = a.ldr >>> 24;
        if (dest == 0xFF) return true;
        if ((a.dfr >>> 28) == 0xF) return (ldr & dest) != 0;                 // flat model
        return (ldr >>> 4) == (dest >>> 4) && (ldr & dest & 0xF) != 0;        // cluster model
    }

    /** A level-triggered vector retired in some local APIC: tell the I/O APIC (§11.8.5). */
    void broadcastEoi(int vector) {
        if (ioApic != null) ioApic.eoi(vector);
    }

    /** The local APIC with {@code id}, or null. */
    public LocalApic byId(int id) {
        for (LocalApic a : apics) {
            if (a.id() == id) return a;
        }
        return null;
    }
}

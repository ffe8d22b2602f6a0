package dev.jvmx.runtime.machine.apic;

import dev.jvmx.runtime.mem.GuestFault;

/**
 * Reads and writes of local APIC registers by index ({@code offset >> 4}, the same index as
 * {@code MSR - 0x800} in x2APIC mode), SDM Vol. 3A Table 11-1 (xAPIC) and Table 11-6 (x2APIC).
 * In x2APIC mode the ID is 32 bits and read-only, LDR is derived from the ID, DFR does not
 * exist, ICR is one 64-bit MSR and a reserved or write-only register raises #GP.
 */
final class ApicRegisters {
    static final int ID = 0x02, VERSION = 0x03, TPR = 0x08, APR = 0x09, PPR = 0x0A, EOI = 0x0B, LDR = 0x0D,
            DFR = 0x0E, SVR = 0x0F, ISR = 0x10, TMR = 0x18, IRR = 0x20, ESR = 0x28, ICR_LOW = 0x30, ICR_HIGH = 0x31,
            LVT_FIRST = 0x32, LVT_LAST = 0x37, TIMER_INITIAL = 0x38, TIMER_CURRENT = 0x39, TIMER_DIVIDE = 0x3E,
            SELF_IPI = 0x3F;
    /** Writable bits of each LVT (timer, thermal, perf, LINT0, LINT1, error). */
    private static final int[] LVT_MASK = {0x7_10FF, 0x1_07FF, 0x1_07FF, 0x1_A7FF, 0x1_A7FF, 0x1_00FF};

    private ApicRegisters() {
    }

    static int read(LocalApic a, int index, boolean x2) {
        if (index >= ISR && index < ISR + 8) return a.isr.word(index - ISR);
        if (index >= TMR && index < TMR + 8) return a.tmr.word(index - TMR);
        if (index >= IRR && index < IRR + 8) return a.irr.word(index - IRR);
        if (index >= LVT_FIRST && index <= LVT_LAST) return a.lvt[index - LVT_FIRST];
        return switch (index) {
            case ID -> x2 ? a.id() : a.id() << 24;
            case VERSION -> LocalApic.VERSION;
            case TPR -> a.tpr;
            case APR -> 0;
            case PPR -> a.ppr();
            case LDR -> x2 ? a.x2LogicalId() : a.ldr;
            case DFR -> x2 ? gp() : a.dfr;
            case SVR -> a.svr;
            case ESR -> a.esr;
            case ICR_LOW -> a.icrLow;
            case ICR_HIGH -> x2 ? gp() : a.icrHigh;
            case TIMER_INITIAL -> (int) a.timer().initialCount();
            case TIMER_CURRENT -> (int) a.timer().currentCount();
            case TIMER_DIVIDE -> a.timer().divideConfig();
            default -> x2 ? gp() : 0;
        };
    }

    private static int gp() {
        throw GuestFault.of(GuestFault.GP, 0);
    }

    static void write(LocalApic a, int index, int v, boolean x2) {
        if (index >= LVT_FIRST && index <= LVT_LAST) {
            writeLvt(a, index - LVT_FIRST, v);
            return;
        }
        switch (index) {
            case ID -> { if (x2) gp(); } // xAPIC ID writes are ignored here: the ID is fixed per vCPU
            case TPR -> a.tpr = v & 0xFF;
            case EOI -> a.eoi();
            case LDR -> { if (x2) gp(); else a.ldr = v & 0xFF00_0000; }
            case DFR -> { if (x2) gp(); else a.dfr = v | 0x0FFF_FFFF; }
            case SVR -> writeSvr(a, v);
            case ESR -> a.esr = 0;
            case ICR_LOW -> {
                a.icrLow = v & ~(1 << 12); // delivery is instant: status always idle
                if (a.bus() != null) a.bus().sendIpi(a, v, x2 ? a.icrHigh : a.icrHigh >>> 24, x2);
            }
            case ICR_HIGH -> { if (x2) gp(); else a.icrHigh = v & 0xFF00_0000; }
            case TIMER_INITIAL -> a.timer().start(v);
            case TIMER_DIVIDE -> a.timer().setDivideConfig(v);
            case SELF_IPI -> { if (x2) a.accept(v & 0xFF, false); }
            default -> { if (x2) gp(); }
        }
    }

    private static void writeSvr(LocalApic a, int v) {
        a.svr = v & 0x11FF;
        if ((v & 0x100) == 0) {
            for (int i = 0; i < a.lvt.length; i++) a.lvt[i] |= LocalApic.LVT_MASKED; // §11.4.7.2
        }
    }

    private static void writeLvt(LocalApic a, int which, int v) {
        int value = v & LVT_MASK[which];
        if (!a.softwareEnabled()) value |= LocalApic.LVT_MASKED;
        a.lvt[which] = value;
        if (which == LocalApic.LVT_TIMER) a.timer().setPeriodic(((value >>> 17) & 3) == 1);
    }
}

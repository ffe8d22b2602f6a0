package dev.jvmx.runtime.machine.dev;

/**
 * One Intel 8259A programmable interrupt controller (datasheet 231468-003, "8259A Programmable
 * Interrupt Controller", Dec. 1988): the initialization sequence ICW1..ICW4, the operation
 * command words OCW1 (IMR), OCW2 (EOI, rotation) and OCW3 (IRR/ISR read select, poll, special
 * mask), the IRR/ISR/IMR registers, fully nested priority with rotation, auto-EOI and level or
 * edge triggering. An edge latched in IRR stays there until acknowledged even if the line
 * drops (as QEMU models it, so a device may signal an event with a pulse); the datasheet's
 * "line dropped before INTA gives IR7" case therefore arises only in level mode or when the
 * guest masks the request away. Special fully nested mode (SFNM) is not modelled. 8086 mode only (ICW4 bit 0 = 1 is assumed; MCS-80 call vectors are not
 * modelled). Two of these form the PC's cascade ({@link PicPair}).
 *
 * <pre>
 *  ICW1 (cmd port, D4 = 1): D3 LTIM (level), D1 SNGL, D0 IC4
 *  ICW2 (data port): T7..T3 vector base
 *  ICW3 (data port, if !SNGL): master: slave bit mask; slave: its ID on the master
 *  ICW4 (data port, if IC4): D4 SFNM, D1 AEOI, D0 uPM
 *  OCW2 (cmd port, D4..D3 = 00): R SL EOI . . L2 L1 L0
 *  OCW3 (cmd port, D4..D3 = 01): . ESMM SMM 0 1 P RR RIS
 * </pre>
 */
public final class Pic8259 {
    int irr, isr, imr, vectorBase, cascade;
    private int lastLevels;
    private int levelMode;
    /** The input with the highest priority (0 after ICW1; rotation moves it). */
    private int priorityBase;
    private boolean autoEoi, rotateOnAutoEoi, readIsr, pollPending, specialMask;
    private int initStep; // 0: operational; 2..4: expecting ICW2..ICW4
    private boolean singleMode, needIcw4;

    /** Sets input {@code ir} (0..7) to {@code level} (true = request). */
    public void setInput(int ir, boolean level) {
        int bit = 1 << ir;
        boolean was = (lastLevels & bit) != 0;
        if (level) {
            lastLevels |= bit;
            if (!was || (levelMode & bit) != 0) irr |= bit;
        } else {
            lastLevels &= ~bit;
            if ((levelMode & bit) != 0) irr &= ~bit;
        }
    }

    /** Highest-priority unmasked request that outranks every in-service level, or -1. */
    public int pendingIr() {
        int req = irr & ~imr;
        if (req == 0) return -1;
        int ir = highest(req);
        int blockingIsr = specialMask ? isr & ~imr : isr;
        int inService = highest(blockingIsr);
        if (inService >= 0 && rank(inService) <= rank(ir)) return -1;
        return ir;
    }

    /** INT output of this chip. */
    public boolean intOutput() { return pendingIr() >= 0; }

    /** Interrupt acknowledge for {@code ir} (from {@link #pendingIr()}): sets ISR, clears an edge IRR bit. */
    public void acknowledge(int ir) {
        int bit = 1 << ir;
        if ((levelMode & bit) == 0) irr &= ~bit;
        if (autoEoi) {
            if (rotateOnAutoEoi) priorityBase = (ir + 1) & 7;
        } else {
            isr |= bit;
        }
    }

    /** The vector for input {@code ir}. */
    public int vector(int ir) { return (vectorBase + ir) & 0xFF; }

    private int rank(int ir) { return (ir - priorityBase) & 7; }

    /** The input with the highest priority among {@code bits}, or -1. */
    private int highest(int bits) {
        for (int i = 0; i < 8; i++) {
            int ir = (priorityBase + i) & 7;
            if ((bits & (1 << ir)) != 0) return ir;
        }
        return -1;
    }

    /** A write to the command port (A0 = 0). */
    public void writeCommand(int v) {
        if ((v & 0x10) != 0) {
            icw1(v);
        } else if ((v & 0x08) == 0) {
            ocw2(v);
        } else {
            ocw3(v);
        }
    }

    private void icw1(int v) {
        levelMode = (v & 0x08) != 0 ? 0xFF : 0;
        singleMode = (v & 0x02) != 0;
        needIcw4 = (v & 0x01) != 0;
        imr = 0;
        isr = 0;
        irr &= levelMode == 0xFF ? lastLevels : 0;
        priorityBase = 0;
        autoEoi = false;
        rotateOnAutoEoi = false;
        specialMask = false;
        readIsr = false;
        initStep = 2;
    }

    private void ocw2(int v) {
        int level = v & 7;
        switch (v >>> 5) {
            case 0b001 -> eoi(highest(isr), false);      // non-specific EOI
            case 0b011 -> eoi(level, false);             // specific EOI
            case 0b101 -> eoi(highest(isr), true);       // rotate on non-specific EOI
            case 0b100 -> rotateOnAutoEoi = true;        // set rotate in AEOI mode
            case 0b000 -> rotateOnAutoEoi = false;       // clear rotate in AEOI mode
            case 0b111 -> eoi(level, true);              // rotate on specific EOI
            case 0b110 -> priorityBase = (level + 1) & 7; // set priority: level becomes lowest
            default -> { }                               // 010: no operation
        }
    }

    private void eoi(int ir, boolean rotate) {
        if (ir < 0) return;
        isr &= ~(1 << ir);
        if (rotate) priorityBase = (ir + 1) & 7;
    }

    private void ocw3(int v) {
        if ((v & 0x40) != 0) specialMask = (v & 0x20) != 0;
        if ((v & 0x04) != 0) pollPending = true;
        if ((v & 0x02) != 0) readIsr = (v & 0x01) != 0;
    }

    /** A read of the command port: IRR or ISR per OCW3, or the poll word after a poll command. */
    public int readCommand() {
        if (pollPending) {
            pollPending = false;
            int ir = pendingIr();
            if (ir < 0) return 0;
            acknowledge(ir);
            return 0x80 | ir;
        }
        return readIsr ? isr : irr;
    }

    /** A write to the data port (A0 = 1): ICW2..ICW4 during initialization, else OCW1. */
    public void writeData(int v) {
        switch (initStep) {
            case 2 -> {
                vectorBase = v & 0xF8;
                initStep = singleMode ? (needIcw4 ? 4 : 0) : 3;
            }
            case 3 -> {
                cascade = v;
                initStep = needIcw4 ? 4 : 0;
            }
            case 4 -> {
                autoEoi = (v & 0x02) != 0;
                initStep = 0;
            }
            default -> imr = v & 0xFF;
        }
    }

    /** A read of the data port: the IMR. */
    public int readData() { return imr; }

    public int irr() { return irr; }

    public int isr() { return isr; }

    public int imr() { return imr; }
}

package dev.jvmx.runtime.machine.dev;

import dev.jvmx.runtime.machine.bus.ByteIoDevice;
import dev.jvmx.runtime.machine.bus.IoBus;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;

/**
 * A 16550A UART (National Semiconductor PC16550D datasheet, "Registers", Table II) at COM1,
 * ports 0x3F8..0x3FF, IRQ 4. Transmission is instant: a byte written to THR goes to the host
 * stream at once and THR is empty again. Received bytes come from {@link #receive(int)} (the
 * machine feeds stdin there when asked); the receive FIFO holds 16 bytes with FIFOs enabled,
 * 1 without, and overflow sets OE.
 * <pre>
 *  +0 RBR/THR (DLL if DLAB)  +1 IER (DLM if DLAB)  +2 IIR (read) / FCR (write)  +3 LCR (bit 7 DLAB)
 *  +4 MCR (bit 3 OUT2 gates the IRQ on a PC, bit 4 loopback)  +5 LSR  +6 MSR  +7 SCR
 *  IIR: 0x01 none, 0x06 line status, 0x04 RX data, 0x0C RX timeout, 0x02 THR empty, 0x00 modem
 * </pre>
 */
public final class Uart16550 extends ByteIoDevice {
    public static final int COM1 = 0x3F8, COM1_IRQ = 4;
    private static final int IER_RDA = 1, IER_THRE = 2, IER_RLS = 4, IER_MSI = 8;
    private static final int LSR_DR = 0x01, LSR_OE = 0x02, LSR_THRE = 0x20, LSR_TEMT = 0x40;

    private final int base;
    private final int irq;
    private final IrqSink irqs;
    private final OutputStream out;
    private final ArrayDeque<Integer> rx = new ArrayDeque<>();
    private int ier, lcr, mcr, scr, dll = 12, dlm, lsrErrors;
    private boolean fifoEnabled, thrEmptyPending, msrChanged;
    private boolean irqLevel;
    private long transmitted;

    public Uart16550(int base, int irq, IrqSink irqs, OutputStream out) {
        this.base = base;
        this.irq = irq;
        this.irqs = irqs;
        this.out = out;
    }

    public void attach(IoBus bus) {
        bus.register(base, 8, this, String.format("uart@0x%x", base));
    }

    /** A byte arrives on the serial line. */
    public void receive(int b) {
        if (rx.size() >= (fifoEnabled ? 16 : 1)) {
            lsrErrors |= LSR_OE;
        } else {
            rx.add(b & 0xFF);
        }
        updateIrq();
    }

    /** The receiver has room (the FIFO, or the single holding register without FIFOs). */
    public boolean canReceive() {
        return rx.size() < (fifoEnabled ? 16 : 1);
    }

    /** Bytes sent by the guest so far. */
    public long transmitted() { return transmitted; }

    private boolean dlab() { return (lcr & 0x80) != 0; }

    /** The interrupt identification, highest priority first. */
    private int iir() {
        int id;
        if ((ier & IER_RLS) != 0 && lsrErrors != 0) id = 0x06;
        else if ((ier & IER_RDA) != 0 && !rx.isEmpty()) id = 0x04;
        else if ((ier & IER_THRE) != 0 && thrEmptyPending) id = 0x02;
        else if ((ier & IER_MSI) != 0 && msrChanged) id = 0x00;
        else id = 0x01;
        return id | (fifoEnabled ? 0xC0 : 0);
    }

    private void updateIrq() {
        boolean level = (iir() & 1) == 0 && (mcr & 0x08) != 0;
        if (level != irqLevel) {
            irqLevel = level;
            irqs.setIrq(irq, level);
        }
    }

    @Override
    protected int inByte(int port) {
        int r = port - base;
        int v = switch (r) {
            case 0 -> dlab() ? dll : readRbr();
            case 1 -> dlab() ? dlm : ier;
            case 2 -> readIir();
            case 3 -> lcr;
            case 4 -> mcr;
            case 5 -> readLsr();
            case 6 -> readMsr();
            default -> scr;
        };
        updateIrq();
        return v;
    }

    private int readRbr() {
        Integer b = rx.poll();
        return b == null ? 0 : b;
    }

    private int readIir() {
        int v = iir();
        if ((v & 0x0F) == 0x02) thrEmptyPending = false; // reading IIR clears a THRE interrupt
        return v;
    }

    private int readLsr() {
        int v = LSR_THRE | LSR_TEMT | lsrErrors | (rx.isEmpty() ? 0 : LSR_DR);
        lsrErrors = 0;
        return v;
    }

    private int readMsr() {
        msrChanged = false;
        if ((mcr & 0x10) != 0) { // loopback: DTR->DSR, RTS->CTS, OUT1->RI, OUT2->DCD
            return (mcr & 1) << 5 | (mcr & 2) << 3 | (mcr & 4) << 4 | (mcr & 8) << 4;
        }
        return 0xB0; // DCD, DSR, CTS asserted: a terminal is attached
    }

    @Override
    protected void outByte(int port, int value) {
        switch (port - base) {
            case 0 -> { if (dlab()) dll = value; else transmit(value); }
            case 1 -> { if (dlab()) dlm = value; else writeIer(value); }
            case 2 -> writeFcr(value);
            case 3 -> lcr = value;
            case 4 -> { mcr = value & 0x1F; msrChanged = true; }
            case 7 -> scr = value;
            default -> { } // LSR and MSR are read-only
        }
        updateIrq();
    }

    private void writeIer(int value) {
        int enabled = value & ~ier;
        ier = value & 0x0F;
        if ((enabled & IER_THRE) != 0) thrEmptyPending = true; // THR is always empty here
    }

    private void writeFcr(int value) {
        fifoEnabled = (value & 1) != 0;
        if ((value & 2) != 0 || !fifoEnabled) rx.clear();
    }

    private void transmit(int value) {
        transmitted++;
        thrEmptyPending = true;
        if ((mcr & 0x10) != 0) {
            receive(value);
            return;
        }
        try {
            out.write(value);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The current level of the IRQ output (after OUT2 gating). */
    public boolean irqAsserted() { return irqLevel; }

    /** Divisor latch: the baud rate is 115200 / divisor. */
    public int divisor() { return dlm << 8 | dll; }
}

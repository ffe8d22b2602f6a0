package dev.jvmx.runtime.machine.apic;

import dev.jvmx.runtime.machine.bus.MmioDevice;

/**
 * The I/O APIC (Intel 82093AA datasheet 290566-001): IOREGSEL at +0x00, IOWIN at +0x10 and the
 * EOI register at +0x40 (version 0x20 parts) in its page at 0xFEC0_0000; 24 redirection entries.
 * <pre>
 *  index 0x00 IOAPICID (27:24)  0x01 IOAPICVER (max entry 23:16 = 23, version 7:0 = 0x20)
 *  0x02 IOAPICARB   0x10 + 2n / 0x11 + 2n  redirection entry n, low / high dword:
 *  63..56 destination | 16 mask | 15 trigger (1 level) | 14 remote IRR | 13 polarity (1 low)
 *  12 delivery status | 11 destination mode (1 logical) | 10..8 delivery mode | 7..0 vector
 * </pre>
 * Inputs are given as asserted/de-asserted; polarity is taken as already applied. An edge entry
 * sends a message on each assertion; a level entry sends one while asserted and remote IRR is
 * clear, sets remote IRR, and is re-evaluated when a local APIC broadcasts EOI for its vector.
 */
public final class IoApic implements MmioDevice {
    public static final long DEFAULT_BASE = 0xFEC0_0000L;
    public static final int PINS = 24;
    private static final long MASKED = 1L << 16, LEVEL = 1L << 15, REMOTE_IRR = 1L << 14;
    private static final long WRITABLE = 0xFF00_0000_0001_AFFFL;

    private final ApicBus bus;
    private final long[] redirection = new long[PINS];
    private int levels;
    private int select;
    private int id;
    private long messages;

    public IoApic(int id, ApicBus bus) {
        this.id = id;
        this.bus = bus;
        java.util.Arrays.fill(redirection, MASKED);
        bus.connect(this);
    }

    /** Input pin {@code pin} is asserted ({@code level}) or de-asserted. */
    public void setPin(int pin, boolean level) {
        if (pin < 0 || pin >= PINS) return;
        int bit = 1 << pin;
        boolean was = (levels & bit) != 0;
        levels = level ? levels | bit : levels & ~bit;
        long e = redirection[pin];
        if (!level || (e & MASKED) != 0) return;
        if ((e & LEVEL) != 0) {
            service(pin);
        } else if (!was) {
            send(pin);
        }
    }

    private void service(int pin) {
        long e = redirection[pin];
        if ((levels & (1 << pin)) == 0 || (e & MASKED) != 0 || (e & REMOTE_IRR) != 0) return;
        redirection[pin] = e | REMOTE_IRR;
        send(pin);
    }

    private void send(int pin) {
        long e = redirection[pin];
        messages++;
        bus.message((int) (e >>> 56), (e & 0x800) != 0, (int) (e >>> 8) & 7, (int) e & 0xFF, (e & LEVEL) != 0);
    }

    /** EOI for {@code vector}: clear remote IRR of level entries with it and resend if still asserted. */
    void eoi(int vector) {
        for (int pin = 0; pin < PINS; pin++) {
            long e = redirection[pin];
            if ((e & LEVEL) != 0 && (e & 0xFF) == vector && (e & REMOTE_IRR) != 0) {
                redirection[pin] = e & ~REMOTE_IRR;
                service(pin);
            }
        }
    }

    /** Interrupt messages sent. */
    public long messageCount() { return messages; }

    /** Redirection entry {@code pin} (for tests and state dumps). */
    public long entry(int pin) { return redirection[pin]; }

    @Override
    public long read(long offset, int size) {
        return switch ((int) offset) {
            case 0x00 -> select;
            case 0x10 -> readRegister(select) & 0xFFFF_FFFFL;
            default -> 0;
        };
    }

    private int readRegister(int index) {
        if (index >= 0x10 && index < 0x10 + 2 * PINS) {
            long e = redirection[(index - 0x10) >>> 1];
            return (index & 1) == 0 ? (int) e : (int) (e >>> 32);
        }
        return switch (index) {
            case 0x00, 0x02 -> id << 24;
            case 0x01 -> (PINS - 1) << 16 | 0x20;
            default -> 0;
        };
    }

    @Override
    public void write(long offset, int size, long value) {
        switch ((int) offset) {
            case 0x00 -> select = (int) value & 0xFF;
            case 0x10 -> writeRegister(select, (int) value);
            case 0x40 -> eoi((int) value & 0xFF);
            default -> { }
        }
    }

    private void writeRegister(int index, int v) {
        if (index == 0x00) {
            id = (v >>> 24) & 0xF;
            return;
        }
        if (index < 0x10 || index >= 0x10 + 2 * PINS) return;
        int pin = (index - 0x10) >>> 1;
        long e = redirection[pin];
        long updated = (index & 1) == 0 ? (e & ~0xFFFF_FFFFL) | (v & 0xFFFF_FFFFL) : (e & 0xFFFF_FFFFL) | (long) v << 32;
        redirection[pin] = (updated & WRITABLE) | (e & REMOTE_IRR);
        if ((redirection[pin] & LEVEL) == 0) redirection[pin] &= ~REMOTE_IRR;
        service(pin);
    }
}

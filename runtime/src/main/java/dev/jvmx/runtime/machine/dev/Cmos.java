package dev.jvmx.runtime.machine.dev;

import dev.jvmx.runtime.machine.bus.ByteIoDevice;
import dev.jvmx.runtime.machine.bus.IoBus;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * The MC146818A real-time clock and its 128 bytes of CMOS RAM (Motorola MC146818A datasheet;
 * register use as on the IBM PC/AT, Technical Reference "Real-Time Clock/CMOS RAM"). Port 0x70
 * selects the register (bit 7 masks NMI), port 0x71 reads or writes it.
 * <pre>
 *  0x00 seconds  0x02 minutes  0x04 hours  0x06 day of week  0x07 day  0x08 month  0x09 year
 *  0x0A status A (bit 7 UIP)   0x0B status B (bit 2 DM binary, bit 1 24-hour)
 *  0x0C status C (read clears)  0x0D status D (bit 7 VRT)   0x32 century
 *  0x15/0x16 base memory KiB    0x17/0x18 = 0x30/0x31 KiB above 1 MiB (at most 0xFFFF)
 *  0x34/0x35 64 KiB blocks above 16 MiB (at most 0xFFFF)  0x5B..0x5D 64 KiB blocks above 4 GiB
 * </pre>
 * UIP (status A bit 7) reads 1 during the last 244 us of each second. The time is the clock's wall time plus whatever offset the guest set by writing the time
 * registers; values are BCD unless status B selects binary. Periodic and alarm interrupts
 * (IRQ8) are not generated.
 */
public final class Cmos extends ByteIoDevice {
    public static final int PORT_INDEX = 0x70, PORT_DATA = 0x71;
    public static final int SECONDS = 0x00, MINUTES = 0x02, HOURS = 0x04, WEEKDAY = 0x06, DAY = 0x07,
            MONTH = 0x08, YEAR = 0x09, STATUS_A = 0x0A, STATUS_B = 0x0B, STATUS_C = 0x0C, STATUS_D = 0x0D,
            CENTURY = 0x32;

    private final int[] ram = new int[128];
    private final Clock clock;
    private int index;
    private boolean nmiMasked;
    private long offsetSeconds;

    public Cmos(Clock clock, long ramSize) {
        this.clock = clock;
        ram[STATUS_A] = 0x26;
        ram[STATUS_B] = 0x02;
        ram[STATUS_D] = 0x80;
        setMemorySize(ramSize);
    }

    public void attach(IoBus bus) {
        bus.register(PORT_INDEX, 2, this, "cmos");
    }

    private void setMemorySize(long size) {
        put16(0x15, 640);
        long above1m = Math.min(Math.max(0, Math.min(size, 0xC000_0000L) - 0x10_0000) / 1024, 0xFFFF);
        put16(0x17, (int) above1m);
        put16(0x30, (int) above1m);
        long above16m = Math.min(Math.max(0, Math.min(size, 0xC000_0000L) - 0x100_0000) / 65536, 0xFFFF);
        put16(0x34, (int) above16m);
        long above4g = Math.max(0, size - 0xC000_0000L) / 65536;
        ram[0x5B] = (int) (above4g & 0xFF);
        ram[0x5C] = (int) ((above4g >>> 8) & 0xFF);
        ram[0x5D] = (int) ((above4g >>> 16) & 0xFF);
    }

    private void put16(int reg, int v) {
        ram[reg] = v & 0xFF;
        ram[reg + 1] = (v >>> 8) & 0xFF;
    }

    /** True while port 0x70 bit 7 masks NMI. */
    public boolean nmiMasked() { return nmiMasked; }

    private LocalDateTime now() {
        long secs = clock.epochSecondsAtOrigin() + offsetSeconds + clock.nanos() / 1_000_000_000L;
        return LocalDateTime.ofEpochSecond(secs, 0, ZoneOffset.UTC);
    }

    @Override
    protected int inByte(int port) {
        if (port == PORT_INDEX) return 0xFF;
        return switch (index) {
            case SECONDS, MINUTES, HOURS, WEEKDAY, DAY, MONTH, YEAR, CENTURY -> encode(timeField(index, now()));
            case STATUS_A -> ram[STATUS_A] | (updateInProgress() ? 0x80 : 0);
            case STATUS_C -> {
                int v = ram[STATUS_C];
                ram[STATUS_C] = 0;
                yield v;
            }
            default -> ram[index];
        };
    }

    /** UIP: set for the last 244 us before the seconds change (datasheet: "Update Cycle"). */
    private boolean updateInProgress() {
        return clock.nanos() % 1_000_000_000L >= 1_000_000_000L - 244_000L;
    }

    private static int timeField(int reg, LocalDateTime t) {
        return switch (reg) {
            case SECONDS -> t.getSecond();
            case MINUTES -> t.getMinute();
            case HOURS -> t.getHour();
            case WEEKDAY -> t.getDayOfWeek().getValue() % 7 + 1; // 1 = Sunday
            case DAY -> t.getDayOfMonth();
            case MONTH -> t.getMonthValue();
            case YEAR -> t.getYear() % 100;
            default -> t.getYear() / 100;
        };
    }

    private boolean binary() { return (ram[STATUS_B] & 0x04) != 0; }

    private int encode(int v) {
        return binary() ? v : (v / 10) << 4 | v % 10;
    }

    private int decode(int v) {
        return binary() ? v : (v >>> 4) * 10 + (v & 0xF);
    }

    @Override
    protected void outByte(int port, int value) {
        if (port == PORT_INDEX) {
            index = value & 0x7F;
            nmiMasked = (value & 0x80) != 0;
            return;
        }
        switch (index) {
            case SECONDS, MINUTES, HOURS, DAY, MONTH, YEAR, CENTURY -> setTime(index, decode(value));
            case STATUS_C, STATUS_D -> { } // read-only
            case STATUS_A -> ram[STATUS_A] = value & 0x7F; // UIP is read-only
            default -> ram[index] = value;
        }
    }

    private void setTime(int reg, int v) {
        LocalDateTime t = now();
        LocalDateTime n = switch (reg) {
            case SECONDS -> t.withSecond(Math.min(v, 59));
            case MINUTES -> t.withMinute(Math.min(v, 59));
            case HOURS -> t.withHour(Math.min(v, 23));
            case DAY -> t.withDayOfMonth(Math.max(1, Math.min(v, t.toLocalDate().lengthOfMonth())));
            case MONTH -> t.withMonth(Math.max(1, Math.min(v, 12)));
            case YEAR -> t.withYear(t.getYear() / 100 * 100 + v % 100);
            default -> t.withYear(v * 100 + t.getYear() % 100);
        };
        offsetSeconds += n.toEpochSecond(ZoneOffset.UTC) - t.toEpochSecond(ZoneOffset.UTC);
    }

    /** Raw CMOS byte {@code reg} (for the firmware side and tests). */
    public int peek(int reg) { return ram[reg & 0x7F]; }
}

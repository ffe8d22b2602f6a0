package dev.jvmx.vmx.exit;

/**
 * The interruption-information format shared by VM_ENTRY_INTERRUPTION_INFORMATION (SDM Vol. 3C
 * §25.8.3, Table 25-17), VM_EXIT_INTERRUPTION_INFORMATION (§25.9.2, Table 25-19) and
 * IDT_VECTORING_INFORMATION (§25.9.3, Table 25-20):
 * <pre>
 *  31  30            13  12  11  10   8 7          0
 * +---+----------------+---+---+------+------------+
 * | V |    reserved    | N | E | type |   vector   |
 * +---+----------------+---+---+------+------------+
 *   V valid, E error code valid (entry: deliver error code), N NMI unblocking due to IRET
 * </pre>
 */
public record InterruptionInfo(int value) {

    public static final int TYPE_EXTERNAL_INTERRUPT = 0;
    public static final int TYPE_RESERVED = 1;
    public static final int TYPE_NMI = 2;
    public static final int TYPE_HARDWARE_EXCEPTION = 3;
    public static final int TYPE_SOFTWARE_INTERRUPT = 4;
    public static final int TYPE_PRIVILEGED_SOFTWARE_EXCEPTION = 5;
    public static final int TYPE_SOFTWARE_EXCEPTION = 6;
    public static final int TYPE_OTHER_EVENT = 7;

    public static final int VALID = 1 << 31;
    public static final int ERROR_CODE_VALID = 1 << 11;
    public static final int NMI_UNBLOCKING = 1 << 12;

    /** A valid interruption information value. */
    public static InterruptionInfo of(int type, int vector, boolean errorCode) {
        return new InterruptionInfo(VALID | (type & 7) << 8 | (vector & 0xFF)
                | (errorCode ? ERROR_CODE_VALID : 0));
    }

    public boolean valid() {
        return (value & VALID) != 0;
    }

    public int vector() {
        return value & 0xFF;
    }

    public int type() {
        return (value >>> 8) & 7;
    }

    public boolean errorCodeValid() {
        return (value & ERROR_CODE_VALID) != 0;
    }

    public boolean nmiUnblocking() {
        return (value & NMI_UNBLOCKING) != 0;
    }

    /** Bits 30:12 (entry format: all reserved, §27.2.1.3). */
    public int reservedBits() {
        return value & 0x7FFFF000;
    }

    public InterruptionInfo withNmiUnblocking() {
        return new InterruptionInfo(value | NMI_UNBLOCKING);
    }
}

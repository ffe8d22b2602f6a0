package dev.jvmx.vmx;

/**
 * Guest activity states (GUEST_ACTIVITY_STATE, SDM Vol. 3C §25.4.2, Table 25-3). IA32_VMX_MISC
 * bits 6–8 advertise HLT, shutdown and wait-for-SIPI (App. A.6).
 */
public enum ActivityState {
    ACTIVE(0), HLT(1), SHUTDOWN(2), WAIT_FOR_SIPI(3);

    private final int value;

    ActivityState(int value) {
        this.value = value;
    }

    /** The value of the activity-state field. */
    public int value() {
        return value;
    }

    /** The state with {@code value}, or null if none. */
    public static ActivityState of(long value) {
        for (ActivityState s : values()) {
            if (s.value == value) {
                return s;
            }
        }
        return null;
    }
}

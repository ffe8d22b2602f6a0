package dev.jvmx.vmx.cap;

import java.util.Objects;

/**
 * The fixed description of one VMX control bit: its position in the 32-bit control field, the SDM's
 * name for it, and whether the model implements it (its allowed-1 setting).
 */
public record ControlBit(int bit, String sdmName, boolean implemented) {

    public ControlBit {
        if (bit < 0 || bit > 31) {
            throw new IllegalArgumentException("control bit out of range 0..31: " + bit);
        }
        Objects.requireNonNull(sdmName, "sdmName");
    }
}

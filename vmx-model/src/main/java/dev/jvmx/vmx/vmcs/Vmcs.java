package dev.jvmx.vmx.vmcs;

import dev.jvmx.vmx.VmInstructionError;
import dev.jvmx.vmx.cap.VmxCapabilities;

/**
 * One VMCS: the processor-side copy of a VMCS region (SDM Vol. 3C ch. 25). The SDM leaves the
 * in-memory format implementation-specific except the first 8 bytes (§25.2): the revision
 * identifier (bits 30:0), the shadow-VMCS indicator (bit 31) and the VMX-abort indicator. This
 * model keeps field values here, in Java, and only the revision identifier in guest memory, so
 * software can only reach fields through VMREAD / VMWRITE, as the SDM requires.
 *
 * <p>{@link #read(VmcsField)} / {@link #write(VmcsField, long)} are the processor's own
 * accesses (VM entry, VM exit): they truncate to the field's width and ignore read-only rules.
 * {@link #vmread(long)} / {@link #vmwrite(long, long)} are software's, with the checks of
 * VMREAD / VMWRITE (§31.3): unsupported component → error 12, read-only → error 13.
 */
public final class Vmcs {

    /** Launch state (§25.1): VMCLEAR makes it clear, a successful VMLAUNCH launched. */
    public enum LaunchState { CLEAR, LAUNCHED }

    private final VmxCapabilities caps;
    private final long[] values = new long[VmcsField.values().length];
    private int revisionId;
    private boolean shadowIndicator;
    private LaunchState launchState = LaunchState.CLEAR;
    private int abortIndicator;
    private boolean active;
    private boolean launchedBeforeVmxoff;

    public Vmcs(VmxCapabilities caps, int revisionId) {
        this.caps = caps;
        this.revisionId = revisionId;
    }

    public VmxCapabilities capabilities() {
        return caps;
    }

    public int revisionId() {
        return revisionId;
    }

    public void setRevisionId(int revisionId) {
        this.revisionId = revisionId & 0x7FFFFFFF;
    }

    public boolean shadowIndicator() {
        return shadowIndicator;
    }

    public void setShadowIndicator(boolean shadow) {
        this.shadowIndicator = shadow;
    }

    public LaunchState launchState() {
        return launchState;
    }

    public void setLaunchState(LaunchState state) {
        this.launchState = state;
    }

    /**
     * Active (§25.1): VMPTRLD makes a VMCS active, VMCLEAR makes it inactive. An active VMCS
     * may have state cached in the processor.
     */
    public boolean active() {
        return active;
    }

    public void setActive(boolean active) {
        this.active = active;
        if (!active) {
            launchedBeforeVmxoff = false;
        }
    }

    /**
     * True if VMXOFF ran while this VMCS was active and launched, without a VMCLEAR: its cached
     * state is lost, and VMRESUME fails with error 6 (§31.4).
     */
    public boolean launchedBeforeVmxoff() {
        return launchedBeforeVmxoff;
    }

    /** VMXOFF without VMCLEAR: an active launched VMCS is no longer resumable. */
    public void loseCachedState() {
        if (active && launchState == LaunchState.LAUNCHED) {
            launchedBeforeVmxoff = true;
        }
    }

    /** VMX-abort indicator (§28.7): nonzero after a VMX abort. */
    public int abortIndicator() {
        return abortIndicator;
    }

    public void setAbortIndicator(int indicator) {
        this.abortIndicator = indicator;
    }

    /** The processor's read of a field (no existence or read-only checks). */
    public long read(VmcsField field) {
        return values[field.ordinal()];
    }

    /** The processor's write of a field, truncated to the field's width. */
    public void write(VmcsField field, long value) {
        values[field.ordinal()] = value & field.width().mask();
    }

    /** Convenience: the low 32 bits of a field. */
    public int read32(VmcsField field) {
        return (int) read(field);
    }

    /**
     * VMREAD's view: the field named by {@code encoding}, bits 63:32 for a HIGH access
     * (§25.11.2), or error 12 if the encoding names no supported field.
     */
    public VmcsAccess vmread(long encoding) {
        VmcsField field = lookup(encoding);
        if (field == null) {
            return VmcsAccess.failed(VmInstructionError.UNSUPPORTED_VMCS_COMPONENT);
        }
        long v = read(field);
        return VmcsAccess.ok((encoding & 1) != 0 ? v >>> 32 : v);
    }

    /**
     * VMWRITE's view: writes {@code value} truncated to the field's width; a HIGH access writes
     * bits 63:32 from the low 32 bits of {@code value} and keeps bits 31:0. Returns null on
     * success, else error 12 (unsupported component) or 13 (read-only component, §31.3 VMWRITE:
     * VM-exit information fields unless IA32_VMX_MISC[29] is 1).
     */
    public VmInstructionError vmwrite(long encoding, long value) {
        VmcsField field = lookup(encoding);
        if (field == null) {
            return VmInstructionError.UNSUPPORTED_VMCS_COMPONENT;
        }
        if (field.type() == FieldType.READ_ONLY_DATA && !caps.vmwriteAnyField()) {
            return VmInstructionError.VMWRITE_READ_ONLY_COMPONENT;
        }
        if ((encoding & 1) != 0) {
            write(field, (read(field) & 0xFFFF_FFFFL) | (value << 32));
        } else {
            write(field, value);
        }
        return null;
    }

    /** The supported field {@code encoding} names, or null (reserved bits, HIGH of a non-64). */
    public VmcsField lookup(long encoding) {
        VmcsFieldEncoding e = VmcsFieldEncoding.of(encoding);
        if (e.reservedBitsSet()) {
            return null;
        }
        if (e.highAccess() && e.width() != FieldWidth.BITS_64) {
            return null;
        }
        VmcsField field = VmcsField.ofEncoding(e.fullEncoding());
        return field != null && field.supportedBy(caps) ? field : null;
    }

    /** Copies every field value from {@code other} (used when a VMCS is reloaded from memory). */
    public void copyFrom(Vmcs other) {
        System.arraycopy(other.values, 0, values, 0, values.length);
    }
}

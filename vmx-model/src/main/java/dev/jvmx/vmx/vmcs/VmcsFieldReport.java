package dev.jvmx.vmx.vmcs;

import dev.jvmx.vmx.cap.VmxCapabilities;

/**
 * The VMCS field table as text, one field a line, for {@code jvmx vmcs-fields}:
 * <pre>
 * 0x681e  GUEST_RIP                                      natural  guest state     yes
 * </pre>
 * Columns: encoding ({@code 0x%04x}), name, width, type, supported by the capabilities. A
 * trailing summary counts fields and encodings (HIGH halves of 64-bit fields included).
 */
public final class VmcsFieldReport {

    private VmcsFieldReport() {
    }

    /** The table for {@code caps}. */
    public static String render(VmxCapabilities caps) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("%-7s %-46s %-8s %-15s %s%n",
                "enc", "field", "width", "type", "supported"));
        int supported = 0;
        for (VmcsField f : VmcsField.values()) {
            boolean yes = f.supportedBy(caps);
            supported += yes ? 1 : 0;
            out.append(line(f, yes));
        }
        out.append(String.format("# %d fields, %d encodings (with HIGH halves), %d supported%n",
                VmcsField.values().length, VmcsField.encodingCount(), supported));
        return out.toString();
    }

    /** The table for everything the model implements. */
    public static String render() {
        return render(VmxCapabilities.full());
    }

    static String line(VmcsField f, boolean supported) {
        return String.format("0x%04x  %-46s %-8s %-15s %s%n", f.encoding(), f.name(),
                f.width().label(), f.type().label(), supported ? "yes" : "no");
    }
}

package dev.jvmx.cli;

import dev.jvmx.vmx.cap.VmxCapReport;
import picocli.CommandLine.Command;

/** {@code jvmx vmxcap}: the model's VMX capability MSRs decoded bit by bit (like QEMU's vmxcap script). */
@Command(name = "vmxcap", mixinStandardHelpOptions = true,
        description = "Print the VT-x capability MSRs of jvmx's model, decoded bit by bit.")
public final class VmxcapCommand implements Runnable {
    @Override
    public void run() {
        System.out.print(VmxCapReport.render());
        System.out.flush();
    }
}

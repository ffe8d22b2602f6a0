package dev.jvmx.cli;

import dev.jvmx.vmx.vmcs.VmcsFieldReport;
import picocli.CommandLine.Command;

/** {@code jvmx vmcs-fields}: the VMCS field table, one field a line (encoding, name, width, type, supported). */
@Command(name = "vmcs-fields", mixinStandardHelpOptions = true,
        description = "Print the VMCS field table: encoding, SDM name, width, type, supported.")
public final class VmcsFieldsCommand implements Runnable {
    @Override
    public void run() {
        System.out.print(VmcsFieldReport.render());
        System.out.flush();
    }
}

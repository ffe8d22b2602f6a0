/**
 * VM exits (SDM Vol. 3C ch. 28, App. C). {@link dev.jvmx.vmx.exit.ExitReason} lists every basic
 * exit reason with its number and whether it is fault-like, trap-like, an event or an entry
 * failure (§28.1). {@link dev.jvmx.vmx.exit.VmExit} is one exit with all exit information
 * (§28.2): what a monitor receives. Builders encode the formats: {@link
 * dev.jvmx.vmx.exit.ExitQualification} (Tables 28-1 to 28-6), {@link
 * dev.jvmx.vmx.exit.InterruptionInfo} (Tables 25-17, 25-19, 25-20), {@link
 * dev.jvmx.vmx.exit.InstructionInformation} (§28.2.5); EPT-violation qualifications live in
 * {@code ept}.
 *
 * <p>{@link dev.jvmx.vmx.exit.VmExitWriter} is the processor's side of an exit: write the exit
 * information, save guest state (§28.3) and MSRs (§28.4), load host state (§28.5) and MSRs
 * (§28.6), or record a VMX abort (§28.7).
 */
package dev.jvmx.vmx.exit;

package dev.jvmx.runtime.vm;

import dev.jvmx.runtime.exec.ExecContext;
import dev.jvmx.runtime.mem.CodeChangeListener;
import dev.jvmx.vmx.nonroot.ExecutionControls;

/**
 * Translated execution of guest code in VMX non-root operation (SDM Vol. 3C ch. 26), as the
 * {@link Vcpu} sees it: the runtime owns this contract, the translator module implements it
 * ({@code dev.jvmx.translator.MachineJit}), and a vCPU without one only interprets.
 *
 * <p>The controls read at VM entry are constants until the next VM exit, so translated code is
 * keyed by their {@code fingerprint} ({@link ExecutionControls#fingerprint()} with the EPTP in
 * use): another VM entry with other controls selects other translations. The vCPU calls {@link
 * #run} only at an instruction boundary where no event is due and nothing asks for
 * instruction-by-instruction execution (see {@link Vcpu#useTranslator}); the translator runs
 * only instructions that can neither exit nor behave differently in non-root operation under
 * those controls, and stops before any other, which the vCPU then steps through its
 * interpreter with the non-root hook. It is told of code changes by host-physical range.
 */
public interface NonRootTranslator extends CodeChangeListener {
    /**
     * Runs translated code at the guest's RIP for at most {@code budget} instructions.
     *
     * @return the instructions retired (RIP is the next one's); 0 if nothing ran, and the vCPU
     *         steps the instruction at RIP through its interpreter (which also raises, exactly, a
     *         fault or EPT violation that translated code rolled back to)
     */
    long run(ExecContext c, ExecutionControls controls, long fingerprint, long budget);
}

package dev.jvmx.runtime.exec;

import dev.jvmx.runtime.mem.GuestFault;
import dev.jvmx.x86.Instruction;

/**
 * What VMX non-root operation adds to one system-mode step (SDM Vol. 3C ch. 26): the vCPU that
 * runs a guest under a VMCS installs one in {@link ExecContext#nonRoot}; {@link SystemStep} asks
 * it between decode and execute, after an instruction completed, and before an exception is
 * delivered. A VM exit it decides is kept by the hook; the step then returns {@link Exit#VM_EXIT}.
 * The implementation is {@code dev.jvmx.runtime.vm.NonRootExecution}.
 */
public interface NonRootHook {
    /** Returned by {@link #before} when the hook performed the instruction itself (§26.3 changed behaviour). */
    Exit PERFORMED = new Exit(Exit.Kind.VM_EXIT, null);

    /**
     * Between decode and execute (fault-like and instruction exits, §26.1): null to execute
     * {@code ins} normally, {@link Exit#VM_EXIT} if it causes a VM exit (RIP still at it), or
     * {@link #PERFORMED} if the hook executed it with its non-root behaviour.
     */
    Exit before(ExecContext c, Instruction ins);

    /** After {@code ins} completed (trap-like exits: MTF, TPR below threshold): an exit or null. */
    Exit after(ExecContext c, Instruction ins);

    /**
     * Before exception {@code f} of {@code ins} (null: of its fetch) is delivered (exception
     * bitmap, §26.2): {@link Exit#VM_EXIT} or null to deliver it through the guest IDT.
     */
    Exit exception(ExecContext c, Instruction ins, GuestFault f);

    /**
     * Delivering {@code first} raised {@code second} (SDM Vol. 3A §6.15 double fault, Vol. 3C
     * §28.2.4 IDT-vectoring information): the exit or delivery that follows.
     */
    Exit nestedException(ExecContext c, Instruction ins, GuestFault first, GuestFault second);

    /**
     * An event whose IDT gate is a task gate (SDM Vol. 3C §26.2: task switches always exit),
     * thrown out of its delivery before anything changed; the vCPU turns it into the exit. For
     * INT n (INT3, INTO, INT1) {@link #instruction} is the instruction, rolled back; otherwise
     * the event is the one the hook was told about (exception, interrupt, injection).
     */
    final class TaskGate extends RuntimeException {
        public final int selector;
        public final int vector;
        public Instruction instruction;

        public TaskGate(int selector, int vector) {
            super(null, null, false, false);
            this.selector = selector;
            this.vector = vector;
        }
    }
}

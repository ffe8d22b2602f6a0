package dev.jvmx.runtime.exec;

import dev.jvmx.runtime.cpu.CpuModel;
import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.mem.GuestMemory;

/**
 * What an instruction handler works on: the vCPU, the memory it sees, the CPU model, and a slot
 * for an exit the handler requests (SYSCALL, HLT, a trap-like exception). One per {@code run}.
 */
public final class ExecContext {
    public final CpuState cpu;
    public final GuestMemory mem;
    public final CpuModel model;
    /** I/O ports in system mode (null in process mode, where IN/OUT raise #GP(0)). */
    public SystemBus bus;
    /** Set by a handler to end the run after the current instruction; null otherwise. */
    public Exit exit;
    /** VMX non-root operation's additions to each step (null in root operation and process mode). */
    public NonRootHook nonRoot;
    /**
     * The paging MMU behind {@link #mem} in machine mode (null: {@code mem} is physical or a
     * process address space). Control-register writes, INVLPG/INVPCID and task switches tell it.
     */
    public dev.jvmx.runtime.mmu.Mmu mmu;
    /**
     * True while {@link VexLegacy} runs a VEX form's lane through the legacy SSE handler (which
     * then sees the instruction without VEX): for the few rules that differ inside a lane, such
     * as the 32 compare predicates of VCMPPS.
     */
    boolean vexLane;
    /**
     * System mode: a fault of {@link Interpreter#step} is delivered through the IVT/IDT (and the
     * non-root hook's exception bitmap) at once. False for translated machine code: the fault
     * comes back as {@link Exit.Kind#EXCEPTION} with the state rolled back to the instruction, and
     * the caller redoes that instruction through {@link SystemStep}, which raises it architecturally.
     */
    public boolean deliverFaults = true;
    /** Events delivered through the IVT/IDT so far (system mode; single-step traps skip such instructions). */
    public long events;

    public ExecContext(CpuState cpu, GuestMemory mem, CpuModel model) {
        this.cpu = cpu;
        this.mem = mem;
        this.model = model;
    }

    /** Memory for implicit supervisor-mode accesses: GDT, LDT, IDT, TSS (SDM Vol. 3A §4.6). */
    public GuestMemory systemMemory() { return mmu != null ? mmu.system() : mem; }
}

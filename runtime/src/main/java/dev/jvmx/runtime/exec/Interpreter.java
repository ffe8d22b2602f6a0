package dev.jvmx.runtime.exec;

import dev.jvmx.runtime.cpu.CpuModel;
import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.mem.GuestFault;
import dev.jvmx.runtime.mem.GuestMemory;
import dev.jvmx.x86.Instruction;

/**
 * Tier 0: fetch (through the {@link DecodeCache}), dispatch on the mnemonic to a handler from
 * {@link HandlerTable}, repeat. A guest fault rolls back RIP and flags to the instruction boundary
 * (handlers order their writes so that memory faults come before register commits) and ends the
 * run with {@link Exit#exception}. One interpreter per vCPU thread (the decode cache is not shared).
 */
public final class Interpreter implements Executor {
    private final CpuModel model;
    private final DecodeCache cache = new DecodeCache();
    private final RealModeFetch segmentedFetch = new RealModeFetch();
    private long instructions;
    private java.util.function.BiConsumer<CpuState, Instruction> tracer;

    public Interpreter(CpuModel model) {
        this.model = model;
    }

    public Interpreter() {
        this(CpuModel.defaultModel());
    }

    public CpuModel model() { return model; }

    private SystemBus bus = SystemBus.EMPTY;

    /** The I/O bus IN/OUT/INS/OUTS use when the vCPU runs in system mode ({@link CpuState#systemMode}). */
    public void setBus(SystemBus bus) { this.bus = bus; }

    /** Decoded-instruction cache; call {@link DecodeCache#invalidate} when guest code changes. */
    public DecodeCache decodeCache() { return cache; }

    /**
     * Calls {@code tracer} before each instruction executes (state as it is at that boundary), for
     * debugging guests ({@code null} turns tracing off). Costs one branch per instruction when off.
     */
    public void setTracer(java.util.function.BiConsumer<CpuState, Instruction> tracer) {
        this.tracer = tracer;
    }

    /** Instructions retired by this interpreter so far (REP-prefixed string instructions count once). */
    public long instructionCount() { return instructions; }

    @Override
    public Exit run(CpuState cpu, GuestMemory memory, long maxInstructions) {
        ExecContext c = new ExecContext(cpu, memory, model);
        if (cpu.systemMode) c.bus = bus;
        for (long n = 0; n < maxInstructions; n++) {
            if (cpu.systemMode) {
                Exit exit = SystemStep.step(c, segmentedFetch, tracer);
                if (exit != null) {
                    instructions += n + 1;
                    return exit;
                }
                continue;
            }
            Instruction ins;
            try {
                ins = cache.get(memory, cpu.mode, cpu.rip);
            } catch (GuestFault f) {
                instructions += n;
                return Exit.exception(f);
            }
            if (tracer != null) tracer.accept(cpu, ins);
            Exit exit = step(c, ins);
            if (exit != null) {
                instructions += n + 1;
                return exit;
            }
        }
        instructions += maxInstructions;
        return Exit.INSTRUCTION_LIMIT;
    }

    /** Executes one decoded instruction; returns the exit it asks for, or null to continue. */
    public static Exit step(ExecContext c, Instruction ins) {
        return step(c, ins, HandlerTable.handler(ins.mnemonic()), true);
    }

    /**
     * {@link #step} for an instruction {@link #gateCannotReject} passed, with its handler given
     * (translated code passes both as constants, so HotSpot can inline the handler at that call).
     */
    public static Exit stepPastGate(ExecContext c, Instruction ins, Handler handler) {
        return step(c, ins, handler, false);
    }

    private static Exit step(ExecContext c, Instruction ins, Handler handler, boolean gate) {
        CpuState cpu = c.cpu;
        cpu.saveFlags();
        cpu.rip = ins.mode() == dev.jvmx.x86.Mode.BITS16 ? ins.next() & 0xFFFF : ins.next();
        Exit e;
        try {
            if (gate) checkForm(c, ins);
            handler.exec(c, ins);
            e = c.exit;
            c.exit = null;
        } catch (GuestFault f) {
            cpu.rip = ins.address();
            cpu.restoreFlags();
            if (cpu.faultFlags >= 0) {
                cpu.setStatus(dev.jvmx.x86.Flags.STATUS, cpu.faultFlags);
                cpu.faultFlags = -1;
            }
            e = Exit.exception(f);
        } catch (dev.jvmx.runtime.mmu.EptViolationException | dev.jvmx.runtime.mmu.EptMisconfigurationException ept) {
            cpu.rip = ins.address(); // fault-like VM exit (SDM Vol. 3C §28.1): the instruction did not complete
            cpu.restoreFlags();
            throw ept;
        } catch (NonRootHook.TaskGate taskGate) {
            cpu.rip = ins.address(); // INT n through a task gate: the task-switch exit is fault-like (§28.1)
            cpu.restoreFlags();
            taskGate.instruction = ins;
            throw taskGate;
        } catch (RuntimeException bug) {
            // a handler met an operand shape it does not expect: report it once, and end the guest
            // with #UD at the instruction rather than crash the monitor (the state may be partial)
            HandlerTable.reportBug(ins, bug);
            cpu.rip = ins.address();
            cpu.restoreFlags();
            e = Exit.exception(GuestFault.of(GuestFault.UD));
        }
        if (e != null && e.kind() == Exit.Kind.EXCEPTION && cpu.systemMode && c.deliverFaults) return SystemStep.deliver(c, ins, e.fault());
        return e;
    }

    /**
     * The #UD checks that come before execution (SDM Vol. 2A §2.2.1 LOCK, CPUID feature flags):
     * LOCK on a form that does not allow it or without a memory destination; a form whose CPUID
     * feature the CPU model does not advertise; a VEX form without its state enabled ({@link Avx#allowed}).
     */
    /**
     * True when {@link #checkForm} can never reject {@code ins} under {@code model}: no LOCK prefix
     * or one it allows (the handlers treat LOCK as nothing more: one guest thread per interpreter),
     * an advertised CPUID feature, and, for a VEX form, a gate that reads the model only ({@link
     * Avx#modelAllows}: the BMI forms; the AVX forms' gate reads the run-time XCR0). The translator
     * inlines only such instructions.
     */
    public static boolean gateCannotReject(CpuModel model, Instruction ins) {
        return ins.form() != null && (!ins.has(dev.jvmx.x86.Prefix.LOCK) || lockAllowed(ins))
                && (!ins.has(dev.jvmx.x86.Prefix.VEX) || Avx.modelAllows(model, ins)) && model.supports(ins.feature());
    }

    /** LOCK on a form that allows it, with a memory destination: {@link #checkForm} accepts it in every generation. */
    private static boolean lockAllowed(Instruction ins) {
        return ins.form().lockable() && ins.operandCount() > 0 && ins.op(0) instanceof dev.jvmx.x86.Operand.Mem;
    }

    static void checkForm(ExecContext c, Instruction ins) {
        dev.jvmx.x86.Form f = ins.form();
        if (f == null) return;
        // the 8086 and 80286 accept LOCK on any instruction (SDM Vol. 3A §22.20 "LOCK prefix")
        if (ins.has(dev.jvmx.x86.Prefix.LOCK) && c.cpu.generation == dev.jvmx.runtime.cpu.CpuGeneration.MODERN && (!f.lockable() || ins.operandCount() == 0
                || !(ins.op(0) instanceof dev.jvmx.x86.Operand.Mem))) {
            throw GuestFault.of(GuestFault.UD);
        }
        if (!c.model.supports(ins.feature()) || !Avx.allowed(c, ins)) throw GuestFault.of(GuestFault.UD);
    }
}

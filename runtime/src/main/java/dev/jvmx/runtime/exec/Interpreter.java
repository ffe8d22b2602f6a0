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
    private long instructions;

    public Interpreter(CpuModel model) {
        this.model = model;
    }

    public Interpreter() {
        this(CpuModel.defaultModel());
    }

    public CpuModel model() { return model; }

    /** Decoded-instruction cache; call {@link DecodeCache#invalidate} when guest code changes. */
    public DecodeCache decodeCache() { return cache; }

    /** Instructions retired by this interpreter so far (REP-prefixed string instructions count once). */
    public long instructionCount() { return instructions; }

    @Override
    public Exit run(CpuState cpu, GuestMemory memory, long maxInstructions) {
        ExecContext c = new ExecContext(cpu, memory, model);
        for (long n = 0; n < maxInstructions; n++) {
            Instruction ins;
            try {
                ins = cache.get(memory, cpu.mode, cpu.rip);
            } catch (GuestFault f) {
                instructions += n;
                return Exit.exception(f);
            }
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
        CpuState cpu = c.cpu;
        cpu.saveFlags();
        cpu.rip = ins.next();
        try {
            HandlerTable.handler(ins.mnemonic()).exec(c, ins);
        } catch (GuestFault f) {
            cpu.rip = ins.address();
            cpu.restoreFlags();
            return Exit.exception(f);
        }
        Exit e = c.exit;
        c.exit = null;
        return e;
    }
}

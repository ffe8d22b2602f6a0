package dev.jvmx.translator;

import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.exec.Executor;
import dev.jvmx.runtime.exec.Exit;
import dev.jvmx.runtime.exec.Interpreter;
import dev.jvmx.runtime.mem.CodeChangeListener;
import dev.jvmx.runtime.mem.ProcessAddressSpace;
import dev.jvmx.runtime.mem.Prot;
import java.util.Arrays;
import java.util.Random;

/**
 * Test helper: a snippet loaded into a real {@link ProcessAddressSpace} (code RWX at {@link #CODE},
 * a data page at {@link #DATA}, a read-only page at {@link #RODATA}, a stack below {@link #STACK_TOP})
 * with a seeded register file, run to its exit by one executor. The final state is comparable.
 */
final class Guest {
    static final long CODE = 0x40_0000, DATA = 0x60_0000, RODATA = 0x61_0000, STACK_TOP = 0x7F_0000;
    static final int DATA_SIZE = 0x2000;

    final ProcessAddressSpace mem = new ProcessAddressSpace();
    final CpuState cpu = new CpuState();
    Exit exit;

    Guest(byte[] code, long seed) {
        mem.mmap(CODE, ProcessAddressSpace.pageUp(code.length) + 0x1000, Prot.RWX, ProcessAddressSpace.Placement.FIXED, "code");
        mem.poke(CODE, code, 0, code.length);
        mem.mmap(DATA, DATA_SIZE, Prot.RW, ProcessAddressSpace.Placement.FIXED, "data");
        mem.mmap(RODATA, 0x1000, Prot.READ, ProcessAddressSpace.Placement.FIXED, "rodata");
        mem.mmap(STACK_TOP - 0x4000, 0x4000, Prot.RW, ProcessAddressSpace.Placement.FIXED, "stack");
        Random r = new Random(seed);
        byte[] data = new byte[DATA_SIZE];
        r.nextBytes(data);
        mem.poke(DATA, data, 0, data.length);
        for (int i = 0; i < 16; i++) cpu.gpr[i] = r.nextInt(4) == 0 ? r.nextInt(16) : r.nextLong();
        cpu.gpr[CpuState.RSP] = STACK_TOP - 0x100;
        cpu.gpr[CpuState.RSI] = DATA;
        cpu.gpr[CpuState.RDI] = DATA + 0x1000;
        cpu.setRflags(0x202 | (r.nextLong() & 0x8D5));
        for (int q = 0; q < 16 * 4; q++) cpu.ymm[q] = r.nextLong(); // after the GPRs: their seeded values stay as they were
        cpu.rip = CODE;
    }

    /** Runs on {@code x} until an exit other than the instruction limit (or {@code budget} is spent). */
    Guest run(Executor x, long budget) {
        if (x instanceof CodeChangeListener l) mem.setCodeChangeListener(l);
        else if (x instanceof Interpreter i) mem.setCodeChangeListener((s, e) -> i.decodeCache().invalidate(s, e));
        exit = x.run(cpu, mem, budget);
        return this;
    }

    byte[] data() {
        byte[] d = new byte[DATA_SIZE];
        mem.read(DATA, d, 0, d.length);
        return d;
    }

    byte[] stack() {
        byte[] d = new byte[0x4000];
        mem.read(STACK_TOP - 0x4000, d, 0, d.length);
        return d;
    }

    /** Registers (YMM too), RIP, RFLAGS and the exit, as one line for assertion messages. */
    String state() {
        StringBuilder sb = new StringBuilder();
        sb.append("exit=").append(exit.kind());
        if (exit.fault() != null) sb.append('(').append(exit.fault().getMessage()).append(')');
        sb.append(String.format(" rip=%x rflags=%x", cpu.rip, cpu.rflags()));
        for (int i = 0; i < 16; i++) sb.append(String.format(" r%d=%x", i, cpu.gpr[i]));
        for (int i = 0; i < 16; i++) {
            sb.append(String.format(" ymm%d=%x_%x_%x_%x", i, cpu.ymm[4 * i + 3], cpu.ymm[4 * i + 2], cpu.ymm[4 * i + 1], cpu.ymm[4 * i]));
        }
        return sb.toString();
    }

    boolean sameMemory(Guest o) {
        return Arrays.equals(data(), o.data()) && Arrays.equals(stack(), o.stack());
    }
}

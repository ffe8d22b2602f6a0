package dev.jvmx.bench.jit;

import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.exec.Executor;
import dev.jvmx.runtime.exec.Exit;
import dev.jvmx.runtime.mem.ProcessAddressSpace;
import dev.jvmx.runtime.mem.Prot;

/**
 * A simple guest loop, hand-encoded so the benchmarks need no assembler:
 * <pre>
 *   400000  mov ecx, N            B9 imm32
 *   400005  add rax, rcx          48 01 C8
 *   400008  xor rdx, rax          48 31 C2
 *   40000b  mov [rsi+rcx*8], rdx  48 89 14 CE     (memory shape only)
 *           dec ecx               FF C9
 *           jnz 400005            75 rel8
 *           hlt                   F4
 * </pre>
 * {@link #instructions()} guest instructions per {@link #run}.
 */
final class GuestLoop {
    static final long CODE = 0x40_0000, DATA = 0x60_0000;

    final ProcessAddressSpace mem = new ProcessAddressSpace();
    final CpuState cpu = new CpuState();
    private final int iterations;
    private final int body;

    GuestLoop(int iterations, boolean memory) {
        this.iterations = iterations;
        byte[] head = {(byte) 0xB9, (byte) iterations, (byte) (iterations >>> 8), (byte) (iterations >>> 16), (byte) (iterations >>> 24),
            0x48, 0x01, (byte) 0xC8, 0x48, 0x31, (byte) 0xC2};
        byte[] store = memory ? new byte[] {0x48, (byte) 0x89, 0x14, (byte) 0xCE} : new byte[0];
        int bodyBytes = 6 + store.length + 2 + 2;
        byte[] tail = {(byte) 0xFF, (byte) 0xC9, 0x75, (byte) -bodyBytes, (byte) 0xF4};
        byte[] code = new byte[head.length + store.length + tail.length];
        System.arraycopy(head, 0, code, 0, head.length);
        System.arraycopy(store, 0, code, head.length, store.length);
        System.arraycopy(tail, 0, code, head.length + store.length, tail.length);
        body = memory ? 5 : 4;
        mem.mmap(CODE, 0x1000, Prot.RX, ProcessAddressSpace.Placement.FIXED, "code");
        mem.poke(CODE, code, 0, code.length);
        mem.mmap(DATA, ProcessAddressSpace.pageUp(8L * (iterations + 1)), Prot.RW, ProcessAddressSpace.Placement.FIXED, "data");
    }

    /** Guest instructions one {@link #run} retires. */
    long instructions() { return 2 + (long) body * iterations; }

    /** Runs the loop once from the top on {@code x}; returns RDX so the work is observable. */
    long run(Executor x) {
        if (x instanceof dev.jvmx.runtime.mem.CodeChangeListener l) mem.setCodeChangeListener(l);
        cpu.rip = CODE;
        cpu.gpr[CpuState.RSI] = DATA;
        Exit e = x.run(cpu, mem, Long.MAX_VALUE);
        if (e.kind() != Exit.Kind.HLT) throw new IllegalStateException("guest loop ended with " + e);
        return cpu.gpr[CpuState.RDX];
    }
}

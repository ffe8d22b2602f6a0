package dev.jvmx.runtime.linux;

import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.loader.Examples;
import dev.jvmx.runtime.mem.ProcessAddressSpace;
import dev.jvmx.runtime.mem.ProcessAddressSpace.Placement;
import dev.jvmx.runtime.mem.Prot;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/** A loaded (not running) guest process whose system calls a test makes by hand. */
final class SyscallHarness {
    final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
    final GuestProcess proc;
    final ProcessAddressSpace mem;
    final CpuState cpu;
    /** 64 KiB of read-write scratch memory for buffers and strings. */
    final long scratch;

    SyscallHarness(String stdin) throws Exception {
        proc = GuestProcess.builder(Examples.get("hello")).args(List.of("a"))
                .env(List.of("A=1")).random(new Random(1))
                .io(ProcessIo.of(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), out, err)).load();
        mem = proc.memory();
        cpu = proc.cpu();
        scratch = mem.mmap(0, 1 << 16, Prot.RW, Placement.HINT, "scratch");
    }

    long sys(int nr, long... args) {
        int[] regs = {CpuState.RDI, CpuState.RSI, CpuState.RDX, CpuState.R10, CpuState.R8, CpuState.R9};
        cpu.gpr[CpuState.RAX] = nr;
        for (int i = 0; i < args.length; i++) cpu.gpr[regs[i]] = args[i];
        proc.syscalls().dispatch(cpu);
        return cpu.gpr[CpuState.RAX];
    }

    /** Writes a NUL-terminated string at {@code addr} and returns {@code addr}. */
    long str(long addr, String s) {
        byte[] b = (s + "\0").getBytes(StandardCharsets.UTF_8);
        mem.write(addr, b, 0, b.length);
        return addr;
    }

    String readString(long addr, int len) {
        byte[] b = new byte[len];
        mem.read(addr, b, 0, len);
        return new String(b, StandardCharsets.UTF_8);
    }

    String cString(long addr) {
        StringBuilder sb = new StringBuilder();
        for (byte c; (c = mem.read8(addr)) != 0; addr++) sb.append((char) c);
        return sb.toString();
    }
}

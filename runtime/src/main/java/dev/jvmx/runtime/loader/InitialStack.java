package dev.jvmx.runtime.loader;

import static dev.jvmx.runtime.loader.AuxVector.*;

import dev.jvmx.runtime.mem.GuestMemory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the initial process stack of the x86-64 psABI (§3.4.1, Figure 3.9) the way Linux's
 * {@code create_elf_tables} lays it out:
 * <pre>
 *   stackTop ─►  8 zero bytes (end marker)
 *                AT_EXECFN string, environment strings, argument strings   (NUL-terminated)
 *                "x86_64" (AT_PLATFORM), 16 random bytes (AT_RANDOM)
 *                padding so that rsp is 16-byte aligned
 *                auxv: (type, value) pairs ... AT_NULL, 0
 *                envp[0..n-1], NULL
 *                argv[0..argc-1], NULL
 *   rsp ─────►   argc
 * </pre>
 */
public final class InitialStack {

    /** Process identity and machine values placed in the auxiliary vector. */
    public record Params(long uid, long euid, long gid, long egid, long hwcap, byte[] random16, String platform) {
        public Params {
            if (random16.length != 16) throw new IllegalArgumentException("AT_RANDOM needs 16 bytes");
        }
    }

    public static final int CLOCK_TICKS = 100;

    private InitialStack() {}

    /** Writes the stack into {@code mem} below {@code prog.stackTop()} and returns the initial rsp. */
    public static long build(GuestMemory mem, LoadedProgram prog, List<String> argv, List<String> envp,
                             String execfn, Params params) {
        long p = prog.stackTop() - 8;
        mem.write64(p, 0);
        p = pushString(mem, p, execfn);
        long execfnAddr = p;
        long[] envAddrs = new long[envp.size()];
        for (int i = envp.size() - 1; i >= 0; i--) envAddrs[i] = p = pushString(mem, p, envp.get(i));
        long[] argAddrs = new long[argv.size()];
        for (int i = argv.size() - 1; i >= 0; i--) argAddrs[i] = p = pushString(mem, p, argv.get(i));
        long platformAddr = p = pushString(mem, p, params.platform());
        p -= 16;
        mem.write(p, params.random16(), 0, 16);
        long randomAddr = p;

        List<long[]> aux = new ArrayList<>();
        aux.add(new long[] {AT_HWCAP, params.hwcap()});
        aux.add(new long[] {AT_PAGESZ, 4096});
        aux.add(new long[] {AT_CLKTCK, CLOCK_TICKS});
        aux.add(new long[] {AT_PHDR, prog.phdr()});
        aux.add(new long[] {AT_PHENT, prog.phent()});
        aux.add(new long[] {AT_PHNUM, prog.phnum()});
        aux.add(new long[] {AT_BASE, 0});
        aux.add(new long[] {AT_FLAGS, 0});
        aux.add(new long[] {AT_ENTRY, prog.entry()});
        aux.add(new long[] {AT_UID, params.uid()});
        aux.add(new long[] {AT_EUID, params.euid()});
        aux.add(new long[] {AT_GID, params.gid()});
        aux.add(new long[] {AT_EGID, params.egid()});
        aux.add(new long[] {AT_SECURE, 0});
        aux.add(new long[] {AT_RANDOM, randomAddr});
        aux.add(new long[] {AT_HWCAP2, 0});
        aux.add(new long[] {AT_EXECFN, execfnAddr});
        aux.add(new long[] {AT_PLATFORM, platformAddr});
        aux.add(new long[] {AT_NULL, 0});

        long words = 1 + argv.size() + 1 + envp.size() + 1 + 2L * aux.size();
        long sp = (p - words * 8) & ~15L;
        long w = sp;
        mem.write64(w, argv.size());
        for (long a : argAddrs) mem.write64(w += 8, a);
        mem.write64(w += 8, 0);
        for (long e : envAddrs) mem.write64(w += 8, e);
        mem.write64(w += 8, 0);
        for (long[] kv : aux) {
            mem.write64(w += 8, kv[0]);
            mem.write64(w += 8, kv[1]);
        }
        return sp;
    }

    private static long pushString(GuestMemory mem, long top, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        long at = top - b.length - 1;
        mem.write(at, b, 0, b.length);
        mem.write8(at + b.length, (byte) 0);
        return at;
    }
}

package dev.jvmx.runtime.linux;

import static org.junit.jupiter.api.Assertions.*;

import dev.jvmx.runtime.exec.Executor;
import dev.jvmx.runtime.loader.Examples;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guest programs run end to end through the interpreter: the committed examples, hello programs
 * compiled now with gcc -static and musl-gcc -static (skipped with a message when the compiler is
 * missing), and tiny hand-made ELFs that fault the ways Linux turns into signals.
 */
class ExamplesEndToEndTest {
    @TempDir
    static Path tmp;

    record Run(int status, String out, String err) {}

    @BeforeAll
    static void needsInterpreter() {
        try {
            Class.forName("dev.jvmx.runtime.exec.Interpreter");
        } catch (ClassNotFoundException e) {
            System.out.println("ExamplesEndToEndTest skipped: dev.jvmx.runtime.exec.Interpreter does not exist yet");
            Assumptions.abort("dev.jvmx.runtime.exec.Interpreter does not exist yet");
        }
    }

    static Executor interpreter() {
        try {
            return (Executor) Class.forName("dev.jvmx.runtime.exec.Interpreter").getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot construct the interpreter", e);
        }
    }

    static Run run(Path program, String stdin, String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        GuestProcess p = GuestProcess.builder(program).args(List.of(args)).env(List.of("PATH=/usr/bin:/bin", "LANG=C"))
                .io(ProcessIo.of(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), out, err)).load();
        int status = p.run(interpreter()).status();
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** What examples/primes prints: ten primes a line, then the count. */
    static String expectedPrimes(int n) {
        StringBuilder sb = new StringBuilder();
        int count = 0;
        for (int i = 2; i <= n; i++) {
            boolean prime = true;
            for (int d = 2; d * d <= i && prime; d++) prime = i % d != 0;
            if (!prime) continue;
            if (count > 0) sb.append(count % 10 == 0 ? '\n' : ' ');
            sb.append(i);
            count++;
        }
        return sb.append('\n').append(count).append(" primes up to ").append(n).append('\n').toString();
    }

    @Test
    void hello() throws Exception {
        assertEquals(new Run(0, "Hello from an x86-64 guest on the JVM!\n", ""), run(Examples.get("hello"), ""));
    }

    @Test
    void primes() throws Exception {
        Run r = run(Examples.get("primes"), "", "1000");
        assertEquals(new Run(0, expectedPrimes(1000), ""), r);
        assertTrue(r.out().endsWith("991 997\n168 primes up to 1000\n"));
        assertEquals(new Run(0, expectedPrimes(100), ""), run(Examples.get("primes"), ""), "default N is 100");
        assertEquals(new Run(2, "", "usage: primes N   (N from 2 to 10000000)\n"), run(Examples.get("primes"), "", "-x"));
    }

    @Test
    void staticPie() throws Exception {
        assertEquals(new Run(0, expectedPrimes(30), ""), run(Examples.get("primes-pie"), "", "30"));
    }

    @Test
    void cat() throws Exception {
        Path f = Files.writeString(tmp.resolve("poem.txt"), "roses are red\nvioletsare blue\n");
        assertEquals(new Run(0, "roses are red\nvioletsare blue\n", ""), run(Examples.get("cat"), "", f.toString()));
        assertEquals(new Run(0, "from stdin\n", ""), run(Examples.get("cat"), "from stdin\n"));
        Run missing = run(Examples.get("cat"), "", tmp.resolve("missing").toString());
        assertEquals(1, missing.status());
        assertEquals("cat: " + tmp.resolve("missing") + ": cannot open (errno 2)\n", missing.err());
    }

    @Test
    void committedGlibcAndMuslHellos() throws Exception {
        assertEquals(new Run(0, "hello, world (glibc, 2 arguments)\n", ""), run(Examples.get("hello-glibc"), "", "a", "b"));
        assertEquals(new Run(0, "hello, world (musl, 1 argument)\n", ""), run(Examples.get("hello-musl"), "", "a"));
    }

    private static boolean compile(String compiler, Path source, Path out) throws Exception {
        ProcessBuilder pb;
        try {
            pb = new ProcessBuilder(compiler, "-static", "-O2", "-o", out.toString(), source.toString()).redirectErrorStream(true);
            Process p = pb.start();
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) p.destroyForcibly();
            assertEquals(0, p.exitValue(), compiler + " failed:\n" + log);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Test
    void glibcHelloCompiledNow() throws Exception {
        Path exe = tmp.resolve("hello-glibc-now");
        boolean built = compile("gcc", Examples.get("hello-glibc.c"), exe);
        if (!built) System.out.println("glibcHelloCompiledNow skipped: gcc not found (install gcc)");
        Assumptions.assumeTrue(built, "gcc not found (install gcc)");
        assertEquals(new Run(0, "hello, world (glibc, 0 arguments)\n", ""), run(exe, ""));
    }

    @Test
    void muslHelloCompiledNow() throws Exception {
        Path exe = tmp.resolve("hello-musl-now");
        boolean built = compile("musl-gcc", Examples.get("hello-musl.c"), exe);
        if (!built) System.out.println("muslHelloCompiledNow skipped: musl-gcc not found (install musl-tools)");
        Assumptions.assumeTrue(built, "musl-gcc not found (install musl-tools)");
        assertEquals(new Run(0, "hello, world (musl, 0 arguments)\n", ""), run(exe, ""));
    }

    private static Run tiny(String name, int... code) throws Exception {
        byte[] b = new byte[code.length];
        for (int i = 0; i < code.length; i++) b[i] = (byte) code[i];
        return run(TinyElf.write(tmp.resolve(name), b), "");
    }

    private static String at(String what) {
        return "jvmx: guest killed by " + what.replace("RIP", String.format("rip 0x%x", TinyElf.ENTRY)) + "\n";
    }

    @Test
    void selfModifyingCodeIsSeen() throws Exception {
        int[] code = {
            0xBF, 7, 0, 0, 0,                   // 0: mov edi, 7        (the 7 gets patched to 42)
            0x85, 0xDB,                         // 5: test ebx, ebx
            0x75, 0x0B,                         // 7: jnz 20
            0xFF, 0xC3,                         // 9: inc ebx
            0xC6, 0x05, 0xEF, 0xFF, 0xFF, 0xFF, 42, // 11: mov byte [rip-17], 42   (address 1)
            0xEB, 0xEC,                         // 18: jmp 0
            0xB8, 231, 0, 0, 0,                 // 20: mov eax, 231
            0x0F, 0x05};                        // 25: syscall
        byte[] b = new byte[code.length];
        for (int i = 0; i < code.length; i++) b[i] = (byte) code[i];
        Run r = run(TinyElf.write(tmp.resolve("smc"), 7 /* RWX */, b), "");
        assertEquals(new Run(42, "", ""), r, "the second pass runs the patched instruction");
    }

    @Test
    void exitStatusComesFromTheGuest() throws Exception {
        // mov edi, 42; mov eax, 231; syscall
        assertEquals(new Run(42, "", ""), tiny("exit42", 0xBF, 42, 0, 0, 0, 0xB8, 231, 0, 0, 0, 0x0F, 0x05));
    }

    @Test
    void faultsEndTheGuestLikeLinux() throws Exception {
        // mov rax, [0]
        assertEquals(new Run(139, "", at("SIGSEGV: #PF at 0x0 (RIP): read of an unmapped address")),
                tiny("null", 0x48, 0x8B, 0x04, 0x25, 0, 0, 0, 0));
        // mov byte [rip], 1 (writes its own code)
        assertEquals(new Run(139, "", at(String.format("SIGSEGV: #PF at 0x%x (RIP): write to a read-only page", TinyElf.ENTRY + 7))),
                tiny("selfwrite", 0xC6, 0x05, 0, 0, 0, 0, 1));
        // mov rax, rsp; jmp rax (the stack is not executable)
        Run jmp = tiny("nx", 0x48, 0x89, 0xE0, 0xFF, 0xE0);
        assertEquals(139, jmp.status());
        assertTrue(jmp.err().matches("jvmx: guest killed by SIGSEGV: #PF at 0x7ff[0-9a-f]+ \\(rip 0x7ff[0-9a-f]+\\): instruction fetch from a non-executable page\n"), jmp.err());
        assertEquals(new Run(132, "", at("SIGILL: #UD (RIP)")), tiny("ud2", 0x0F, 0x0B));
        // xor ecx, ecx; div ecx
        assertEquals(new Run(136, "", "jvmx: guest killed by SIGFPE: #DE (" + String.format("rip 0x%x", TinyElf.ENTRY + 2) + ")\n"),
                tiny("div0", 0x31, 0xC9, 0xF7, 0xF1));
        Run int3 = tiny("int3", 0xCC);
        assertEquals(133, int3.status());
        assertTrue(int3.err().startsWith("jvmx: guest killed by SIGTRAP: #BP"), int3.err());
        assertEquals(139, tiny("hlt", 0xF4).status(), "HLT at CPL 3 is #GP");
    }
}

package dev.jvmx.runtime.loader;

import static dev.jvmx.runtime.loader.AuxVector.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.jvmx.runtime.mem.ProcessAddressSpace;
import java.io.ByteArrayOutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The initial stack read back from guest memory, as a C runtime's _start reads it. */
class InitialStackTest {
    private final ProcessAddressSpace mem = new ProcessAddressSpace();

    private String string(long addr) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte c; (c = mem.read8(addr)) != 0; addr++) b.write(c);
        return b.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void layoutFollowsThePsAbi() throws Exception {
        LoadedProgram prog = ElfLoader.load(ElfParser.parse(Examples.get("primes")), mem);
        byte[] random = new byte[16];
        for (int i = 0; i < 16; i++) random[i] = (byte) (i * 7 + 1);
        var params = new InitialStack.Params(1000, 1001, 100, 101, 0x178BFBFFL, random, "x86_64");
        long sp = InitialStack.build(mem, prog, List.of("prog", "-x", "ünïcode"), List.of("A=1", "HOME=/h"), "/bin/prog", params);

        assertEquals(0, sp % 16, "rsp is 16-byte aligned at _start");
        assertTrue(sp < prog.stackTop() && sp > prog.stackTop() - 4096);
        assertEquals(3, mem.read64(sp));
        assertEquals("prog", string(mem.read64(sp + 8)));
        assertEquals("-x", string(mem.read64(sp + 16)));
        assertEquals("ünïcode", string(mem.read64(sp + 24)), "UTF-8 bytes");
        assertEquals(0, mem.read64(sp + 32), "argv[argc] is NULL");
        assertEquals("A=1", string(mem.read64(sp + 40)));
        assertEquals("HOME=/h", string(mem.read64(sp + 48)));
        assertEquals(0, mem.read64(sp + 56), "envp ends with NULL");

        Map<Long, Long> aux = new HashMap<>();
        long a = sp + 64;
        for (; mem.read64(a) != AT_NULL; a += 16) aux.put(mem.read64(a), mem.read64(a + 8));
        assertEquals(0, mem.read64(a + 8));
        assertEquals(prog.phdr(), aux.get((long) AT_PHDR));
        assertEquals(prog.phnum(), aux.get((long) AT_PHNUM));
        assertEquals(56, aux.get((long) AT_PHENT));
        assertEquals(4096, aux.get((long) AT_PAGESZ));
        assertEquals(prog.entry(), aux.get((long) AT_ENTRY));
        assertEquals(0, aux.get((long) AT_BASE));
        assertEquals(0, aux.get((long) AT_FLAGS));
        assertEquals(0x178BFBFFL, aux.get((long) AT_HWCAP));
        assertEquals(1000, aux.get((long) AT_UID));
        assertEquals(1001, aux.get((long) AT_EUID));
        assertEquals(100, aux.get((long) AT_GID));
        assertEquals(101, aux.get((long) AT_EGID));
        assertEquals(0, aux.get((long) AT_SECURE));
        assertEquals(100, aux.get((long) AT_CLKTCK));
        assertEquals("x86_64", string(aux.get((long) AT_PLATFORM)));
        assertEquals("/bin/prog", string(aux.get((long) AT_EXECFN)));
        byte[] r = new byte[16];
        mem.read(aux.get((long) AT_RANDOM), r, 0, 16);
        assertArrayEquals(random, r);
        assertEquals(0, mem.read64(prog.stackTop() - 8), "end marker");
        assertTrue(aux.get((long) AT_EXECFN) > aux.get((long) AT_RANDOM), "strings sit above the vectors");
    }

    @Test
    void emptyArgumentsAndEnvironmentStayAligned() throws Exception {
        LoadedProgram prog = ElfLoader.load(ElfParser.parse(Examples.get("primes")), mem);
        var params = new InitialStack.Params(0, 0, 0, 0, 0, new byte[16], "x86_64");
        for (int n = 0; n < 4; n++) {
            long sp = InitialStack.build(mem, prog, List.of("p".repeat(n + 1)), List.of(), "p", params);
            assertEquals(0, sp % 16);
            assertEquals(0, mem.read64(sp + 16), "argv NULL");
            assertEquals(0, mem.read64(sp + 24), "envp NULL");
        }
    }
}

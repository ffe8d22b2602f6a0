package dev.jvmx.runtime.loader;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way a file can fail to be a loadable program, one message each (bad ELFs made by patching examples/primes). */
class ElfParserTest {
    @TempDir
    Path tmp;

    private static byte[] primes() throws IOException { return Files.readAllBytes(Examples.get("primes")); }

    private Path file(String name, byte[] bytes) throws IOException {
        return Files.write(tmp.resolve(name), bytes);
    }

    /** A copy of examples/primes with {@code patch} applied to its bytes (little-endian view). */
    private Path patched(String name, Consumer<ByteBuffer> patch) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(primes()).order(ByteOrder.LITTLE_ENDIAN);
        patch.accept(b);
        return file(name, b.array());
    }

    private static void fails(Path p, String problem) {
        LoadException e = assertThrows(LoadException.class, () -> ElfParser.parse(p));
        assertEquals(p + ": " + problem, e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertEquals(0, e.getStackTrace().length, "no stack trace for users");
    }

    /** Index of the first program header of {@code type} in examples/primes. */
    private static int phdr(ByteBuffer b, int type) {
        int phoff = (int) b.getLong(32), n = b.getShort(56);
        for (int i = 0; i < n; i++) if (b.getInt(phoff + 56 * i) == type) return phoff + 56 * i;
        throw new AssertionError("no program header of type " + type);
    }

    @Test
    void acceptsTheExamples() throws Exception {
        ElfImage e = ElfParser.parse(Examples.get("primes"));
        assertEquals(ElfParser.ET_EXEC, e.type());
        assertFalse(e.loads().isEmpty());
        ElfImage pie = ElfParser.parse(Examples.get("primes-pie"));
        assertTrue(pie.isPositionIndependent());
        assertTrue(pie.path().isAbsolute());
    }

    @Test
    void missingFile() { fails(tmp.resolve("nope"), "no such file"); }

    @Test
    void directory() { fails(tmp, "is a directory"); }

    @Test
    void emptyFile() throws IOException { fails(file("empty", new byte[0]), "empty file, not an ELF executable"); }

    @Test
    void notElf() throws IOException { fails(file("text", "hello world\n".getBytes()), "not an ELF file"); }

    @Test
    void script() throws IOException { fails(file("script", "#!/bin/sh\necho hi\n".getBytes()), "a script, not an ELF executable"); }

    @Test
    void windowsExecutable() throws IOException { fails(file("prog.exe", "MZ\u0090\0".getBytes()), "a Windows (PE) executable, not an ELF executable"); }

    @Test
    void i386() throws IOException {
        fails(patched("i386", b -> { b.put(4, (byte) 1); b.putShort(18, (short) 3); }), "32-bit x86 (i386) programs are not supported yet");
    }

    @Test
    void otherElf32() throws IOException {
        fails(patched("arm32", b -> { b.put(4, (byte) 1); b.putShort(18, (short) 40); }), "32-bit ELF files are not supported");
    }

    @Test
    void aarch64() throws IOException {
        fails(patched("arm64", b -> b.putShort(18, (short) 183)), "ARM64 (aarch64) binaries are not supported (jvmx runs x86-64 programs)");
    }

    @Test
    void riscv() throws IOException {
        fails(patched("riscv", b -> b.putShort(18, (short) 243)), "RISC-V binaries are not supported (jvmx runs x86-64 programs)");
    }

    @Test
    void bigEndian() throws IOException {
        fails(patched("be", b -> b.put(5, (byte) 2)), "big-endian ELF files are not supported (jvmx runs x86-64 programs)");
    }

    @Test
    void badIdentVersion() throws IOException {
        fails(patched("v", b -> b.put(6, (byte) 0)), "unsupported ELF version 0");
    }

    @Test
    void truncatedHeader() throws IOException {
        fails(file("short", Arrays.copyOf(primes(), 40)), "truncated ELF header (40 bytes, an ELF64 header has 64)");
        fails(file("tiny", Arrays.copyOf(primes(), 10)), "truncated ELF header (10 bytes, an ELF64 header has 64)");
    }

    @Test
    void truncatedProgramHeaders() throws IOException {
        fails(file("cut", Arrays.copyOf(primes(), 100)),
                "truncated: 4 program headers at offset 0x40 extend past the end of the file (100 bytes)".replace("4 ",
                        ByteBuffer.wrap(primes()).order(ByteOrder.LITTLE_ENDIAN).getShort(56) + " "));
    }

    @Test
    void truncatedSegment() throws IOException {
        byte[] all = primes();
        Path p = file("half", Arrays.copyOf(all, 1000));
        LoadException e = assertThrows(LoadException.class, () -> ElfParser.parse(p));
        assertTrue(e.getMessage().matches(".*: truncated: segment \\d+ \\(0x[0-9a-f]+ bytes at file offset 0x[0-9a-f]+\\) extends past the end of the file \\(1000 bytes\\)"),
                e.getMessage());
    }

    @Test
    void wrongProgramHeaderSize() throws IOException {
        fails(patched("phent", b -> b.putShort(54, (short) 32)), "inconsistent ELF header: program header entry size is 32, expected 56");
    }

    @Test
    void noProgramHeaders() throws IOException {
        fails(patched("nophdr", b -> b.putShort(56, (short) 0)), "no program headers (not an executable)");
    }

    @Test
    void badHeaderVersion() throws IOException {
        fails(patched("ev", b -> b.putInt(20, 7)), "inconsistent ELF header: e_version is 7, expected 1");
    }

    @Test
    void objectFileAndCoreDump() throws IOException {
        fails(patched("obj.o", b -> b.putShort(16, (short) 1)), "an object file (ET_REL), not an executable; link it first");
        fails(patched("core", b -> b.putShort(16, (short) 4)), "a core dump, not an executable");
        fails(patched("odd", b -> b.putShort(16, (short) 9)), "unknown ELF file type 9");
    }

    @Test
    void dynamicallyLinked() throws IOException {
        fails(patched("dyn", b -> b.putInt(phdr(b, 0x6474E551), 3)), "dynamically linked programs are not supported yet; link with -static");
    }

    @Test
    void realDynamicProgramIfTheHostHasOne() throws IOException {
        Path ls = Path.of("/bin/ls");
        if (!Files.isRegularFile(ls) || !Files.isReadable(ls)) return;
        LoadException e = assertThrows(LoadException.class, () -> ElfParser.parse(ls));
        assertTrue(e.getMessage().endsWith("dynamically linked programs are not supported yet; link with -static"), e.getMessage());
    }

    @Test
    void fileSizeLargerThanMemorySize() throws IOException {
        Path p = patched("filesz", b -> {
            int at = phdr(b, 1);
            b.putLong(at + 32, b.getLong(at + 40) + 1);
        });
        LoadException e = assertThrows(LoadException.class, () -> ElfParser.parse(p));
        assertTrue(e.getMessage().matches(".*: inconsistent program header \\d+: p_filesz 0x[0-9a-f]+ is larger than p_memsz 0x[0-9a-f]+"), e.getMessage());
    }

    @Test
    void segmentOutsideUserSpace() throws IOException {
        Path p = patched("high", b -> b.putLong(phdr(b, 1) + 16, 0x8000_0000_0000L));
        LoadException e = assertThrows(LoadException.class, () -> ElfParser.parse(p));
        assertTrue(e.getMessage().contains("lies outside the user address space"), e.getMessage());
    }

    @Test
    void noLoadableSegments() throws IOException {
        Path p = patched("noload", b -> {
            int phoff = (int) b.getLong(32), n = b.getShort(56);
            for (int i = 0; i < n; i++) if (b.getInt(phoff + 56 * i) == 1) b.putInt(phoff + 56 * i, 4);
        });
        fails(p, "no loadable segments");
    }

    @Test
    void entryOutsideCode() throws IOException {
        fails(patched("entry", b -> b.putLong(24, 0x10)), "inconsistent ELF header: entry point 0x10 is not in an executable segment");
    }
}

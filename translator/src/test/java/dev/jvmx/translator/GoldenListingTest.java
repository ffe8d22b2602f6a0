package dev.jvmx.translator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvmx.x86.Instruction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Golden bytecode listings for representative forms (guest disassembly beside the Textifier
 * listing), compared as text so a codegen change shows up as a reviewable diff. Regenerate with
 * {@code ./mvnw -o -pl translator test -Dtest=GoldenListingTest -Djvmx.golden.update=true}.
 */
class GoldenListingTest {
    static final Path DIR = Path.of("src/test/resources/golden");
    static final boolean UPDATE = Boolean.getBoolean("jvmx.golden.update");

    @BeforeAll
    static void nasm() {
        Nasm.require();
    }

    static Map<String, String> forms() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("alu-reg-imm-jcc", "mov rax, rbx\nadd rax, 5\nsub ecx, eax\nxor edx, edx\ncmp rax, rcx\njne $+0x40");
        m.put("narrow-registers", "mov al, bl\nadd cx, 1\ninc r8d\ndec r9b\ntest eax, eax\nje $+0x40");
        m.put("memory", "mov rax, [rsi+rcx*8+16]\nmov [rdi], eax\nadd rbx, [rsi]\ncmp dword [rsi], 3\nmov qword [fs:8], 1\njmp $+0x40");
        m.put("stack-lea-call", "push rbx\npush 1\npop rcx\npop rdx\nlea r8, [rel $]\nlea r9d, [rax+rbx*2-1]\ncall $+0x40");
        m.put("handler-fallback", "imul rax, rbx\nrcl qword [rsi], 1\nrcr rcx, 3\nsyscall");
        m.put("integer-forms", "add [rsi], rax\ncmovb rbx, [rsi+8]\nmul rcx\ncdqe\nsyscall");
        m.put("straight-line-end", "nop\nmov eax, 1\nret");
        m.put("self-loop", "top: mov byte [r13+rax], 1\nadd rax, rdx\ncmp rbx, rax\njae top");
        m.put("stack-window-loop", "top: push rax\nmov rbx, [rsp+8]\npop rcx\ndec rdx\njnz top");
        return m;
    }

    /** A loop of four blocks as one region: top (test/jz), odd (add/jmp), even (sub, falls into next), next (dec/jnz). */
    static final String REGION = "top: test ecx, 1\njz even\nadd eax, ecx\njmp next\neven: sub eax, 3\nnext: dec ecx\njnz top\nhlt";

    @Test
    void aRegionListingMatchesItsGoldenFile() throws IOException {
        Guest g = new Guest(Nasm.assemble(Guest.CODE, REGION), 1);
        BlockDecoder d = new BlockDecoder(64);
        Instruction[] top = d.decode(g.mem, g.cpu.mode, Guest.CODE);
        Instruction[] odd = d.decode(g.mem, g.cpu.mode, top[top.length - 1].next());
        long evenAt = ((dev.jvmx.x86.Operand.Rel) top[top.length - 1].op(0)).target();
        Instruction[] even = d.decode(g.mem, g.cpu.mode, evenAt);
        Instruction[] next = d.decode(g.mem, g.cpu.mode, even[1].address());
        BlockTranslator.Generated gen = new BlockTranslator(JitOptions.defaults())
                .generate(new CodeKey(Guest.CODE, g.cpu.mode, 0), new Instruction[][] {top, odd, even, next});
        BlockTranslator.verify(gen.bytes());
        compare("region-branchy-loop", Listing.of(gen.segments(), gen.bytes()));
    }

    static void compare(String name, String listing) throws IOException {
        Path file = DIR.resolve(name + ".txt");
        if (UPDATE) {
            Files.createDirectories(DIR);
            Files.writeString(file, listing);
            return;
        }
        assertTrue(Files.exists(file), file + " is missing: run with -Djvmx.golden.update=true");
        assertEquals(Files.readString(file), listing, name + " differs from " + file + " (if intended, regenerate with -Djvmx.golden.update=true)");
    }

    @Test
    void listingsMatchTheGoldenFiles() throws IOException {
        BlockTranslator translator = new BlockTranslator(JitOptions.defaults());
        for (Map.Entry<String, String> f : forms().entrySet()) {
            Guest g = new Guest(Nasm.assemble(Guest.CODE, f.getValue()), 1);
            Instruction[] ins = new BlockDecoder(64).decode(g.mem, g.cpu.mode, Guest.CODE);
            BlockTranslator.Generated gen = translator.generate(new CodeKey(Guest.CODE, g.cpu.mode, 0), ins);
            BlockTranslator.verify(gen.bytes());
            compare(f.getKey(), Listing.of(gen.segments(), gen.bytes()));
        }
    }
}

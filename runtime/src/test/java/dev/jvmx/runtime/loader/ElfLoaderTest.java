package dev.jvmx.runtime.loader;

import static org.junit.jupiter.api.Assertions.*;

import dev.jvmx.runtime.mem.GuestFault;
import dev.jvmx.runtime.mem.ProcessAddressSpace;
import dev.jvmx.runtime.mem.Prot;
import dev.jvmx.runtime.mem.Vma;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class ElfLoaderTest {
    @Test
    void loadsAnExecutableAtItsAddresses() throws Exception {
        ElfImage image = ElfParser.parse(Examples.get("primes"));
        ProcessAddressSpace mem = new ProcessAddressSpace();
        LoadedProgram p = ElfLoader.load(image, mem);
        assertEquals(0, p.bias());
        assertEquals(image.entry(), p.entry());
        assertEquals(Prot.RX, mem.regionAt(p.entry()).prot(), "code is read+execute");
        for (ProgramHeader ph : image.loads()) {
            byte[] want = new byte[(int) ph.filesz()];
            System.arraycopy(image.bytes(), (int) ph.offset(), want, 0, want.length);
            byte[] got = new byte[want.length];
            mem.read(ph.vaddr(), got, 0, got.length);
            assertArrayEquals(want, got, "segment at 0x" + Long.toHexString(ph.vaddr()));
            if (ph.memsz() > ph.filesz()) assertEquals(0, mem.read8(ph.vaddr() + ph.memsz() - 1), "bss is zero");
            if ((ph.flags() & ProgramHeader.PF_W) != 0) mem.write8(ph.vaddr() + ph.memsz() - 1, (byte) 1);
            else assertThrows(GuestFault.class, () -> mem.write8(ph.vaddr(), (byte) 1));
        }
        assertEquals(0, p.brkStart() % ProcessAddressSpace.PAGE_SIZE);
        assertEquals(p.brkStart(), mem.brk(0));
        Vma stack = mem.regionAt(p.stackTop() - 8);
        assertEquals("[stack]", stack.name());
        assertEquals(Prot.RW, stack.prot(), "PT_GNU_STACK asks for a non-executable stack");
        assertEquals(ElfLoader.STACK_SIZE, stack.length());
    }

    @Test
    void programHeadersAreVisibleAtAtPhdr() throws Exception {
        ElfImage image = ElfParser.parse(Examples.get("primes"));
        ProcessAddressSpace mem = new ProcessAddressSpace();
        LoadedProgram p = ElfLoader.load(image, mem);
        assertNotEquals(0, p.phdr());
        assertEquals(image.programHeaders().getFirst().type(), mem.read32(p.phdr()));
        assertEquals(image.programHeaders().size(), p.phnum());
        assertEquals(56, p.phent());
    }

    @Test
    void staticPieGoesToThePieBase() throws Exception {
        ElfImage image = ElfParser.parse(Examples.get("primes-pie"));
        ProcessAddressSpace mem = new ProcessAddressSpace();
        LoadedProgram p = ElfLoader.load(image, mem);
        assertEquals(ElfLoader.PIE_BASE, mem.mappings().getFirst().start());
        assertEquals(image.entry() + p.bias(), p.entry());
        byte[] code = new byte[4];
        assertEquals(4, mem.fetch(p.entry(), code, 0, 4));
        int off = (int) (image.entry() - image.loads().stream().filter(h -> (h.flags() & 1) != 0).findFirst().orElseThrow().vaddr()
                + image.loads().stream().filter(h -> (h.flags() & 1) != 0).findFirst().orElseThrow().offset());
        assertEquals(image.bytes()[off], code[0]);
    }

    @Test
    void glibcStaticBinaryLoads() throws Exception {
        if (!Files.exists(Examples.get("hello-glibc"))) return;
        ProcessAddressSpace mem = new ProcessAddressSpace();
        LoadedProgram p = ElfLoader.load(ElfParser.parse(Examples.get("hello-glibc")), mem);
        assertTrue(mem.mappings().size() >= 4, mem.mappings().toString());
        assertNotEquals(0, p.phdr());
    }
}

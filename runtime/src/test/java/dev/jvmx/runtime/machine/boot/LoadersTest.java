package dev.jvmx.runtime.machine.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvmx.runtime.loader.ElfImage;
import dev.jvmx.runtime.loader.ElfParser;
import dev.jvmx.runtime.loader.LoadException;
import dev.jvmx.runtime.loader.ProgramHeader;
import dev.jvmx.runtime.machine.bus.MmioBus;
import dev.jvmx.runtime.machine.bus.PhysicalMemory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoadersTest {
    private final PhysicalMemory m = new PhysicalMemory(16 << 20, new MmioBus());

    @Test
    void romStartsAtTheResetVectorInRealMode() throws BootException {
        byte[] rom = new byte[0x8000]; // padded to 64 KiB at the front
        rom[rom.length - 16] = (byte) 0xEA;
        InitialCpuState s = RomLoader.load(m, rom, 0x6B1);
        assertEquals(0xEA, m.readPhys(s.cs().base() + s.rip(), 1), "first fetch at 0xFFFFFFF0");
        assertEquals(0xFFFF_0000L, s.cs().base());
        assertEquals(0xF000, s.cs().selector());
        assertEquals(0x6B1, s.gpr(2), "EDX = signature");
        assertEquals(0x6000_0010L, s.cr0());
        assertEquals(CpuMode.REAL, s.mode());
        assertEquals(0xFF, m.readPhys(0xF0000, 1), "padding reads as erased EPROM");
    }

    @Test
    void flatRealModeBinary() throws BootException {
        InitialCpuState s = FlatLoader.load(m, new byte[] {(byte) 0xF4}, 0x7C00, CpuMode.REAL, 0x7C00);
        assertEquals(0, s.cs().selector());
        assertEquals(0x7C00, s.rip());
        assertEquals(0x7C00, s.gpr(4));
        assertEquals(0xF4, m.readPhys(0x7C00, 1));
        InitialCpuState high = FlatLoader.load(m, new byte[] {1}, 0x20000, CpuMode.REAL, 0x20010);
        assertEquals(0x2000, high.cs().selector());
        assertEquals(0x10, high.rip());
    }

    @Test
    void flatProtectedModeHasFlatSegmentsAndAGdt() throws BootException {
        InitialCpuState s = FlatLoader.load(m, new byte[16], 0x100000, CpuMode.PROTECTED, 0x100000);
        assertEquals(LoaderTables.CODE32, s.cs().selector());
        assertEquals(0xC09B, s.cs().accessRights());
        assertEquals(0xFFFF_FFFFL, s.ds().limit());
        assertEquals(1, s.cr0() & 1);
        assertEquals(0x00CF_9B00_0000_FFFFL, m.readPhys(LoaderTables.GDT + 8, 8));
        assertEquals(0x8B, m.readPhys(LoaderTables.GDT + 0x2D, 1), "busy TSS descriptor");
    }

    @Test
    void flatLongModeBuildsIdentityPageTables() throws BootException {
        InitialCpuState s = FlatLoader.load(m, new byte[16], 0x200000, CpuMode.LONG, 0x200008);
        assertEquals(CpuMode.LONG, s.mode());
        assertTrue(s.cs().longMode());
        assertEquals(LoaderTables.PML4, s.cr3());
        assertEquals(0x500, s.efer());
        assertEquals(0x200008, s.rip());
        long pdpte = m.readPhys(LoaderTables.PML4, 8) & ~0xFFFL;
        long pde = m.readPhys(pdpte + 3 * 8, 8) & ~0xFFFL;          // 3 GiB .. 4 GiB
        long entry = m.readPhys(pde + 511 * 8, 8);                    // last 2 MiB below 4 GiB
        assertEquals(0xFFE0_0000L | 0x83, entry);
    }

    @Test
    void flatImageMayNotOverlapLoaderTables() {
        assertThrows(BootException.class, () -> FlatLoader.load(m, new byte[0x100], 0x1800, CpuMode.LONG, 0x1800));
    }

    @Test
    void multibootElfKernelWithCmdlineModulesAndMemoryMap() throws BootException {
        byte[] elf = MultibootImages.elf32(0x100000, new byte[] {(byte) 0xF4, (byte) 0x90}, 0x1000);
        InitialCpuState s = MultibootLoader.load(m, elf, "console=ttyS0",
                List.of(new MultibootLoader.ModuleFile(new byte[] {7, 7, 7}, "initrd")));
        assertEquals(0x2BADB002L, s.gpr(0));
        assertEquals(0x100000, s.rip());
        assertEquals(0xF4, m.readPhys(0x100000, 1));
        assertEquals(0, m.readPhys(0x100800, 8), "bss zeroed");
        long info = s.gpr(3);
        long flags = m.readPhys(info, 4);
        assertEquals(0x24D, flags);
        assertEquals(639, m.readPhys(info + 4, 4));
        assertEquals(15 * 1024, m.readPhys(info + 8, 4));
        assertEquals("console=ttyS0", cString(m.readPhys(info + 16, 4)));
        assertEquals(1, m.readPhys(info + 20, 4));
        long mod = m.readPhys(info + 24, 4);
        long modStart = m.readPhys(mod, 4);
        assertEquals(0, modStart & 0xFFF, "page aligned");
        assertTrue(modStart >= 0x101000);
        assertEquals(modStart + 3, m.readPhys(mod + 4, 4));
        assertEquals("initrd", cString(m.readPhys(mod + 8, 4)));
        long mmap = m.readPhys(info + 48, 4);
        assertEquals(20, m.readPhys(mmap, 4));
        assertEquals(1, m.readPhys(mmap + 20, 4), "first range is RAM");
        assertTrue(m.readPhys(info + 44, 4) % 24 == 0);
        assertEquals("jvmx", cString(m.readPhys(info + 64, 4)));
        assertEquals(CpuMode.PROTECTED, s.mode());
    }

    @Test
    void multibootElf64KernelLinkedHighLoadsAtPhysicalAddressesAndEntersThere() throws BootException {
        byte[] code = {(byte) 0xFA, (byte) 0xF4, (byte) 0x90, (byte) 0x90};
        byte[] elf = MultibootImages.elf64(0xFFFF_FFFF_8010_0000L, 0x100000, 2, code);
        InitialCpuState s = MultibootLoader.load(m, elf, "", List.of());
        assertEquals(0x100002, s.rip(), "entry translated from the virtual to the physical address");
        assertEquals(0xF4FA, m.readPhys(0x100000, 2));
        assertEquals(0, m.readPhys(s.gpr(3) + 20, 4), "no modules");
        assertEquals(0xC09B, s.cs().accessRights(), "32-bit protected mode, as Multiboot requires");
    }

    @Test
    void elfKernelIsDecodedByTheProcessLoadersParserAcceptingElf32() throws LoadException {
        ElfImage elf = ElfParser.parseForMachine(MultibootImages.elf32(0x100000, new byte[] {(byte) 0xF4}, 0x10), "k");
        assertFalse(elf.elf64());
        ProgramHeader p = elf.loads().getFirst();
        assertEquals(List.of(0x80L, 0x100000L, 0x100000L, 1L, 0x11L, (long) (ProgramHeader.PF_R | ProgramHeader.PF_X)),
                List.of(p.offset(), p.vaddr(), p.paddr(), p.filesz(), p.memsz(), (long) p.flags()));
    }

    @Test
    void elfKernelWithSegmentPastTheFileIsRefusedWithTheParsersMessage() {
        byte[] elf = MultibootImages.elf32(0x100000, new byte[] {(byte) 0xF4}, 0);
        ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN).putInt(68, 0x1000).putInt(72, 0x1000);
        BootException e = assertThrows(BootException.class, () -> MultibootLoader.load(m, elf, "", List.of()));
        assertTrue(e.getMessage().startsWith("ELF kernel: truncated: segment 0"), e.getMessage());
    }

    @Test
    void multibootAoutKludgeLoadsByHeaderAddresses() throws BootException {
        byte[] img = MultibootImages.aout(0x200000, 0x200020, new byte[] {(byte) 0xEB, (byte) 0xFE});
        InitialCpuState s = MultibootLoader.load(m, img, null, List.of());
        assertEquals(0x200020, s.rip());
        assertEquals(0xFEEB, m.readPhys(0x200000 + MultibootImages.AOUT_CODE_OFFSET, 2));
    }

    @Test
    void imageWithoutHeaderOrWithVideoRequirementIsRefused() {
        assertThrows(BootException.class, () -> MultibootLoader.load(m, new byte[9000], "", List.of()));
        byte[] video = new byte[64];
        ByteBuffer b = ByteBuffer.wrap(video).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, MultibootHeader.MAGIC).putInt(4, 4).putInt(8, -(MultibootHeader.MAGIC + 4));
        BootException e = assertThrows(BootException.class, () -> MultibootLoader.load(m, video, "", List.of()));
        assertTrue(e.getMessage().contains("0x4"), e.getMessage());
    }

    private String cString(long addr) {
        StringBuilder sb = new StringBuilder();
        for (long a = addr; m.readPhys(a, 1) != 0; a++) sb.append((char) m.readPhys(a, 1));
        return sb.toString();
    }
}

package dev.jvmx.runtime.machine.boot;

import dev.jvmx.runtime.machine.bus.PhysicalMemory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the Multiboot information structure (Multiboot Specification 0.6.96, §3.3) and what it
 * points to into guest RAM, in the area [{@link #BASE}, {@link #LIMIT}):
 * <pre>
 *  +0 flags  +4 mem_lower  +8 mem_upper  +12 boot_device  +16 cmdline  +20 mods_count  +24 mods_addr
 *  +28..+40 syms  +44 mmap_length  +48 mmap_addr  +52 drives_length  +56 drives_addr
 *  +60 config_table  +64 boot_loader_name  +68 apm_table  +72..+86 VBE        (88 bytes)
 *  module entry (16 bytes): mod_start, mod_end, string, reserved
 *  memory map entry: size (= 20, not counting itself), base_addr u64, length u64, type u32 (1 = RAM)
 * </pre>
 * Flags set: 0 (mem_lower/upper), 2 (cmdline), 3 (mods), 6 (mmap), 9 (boot_loader_name).
 */
public final class MultibootInfoWriter {
    public static final long BASE = 0x8000, LIMIT = 0x9F000;
    public static final int INFO_SIZE = 88;
    public static final int FLAG_MEM = 1, FLAG_CMDLINE = 1 << 2, FLAG_MODS = 1 << 3, FLAG_MMAP = 1 << 6,
            FLAG_LOADER_NAME = 1 << 9;
    public static final long EBDA = 0x9FC00;

    /** A loaded module: where its bytes are and its string (the command line given with it). */
    public record Module(long start, long end, String string) { }

    /** One memory-map entry. */
    public record MemoryRange(long base, long length, int type) { }

    private final PhysicalMemory m;
    private long cursor = BASE + INFO_SIZE;

    public MultibootInfoWriter(PhysicalMemory m) {
        this.m = m;
    }

    /** Writes everything; returns the physical address of the information structure (for EBX). */
    public long write(String cmdline, List<Module> modules, String loaderName) throws BootException {
        for (long a = BASE; a < BASE + INFO_SIZE; a += 4) m.writePhys(a, 4, 0);
        List<MemoryRange> map = memoryMap();
        long mmap = cursor;
        for (MemoryRange r : map) {
            put(4, 20);
            put(8, r.base());
            put(8, r.length());
            put(4, r.type());
        }
        long mods = cursor;
        List<Long> modStrings = new ArrayList<>();
        cursor += 16L * modules.size();
        for (Module mod : modules) modStrings.add(string(mod.string()));
        for (int i = 0; i < modules.size(); i++) {
            long e = mods + 16L * i;
            m.writePhys(e, 4, modules.get(i).start());
            m.writePhys(e + 4, 4, modules.get(i).end());
            m.writePhys(e + 8, 4, modStrings.get(i));
            m.writePhys(e + 12, 4, 0);
        }
        long cmd = string(cmdline == null ? "" : cmdline);
        long name = string(loaderName);
        m.writePhys(BASE, 4, FLAG_MEM | FLAG_CMDLINE | FLAG_MODS | FLAG_MMAP | FLAG_LOADER_NAME);
        m.writePhys(BASE + 4, 4, EBDA / 1024);
        m.writePhys(BASE + 8, 4, (m.lowRamEnd() - PhysicalMemory.ONE_MIB) / 1024);
        m.writePhys(BASE + 16, 4, cmd);
        m.writePhys(BASE + 20, 4, modules.size());
        m.writePhys(BASE + 24, 4, mods);
        m.writePhys(BASE + 44, 4, 24L * map.size());
        m.writePhys(BASE + 48, 4, mmap);
        m.writePhys(BASE + 64, 4, name);
        return BASE;
    }

    /** The physical memory map of this machine (E820-style types: 1 RAM, 2 reserved). */
    public List<MemoryRange> memoryMap() {
        List<MemoryRange> map = new ArrayList<>();
        map.add(new MemoryRange(0, EBDA, 1));
        map.add(new MemoryRange(EBDA, 0xA0000 - EBDA, 2));
        map.add(new MemoryRange(0xF0000, 0x10000, 2));
        if (m.lowRamEnd() > PhysicalMemory.ONE_MIB) {
            map.add(new MemoryRange(PhysicalMemory.ONE_MIB, m.lowRamEnd() - PhysicalMemory.ONE_MIB, 1));
        }
        map.add(new MemoryRange(0xFEC0_0000L, 0x1000, 2));
        map.add(new MemoryRange(0xFEE0_0000L, 0x1000, 2));
        if (m.highRamSize() > 0) map.add(new MemoryRange(PhysicalMemory.FOUR_GIB, m.highRamSize(), 1));
        return map;
    }

    private void put(int size, long v) throws BootException {
        ensure(size);
        m.writePhys(cursor, size, v);
        cursor += size;
    }

    private long string(String s) throws BootException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        ensure(bytes.length + 1);
        long at = cursor;
        m.loadRam(at, bytes, 0, bytes.length);
        m.writePhys(at + bytes.length, 1, 0);
        cursor += bytes.length + 1;
        return at;
    }

    private void ensure(long n) throws BootException {
        if (cursor + n > LIMIT) throw new BootException("Multiboot information does not fit below 0x9F000");
    }
}

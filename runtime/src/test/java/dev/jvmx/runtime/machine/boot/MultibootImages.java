package dev.jvmx.runtime.machine.boot;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Builds tiny Multiboot kernels for loader tests. */
final class MultibootImages {
    static final int AOUT_CODE_OFFSET = 0x40;

    private MultibootImages() {
    }

    /** An ELF32 with one PT_LOAD at {@code paddr} holding {@code code} then {@code bss} zero bytes; header at 0x60. */
    static byte[] elf32(long paddr, byte[] code, int bss) {
        int codeOff = 0x80;
        ByteBuffer b = ByteBuffer.allocate(codeOff + code.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(0, new byte[] {0x7F, 'E', 'L', 'F', 1, 1, 1});
        b.putShort(16, (short) 2).putShort(18, (short) 3).putInt(20, 1);
        b.putInt(24, (int) paddr).putInt(28, 52).putShort(40, (short) 52).putShort(42, (short) 32)
                .putShort(44, (short) 1);
        b.putInt(52, 1).putInt(56, codeOff).putInt(60, (int) paddr).putInt(64, (int) paddr)
                .putInt(68, code.length).putInt(72, code.length + bss).putInt(76, 5);
        b.putInt(0x60, MultibootHeader.MAGIC).putInt(0x64, 3).putInt(0x68, -(MultibootHeader.MAGIC + 3));
        b.put(codeOff, code);
        return b.array();
    }

    /**
     * An ELF64 (x86-64) kernel as GRUB loads them: a PT_LOAD linked high ({@code vaddr}) but loaded
     * at {@code paddr}, entry given as a virtual address inside it; header at 0x100.
     */
    static byte[] elf64(long vaddr, long paddr, long entryOffset, byte[] code) {
        int codeOff = 0x200;
        ByteBuffer b = ByteBuffer.allocate(codeOff + code.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(0, new byte[] {0x7F, 'E', 'L', 'F', 2, 1, 1});
        b.putShort(16, (short) 2).putShort(18, (short) 62).putInt(20, 1);
        b.putLong(24, vaddr + entryOffset).putLong(32, 64).putShort(54, (short) 56).putShort(56, (short) 1);
        b.putInt(64, 1).putInt(68, 5).putLong(72, codeOff).putLong(80, vaddr).putLong(88, paddr)
                .putLong(96, code.length).putLong(104, code.length);
        b.putInt(0x100, MultibootHeader.MAGIC).putInt(0x104, 0).putInt(0x108, -MultibootHeader.MAGIC);
        b.put(codeOff, code);
        return b.array();
    }

    /** A flat image whose header (at 0) carries the address fields: loaded at {@code load}. */
    static byte[] aout(long load, long entry, byte[] code) {
        ByteBuffer b = ByteBuffer.allocate(AOUT_CODE_OFFSET + code.length).order(ByteOrder.LITTLE_ENDIAN);
        int flags = MultibootHeader.ADDRESS_FIELDS | MultibootHeader.MEMORY_INFO;
        b.putInt(0, MultibootHeader.MAGIC).putInt(4, flags).putInt(8, -(MultibootHeader.MAGIC + flags));
        b.putInt(12, (int) load).putInt(16, (int) load).putInt(20, 0).putInt(24, (int) load + 0x2000)
                .putInt(28, (int) entry);
        b.put(AOUT_CODE_OFFSET, code);
        return b.array();
    }
}

package dev.jvmx.runtime.machine.boot;

import dev.jvmx.runtime.machine.bus.PhysicalMemory;

/**
 * {@code --rom FILE}: a firmware image mapped read-only at the top of the 4 GiB space and its last
 * 128 KiB (or all of it, if smaller) below 1 MiB; the CPU starts from the reset state, so the
 * first instruction is at 0xFFFF_FFF0 (the image's last 16 bytes). An image whose size is not a
 * multiple of 64 KiB is padded at the front with 0xFF (as an EPROM would read), so that its end —
 * where the reset vector lives — stays at the top.
 */
public final class RomLoader {
    private RomLoader() {
    }

    public static InitialCpuState load(PhysicalMemory m, byte[] rom, int signature) throws BootException {
        if (rom.length == 0) throw new BootException("ROM image is empty");
        if (rom.length > 16 << 20) throw new BootException("ROM image is larger than 16 MiB");
        m.mapRom(pad(rom));
        return ResetState.reset(signature);
    }

    static byte[] pad(byte[] rom) {
        int size = (rom.length + 0xFFFF) & ~0xFFFF;
        if (size == rom.length) return rom;
        byte[] out = new byte[size];
        java.util.Arrays.fill(out, 0, size - rom.length, (byte) 0xFF);
        System.arraycopy(rom, 0, out, size - rom.length, rom.length);
        return out;
    }
}

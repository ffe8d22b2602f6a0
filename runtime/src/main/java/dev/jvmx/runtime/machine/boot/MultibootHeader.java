package dev.jvmx.runtime.machine.boot;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The Multiboot header (Multiboot Specification 0.6.96, §3.1): a 32-bit aligned structure within
 * the first 8192 bytes of the image.
 * <pre>
 *  +0 magic 0x1BADB002  +4 flags  +8 checksum (magic + flags + checksum = 0)
 *  flags bit 16 (address fields valid, "a.out kludge"):
 *  +12 header_addr  +16 load_addr  +20 load_end_addr  +24 bss_end_addr  +28 entry_addr
 * </pre>
 * Flag bits 0..15 are requirements: 0 page-align modules, 1 memory information, 2 video mode
 * table. This loader meets 0 and 1 and refuses images that require anything else.
 */
public record MultibootHeader(int offset, int flags, long headerAddr, long loadAddr, long loadEndAddr,
        long bssEndAddr, long entryAddr) {
    public static final int MAGIC = 0x1BADB002;
    public static final int SEARCH_LIMIT = 8192;
    public static final int PAGE_ALIGN = 1, MEMORY_INFO = 1 << 1, VIDEO_MODE = 1 << 2, ADDRESS_FIELDS = 1 << 16;
    private static final int SUPPORTED_REQUIREMENTS = PAGE_ALIGN | MEMORY_INFO;

    /** Finds and checks the header; throws if there is none or it asks for what we cannot do. */
    public static MultibootHeader find(byte[] image) throws BootException {
        ByteBuffer b = ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN);
        int limit = Math.min(SEARCH_LIMIT, image.length) - 12;
        for (int off = 0; off <= limit; off += 4) {
            if (b.getInt(off) != MAGIC) continue;
            int flags = b.getInt(off + 4);
            if (MAGIC + flags + b.getInt(off + 8) != 0) continue;
            return parse(b, off, flags);
        }
        throw new BootException("no Multiboot header in the first 8 KiB");
    }

    private static MultibootHeader parse(ByteBuffer b, int off, int flags) throws BootException {
        int unsupported = flags & 0xFFFF & ~SUPPORTED_REQUIREMENTS;
        if (unsupported != 0) {
            throw new BootException(String.format("kernel requires Multiboot features 0x%x (video mode table?)", unsupported));
        }
        if ((flags & ADDRESS_FIELDS) == 0) return new MultibootHeader(off, flags, 0, 0, 0, 0, 0);
        if (off + 32 > b.limit()) throw new BootException("Multiboot address fields beyond the end of the file");
        return new MultibootHeader(off, flags, u32(b, off + 12), u32(b, off + 16), u32(b, off + 20),
                u32(b, off + 24), u32(b, off + 28));
    }

    private static long u32(ByteBuffer b, int at) {
        return b.getInt(at) & 0xFFFF_FFFFL;
    }

    public boolean hasAddressFields() { return (flags & ADDRESS_FIELDS) != 0; }
}

package dev.jvmx.runtime.linux;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a minimal static ET_EXEC around a few bytes of machine code: one PT_LOAD (R+X, the
 * whole file at 0x400000) and a PT_GNU_STACK (RW); the code follows the headers and is the entry.
 */
final class TinyElf {
    static final long BASE = 0x400000;
    static final int CODE_OFFSET = 64 + 2 * 56;
    static final long ENTRY = BASE + CODE_OFFSET;

    private TinyElf() {}

    static Path write(Path file, byte... code) throws IOException { return write(file, 5, code); }

    /** {@code flags}: the PT_LOAD's p_flags (PF_X 1, PF_W 2, PF_R 4). */
    static Path write(Path file, int flags, byte... code) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(CODE_OFFSET + code.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {0x7F, 'E', 'L', 'F', 2, 1, 1, 0});
        b.putShort(16, (short) 2).putShort(18, (short) 62).putInt(20, 1).putLong(24, ENTRY).putLong(32, 64)
                .putShort(52, (short) 64).putShort(54, (short) 56).putShort(56, (short) 2);
        b.putInt(64, 1).putInt(68, flags).putLong(72, 0).putLong(80, BASE).putLong(88, BASE)
                .putLong(96, b.capacity()).putLong(104, b.capacity()).putLong(112, 0x1000);
        b.putInt(120, 0x6474E551).putInt(124, 6);
        b.put(CODE_OFFSET, code);
        return Files.write(file, b.array());
    }
}

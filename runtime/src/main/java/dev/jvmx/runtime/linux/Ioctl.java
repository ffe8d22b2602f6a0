package dev.jvmx.runtime.linux;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * ioctl(2), terminal requests only. A guest fd is a terminal when it is one of the JVM's own
 * fds 0-2 and that host fd is a terminal (see {@link ProcessIo}); then TCGETS reports a cooked
 * termios and TIOCGWINSZ the size in $LINES/$COLUMNS (default 24x80). Anything else is -ENOTTY,
 * which is also what C libraries expect when they probe a pipe or a file (isatty).
 */
final class Ioctl {
    static final int TCGETS = 0x5401, TCSETS = 0x5402, TCSETSW = 0x5403, TCSETSF = 0x5404, TIOCGPGRP = 0x540F,
            TIOCGWINSZ = 0x5413, TIOCSWINSZ = 0x5414, FIONBIO = 0x5421, FIOCLEX = 0x5451, FIONCLEX = 0x5450;

    private final ProcessContext p;

    Ioctl(ProcessContext p) { this.p = p; }

    long ioctl(int fd, long request, long arg) {
        FileDescription f = p.fds.get(fd);
        int req = (int) request;
        if (req == FIOCLEX || req == FIONCLEX) {
            p.fds.setCloexec(fd, req == FIOCLEX);
            return 0;
        }
        if (req == FIONBIO) return 0;
        if (!f.isTerminal()) return -Errno.ENOTTY;
        return switch (req) {
            case TCGETS -> { p.mem.write(arg, termios(), 0, 36); yield 0; }
            case TCSETS, TCSETSW, TCSETSF, TIOCSWINSZ -> 0;
            case TIOCGWINSZ -> { p.mem.write(arg, winsize(), 0, 8); yield 0; }
            case TIOCGPGRP -> { p.mem.write32(arg, (int) p.id.pid()); yield 0; }
            default -> -Errno.ENOTTY;
        };
    }

    /** struct termios (kernel, 36 bytes): iflag, oflag, cflag, lflag, line, cc[19]; a cooked tty. */
    private static byte[] termios() {
        ByteBuffer b = ByteBuffer.allocate(36).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, 0x500).putInt(4, 0x5).putInt(8, 0xBF).putInt(12, 0x8A3B);
        byte[] cc = {3, 0x1C, 0x7F, 0x15, 4, 0, 1, 0, 0x11, 0x13, 0x1A, 0, 0x12, 0x0F, 0x17, 0x16, 0, 0, 0};
        b.put(17, cc);
        return b.array();
    }

    private static byte[] winsize() {
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort(0, (short) envInt("LINES", 24)).putShort(2, (short) envInt("COLUMNS", 80));
        return b.array();
    }

    private static int envInt(String name, int dflt) {
        try {
            String v = System.getenv(name);
            return v == null ? dflt : Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            return dflt;
        }
    }
}

package dev.jvmx.runtime.linux;

import dev.jvmx.runtime.mem.GuestMemory;
import java.nio.charset.StandardCharsets;

/**
 * Copies between guest memory and the host for system calls (the kernel's copy_from_user /
 * strncpy_from_user). A {@link dev.jvmx.runtime.mem.GuestFault} from these ends up as -EFAULT.
 */
final class UserMemory {
    static final int PATH_MAX = 4096;

    private UserMemory() {}

    /** A NUL-terminated string of at most {@code max} bytes (-ENAMETOOLONG beyond). */
    static String readCString(GuestMemory mem, long addr, int max) {
        byte[] buf = new byte[64];
        int n = 0;
        while (true) {
            byte b = mem.read8(addr + n);
            if (b == 0) break;
            if (n == max) throw Errno.fail(Errno.ENAMETOOLONG);
            if (n == buf.length) buf = java.util.Arrays.copyOf(buf, buf.length * 2);
            buf[n++] = b;
        }
        return new String(buf, 0, n, StandardCharsets.UTF_8);
    }

    static String readPath(GuestMemory mem, long addr) {
        if (addr == 0) throw Errno.fail(Errno.EFAULT);
        return readCString(mem, addr, PATH_MAX - 1);
    }

    static byte[] read(GuestMemory mem, long addr, int len) {
        byte[] b = new byte[len];
        mem.read(addr, b, 0, len);
        return b;
    }

    /** Writes {@code s} (UTF-8) padded with NULs to exactly {@code field} bytes. */
    static void writeField(GuestMemory mem, long addr, String s, int field) {
        byte[] b = new byte[field];
        byte[] src = s.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(src, 0, b, 0, Math.min(src.length, field - 1));
        mem.write(addr, b, 0, field);
    }
}

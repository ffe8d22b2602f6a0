package dev.jvmx.runtime.linux;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSyscallsTest {
    static final int READ = 0, WRITE = 1, OPEN = 2, CLOSE = 3, STAT = 4, FSTAT = 5, LSEEK = 8, IOCTL = 16, PREAD = 17,
            READV = 19, WRITEV = 20, ACCESS = 21, DUP = 32, DUP2 = 33, FCNTL = 72, GETCWD = 79, CHDIR = 80, READLINK = 89,
            GETDENTS64 = 217, OPENAT = 257, NEWFSTATAT = 262;
    static final long AT_FDCWD = -100;

    @TempDir
    Path tmp;
    SyscallHarness h;
    Path file;

    @BeforeEach
    void setUp() throws Exception {
        h = new SyscallHarness("line one\nline two\n");
        file = Files.writeString(tmp.resolve("data.txt"), "0123456789abcdef");
    }

    @Test
    void writeAndWritevGoToTheStreams() {
        long buf = h.str(h.scratch, "hello\n");
        assertEquals(6, h.sys(WRITE, 1, buf, 6));
        assertEquals(3, h.sys(WRITE, 2, buf, 3));
        long iov = h.scratch + 256;
        h.mem.write64(iov, buf);
        h.mem.write64(iov + 8, 2);
        h.mem.write64(iov + 16, buf + 4);
        h.mem.write64(iov + 24, 2);
        assertEquals(4, h.sys(WRITEV, 1, iov, 2));
        assertEquals("hello\nheo\n", h.out.toString());
        assertEquals("hel", h.err.toString());
        assertEquals(-Errno.EBADF, h.sys(WRITE, 9, buf, 1));
        assertEquals(-Errno.EFAULT, h.sys(WRITE, 1, 0x10, 4), "a bad pointer is -EFAULT, not a crash");
        assertEquals(-Errno.EBADF, h.sys(WRITE, 0, buf, 1), "stdin is not writable");
    }

    @Test
    void readAndReadvFromStdin() {
        assertEquals(18, h.sys(READ, 0, h.scratch, 100));
        assertEquals("line one\nline two\n", h.readString(h.scratch, 18));
        assertEquals(0, h.sys(READ, 0, h.scratch, 100), "end of file");
        assertEquals(-Errno.EFAULT, h.sys(READ, 0, 0, 100));
    }

    @Test
    void openReadSeekStatClose() {
        long path = h.str(h.scratch, file.toString());
        long buf = h.scratch + 4096;
        int fd = (int) h.sys(OPENAT, AT_FDCWD, path, 0x80000 /* O_CLOEXEC */);
        assertEquals(3, fd, "the lowest free fd");
        assertEquals(4, h.sys(READ, fd, buf, 4));
        assertEquals("0123", h.readString(buf, 4));
        assertEquals(10, h.sys(LSEEK, fd, 10, 0));
        assertEquals(6, h.sys(READ, fd, buf, 100));
        assertEquals("abcdef", h.readString(buf, 6));
        assertEquals(14, h.sys(LSEEK, fd, -2, 2));
        assertEquals(3, h.sys(PREAD, fd, buf, 3, 1));
        assertEquals("123", h.readString(buf, 3));
        assertEquals(-Errno.EINVAL, h.sys(LSEEK, fd, -100, 0));
        assertEquals(0, h.sys(FSTAT, fd, buf));
        assertEquals(16, h.mem.read64(buf + 48), "st_size");
        assertEquals(StatInfo.S_IFREG, h.mem.read32(buf + 24) & StatInfo.S_IFMT, "st_mode is a regular file");
        assertEquals(1, h.sys(FCNTL, fd, 1 /* F_GETFD */), "O_CLOEXEC recorded");
        assertEquals(-Errno.EBADF, h.sys(WRITE, fd, buf, 1), "opened read-only");
        int fd2 = (int) h.sys(DUP, fd);
        assertEquals(4, fd2);
        assertEquals(0, h.sys(CLOSE, fd));
        assertEquals(2, h.sys(READ, fd2, buf, 10), "a dup shares the description");
        assertEquals(0, h.sys(CLOSE, fd2));
        assertEquals(-Errno.EBADF, h.sys(CLOSE, fd2));
        assertEquals(3, h.sys(OPEN, path, 0), "open(2) works too");
    }

    @Test
    void hostFilesAreReadOnly() {
        long path = h.str(h.scratch, file.toString());
        assertEquals(-Errno.EROFS, h.sys(OPENAT, AT_FDCWD, path, 1 /* O_WRONLY */));
        assertEquals(-Errno.EROFS, h.sys(OPENAT, AT_FDCWD, path, 0x200 /* O_TRUNC */));
        long fresh = h.str(h.scratch + 512, tmp.resolve("new").toString());
        assertEquals(-Errno.EROFS, h.sys(OPENAT, AT_FDCWD, fresh, 0x41 /* O_CREAT|O_WRONLY */));
        assertFalse(Files.exists(tmp.resolve("new")));
        assertEquals(-Errno.ENOENT, h.sys(OPENAT, AT_FDCWD, fresh, 0));
        assertEquals(-Errno.EISDIR, h.sys(OPENAT, AT_FDCWD, h.str(h.scratch + 1024, tmp.toString()), 2));
        assertEquals(-Errno.ENOTDIR, h.sys(OPENAT, AT_FDCWD, path, 0x10000 /* O_DIRECTORY */));
        assertEquals(-Errno.EROFS, h.sys(ACCESS, path, 2 /* W_OK */));
        assertEquals(0, h.sys(ACCESS, path, 4 /* R_OK */));
        int nul = (int) h.sys(OPENAT, AT_FDCWD, h.str(h.scratch + 2048, "/dev/null"), 2);
        assertEquals(5, h.sys(WRITE, nul, path, 5), "/dev/null takes writes");
        assertEquals(0, h.sys(READ, nul, h.scratch + 3000, 5));
    }

    @Test
    void relativePathsUseTheWorkingDirectoryAndDirFds() {
        assertEquals(0, h.sys(CHDIR, h.str(h.scratch, tmp.toString())));
        long size = h.sys(GETCWD, h.scratch + 100, 4096);
        assertEquals(tmp.toString(), h.cString(h.scratch + 100));
        assertEquals(tmp.toString().length() + 1, size);
        assertEquals(-Errno.ERANGE, h.sys(GETCWD, h.scratch + 100, 2));
        int fd = (int) h.sys(OPENAT, AT_FDCWD, h.str(h.scratch, "data.txt"), 0);
        assertTrue(fd >= 3);
        int dir = (int) h.sys(OPENAT, AT_FDCWD, h.str(h.scratch, "."), 0x10000);
        assertTrue(dir > fd);
        assertTrue(h.sys(OPENAT, dir, h.str(h.scratch, "data.txt"), 0) > dir);
        assertEquals(-Errno.ENOTDIR, h.sys(OPENAT, fd, h.str(h.scratch, "data.txt"), 0));
        assertEquals(-Errno.EISDIR, h.sys(READ, dir, h.scratch, 10));
    }

    @Test
    void getdents64ListsADirectory() throws Exception {
        Files.createDirectory(tmp.resolve("sub"));
        int dir = (int) h.sys(OPENAT, AT_FDCWD, h.str(h.scratch, tmp.toString()), 0x10000);
        long buf = h.scratch + 1024;
        long n = h.sys(GETDENTS64, dir, buf, 4096);
        assertTrue(n > 0);
        StringBuilder names = new StringBuilder();
        for (long at = buf; at < buf + n; ) {
            int reclen = h.mem.read16(at + 16);
            assertEquals(0, reclen % 8);
            names.append(h.cString(at + 19)).append(h.mem.read8(at + 18) == 4 ? "/" : "").append(' ');
            at += reclen;
        }
        assertEquals(". .. data.txt sub/ ", names.toString().replace("./", ".").replace("../", ".."));
        assertEquals(0, h.sys(GETDENTS64, dir, buf, 4096), "then the end");
        int again = (int) h.sys(OPENAT, AT_FDCWD, h.str(h.scratch, tmp.toString()), 0x10000);
        assertEquals(-Errno.EINVAL, h.sys(GETDENTS64, again, buf, 10), "a buffer too small for one entry");
    }

    @Test
    void statFamily() {
        long path = h.str(h.scratch, file.toString());
        long buf = h.scratch + 1024;
        assertEquals(0, h.sys(STAT, path, buf));
        assertEquals(16, h.mem.read64(buf + 48));
        assertEquals(0, h.sys(NEWFSTATAT, AT_FDCWD, path, buf, 0));
        assertEquals(16, h.mem.read64(buf + 48));
        assertEquals(-Errno.ENOENT, h.sys(NEWFSTATAT, AT_FDCWD, h.str(h.scratch + 512, "/no/such/file"), buf, 0));
        assertEquals(0, h.sys(NEWFSTATAT, 1, h.str(h.scratch + 512, ""), buf, 0x1000 /* AT_EMPTY_PATH */));
        assertEquals(StatInfo.S_IFIFO, h.mem.read32(buf + 24) & StatInfo.S_IFMT, "captured stdout looks like a pipe");
        assertEquals(-Errno.ENOENT, h.sys(NEWFSTATAT, AT_FDCWD, h.str(h.scratch + 512, ""), buf, 0));
        assertEquals(-Errno.EBADF, h.sys(FSTAT, 42, buf));
    }

    @Test
    void statxAgreesWithStat() {
        long path = h.str(h.scratch, file.toString());
        long st = h.scratch + 1024, sx = h.scratch + 2048;
        assertEquals(0, h.sys(STAT, path, st));
        assertEquals(0, h.sys(332 /* statx */, AT_FDCWD, path, 0, 0xFFF, sx));
        assertEquals(0x7FF, h.mem.read32(sx), "STATX_BASIC_STATS");
        assertEquals(h.mem.read64(st + 48), h.mem.read64(sx + 40), "size");
        assertEquals(h.mem.read64(st + 8), h.mem.read64(sx + 32), "inode");
        assertEquals(h.mem.read32(st + 24) & 0xFFFF, h.mem.read16(sx + 28) & 0xFFFF, "mode");
        assertEquals(h.mem.read64(st + 88), h.mem.read64(sx + 112), "mtime seconds");
        assertEquals(0, h.sys(332, 1, h.str(h.scratch + 512, ""), 0x1000, 0xFFF, sx));
        assertEquals(StatInfo.S_IFIFO, h.mem.read16(sx + 28) & StatInfo.S_IFMT);
    }

    @Test
    void procSelfMapsListsTheRegions() {
        long anon = h.sys(9 /* mmap */, 0, 4096, 3, 0x22 /* MAP_PRIVATE|MAP_ANONYMOUS */, -1, 0);
        int fd = (int) h.sys(OPENAT, AT_FDCWD, h.str(h.scratch, "/proc/self/maps"), 0);
        assertTrue(fd >= 3);
        long buf = h.scratch + 4096;
        long n = h.sys(READ, fd, buf, 8192);
        String maps = h.readString(buf, (int) n);
        String exe = h.proc.program().image().path().toString();
        assertTrue(maps.startsWith("00400000-00401000 r--p 00000000 00:00 0"), maps);
        assertTrue(maps.contains("r-xp 00000000 00:00 0                  " + exe + "\n"), maps);
        assertTrue(maps.contains("rw-p 00000000 00:00 0                  [stack]\n"), maps);
        assertTrue(maps.contains(String.format("%08x-%08x rw-p 00000000 00:00 0%n", anon, anon + 4096)), "anonymous memory has no name");
        assertEquals(-Errno.EACCES, h.sys(OPENAT, AT_FDCWD, h.str(h.scratch, "/proc/self/maps"), 1));
    }

    @Test
    void terminalIoctlsOnAPipeAreEnotty() {
        assertEquals(-Errno.ENOTTY, h.sys(IOCTL, 1, 0x5401 /* TCGETS */, h.scratch));
        assertEquals(-Errno.ENOTTY, h.sys(IOCTL, 0, 0x5413 /* TIOCGWINSZ */, h.scratch));
        assertEquals(-Errno.EBADF, h.sys(IOCTL, 77, 0x5401, h.scratch));
    }

    @Test
    void terminalIoctlsOnATerminal() throws Exception {
        var io = new ProcessIo(new java.io.ByteArrayInputStream(new byte[0]), h.out, h.err, new boolean[] {true, true, true}, false);
        GuestProcess tty = GuestProcess.builder(dev.jvmx.runtime.loader.Examples.get("hello")).env(List.of()).io(io).load();
        long buf = tty.memory().mmap(0, 4096, 3, dev.jvmx.runtime.mem.ProcessAddressSpace.Placement.HINT, "buf");
        var cpu = tty.cpu();
        cpu.gpr[0] = IOCTL; cpu.gpr[7] = 1; cpu.gpr[6] = 0x5401; cpu.gpr[2] = buf;
        tty.syscalls().dispatch(cpu);
        assertEquals(0, cpu.gpr[0], "TCGETS on a terminal");
        assertNotEquals(0, tty.memory().read32(buf + 12) & 2, "ICANON in c_lflag");
        cpu.gpr[0] = IOCTL; cpu.gpr[7] = 1; cpu.gpr[6] = 0x5413; cpu.gpr[2] = buf;
        tty.syscalls().dispatch(cpu);
        assertEquals(0, cpu.gpr[0]);
        assertTrue(tty.memory().read16(buf) > 0 && tty.memory().read16(buf + 2) > 0, "rows and columns");
        cpu.gpr[0] = FSTAT; cpu.gpr[7] = 1; cpu.gpr[6] = buf;
        tty.syscalls().dispatch(cpu);
        assertEquals(StatInfo.S_IFCHR, tty.memory().read32(buf + 24) & StatInfo.S_IFMT, "a terminal is a character device");
    }

    @Test
    void privateFileMappingCopiesTheBytes() {
        int fd = (int) h.sys(OPENAT, AT_FDCWD, h.str(h.scratch, file.toString()), 0);
        long a = h.sys(9 /* mmap */, 0, 100, 1 /* PROT_READ */, 2 /* MAP_PRIVATE */, fd, 0);
        assertTrue(a > 0, "mmap returned " + a);
        assertEquals("0123456789abcdef", h.readString(a, 16));
        assertEquals(0, h.mem.read8(a + 16), "zero past the end of the file");
        assertEquals(-Errno.EACCES, h.sys(9, 0, 100, 3, 1 /* MAP_SHARED, writable */, fd, 0));
        assertEquals(-Errno.EINVAL, h.sys(9, 0, 100, 1, 2, fd, 100), "unaligned offset");
    }

    @Test
    void readlinkOfProcSelfExeIsTheProgram() {
        long n = h.sys(READLINK, h.str(h.scratch, "/proc/self/exe"), h.scratch + 100, 4096);
        String exe = h.proc.program().image().path().toString();
        assertEquals(exe.length(), n);
        assertEquals(exe, h.readString(h.scratch + 100, (int) n));
        assertTrue(exe.startsWith("/") && exe.endsWith("/hello"));
        assertEquals(4, h.sys(READLINK, h.str(h.scratch, "/proc/self/exe"), h.scratch + 100, 4), "truncated, no NUL");
        assertEquals(-Errno.EINVAL, h.sys(READLINK, h.str(h.scratch, file.toString()), h.scratch + 100, 4096), "not a link");
    }

    @Test
    void dup2AndFcntl() {
        assertEquals(7, h.sys(DUP2, 1, 7));
        long buf = h.str(h.scratch, "x");
        assertEquals(1, h.sys(WRITE, 7, buf, 1));
        assertEquals("x", h.out.toString(StandardCharsets.UTF_8));
        assertEquals(8, h.sys(FCNTL, 1, 0 /* F_DUPFD */, 8));
        assertEquals(7, h.sys(DUP2, 7, 7));
        assertEquals(-Errno.EBADF, h.sys(DUP2, 50, 7));
    }
}

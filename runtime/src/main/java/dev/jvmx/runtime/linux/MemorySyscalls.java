package dev.jvmx.runtime.linux;

import dev.jvmx.runtime.mem.ProcessAddressSpace;
import dev.jvmx.runtime.mem.ProcessAddressSpace.Placement;
import dev.jvmx.runtime.mem.Prot;
import dev.jvmx.runtime.mem.Vma;
import java.io.IOException;

/**
 * mmap and friends over {@link ProcessAddressSpace}. Anonymous mappings, shared or private (one
 * process, so both behave alike), and private mappings of read-only files (the bytes are copied
 * at mmap time). A shared writable file mapping is -EACCES: guest files are read-only.
 */
final class MemorySyscalls {
    static final int MAP_SHARED = 1, MAP_PRIVATE = 2, MAP_SHARED_VALIDATE = 3, MAP_TYPE = 0xF, MAP_FIXED = 0x10,
            MAP_ANONYMOUS = 0x20, MAP_FIXED_NOREPLACE = 0x100000;
    static final int MREMAP_MAYMOVE = 1, MREMAP_FIXED = 2;
    static final int MADV_DONTNEED = 4, MADV_FREE = 8;

    private final ProcessContext p;

    MemorySyscalls(ProcessContext p) { this.p = p; }

    long mmap(long addr, long length, int prot, int flags, int fd, long offset) throws IOException {
        int type = flags & MAP_TYPE;
        if (type != MAP_SHARED && type != MAP_PRIVATE && type != MAP_SHARED_VALIDATE) return -Errno.EINVAL;
        if ((offset & ProcessAddressSpace.PAGE_MASK) != 0 || length <= 0) return -Errno.EINVAL;
        Placement where = (flags & MAP_FIXED) != 0 ? Placement.FIXED
                : (flags & MAP_FIXED_NOREPLACE) != 0 ? Placement.FIXED_NOREPLACE : Placement.HINT;
        if ((flags & MAP_ANONYMOUS) != 0) return p.mem.mmap(addr, length, prot, where, "[anon]");
        FileDescription f = p.fds.get(fd);
        if (!(f instanceof HostFile hf)) return f instanceof NullFile ? -Errno.ENODEV : -Errno.EACCES;
        if (type != MAP_PRIVATE && (prot & Prot.WRITE) != 0) return -Errno.EACCES;
        if (length > Integer.MAX_VALUE - 8) return -Errno.ENOMEM;
        byte[] content = new byte[(int) length];
        int got = 0;
        while (got < length) {
            byte[] chunk = new byte[(int) Math.min(length - got, 1 << 20)];
            long r = hf.pread(chunk, chunk.length, offset + got);
            if (r <= 0) break;
            System.arraycopy(chunk, 0, content, got, (int) r);
            got += (int) r;
        }
        byte[] exact = got == content.length ? content : java.util.Arrays.copyOf(content, got);
        return p.mem.mmap(addr, length, prot, where, hf.path().getFileName().toString(), exact);
    }

    long munmap(long addr, long length) { return p.mem.munmap(addr, length); }

    long mprotect(long addr, long length, int prot) { return p.mem.mprotect(addr, length, prot); }

    long brk(long addr) { return p.mem.brk(addr); }

    long madvise(long addr, long length, int advice) {
        if ((addr & ProcessAddressSpace.PAGE_MASK) != 0 || length < 0) return -Errno.EINVAL;
        if (advice == MADV_DONTNEED) return p.mem.discard(addr, length);
        return 0;
    }

    /** mremap: shrink in place, grow in place when the pages after are free, else move if allowed. */
    long mremap(long oldAddr, long oldSize, long newSize, int flags) {
        if ((oldAddr & ProcessAddressSpace.PAGE_MASK) != 0 || newSize <= 0 || (flags & ~3) != 0) return -Errno.EINVAL;
        if ((flags & MREMAP_FIXED) != 0) return -Errno.EINVAL;
        long oldLen = ProcessAddressSpace.pageUp(oldSize), newLen = ProcessAddressSpace.pageUp(newSize);
        Vma v = p.mem.regionAt(oldAddr);
        if (v == null || oldLen == 0 || v.end() < oldAddr + oldLen) return -Errno.EFAULT;
        if (newLen <= oldLen) {
            if (newLen < oldLen) p.mem.munmap(oldAddr + newLen, oldLen - newLen);
            return oldAddr;
        }
        long grown = p.mem.mmap(oldAddr + oldLen, newLen - oldLen, v.prot(), Placement.FIXED_NOREPLACE, v.name());
        if (grown >= 0) return oldAddr;
        if ((flags & MREMAP_MAYMOVE) == 0 || oldLen > Integer.MAX_VALUE) return -Errno.ENOMEM;
        long to = p.mem.mmap(0, newLen, v.prot(), Placement.HINT, v.name());
        if (to < 0) return to;
        byte[] bytes = new byte[(int) oldLen];
        p.mem.mprotect(oldAddr, oldLen, v.prot() | Prot.READ);
        p.mem.read(oldAddr, bytes, 0, bytes.length);
        p.mem.poke(to, bytes, 0, bytes.length);
        p.mem.munmap(oldAddr, oldLen);
        return to;
    }
}

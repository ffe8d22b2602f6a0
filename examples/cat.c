/* cat [FILE...]: copies files (or stdin) to stdout. Freestanding; exercises open/read/write/close.
 * Exit status 0, or 1 after "cat: FILE: cannot open (errno N)" for a file that cannot be opened. */
#include "sys.h"

static char buf[65536];

static int copy(int fd) {
    for (;;) {
        ssize_t n = sys_read(fd, buf, sizeof buf);
        if (n <= 0) return n < 0;
        for (ssize_t done = 0; done < n;) {
            ssize_t w = sys_write(1, buf + done, (size_t) (n - done));
            if (w <= 0) return 1;
            done += w;
        }
    }
}

static void put_errno(long e) {
    char d[8];
    int n = 0;
    do { d[n++] = (char) ('0' + e % 10); e /= 10; } while (e);
    while (n) sys_write(2, &d[--n], 1);
}

static int cat_main(int argc, char **argv) {
    int status = 0;
    if (argc < 2) return copy(0);
    for (int i = 1; i < argc; i++) {
        int fd = sys_open(argv[i], 0);
        if (fd < 0) {
            put_str(2, "cat: ");
            put_str(2, argv[i]);
            put_str(2, ": cannot open (errno ");
            put_errno(-fd);
            put_str(2, ")\n");
            status = 1;
            continue;
        }
        status |= copy(fd);
        sys_close(fd);
    }
    return status;
}

JVMX_START(cat_main)

/*
 * BCD reference (i386, freestanding): runs DAA DAS AAA AAS AAM AAD on the host CPU in 32-bit mode
 * for every AL (and AH, imm8 where they matter) and incoming CF/AF, and writes one line per case:
 *   OP AX_IN FLAGS_IN IMM -> AX_OUT FLAGS_OUT      (hex; FLAGS: the low 12 bits of EFLAGS)
 * Built with gcc -m32 -nostdlib -static; output through the write system call (int 0x80).
 */
typedef unsigned int u32;
static char buf[1 << 16];
static int pos;

static void flush(void) {
    int r;
    __asm__ volatile("int $0x80" : "=a"(r) : "a"(4), "b"(1), "c"(buf), "d"(pos) : "memory");
    pos = 0;
}

static void hex(u32 v, int digits) {
    for (int k = digits - 1; k >= 0; k--) buf[pos++] = "0123456789abcdef"[(v >> (4 * k)) & 15];
}

static void line(const char *op, u32 ax, u32 fl, u32 imm, u32 ax2, u32 fl2) {
    while (*op) buf[pos++] = *op++;
    buf[pos++] = ' '; hex(ax, 4); buf[pos++] = ' '; hex(fl & 0xFFF, 3); buf[pos++] = ' '; hex(imm, 2);
    buf[pos++] = ' '; hex(ax2, 4); buf[pos++] = ' '; hex(fl2 & 0xFFF, 3); buf[pos++] = '\n';
    if (pos > (int) sizeof buf - 64) flush();
}

#define RUN(insn, ax, fl, out_ax, out_fl) \
    __asm__ volatile("pushl %2\n\tpopfl\n\t" insn "\n\tpushfl\n\tpopl %1" : "=a"(out_ax), "=r"(out_fl) : "r"(fl), "0"(ax) : "cc")

#define AAM(n) do { u32 a2, f2; RUN("aam $" #n, ax, fl, a2, f2); line("aam", ax, fl, n, a2 & 0xFFFF, f2); } while (0)
#define AAD(n) do { u32 a2, f2; RUN("aad $" #n, ax, fl, a2, f2); line("aad", ax, fl, n, a2 & 0xFFFF, f2); } while (0)

void _start(void) {
    static const u32 ahs[] = {0x00, 0x01, 0x09, 0x7F, 0x80, 0xFF};
    for (u32 al = 0; al < 256; al++) {
        for (u32 f = 0; f < 16; f++) {
            /* incoming CF (bit 0), AF (bit 4), and two junk patterns for the other status flags */
            u32 fl = 0x202 | (f & 1) | (f & 2) << 3 | ((f & 4) ? 0x8C4 : 0) | ((f & 8) ? 0x000 : 0);
            if (f & 8) continue;
            for (int k = 0; k < 6; k++) {
                u32 ax = ahs[k] << 8 | al, a2, f2;
                if (k < 2) {
                    RUN("daa", ax, fl, a2, f2); line("daa", ax, fl, 0, a2 & 0xFFFF, f2);
                    RUN("das", ax, fl, a2, f2); line("das", ax, fl, 0, a2 & 0xFFFF, f2);
                }
                RUN("aaa", ax, fl, a2, f2); line("aaa", ax, fl, 0, a2 & 0xFFFF, f2);
                RUN("aas", ax, fl, a2, f2); line("aas", ax, fl, 0, a2 & 0xFFFF, f2);
                if (f == 0 || f == 5) {
                    AAM(10); AAM(16); AAM(7); AAM(1); AAM(255); AAM(128);
                    AAD(10); AAD(16); AAD(7); AAD(0); AAD(255); AAD(128);
                }
            }
        }
    }
    flush();
    __asm__ volatile("int $0x80" :: "a"(1), "b"(0));
    for (;;) {}
}

/*
 * x87 reference: computes 80-bit results on the host FPU for the soft-float differential test.
 * Input lines:  OP RC ASE ASIG BSE BSIG   (hex; OP one of add sub mul div sqrt rnd prem prem1 dbl flt i64 cmp
 *               sin cos f2xm1 patan yl2x; for patan/yl2x A is ST0 and B is ST1)
 * Output lines: RSE RSIG  for 80-bit results (prem/prem1: C3 C2 C1 C0 status bits first), or one hex word for dbl/flt/i64/cmp (cmp: the
 *               FUCOMI flags ZF PF CF as bits 2 1 0).
 * RC is the rounding-control field loaded into the control word (precision stays 64 bits).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef union { long double ld; struct { uint64_t sig; uint16_t se; } p; } f80;

int main(void) {
    char op[8];
    unsigned rc, ase, bse;
    unsigned long long asig, bsig;
    while (scanf("%7s %x %x %llx %x %llx", op, &rc, &ase, &asig, &bse, &bsig) == 6) {
        f80 a, b, r;
        memset(&a, 0, sizeof a); memset(&b, 0, sizeof b); memset(&r, 0, sizeof r);
        a.p.sig = asig; a.p.se = (uint16_t) ase; b.p.sig = bsig; b.p.se = (uint16_t) bse;
        unsigned short cw = (unsigned short) (0x037F | (rc & 3) << 10), def = 0x037F;
        __asm__ volatile("fninit\n\tfldcw %0" :: "m"(cw)); /* C0..C3 start clear */
        if (!strcmp(op, "add")) __asm__ volatile("faddp" : "=t"(r.ld) : "0"(a.ld), "u"(b.ld) : "st(1)");
        else if (!strcmp(op, "sub")) __asm__ volatile("fsubrp" : "=t"(r.ld) : "0"(b.ld), "u"(a.ld) : "st(1)");
        else if (!strcmp(op, "mul")) __asm__ volatile("fmulp" : "=t"(r.ld) : "0"(a.ld), "u"(b.ld) : "st(1)");
        else if (!strcmp(op, "div")) __asm__ volatile("fdivrp" : "=t"(r.ld) : "0"(b.ld), "u"(a.ld) : "st(1)");
        else if (!strcmp(op, "sqrt")) __asm__ volatile("fsqrt" : "=t"(r.ld) : "0"(a.ld));
        else if (!strcmp(op, "prem") || !strcmp(op, "prem1")) {
            unsigned short sw;
            if (op[4]) __asm__ volatile("fprem1\n\tfnstsw %1" : "=t"(r.ld), "=m"(sw) : "0"(a.ld), "u"(b.ld));
            else __asm__ volatile("fprem\n\tfnstsw %1" : "=t"(r.ld), "=m"(sw) : "0"(a.ld), "u"(b.ld));
            printf("%x ", sw & 0x4700);
        }
        else if (!strcmp(op, "sin")) __asm__ volatile("fsin" : "=t"(r.ld) : "0"(a.ld));
        else if (!strcmp(op, "cos")) __asm__ volatile("fcos" : "=t"(r.ld) : "0"(a.ld));
        else if (!strcmp(op, "f2xm1")) __asm__ volatile("f2xm1" : "=t"(r.ld) : "0"(a.ld));
        else if (!strcmp(op, "patan")) __asm__ volatile("fpatan" : "=t"(r.ld) : "0"(a.ld), "u"(b.ld) : "st(1)");
        else if (!strcmp(op, "yl2x")) __asm__ volatile("fyl2x" : "=t"(r.ld) : "0"(a.ld), "u"(b.ld) : "st(1)");
        else if (!strcmp(op, "rnd")) __asm__ volatile("frndint" : "=t"(r.ld) : "0"(a.ld));
        else if (!strcmp(op, "dbl")) {
            double d;
            __asm__ volatile("fstpl %0" : "=m"(d) : "t"(a.ld) : "st");
            uint64_t x; memcpy(&x, &d, 8);
            printf("%llx\n", (unsigned long long) x);
        } else if (!strcmp(op, "flt")) {
            float f;
            __asm__ volatile("fstps %0" : "=m"(f) : "t"(a.ld) : "st");
            uint32_t x; memcpy(&x, &f, 4);
            printf("%x\n", x);
        } else if (!strcmp(op, "i64")) {
            long long v;
            __asm__ volatile("fistpll %0" : "=m"(v) : "t"(a.ld) : "st");
            printf("%llx\n", (unsigned long long) v);
        } else if (!strcmp(op, "cmp")) {
            unsigned char z, p, c;
            __asm__ volatile("fucomip %%st(1), %%st\n\tfstp %%st(0)\n\tsetz %0\n\tsetp %1\n\tsetc %2"
                             : "=q"(z), "=q"(p), "=q"(c) : "t"(a.ld), "u"(b.ld) : "st", "st(1)", "cc");
            printf("%x\n", z << 2 | p << 1 | c);
        }
        __asm__ volatile("fldcw %0" :: "m"(def));
        if (!strcmp(op, "add") || !strcmp(op, "sub") || !strcmp(op, "mul") || !strcmp(op, "div")
            || !strcmp(op, "sqrt") || !strcmp(op, "rnd") || !strcmp(op, "prem") || !strcmp(op, "prem1")
            || !strcmp(op, "sin") || !strcmp(op, "cos") || !strcmp(op, "f2xm1") || !strcmp(op, "patan") || !strcmp(op, "yl2x")) {
            printf("%x %llx\n", r.p.se, (unsigned long long) r.p.sig);
        }
        fflush(stdout);
    }
    return 0;
}

/*
 * x87 reference: computes 80-bit results on the host FPU for the soft-float differential test.
 * Input lines:  OP CW ASE ASIG BSE BSIG   (hex; OP one of add sub mul div sqrt rnd prem prem1 dbl flt i64 cmp
 *               ldd lds scale sin cos ptan sincos f2xm1 patan yl2x yl2xp1; A is ST0 and B is ST1; ldd/lds
 *               load the double/float whose bits are ASIG)
 * CW: 0..3 is a rounding control (control word 0x037F | RC << 10), anything else a whole control word
 *     (precision control and exception masks too).
 * Output lines: RSE RSIG SW for 80-bit results (prem/prem1: C3 C2 C1 C0 status bits first), or one hex
 *               word and SW for dbl/flt/i64/cmp (cmp: the FUCOMI flags ZF PF CF as bits 2 1 0; a store
 *               suppressed by an unmasked exception prints 0); ptan and sincos print ST1 after ST0 on the
 *               same line: RSE RSIG SW R1SE R1SIG. SW is the status word right after the
 *               operation with TOP (bits 13:11) cleared; FNCLEX follows it, so an unmasked exception
 *               never reaches a waiting instruction.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef union { long double ld; struct { uint64_t sig; uint16_t se; } p; } f80;

#define TAIL "\n\tfnstsw %[sw]\n\tfnclex\n\tfstpt %[r]\n\tfninit"
#define BIN(insn) __asm__ volatile("fldt %[b]\n\tfldt %[a]\n\t" insn TAIL \
    : [r] "=m"(r.ld), [sw] "=m"(sw) : [a] "m"(a.ld), [b] "m"(b.ld) : "memory")
#define UN2(insn) __asm__ volatile("fldt %[a]\n\t" insn "\n\tfnstsw %[sw]\n\tfnclex\n\tfstpt %[r]\n\tfstpt %[r1]\n\tfninit" \
    : [r] "=m"(r.ld), [r1] "=m"(r1.ld), [sw] "=m"(sw) : [a] "m"(a.ld) : "memory")
#define UN(insn) __asm__ volatile("fldt %[a]\n\t" insn TAIL \
    : [r] "=m"(r.ld), [sw] "=m"(sw) : [a] "m"(a.ld) : "memory")

int main(void) {
    char op[8];
    unsigned rc, ase, bse;
    unsigned long long asig, bsig;
    while (scanf("%7s %x %x %llx %x %llx", op, &rc, &ase, &asig, &bse, &bsig) == 6) {
        f80 a, b, r, r1;
        unsigned short sw = 0;
        memset(&a, 0, sizeof a); memset(&b, 0, sizeof b); memset(&r, 0, sizeof r); memset(&r1, 0, sizeof r1);
        a.p.sig = asig; a.p.se = (uint16_t) ase; b.p.sig = bsig; b.p.se = (uint16_t) bse;
        unsigned short cw = (unsigned short) (rc <= 3 ? 0x037F | (rc & 3) << 10 : rc);
        __asm__ volatile("fninit\n\tfldcw %0" :: "m"(cw)); /* C0..C3 start clear */
        int result80 = 1, two = 0;
        if (!strcmp(op, "add")) BIN("faddp");
        else if (!strcmp(op, "sub")) BIN("fsubp");  /* AT&T fsubp = Intel FSUBRP: ST1 = ST0 - ST1 = A - B */
        else if (!strcmp(op, "mul")) BIN("fmulp");
        else if (!strcmp(op, "div")) BIN("fdivp");   /* A / B, likewise */
        else if (!strcmp(op, "sqrt")) UN("fsqrt");
        else if (!strcmp(op, "rnd")) UN("frndint");
        else if (!strcmp(op, "scale")) BIN("fscale");
        else if (!strcmp(op, "prem")) BIN("fprem");
        else if (!strcmp(op, "prem1")) BIN("fprem1");
        else if (!strcmp(op, "sin")) UN("fsin");
        else if (!strcmp(op, "cos")) UN("fcos");
        else if (!strcmp(op, "ptan")) { UN2("fptan"); two = 1; }
        else if (!strcmp(op, "sincos")) { UN2("fsincos"); two = 1; }
        else if (!strcmp(op, "f2xm1")) UN("f2xm1");
        else if (!strcmp(op, "yl2xp1")) BIN("fyl2xp1");
        else if (!strcmp(op, "patan")) BIN("fpatan");
        else if (!strcmp(op, "yl2x")) BIN("fyl2x");
        else if (!strcmp(op, "ldd")) {
            double d; uint64_t x = asig; memcpy(&d, &x, 8);
            __asm__ volatile("fldl %[d]" TAIL : [r] "=m"(r.ld), [sw] "=m"(sw) : [d] "m"(d) : "memory");
        } else if (!strcmp(op, "lds")) {
            float f; uint32_t x = (uint32_t) asig; memcpy(&f, &x, 4);
            __asm__ volatile("flds %[f]" TAIL : [r] "=m"(r.ld), [sw] "=m"(sw) : [f] "m"(f) : "memory");
        } else {
            result80 = 0;
            unsigned long long v = 0;
            if (!strcmp(op, "dbl")) {
                __asm__ volatile("fldt %[a]\n\tfstpl %[v]\n\tfnstsw %[sw]\n\tfninit" : [v] "+m"(v), [sw] "=m"(sw) : [a] "m"(a.ld) : "memory");
            } else if (!strcmp(op, "flt")) {
                unsigned int f = 0;
                __asm__ volatile("fldt %[a]\n\tfstps %[v]\n\tfnstsw %[sw]\n\tfninit" : [v] "+m"(f), [sw] "=m"(sw) : [a] "m"(a.ld) : "memory");
                v = f;
            } else if (!strcmp(op, "i64")) {
                __asm__ volatile("fldt %[a]\n\tfistpll %[v]\n\tfnstsw %[sw]\n\tfninit" : [v] "+m"(v), [sw] "=m"(sw) : [a] "m"(a.ld) : "memory");
            } else if (!strcmp(op, "cmp")) {
                unsigned char z, p, c;
                __asm__ volatile("fldt %[b]\n\tfldt %[a]\n\tfucomip %%st(1), %%st\n\tfnstsw %[sw]\n\tfninit\n\tsetz %0\n\tsetp %1\n\tsetc %2"
                                 : "=q"(z), "=q"(p), "=q"(c), [sw] "=m"(sw) : [a] "m"(a.ld), [b] "m"(b.ld) : "memory", "cc");
                v = z << 2 | p << 1 | c;
            }
            printf("%llx %x\n", v, sw & 0xC7FF);
        }
        if (two) printf("%x %llx %x %x %llx\n", r.p.se, (unsigned long long) r.p.sig, sw & 0xC7FF, r1.p.se, (unsigned long long) r1.p.sig);
        else if (result80) printf("%x %llx %x\n", r.p.se, (unsigned long long) r.p.sig, sw & 0xC7FF);
        fflush(stdout);
    }
    return 0;
}

/*
 * Floating point through the C library: SSE2 double/float arithmetic and conversions, x87 long
 * double (musl's printf formats through long double), libm, strtod. Prints results and a
 * checksum; the test compares the output with a native run of the same binary.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
    volatile double x = 1.5 * argc, s = 0;
    for (int i = 1; i < 200; i++) s += x / i - (double) (i % 7) * 0.25 + sqrt((double) i);
    volatile float f = (float) s * 3.0f + 1.0f / 3.0f;
    volatile long double ld = (long double) s / 3.0L + 1e-30L;
    printf("%f %.3e %g %.10g %a\n", s, s * 1e10, f, s / 7, s);
    printf("%Lf %.20Le %Lg\n", ld, ld * ld, ld / 1e300L);
    printf("%f %f %f %f %f\n", floor(s), ceil(-s), fabs(-s), fmod(s, 3.0), round(s / 10));
    printf("%.15g %.15g %.15g %.15g\n", exp(1.0), log(10.0), pow(2.0, 0.5), atan2(1.0, 1.0));
    printf("%.15g %.15g %.15g\n", sin(0.5), cos(0.5), tan(0.5));
    printf("%.17g %.9g %ld %lld %d\n", strtod("3.14159265358979323846", NULL), strtof("2.5e-3", NULL),
           (long) (s * 1000), (long long) -1e18, (int) (f * 100));
    printf("%g %g %g %d %d\n", 1.0 / 0.0, -1.0 / 0.0, 0.0 / 0.0 == 0.0 / 0.0 ? 1.0 : 2.0, isnan(sqrt(-1.0)), isinf(1e308 * 10));
    uint64_t h = 0;
    for (int i = -50; i < 50; i++) {
        double d = i * 0.37 + 1e-3 * i * i;
        long double e = (long double) d * d - 1.0L / (i + 0.5L);
        h = h * 31 + (uint64_t) (int64_t) (d * 1e6) + (uint64_t) (int64_t) (e * 1e3) + (uint64_t) (float) d;
    }
    printf("checksum %016llx\n", (unsigned long long) h);
    return 0;
}

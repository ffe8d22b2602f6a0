/* matmul [ROUNDS]: 64x64 double-precision matrix multiply C = A*B, ROUNDS times, A nudged
 * by C between rounds so no two rounds are the same. Scalar SSE2 (mulsd/addsd) at -O2.
 * Measures: scalar double floating point on L1-resident data. */
#include "bench.h"

#define M 64

static double A[M][M], B[M][M], C[M][M];

int main(int argc, char **argv)
{
    long rounds = bench_size(argc, argv, 50000);
    uint64_t seed = 0x6A09E667F3BCC908ULL;
    for (int i = 0; i < M; i++)
        for (int j = 0; j < M; j++) {
            A[i][j] = (double)(bench_rand(&seed) % 2001) / 1000.0 - 1.0;
            B[i][j] = (double)(bench_rand(&seed) % 2001) / 1000.0 - 1.0;
        }
    /* identity check: A*I == A exactly */
    static double I[M][M];
    for (int i = 0; i < M; i++)
        I[i][i] = 1.0;
    for (int i = 0; i < M; i++)
        for (int j = 0; j < M; j++) {
            double s = 0.0;
            for (int k = 0; k < M; k++)
                s += A[i][k] * I[k][j];
            BENCH_CHECK(s == A[i][j], "A * I == A");
        }
    double trace = 0.0;
    for (long r = 0; r < rounds; r++) {
        for (int i = 0; i < M; i++)
            for (int j = 0; j < M; j++) {
                double s = 0.0;
                for (int k = 0; k < M; k++)
                    s += A[i][k] * B[k][j];
                C[i][j] = s;
            }
        trace = 0.0;
        for (int i = 0; i < M; i++) {
            trace += C[i][i];
            A[i][(i + r) % M] += C[i][(i * 7 + r) % M] * 1e-3;
        }
    }
    double sum = 0.0;
    for (int i = 0; i < M; i++)
        for (int j = 0; j < M; j++)
            sum += C[i][j];
    printf("matmul: rounds=%ld n=%d trace=%.12e sum=%.12e\n", rounds, M, trace, sum);
    return 0;
}

package dev.jvmx.x86;

/**
 * The CPUID feature a form needs (SDM Vol. 2A, CPUID, Tables 3-8..3-10; AMD for LZCNT/PREFETCHW).
 * {@code BASE} is the architectural base set of the mode (8086..Pentium integer, long mode).
 */
public enum Feature {
    BASE, X87, CMOV, CX8, CX16, MMX, SSE, SSE2, SSE3, SSSE3, SSE41, SSE42, POPCNT, LZCNT, BMI1, BMI2,
    ADX, MOVBE, AES, PCLMUL, SHA, AVX, AVX2, FMA, F16C, VMX, TSC, RDTSCP, MSR, SEP, SYSCALL, FXSR,
    XSAVE, XSAVEOPT, XSAVEC, XSAVES, MONITOR, SMAP, FSGSBASE, RDRAND, RDSEED, RDPID, INVPCID, CLFSH,
    CLFLUSHOPT, PREFETCHW, CET, PAUSE, RDPMC, RTM, SMX, CLDEMOTE, SERIALIZE, PKU
}

package dev.jvmx.runtime.cpu;

/**
 * The CPU the guest sees: vendor, family/model/stepping, CPUID leaves and the time-stamp counter.
 * It advertises only what jvmx implements, because guests (glibc's ifunc resolvers above all)
 * choose code paths from CPUID: what this class claims decides which instructions run.
 *
 * <p>Advertised: the x86-64 baseline (FPU, TSC, CX8, CMOV, MMX, FXSR, SSE, SSE2), CX16, MOVBE,
 * SSE3, SSSE3, SSE4.1, SSE4.2, POPCNT, LZCNT (ABM) ({@link #withVerifiedExtensions}: every form of
 * theirs is compared with the host CPU by testsuites' differential harness, docs/DIFFERENTIAL.md),
 * LAHF/SAHF in 64-bit mode, SYSCALL, NX, LM, RDTSCP, ERMS (fast REP MOVSB/STOSB), invariant TSC.
 * The x87 is exact (80-bit soft float, with precision control and the exception flags and
 * responses) except its transcendentals, which are approximated within a documented bound; the
 * MMX-register forms execute (host-checked, x87 TOP/tag interplay and #MF included). Advertised
 * beyond SSE4.2: BMI1/2, ADX, AES-NI, PCLMULQDQ ({@link #VERIFIED_BEYOND_SSE42}) and AVX, AVX2,
 * FMA3, F16C, XSAVE/XSAVEOPT with OSXSAVE ({@link #AVX_FAMILY}), every form of theirs compared with
 * the host in both modes by testsuites' random-form differential test (docs/DIFFERENTIAL.md). Not
 * advertised: XSAVEC/XSAVES, AVX-512, FSGSBASE, RDRAND (not implemented). SHA ({@link #VERIFIED_BEYOND_SSE42}) too. Without BMI1/ABM, TZCNT/LZCNT execute as BSF/BSR, as on such
 * hardware. The interpreter raises #UD for instruction forms whose feature {@link #supports}
 * denies, so the model and the executable ISA cannot drift apart.
 * Leaves follow SDM Vol. 2A "CPUID" (Table 3-8); cache leaves 2 and 4 describe a modest
 * 32K/32K/1M/8M hierarchy so that libc cache-size tuning sees sane numbers.
 */
public final class CpuModel {
    /** Display family 6, model 0x0F, stepping 11: a Core-2-class part with SSE2 only. */
    public static final int FAMILY = 6, MODEL = 0x0F, STEPPING = 11;

    private static final int MAX_BASIC = 0xD, MAX_EXTENDED = 0x8000_0008;
    /** TSC ticks per nanosecond of host time (a nominal 2 GHz clock). */
    private static final long TSC_PER_NS = 2;

    private final long tscOrigin = System.nanoTime();
    /** Extensions beyond the default model's baseline that this model advertises (see {@link #withVerifiedExtensions}). */
    private final java.util.Set<dev.jvmx.x86.Feature> extensions;

    public CpuModel() {
        this(java.util.EnumSet.noneOf(dev.jvmx.x86.Feature.class));
    }

    private CpuModel(java.util.Set<dev.jvmx.x86.Feature> extensions) {
        this.extensions = extensions;
    }

    /** The model jvmx runs guests with: the SSE2 baseline ({@link #CpuModel()}) plus {@link #withVerifiedExtensions} (the AVX family included). */
    public static CpuModel defaultModel() { return withVerifiedExtensions(); }

    /**
     * The default model plus the extensions that are implemented and pass the host-differential
     * tests (SSE3, SSSE3, SSE4.1, SSE4.2, POPCNT, LZCNT/ABM: {@code SimdDiffTest}, {@code MmxDiffTest}, and
     * every form in testsuites' JvmxDifferentialTest), {@link #VERIFIED_BEYOND_SSE42} and {@link #AVX_FAMILY}.
     * The {@link #defaultModel}.
     */
    public static CpuModel withVerifiedExtensions() {
        java.util.Set<dev.jvmx.x86.Feature> f = java.util.EnumSet.of(dev.jvmx.x86.Feature.SSE3, dev.jvmx.x86.Feature.SSSE3,
                dev.jvmx.x86.Feature.SSE41, dev.jvmx.x86.Feature.SSE42, dev.jvmx.x86.Feature.POPCNT, dev.jvmx.x86.Feature.LZCNT);
        f.addAll(VERIFIED_BEYOND_SSE42);
        f.addAll(AVX_FAMILY);
        return new CpuModel(f);
    }

    /**
     * Extensions past SSE4.2 that are implemented and pass testsuites' {@code ExtensionDifferentialTest}
     * against the host: BMI1 (ANDN BEXTR BLSI BLSMSK BLSR TZCNT), BMI2 (BZHI MULX PDEP PEXT RORX
     * SARX SHLX SHRX), ADX (ADCX ADOX), AES-NI and PCLMULQDQ (legacy-SSE forms; their VEX forms
     * also need AVX), SHA (SHA1RNDS4 SHA1NEXTE SHA1MSG1 SHA1MSG2 SHA256RNDS2 SHA256MSG1 SHA256MSG2).
     * All in the default model.
     */
    public static final java.util.Set<dev.jvmx.x86.Feature> VERIFIED_BEYOND_SSE42 = java.util.Collections.unmodifiableSet(
            java.util.EnumSet.of(dev.jvmx.x86.Feature.BMI1, dev.jvmx.x86.Feature.BMI2, dev.jvmx.x86.Feature.ADX,
                    dev.jvmx.x86.Feature.AES, dev.jvmx.x86.Feature.PCLMUL, dev.jvmx.x86.Feature.SHA));

    /**
     * AVX and AVX2 (the VEX forms of the SSE instructions at 128 and 256 bits, the VEX-only
     * permutes, broadcasts, masked moves, variable shifts and gathers), FMA3, F16C, and XSAVE with
     * XSAVEOPT (x87, SSE and AVX state; XGETBV): implemented, passing testsuites'
     * {@code ExtensionDifferentialTest} and the default model's random-form differential test
     * (JvmxDifferentialTest) in both modes. In the default model.
     */
    public static final java.util.Set<dev.jvmx.x86.Feature> AVX_FAMILY = java.util.Collections.unmodifiableSet(
            java.util.EnumSet.of(dev.jvmx.x86.Feature.AVX, dev.jvmx.x86.Feature.AVX2,
                    dev.jvmx.x86.Feature.FMA, dev.jvmx.x86.Feature.F16C, dev.jvmx.x86.Feature.XSAVE));

    /**
     * {@link #withVerifiedExtensions}, which includes {@link #AVX_FAMILY} (CPUID leaf 1 ECX
     * AVX/FMA/F16C/XSAVE/OSXSAVE, leaf 7 AVX2, leaf 0DH): kept for the tests that name the AVX family.
     */
    public static CpuModel withAvx() {
        return withVerifiedExtensions();
    }

    /**
     * A model advertising {@code extensions} on top of the default (for differential tests of
     * instruction groups that are not complete yet, e.g. part of SSE4.1). Leaf 1 ECX reports SSE3,
     * SSSE3, SSE4.1, SSE4.2 and POPCNT when present.
     */
    public static CpuModel withExtensions(java.util.Set<dev.jvmx.x86.Feature> extensions) {
        return new CpuModel(java.util.EnumSet.copyOf(extensions));
    }

    /**
     * Leaf 1 ECX feature bits: CX16 (13), MOVBE (22), and the extensions of {@link #withVerifiedExtensions}.
     * POPCNT (23) is implemented and host-checked but kept unadvertised: the team baseline is asserted
     * by testsuites' JvmxCoverageTest.
     */
    public int features1Ecx() {
        return 1 << 13 | 1 << 22 | bit(dev.jvmx.x86.Feature.SSE3, 0) | bit(dev.jvmx.x86.Feature.SSSE3, 9)
                | bit(dev.jvmx.x86.Feature.SSE41, 19) | bit(dev.jvmx.x86.Feature.SSE42, 20) | bit(dev.jvmx.x86.Feature.POPCNT, 23)
                | bit(dev.jvmx.x86.Feature.PCLMUL, 1) | bit(dev.jvmx.x86.Feature.AES, 25) | bit(dev.jvmx.x86.Feature.FMA, 12)
                | bit(dev.jvmx.x86.Feature.XSAVE, 26) | bit(dev.jvmx.x86.Feature.XSAVE, 27) | bit(dev.jvmx.x86.Feature.AVX, 28)
                | bit(dev.jvmx.x86.Feature.F16C, 29);
    }

    private int bit(dev.jvmx.x86.Feature f, int position) {
        return extensions.contains(f) ? 1 << position : 0;
    }

    /** Leaf 1 EDX: FPU TSC CX8 CMOV MMX FXSR SSE SSE2. */
    public int features1Edx() {
        return 1 | 1 << 4 | 1 << 8 | 1 << 15 | 1 << 23 | 1 << 24 | 1 << 25 | 1 << 26;
    }

    /** Leaf 7.0 EBX: BMI1 (3), AVX2 (5), BMI2 (8), ERMS (9), ADX (19), SHA (29). */
    public int features7Ebx() {
        return 1 << 9 | bit(dev.jvmx.x86.Feature.BMI1, 3) | bit(dev.jvmx.x86.Feature.AVX2, 5) | bit(dev.jvmx.x86.Feature.BMI2, 8)
                | bit(dev.jvmx.x86.Feature.ADX, 19) | bit(dev.jvmx.x86.Feature.SHA, 29);
    }

    /**
     * Leaf 0DH (SDM Vol. 2A "CPUID", Table 3-8; Vol. 1 §13.2): sub-leaf 0 = supported XCR0 bits and
     * the area sizes, 1 = XSAVEOPT (bit 0), 2 = the AVX component's size and offset. All zero
     * without XSAVE. OSXSAVE (leaf 1 ECX bit 27) is reported with XSAVE: in process mode Linux has
     * set CR4.OSXSAVE (a system-mode guest that has not yet set it sees the bit anyway: not modelled).
     */
    private int[] xsaveLeaf(int subleaf) {
        if (!extensions.contains(dev.jvmx.x86.Feature.XSAVE)) return new int[4];
        long xcr0 = Xsave.supportedXcr0(this);
        return switch (subleaf) {
            case 0 -> new int[] {(int) xcr0, Xsave.areaSize(xcr0), Xsave.areaSize(xcr0), 0};
            case 1 -> new int[] {1, 0, 0, 0};
            case 2 -> (xcr0 & CpuState.XCR0_AVX) != 0 ? new int[] {Xsave.AVX_SIZE, Xsave.AVX_OFFSET, 0, 0} : new int[4];
            default -> new int[4];
        };
    }

    /** Leaf 0x80000001 ECX: LAHF/SAHF (0), ABM/LZCNT (5) in {@link #withVerifiedExtensions}. EDX: SYSCALL (11), NX (20), RDTSCP (27), LM (29). */
    public int extFeaturesEcx() { return 1 | bit(dev.jvmx.x86.Feature.LZCNT, 5); }

    public int extFeaturesEdx() { return 1 << 11 | 1 << 20 | 1 << 27 | 1 << 29; }

    public boolean hasLzcnt() { return (extFeaturesEcx() & (1 << 5)) != 0; }

    public boolean hasBmi1() { return (features7Ebx() & (1 << 3)) != 0; }

    /**
     * Whether a VEX-encoded form of CPUID feature {@code f} also needs AVX (and the AVX state
     * enabled): every VEX form but the general-purpose BMI1/BMI2 ones (SDM Vol. 2A §2.3.10,
     * §2.5.1), so VAESENC needs AES and AVX. The interpreter's #UD gate and the differential
     * harness's coverage both ask this.
     */
    public static boolean vexNeedsAvx(dev.jvmx.x86.Feature f) {
        return f != dev.jvmx.x86.Feature.BMI1 && f != dev.jvmx.x86.Feature.BMI2;
    }

    /** Features this model implements and advertises; instructions of any other feature raise #UD. */
    private static final java.util.Set<dev.jvmx.x86.Feature> SUPPORTED = java.util.EnumSet.of(
            dev.jvmx.x86.Feature.BASE, dev.jvmx.x86.Feature.X87, dev.jvmx.x86.Feature.CMOV, dev.jvmx.x86.Feature.CX8,
            dev.jvmx.x86.Feature.CX16, dev.jvmx.x86.Feature.MMX, dev.jvmx.x86.Feature.SSE, dev.jvmx.x86.Feature.SSE2,
            dev.jvmx.x86.Feature.TSC, dev.jvmx.x86.Feature.RDTSCP, dev.jvmx.x86.Feature.SYSCALL, dev.jvmx.x86.Feature.FXSR,
            dev.jvmx.x86.Feature.CLFSH, dev.jvmx.x86.Feature.PAUSE, dev.jvmx.x86.Feature.MOVBE, dev.jvmx.x86.Feature.MSR, dev.jvmx.x86.Feature.RDPMC, dev.jvmx.x86.Feature.MONITOR);

    /**
     * Whether an instruction form of {@code f} executes. Besides {@link #SUPPORTED}, forms that
     * hardware without the feature still executes differently are allowed through: TZCNT/LZCNT
     * (run as BSF/BSR), ENDBR and RDSSP/INCSSP (NOPs while CET is off), PREFETCHW (a hint).
     * Privileged forms (MSR, RDPMC, MONITOR) are allowed here and fault with #GP at CPL 3.
     */
    public boolean supports(dev.jvmx.x86.Feature f) {
        return SUPPORTED.contains(f) || extensions.contains(f) || switch (f) {
            // CLDEMOTE: a hint in the NOP space, executed as a NOP whether or not CPUID advertises it
            case BMI1, LZCNT, CET, CET_SS, PREFETCHW, CLFLUSHOPT, CLDEMOTE -> true;
            case XSAVEOPT -> extensions.contains(dev.jvmx.x86.Feature.XSAVE);
            default -> false;
        };
    }

    /** CPUID(leaf, subleaf) as {EAX, EBX, ECX, EDX}. */
    public int[] cpuid(int leaf, int subleaf) {
        if (Integer.compareUnsigned(leaf, 0x8000_0000) >= 0) {
            return Integer.compareUnsigned(leaf, MAX_EXTENDED) <= 0 ? extended(leaf) : basic(MAX_BASIC, subleaf);
        }
        // Intel: a basic leaf above the maximum returns the highest basic leaf's data.
        return basic(Integer.compareUnsigned(leaf, MAX_BASIC) <= 0 ? leaf : MAX_BASIC, subleaf);
    }

    private int[] basic(int leaf, int subleaf) {
        return switch (leaf) {
            case 0 -> new int[] {MAX_BASIC, 0x756E_6547, 0x6C65_746E, 0x4965_6E69}; // "GenuineIntel"
            case 1 -> new int[] {signature(), 8 << 8 | 1 << 16, features1Ecx(), features1Edx()};
            case 2 -> new int[] {0x0000_FF01, 0, 0, 0}; // descriptor 0xFF: use leaf 4
            case 4 -> CacheLeaves.leaf4(subleaf);
            case 7 -> subleaf == 0 ? new int[] {0, features7Ebx(), 0, 0} : new int[4];
            case 0xB -> CacheLeaves.leafB(subleaf);
            case 0xD -> xsaveLeaf(subleaf);
            default -> new int[4]; // 3, 5, 6, 8, 9, 0xA, 0xC: all zero
        };
    }

    private int[] extended(int leaf) {
        return switch (leaf & 0xF) {
            case 0 -> new int[] {MAX_EXTENDED, 0, 0, 0};
            case 1 -> new int[] {0, 0, extFeaturesEcx(), extFeaturesEdx()};
            case 2, 3, 4 -> brand(leaf & 0xF);
            case 6 -> new int[] {0, 0, 1024 << 16 | 6 << 12 | 64, 0}; // L2: 1 MB, 8-way, 64 B lines
            case 7 -> new int[] {0, 0, 0, 1 << 8}; // invariant TSC
            case 8 -> new int[] {48 << 8 | 39, 0, 0, 0};
            default -> new int[4];
        };
    }

    /** Leaf 1 EAX: stepping[3:0] model[7:4] family[11:8] extended model[19:16] extended family[27:20]. */
    public int signature() {
        return STEPPING | (MODEL & 0xF) << 4 | FAMILY << 8 | (MODEL >> 4) << 16;
    }

    private static int[] brand(int part) {
        String name = "jvmx virtual x86-64 CPU";
        byte[] b = new byte[48];
        byte[] n = name.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(n, 0, b, 0, n.length);
        int[] r = new int[4];
        int base = (part - 2) * 16;
        for (int i = 0; i < 16; i++) r[i / 4] |= (b[base + i] & 0xFF) << (8 * (i % 4));
        return r;
    }

    /** Time-stamp counter: host nanoseconds since this model was made, times the nominal clock. */
    public long rdtsc() {
        return (System.nanoTime() - tscOrigin) * TSC_PER_NS;
    }

    /** IA32_TSC_AUX as RDTSCP returns it in ECX (processor id 0). */
    public int tscAux() { return 0; }
}

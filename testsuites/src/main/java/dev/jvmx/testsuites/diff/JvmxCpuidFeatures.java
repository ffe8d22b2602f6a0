package dev.jvmx.testsuites.diff;

import dev.jvmx.runtime.cpu.CpuModel;
import dev.jvmx.x86.Feature;
import java.util.EnumSet;
import java.util.Set;

/**
 * Which {@link Feature}s a {@link CpuModel} advertises, read from its CPUID leaves exactly as a
 * guest would (SDM Vol. 2A, CPUID, Tables 3-8 to 3-10; AMD APM Vol. 3 for LZCNT and PREFETCHW).
 * The differential sample runs a template only when its feature is advertised: a form the model
 * does not claim may legitimately behave differently in jvmx (#UD, or the pre-feature meaning,
 * as F3 0F BD is BSR without LZCNT).
 *
 * <pre>
 *  leaf 1 EDX   FPU(X87) 0  TSC 4  MSR 5  CX8 8  SEP 11  CMOV 15  CLFSH 19  MMX 23  FXSR 24
 *               SSE 25  SSE2 26
 *  leaf 1 ECX   SSE3 0  PCLMUL 1  MONITOR 3  VMX 5  SMX 6  SSSE3 9  FMA 12  CX16 13  SSE41 19
 *               SSE42 20  MOVBE 22  POPCNT 23  AES 25  XSAVE 26  AVX 28  F16C 29  RDRAND 30
 *  leaf 7 EBX   FSGSBASE 0  BMI1 3  AVX2 5  BMI2 8  INVPCID 10  RTM 11  RDSEED 18  ADX 19
 *               SMAP 20  CLFLUSHOPT 23  SHA 29
 *  leaf 7 ECX   PKU 3  CET(SHSTK) 7  RDPID 22  CLDEMOTE 25      leaf 7 EDX  SERIALIZE 14
 *  leaf 0xD.1 EAX  XSAVEOPT 0  XSAVEC 1  XSAVES 3
 *  0x8000_0001 ECX  LZCNT(ABM) 5  PREFETCHW 8    EDX  SYSCALL 11  RDTSCP 27
 *  no bit: BASE, PAUSE, RDPMC (architectural in every x86-64 CPU)
 * </pre>
 */
public final class JvmxCpuidFeatures {
    private static final int EAX = 0, EBX = 1, ECX = 2, EDX = 3;

    private JvmxCpuidFeatures() {}

    /**
     * The features an instance of {@code form} needs, {@code feature} being its CPUID feature
     * (by VEX.L), plus AVX where the form is VEX-encoded and {@link CpuModel#vexNeedsAvx} says so.
     */
    public static Set<Feature> needed(dev.jvmx.x86.Form form, Feature feature) {
        if (!form.isVex() || feature == Feature.AVX || !CpuModel.vexNeedsAvx(feature)) return Set.of(feature);
        return Set.of(feature, Feature.AVX);
    }

    /** Every feature {@code model} advertises. */
    public static Set<Feature> advertised(CpuModel model) {
        Set<Feature> out = EnumSet.noneOf(Feature.class);
        for (Feature f : Feature.values()) if (advertises(model, f)) out.add(f);
        return out;
    }

    public static boolean advertises(CpuModel model, Feature f) {
        return switch (f) {
            case BASE, PAUSE, RDPMC -> true;
            case X87 -> bit(model, 1, 0, EDX, 0);
            case TSC -> bit(model, 1, 0, EDX, 4);
            case MSR -> bit(model, 1, 0, EDX, 5);
            case CX8 -> bit(model, 1, 0, EDX, 8);
            case SEP -> bit(model, 1, 0, EDX, 11);
            case CMOV -> bit(model, 1, 0, EDX, 15);
            case CLFSH -> bit(model, 1, 0, EDX, 19);
            case MMX -> bit(model, 1, 0, EDX, 23);
            case FXSR -> bit(model, 1, 0, EDX, 24);
            case SSE -> bit(model, 1, 0, EDX, 25);
            case SSE2 -> bit(model, 1, 0, EDX, 26);
            case SSE3 -> bit(model, 1, 0, ECX, 0);
            case PCLMUL -> bit(model, 1, 0, ECX, 1);
            case MONITOR -> bit(model, 1, 0, ECX, 3);
            case VMX -> bit(model, 1, 0, ECX, 5);
            case SMX -> bit(model, 1, 0, ECX, 6);
            case SSSE3 -> bit(model, 1, 0, ECX, 9);
            case FMA -> bit(model, 1, 0, ECX, 12);
            case CX16 -> bit(model, 1, 0, ECX, 13);
            case SSE41 -> bit(model, 1, 0, ECX, 19);
            case SSE42 -> bit(model, 1, 0, ECX, 20);
            case MOVBE -> bit(model, 1, 0, ECX, 22);
            case POPCNT -> bit(model, 1, 0, ECX, 23);
            case AES -> bit(model, 1, 0, ECX, 25);
            case XSAVE -> bit(model, 1, 0, ECX, 26);
            case AVX -> bit(model, 1, 0, ECX, 28);
            case F16C -> bit(model, 1, 0, ECX, 29);
            case RDRAND -> bit(model, 1, 0, ECX, 30);
            case FSGSBASE -> bit(model, 7, 0, EBX, 0);
            case BMI1 -> bit(model, 7, 0, EBX, 3);
            case AVX2 -> bit(model, 7, 0, EBX, 5);
            case BMI2 -> bit(model, 7, 0, EBX, 8);
            case INVPCID -> bit(model, 7, 0, EBX, 10);
            case RTM -> bit(model, 7, 0, EBX, 11);
            case RDSEED -> bit(model, 7, 0, EBX, 18);
            case ADX -> bit(model, 7, 0, EBX, 19);
            case SMAP -> bit(model, 7, 0, EBX, 20);
            case CLFLUSHOPT -> bit(model, 7, 0, EBX, 23);
            case SHA -> bit(model, 7, 0, EBX, 29);
            case PKU -> bit(model, 7, 0, ECX, 3);
            case CET -> bit(model, 7, 0, ECX, 7);
            case RDPID -> bit(model, 7, 0, ECX, 22);
            case CLDEMOTE -> bit(model, 7, 0, ECX, 25);
            case SERIALIZE -> bit(model, 7, 0, EDX, 14);
            case XSAVEOPT -> bit(model, 0xD, 1, EAX, 0);
            case XSAVEC -> bit(model, 0xD, 1, EAX, 1);
            case XSAVES -> bit(model, 0xD, 1, EAX, 3);
            case LZCNT -> bit(model, 0x8000_0001, 0, ECX, 5);
            case PREFETCHW -> bit(model, 0x8000_0001, 0, ECX, 8);
            case SYSCALL -> bit(model, 0x8000_0001, 0, EDX, 11);
            case RDTSCP -> bit(model, 0x8000_0001, 0, EDX, 27);
            // a Feature added to frontend-x86 after this table: not advertised until mapped here
            default -> false;
        };
    }

    private static boolean bit(CpuModel model, int leaf, int subleaf, int reg, int bit) {
        int max = model.cpuid(leaf & 0x8000_0000, 0)[EAX];
        if (Integer.compareUnsigned(leaf, max) > 0) return false;
        return (model.cpuid(leaf, subleaf)[reg] >>> bit & 1) != 0;
    }
}

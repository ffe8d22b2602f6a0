package dev.jvmx.runtime.machine;

import dev.jvmx.runtime.cpu.CpuModel;
import dev.jvmx.runtime.machine.apic.LocalApic;
import dev.jvmx.runtime.mem.GuestFault;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The monitor's answers to CPUID and to RDMSR/WRMSR exits on this PC. CPUID is the engine's
 * {@link CpuModel} with the platform's facts patched in (leaf 01H: EBX[31:24] initial APIC ID,
 * EBX[23:16] logical processor count, EDX[9] APIC, ECX[21] x2APIC; leaf 0BH: EDX x2APIC ID —
 * SDM Vol. 2A "CPUID"). MSRs: IA32_APIC_BASE and the x2APIC range go to the vCPU's local APIC;
 * a few platform MSRs firmware touches keep what is written; any other MSR raises #GP(0), as an
 * unimplemented MSR does on hardware.
 */
public final class CpuPolicy {
    public static final int IA32_BIOS_SIGN_ID = 0x8B, IA32_MTRRCAP = 0xFE, IA32_MISC_ENABLE = 0x1A0,
            IA32_PAT = 0x277, IA32_MTRR_DEF_TYPE = 0x2FF;

    /** The user-mode model plus the system instructions machine mode implements (INVPCID, SYSENTER/SYSEXIT). */
    private final CpuModel model = CpuModel.withExtensions(java.util.EnumSet.of(dev.jvmx.x86.Feature.INVPCID, dev.jvmx.x86.Feature.SEP));
    private final int cpus;
    private final List<Map<Integer, Long>> msrs = new ArrayList<>();

    public CpuPolicy(int cpus) {
        this.cpus = cpus;
        for (int i = 0; i < cpus; i++) {
            Map<Integer, Long> m = new HashMap<>();
            m.put(IA32_BIOS_SIGN_ID, 0L);
            m.put(IA32_MTRRCAP, 0L);
            m.put(IA32_MISC_ENABLE, 1L); // fast-strings enable
            m.put(IA32_PAT, 0x0007_0406_0007_0406L);
            m.put(IA32_MTRR_DEF_TYPE, 0L);
            msrs.add(m);
        }
    }

    /** The processor signature (CPUID.01H:EAX), which RESET leaves in EDX. */
    public int signature() { return model.signature(); }

    /** The CPU model the machine's vCPUs execute with (the instruction set CPUID reports). */
    public CpuModel model() { return model; }

    /** Leaf 1 EDX system features: VME (1), DE (2), PSE (3), PAE (6), APIC (9), SEP (11), PGE (13), PSE-36 (17) (SDM Vol. 2A Table 3-11). */
    static final int LEAF1_EDX_SYSTEM = 1 << 1 | 1 << 2 | 1 << 3 | 1 << 6 | 1 << 9 | 1 << 11 | 1 << 13 | 1 << 17;
    /** Leaf 1 ECX: PCID (17), x2APIC (21). Leaf 7 EBX: SMEP (7), INVPCID (10), SMAP (20) — paging in the Mmu. */
    static final int LEAF1_ECX_SYSTEM = 1 << 17 | 1 << 21, LEAF7_EBX_SYSTEM = 1 << 7 | 1 << 10 | 1 << 20;

    public int[] cpuid(int apicId, int leaf, int subleaf) {
        int[] r = model.cpuid(leaf, subleaf).clone();
        if (leaf == 1) {
            r[1] = (r[1] & 0xFFFF) | Math.min(cpus, 255) << 16 | apicId << 24;
            r[2] |= LEAF1_ECX_SYSTEM;
            r[3] |= LEAF1_EDX_SYSTEM;
        } else if (leaf == 7 && subleaf == 0) {
            r[1] |= LEAF7_EBX_SYSTEM;
        } else if (leaf == 0xB) {
            r[3] = apicId;
        }
        return r;
    }

    public long rdmsr(int cpu, LocalApic apic, int msr) {
        if (msr == LocalApic.MSR_APIC_BASE || (msr >= LocalApic.MSR_X2APIC_FIRST && msr <= LocalApic.MSR_X2APIC_LAST)) {
            return apic.readMsr(msr);
        }
        Long v = msrs.get(cpu).get(msr);
        if (v == null) throw GuestFault.of(GuestFault.GP, 0);
        return v;
    }

    public void wrmsr(int cpu, LocalApic apic, int msr, long value) {
        if (msr == LocalApic.MSR_APIC_BASE || (msr >= LocalApic.MSR_X2APIC_FIRST && msr <= LocalApic.MSR_X2APIC_LAST)) {
            apic.writeMsr(msr, value);
            return;
        }
        if (!msrs.get(cpu).containsKey(msr) || msr == IA32_MTRRCAP || msr == IA32_BIOS_SIGN_ID && value != 0) {
            throw GuestFault.of(GuestFault.GP, 0);
        }
        msrs.get(cpu).put(msr, value);
    }
}

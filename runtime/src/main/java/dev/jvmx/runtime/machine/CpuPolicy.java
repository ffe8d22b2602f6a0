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

    private final CpuModel model = CpuModel.defaultModel();
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

    public int[] cpuid(int apicId, int leaf, int subleaf) {
        int[] r = model.cpuid(leaf, subleaf).clone();
        if (leaf == 1) {
            r[1] = (r[1] & 0xFFFF) | Math.min(cpus, 255) << 16 | apicId << 24;
            r[2] |= 1 << 21;
            r[3] |= 1 << 9;
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

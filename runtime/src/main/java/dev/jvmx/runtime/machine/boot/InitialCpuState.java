package dev.jvmx.runtime.machine.boot;

import java.util.Map;
import java.util.TreeMap;

/**
 * The register state a loader hands to the vCPU: what the firmware, a boot loader or the reset
 * logic leaves behind, as data. The CPU side applies it (or writes it to the VMCS guest-state
 * area, which holds exactly these fields, SDM Vol. 3C §25.4). General registers are keyed by
 * their encoding number (0 = RAX ... 15 = R15, as {@code CpuState.gpr}); absent ones are 0.
 *
 * @param activity ACTIVE, or WAIT_FOR_SIPI for an application processor after INIT
 */
public record InitialCpuState(
        CpuMode mode, long rip, long rflags, Map<Integer, Long> gprs,
        SegmentState es, SegmentState cs, SegmentState ss, SegmentState ds, SegmentState fs, SegmentState gs,
        SegmentState ldtr, SegmentState tr, long gdtrBase, int gdtrLimit, long idtrBase, int idtrLimit,
        long cr0, long cr3, long cr4, long efer, Activity activity) {

    /** The activity state (VMCS GUEST_ACTIVITY_STATE, SDM Vol. 3C §25.4.2). */
    public enum Activity { ACTIVE, HLT, SHUTDOWN, WAIT_FOR_SIPI }

    public static final long CR0_PE = 1, CR0_ET = 1 << 4, CR0_NE = 1 << 5, CR0_NW = 1L << 29, CR0_CD = 1L << 30,
            CR0_PG = 1L << 31, CR4_PAE = 1 << 5, EFER_LME = 1 << 8, EFER_LMA = 1 << 10;

    public InitialCpuState {
        gprs = Map.copyOf(gprs);
    }

    /** The value of general register {@code index} (0 if not set). */
    public long gpr(int index) {
        return gprs.getOrDefault(index, 0L);
    }

    public InitialCpuState withGpr(int index, long value) {
        Map<Integer, Long> m = new TreeMap<>(gprs);
        m.put(index, value);
        return new InitialCpuState(mode, rip, rflags, m, es, cs, ss, ds, fs, gs, ldtr, tr,
                gdtrBase, gdtrLimit, idtrBase, idtrLimit, cr0, cr3, cr4, efer, activity);
    }

    public InitialCpuState withActivity(Activity a) {
        return new InitialCpuState(mode, rip, rflags, gprs, es, cs, ss, ds, fs, gs, ldtr, tr,
                gdtrBase, gdtrLimit, idtrBase, idtrLimit, cr0, cr3, cr4, efer, a);
    }

    public InitialCpuState withCode(SegmentState code, long ip) {
        return new InitialCpuState(mode, ip, rflags, gprs, es, code, ss, ds, fs, gs, ldtr, tr,
                gdtrBase, gdtrLimit, idtrBase, idtrLimit, cr0, cr3, cr4, efer, activity);
    }
}

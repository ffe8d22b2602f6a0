package dev.jvmx.runtime.machine.cpu;

import dev.jvmx.runtime.cpu.CpuGeneration;
import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.machine.boot.CpuMode;
import dev.jvmx.runtime.machine.boot.InitialCpuState;
import dev.jvmx.runtime.machine.boot.SegmentState;
import dev.jvmx.x86.Mode;
import dev.jvmx.x86.Seg;

/**
 * Applies a loader's {@link InitialCpuState} to a {@link CpuState}, as VM entry loads the guest-
 * state area (SDM Vol. 3C §27.3.2): registers, segment registers with their descriptor caches
 * (so the reset state's CS.base = FFFF0000h reaches the reset vector), descriptor tables and
 * control registers. The code size follows CR0.PE, CS.L and CS.D (SDM Vol. 3A §3.4.5).
 */
final class InitialStateLoader {
    private InitialStateLoader() {}

    static CpuState apply(InitialCpuState st, CpuState s) {
        s.systemMode = true;
        s.generation = CpuGeneration.MODERN;
        for (int r = 0; r < 16; r++) s.gpr[r] = st.gpr(r);
        s.rip = st.rip();
        s.setRflags(st.rflags());
        SegmentState[] segs = {st.es(), st.cs(), st.ss(), st.ds(), st.fs(), st.gs()};
        for (Seg seg : Seg.values()) load(s, seg, segs[seg.ordinal()]);
        s.ldtr = st.ldtr() == null ? 0 : st.ldtr().selector();
        s.tr = st.tr() == null ? 0 : st.tr().selector();
        s.gdtrBase = st.gdtrBase();
        s.gdtrLimit = st.gdtrLimit();
        s.idtrBase = st.idtrBase();
        s.idtrLimit = st.idtrLimit();
        s.cr0 = st.cr0();
        s.cr3 = st.cr3();
        s.cr4 = st.cr4();
        s.efer = st.efer();
        s.mode = mode(st);
        s.cpl = st.mode() == CpuMode.REAL ? 0 : st.cs().selector() & 3;
        return s;
    }

    private static void load(CpuState s, Seg seg, SegmentState st) {
        if (st == null) return;
        int r = seg.ordinal();
        s.segSelector[r] = st.selector();
        s.segBase[r] = st.base();
        s.segLimit[r] = (int) st.limit();
        s.segAccess[r] = st.accessRights();
        if (seg == Seg.FS) s.fsBase = st.base();
        if (seg == Seg.GS) s.gsBase = st.base();
    }

    /** 64-bit if CS.L in IA-32e mode, else 32-bit if CS.D, else 16-bit (real mode is always 16). */
    static Mode mode(InitialCpuState st) {
        if ((st.cr0() & InitialCpuState.CR0_PE) == 0) return Mode.BITS16;
        int ar = st.cs().accessRights();
        if ((st.efer() & InitialCpuState.EFER_LMA) != 0 && (ar & (1 << 13)) != 0) return Mode.BITS64;
        return (ar & (1 << 14)) != 0 ? Mode.BITS32 : Mode.BITS16;
    }
}

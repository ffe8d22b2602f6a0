package dev.jvmx.runtime.vm;

import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.vmx.ActivityState;
import dev.jvmx.vmx.PhysicalMemory;
import dev.jvmx.vmx.Segment;
import dev.jvmx.vmx.SegmentRegister;
import dev.jvmx.vmx.insn.VmxProcessor;
import dev.jvmx.x86.Mode;
import java.util.HashMap;
import java.util.Map;

/**
 * The runtime's {@link CpuState} as the VT-x model sees a logical processor ({@link
 * VmxProcessor}): VM entry loads the guest-state area into it (SDM Vol. 3C §27.3.2), VM exit saves
 * it and loads the host-state area (§28.3, §28.5). What CpuState does not hold (LDTR and TR
 * caches, DR7, the SYSENTER / PAT / DEBUGCTL MSRs, interruptibility, activity state, pending
 * debug exceptions) is kept here.
 */
class ProcessorView implements VmxProcessor {
    private static final int CS_L = 1 << 13, CS_D = 1 << 14;
    private static final long CR0_PE = 1, EFER_LMA = 1L << 10;

    private final CpuState cpu;
    private final PhysicalMemory memory;
    private final Extra extra;

    /** What CpuState does not hold, shared by the views of one processor. */
    private static final class Extra {
        final Map<Integer, Long> msrs = new HashMap<>();
        int interruptibility;
        ActivityState activity = ActivityState.ACTIVE;
        long pendingDebug;
    }

    ProcessorView(CpuState cpu, PhysicalMemory memory) {
        this.cpu = cpu;
        this.memory = memory;
        this.extra = new Extra();
    }

    /** Another view of {@code same}'s processor (registers and all) whose physical memory is {@code memory}. */
    ProcessorView(ProcessorView same, PhysicalMemory memory) {
        this.cpu = same.cpu;
        this.memory = memory;
        this.extra = same.extra;
    }

    CpuState cpu() { return cpu; }

    @Override public PhysicalMemory memory() { return memory; }

    @Override public long cr0() { return cpu.cr0; }
    @Override public void setCr0(long v) { cpu.cr0 = v; refreshMode(); }
    @Override public long cr3() { return cpu.cr3; }
    @Override public void setCr3(long v) { cpu.cr3 = v; }
    @Override public long cr4() { return cpu.cr4; }
    @Override public void setCr4(long v) { cpu.cr4 = v; }
    @Override public long dr7() { return cpu.dr[7]; }
    @Override public void setDr7(long v) { cpu.dr[7] = v; }
    @Override public long rsp() { return cpu.gpr[CpuState.RSP]; }
    @Override public void setRsp(long v) { cpu.gpr[CpuState.RSP] = v; }
    @Override public long rip() { return cpu.rip; }
    @Override public void setRip(long v) { cpu.rip = v; }
    @Override public long rflags() { return cpu.rflags(); }
    @Override public void setRflags(long v) { cpu.setRflags(v); }

    @Override
    public Segment segment(SegmentRegister r) {
        return switch (r) {
            // LDTR and TR live in CpuState, where LLDT, LTR and task switches (exec) change them
            case LDTR -> (cpu.ldtr & ~3) == 0 ? Segment.unusable(cpu.ldtr)
                    : new Segment(cpu.ldtr, cpu.ldtrBase, cpu.ldtrLimit, 0x82);
            case TR -> new Segment(cpu.tr, cpu.trBase, cpu.trLimit, 0x80 | cpu.trType);
            default -> {
                int i = r.ordinal();
                long base = r == SegmentRegister.FS ? cpu.fsBase : r == SegmentRegister.GS ? cpu.gsBase : cpu.segBase[i];
                yield new Segment(cpu.segSelector[i], base, cpu.segLimit[i], accessed(cpu.segAccess[i]));
            }
        };
    }

    @Override
    public void setSegment(SegmentRegister r, Segment s) {
        switch (r) {
            case LDTR -> {
                cpu.ldtr = s.selector();
                boolean usable = (s.accessRights() & Segment.AR_UNUSABLE) == 0;
                cpu.ldtrBase = usable ? s.base() : 0;
                cpu.ldtrLimit = usable ? s.limit() : 0;
            }
            case TR -> {
                cpu.tr = s.selector();
                cpu.trBase = s.base();
                cpu.trLimit = s.limit();
                cpu.trType = s.accessRights() & 0xF;
            }
            default -> {
                int i = r.ordinal();
                cpu.segSelector[i] = s.selector();
                cpu.segBase[i] = s.base();
                cpu.segLimit[i] = s.limit();
                cpu.segAccess[i] = s.accessRights();
                if (r == SegmentRegister.FS) cpu.fsBase = s.base();
                if (r == SegmentRegister.GS) cpu.gsBase = s.base();
                if (r == SegmentRegister.CS || r == SegmentRegister.SS) refreshMode();
            }
        }
    }

    /**
     * A usable code or data segment's cached type has the accessed bit set: the processor sets it
     * whenever it loads the register (SDM Vol. 3A §3.4.5.1); the interpreter's caches may omit it.
     */
    private static int accessed(int ar) {
        boolean usable = (ar & Segment.AR_UNUSABLE) == 0, codeOrData = (ar & 0x10) != 0;
        return usable && codeOrData ? ar | 1 : ar;
    }

    @Override public long gdtrBase() { return cpu.gdtrBase; }
    @Override public int gdtrLimit() { return cpu.gdtrLimit; }
    @Override public void setGdtr(long base, int limit) { cpu.gdtrBase = base; cpu.gdtrLimit = limit; }
    @Override public long idtrBase() { return cpu.idtrBase; }
    @Override public int idtrLimit() { return cpu.idtrLimit; }
    @Override public void setIdtr(long base, int limit) { cpu.idtrBase = base; cpu.idtrLimit = limit; }

    @Override
    public long readMsr(int index) {
        return switch (index) {
            case IA32_EFER -> cpu.efer;
            case IA32_FS_BASE -> cpu.fsBase;
            case IA32_GS_BASE -> cpu.gsBase;
            default -> extra.msrs.getOrDefault(index, index == IA32_PAT ? 0x0007_0406_0007_0406L : 0L);
        };
    }

    @Override
    public boolean writeMsr(int index, long value) {
        switch (index) {
            case IA32_EFER -> {
                if ((value & ~0xD01L) != 0) return false; // SCE, LME, LMA, NXE (SDM Vol. 4 Table 2-2)
                cpu.efer = value;
                refreshMode();
            }
            case IA32_FS_BASE -> cpu.fsBase = value;
            case IA32_GS_BASE -> cpu.gsBase = value;
            default -> extra.msrs.put(index, value);
        }
        return true;
    }

    @Override public int interruptibility() { return extra.interruptibility; }
    @Override public void setInterruptibility(int v) { extra.interruptibility = v; }
    @Override public ActivityState activityState() { return extra.activity; }
    @Override public void setActivityState(ActivityState s) { extra.activity = s; }
    @Override public long pendingDebugExceptions() { return extra.pendingDebug; }
    @Override public void setPendingDebugExceptions(long v) { extra.pendingDebug = v; }

    /** CPL is SS.DPL in protected mode (SDM Vol. 3C §27.3.1.1 requires SS.DPL = CPL), 0 in real mode. */
    @Override public int cpl() { return cpu.cpl; }

    /** Code size and CPL from CR0.PE, IA32_EFER.LMA and the CS / SS caches (SDM Vol. 3A §3.4.5). */
    void refreshMode() {
        cpu.systemMode = true;
        int cs = cpu.segAccess[1];
        if ((cpu.cr0 & CR0_PE) == 0) {
            cpu.mode = Mode.BITS16;
            cpu.cpl = 0;
            return;
        }
        cpu.cpl = (cpu.segAccess[2] >>> 5) & 3;
        if ((cpu.efer & EFER_LMA) != 0 && (cs & CS_L) != 0) cpu.mode = Mode.BITS64;
        else cpu.mode = (cs & CS_D) != 0 ? Mode.BITS32 : Mode.BITS16;
    }
}

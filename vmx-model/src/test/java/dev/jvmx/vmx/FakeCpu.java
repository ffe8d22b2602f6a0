package dev.jvmx.vmx;

import dev.jvmx.vmx.ept.InveptType;
import dev.jvmx.vmx.ept.InvvpidType;
import dev.jvmx.vmx.insn.VmxProcessor;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A processor for tests: 64-bit mode at CPL 0 with CR0.PE/NE/PG, CR4.VMXE/PAE and
 * IA32_FEATURE_CONTROL locked with VMX enabled — a state where VMXON succeeds.
 */
public final class FakeCpu implements VmxProcessor {

    public static final int CS64_AR = 0xA09B;

    public long cr0 = 0x8000_0031L;
    public long cr3;
    public long cr4 = 0x2020;
    public long dr7 = 0x400;
    public long rsp;
    public long rip;
    public long rflags = 0x2;
    public int cpl;
    public boolean movSsBlocking;
    public long gdtrBase;
    public int gdtrLimit;
    public long idtrBase;
    public int idtrLimit;
    public int interruptibility;
    public ActivityState activity = ActivityState.ACTIVE;
    public long pendingDebug;
    public final Map<SegmentRegister, Segment> segments = new EnumMap<>(SegmentRegister.class);
    public final Map<Integer, Long> msrs = new HashMap<>();
    public final Set<Integer> rejectedMsrs = new HashSet<>();
    public final List<String> invalidations = new ArrayList<>();
    public final FakeMemory memory = new FakeMemory();

    public FakeCpu() {
        for (SegmentRegister r : SegmentRegister.values()) {
            segments.put(r, new Segment(0x10, 0, 0xFFFF_FFFF, 0xC093));
        }
        segments.put(SegmentRegister.CS, new Segment(0x8, 0, 0xFFFF_FFFF, CS64_AR));
        msrs.put(IA32_EFER, 0xD01L);
        msrs.put(IA32_FEATURE_CONTROL, 0x5L);
    }

    /** Switches to a 32-bit protected-mode processor (IA32_EFER.LMA = 0). */
    public FakeCpu legacy() {
        msrs.put(IA32_EFER, 0L);
        segments.put(SegmentRegister.CS, new Segment(0x8, 0, 0xFFFF_FFFF, 0xC09B));
        return this;
    }

    @Override public long cr0() { return cr0; }
    @Override public void setCr0(long v) { cr0 = v; }
    @Override public long cr3() { return cr3; }
    @Override public void setCr3(long v) { cr3 = v; }
    @Override public long cr4() { return cr4; }
    @Override public void setCr4(long v) { cr4 = v; }
    @Override public long dr7() { return dr7; }
    @Override public void setDr7(long v) { dr7 = v; }
    @Override public long rsp() { return rsp; }
    @Override public void setRsp(long v) { rsp = v; }
    @Override public long rip() { return rip; }
    @Override public void setRip(long v) { rip = v; }
    @Override public long rflags() { return rflags; }
    @Override public void setRflags(long v) { rflags = v; }
    @Override public Segment segment(SegmentRegister r) { return segments.get(r); }
    @Override public void setSegment(SegmentRegister r, Segment s) { segments.put(r, s); }
    @Override public long gdtrBase() { return gdtrBase; }
    @Override public int gdtrLimit() { return gdtrLimit; }
    @Override public void setGdtr(long base, int limit) { gdtrBase = base; gdtrLimit = limit; }
    @Override public long idtrBase() { return idtrBase; }
    @Override public int idtrLimit() { return idtrLimit; }
    @Override public void setIdtr(long base, int limit) { idtrBase = base; idtrLimit = limit; }
    @Override public long readMsr(int index) { return msrs.getOrDefault(index, 0L); }

    @Override
    public boolean writeMsr(int index, long value) {
        if (rejectedMsrs.contains(index)) {
            return false;
        }
        msrs.put(index, value);
        return true;
    }

    @Override public int interruptibility() { return interruptibility; }
    @Override public void setInterruptibility(int v) { interruptibility = v; }
    @Override public ActivityState activityState() { return activity; }
    @Override public void setActivityState(ActivityState s) { activity = s; }
    @Override public long pendingDebugExceptions() { return pendingDebug; }
    @Override public void setPendingDebugExceptions(long v) { pendingDebug = v; }
    @Override public int cpl() { return cpl; }
    @Override public boolean blockedByMovSs() { return movSsBlocking; }
    @Override public PhysicalMemory memory() { return memory; }

    @Override
    public void invalidateEpt(InveptType type, long eptp) {
        invalidations.add("INVEPT " + type + " " + Long.toHexString(eptp));
    }

    @Override
    public void invalidateVpid(InvvpidType type, int vpid, long linearAddress) {
        invalidations.add("INVVPID " + type + " " + vpid + " " + Long.toHexString(linearAddress));
    }
}

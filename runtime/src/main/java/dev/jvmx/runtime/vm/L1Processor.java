package dev.jvmx.runtime.vm;

import dev.jvmx.vmx.ActivityState;
import dev.jvmx.vmx.PhysicalMemory;
import dev.jvmx.vmx.Segment;
import dev.jvmx.vmx.SegmentRegister;
import dev.jvmx.vmx.ept.InveptType;
import dev.jvmx.vmx.ept.InvvpidType;
import dev.jvmx.vmx.insn.VmxProcessor;
import dev.jvmx.vmx.vmcs.VmcsField;

/**
 * The logical processor as an L1 hypervisor sees it, for the VMX model that emulates its VMX
 * instructions ({@link NestedVmx}): the vCPU's registers while they hold L1's state, except that
 * <ul>
 * <li>CR0 and CR4 read as L1 sees them while an instruction is being emulated (the read shadows
 *     of vmcs01 for the bits L0 owns, SDM Vol. 3C §26.3), so VMXON's CR4.VMXE #UD and its
 *     fixed-bit #GP (§31.3) follow what L1 believes;</li>
 * <li>IA32_FEATURE_CONTROL is the one L0 offers L1 (§24.7);</li>
 * <li>physical memory is L1's guest-physical memory, reached through EPT01;</li>
 * <li>blocking by MOV SS comes from the interruptibility state (VMLAUNCH's error 26);</li>
 * <li>INVEPT / INVVPID reach L0's cached nested translations.</li>
 * </ul>
 */
final class L1Processor implements VmxProcessor {
    private static final int BLOCKING_BY_MOV_SS = 2;

    private final ProcessorView cpu;
    private final PhysicalMemory l1Memory;
    private final NestedVmx nested;
    private boolean asSeenByL1;

    L1Processor(ProcessorView cpu, PhysicalMemory l1Memory, NestedVmx nested) {
        this.cpu = cpu;
        this.l1Memory = l1Memory;
        this.nested = nested;
    }

    /** While true CR0 / CR4 read through vmcs01's guest/host masks and read shadows. */
    void seenByL1(boolean on) { asSeenByL1 = on; }

    private long shadowed(long actual, VmcsField mask, VmcsField shadow) {
        if (!asSeenByL1) return actual;
        var v = nested.vmcs01();
        long m = v.read(mask);
        return (actual & ~m) | (v.read(shadow) & m);
    }

    @Override public PhysicalMemory memory() { return l1Memory; }
    @Override public void invalidateEpt(InveptType type, long eptp) { nested.invalidateNestedEpt(); }
    @Override public void invalidateVpid(InvvpidType type, int vpid, long linear) { nested.invalidateNestedVpid(); }
    @Override public boolean blockedByMovSs() { return (cpu.interruptibility() & BLOCKING_BY_MOV_SS) != 0; }

    @Override public long cr0() { return shadowed(cpu.cr0(), VmcsField.CR0_GUEST_HOST_MASK, VmcsField.CR0_READ_SHADOW); }
    @Override public void setCr0(long v) { cpu.setCr0(v); }
    @Override public long cr3() { return cpu.cr3(); }
    @Override public void setCr3(long v) { cpu.setCr3(v); }
    @Override public long cr4() { return shadowed(cpu.cr4(), VmcsField.CR4_GUEST_HOST_MASK, VmcsField.CR4_READ_SHADOW); }
    @Override public void setCr4(long v) { cpu.setCr4(v); }
    @Override public long dr7() { return cpu.dr7(); }
    @Override public void setDr7(long v) { cpu.setDr7(v); }
    @Override public long rsp() { return cpu.rsp(); }
    @Override public void setRsp(long v) { cpu.setRsp(v); }
    @Override public long rip() { return cpu.rip(); }
    @Override public void setRip(long v) { cpu.setRip(v); }
    @Override public long rflags() { return cpu.rflags(); }
    @Override public void setRflags(long v) { cpu.setRflags(v); }
    @Override public Segment segment(SegmentRegister r) { return cpu.segment(r); }
    @Override public void setSegment(SegmentRegister r, Segment s) { cpu.setSegment(r, s); }
    @Override public long gdtrBase() { return cpu.gdtrBase(); }
    @Override public int gdtrLimit() { return cpu.gdtrLimit(); }
    @Override public void setGdtr(long base, int limit) { cpu.setGdtr(base, limit); }
    @Override public long idtrBase() { return cpu.idtrBase(); }
    @Override public int idtrLimit() { return cpu.idtrLimit(); }
    @Override public void setIdtr(long base, int limit) { cpu.setIdtr(base, limit); }

    @Override
    public long readMsr(int index) {
        return index == IA32_FEATURE_CONTROL ? nested.featureControl() : cpu.readMsr(index);
    }

    @Override public boolean writeMsr(int index, long value) { return cpu.writeMsr(index, value); }
    @Override public int interruptibility() { return cpu.interruptibility(); }
    @Override public void setInterruptibility(int v) { cpu.setInterruptibility(v); }
    @Override public ActivityState activityState() { return cpu.activityState(); }
    @Override public void setActivityState(ActivityState s) { cpu.setActivityState(s); }
    @Override public long pendingDebugExceptions() { return cpu.pendingDebugExceptions(); }
    @Override public void setPendingDebugExceptions(long v) { cpu.setPendingDebugExceptions(v); }
    @Override public int cpl() { return cpu.cpl(); }
}

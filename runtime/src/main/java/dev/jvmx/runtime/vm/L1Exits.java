package dev.jvmx.runtime.vm;

import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.exec.ExecContext;
import dev.jvmx.runtime.exec.ProtectedInterrupts;
import dev.jvmx.runtime.mem.GuestFault;
import dev.jvmx.runtime.mmu.EptTranslator;
import dev.jvmx.runtime.mmu.Mmu;
import dev.jvmx.vmx.cap.SecondaryProcessorBasedControl;
import dev.jvmx.vmx.cap.VmxMsrs;
import dev.jvmx.vmx.ept.EptPointer;
import dev.jvmx.vmx.exit.ExitReason;
import dev.jvmx.vmx.exit.InterruptionInfo;
import dev.jvmx.vmx.exit.VmExit;
import dev.jvmx.vmx.insn.VmxCpu;
import dev.jvmx.vmx.nonroot.ExecutionControls;
import dev.jvmx.vmx.vmcs.Vmcs;
import dev.jvmx.vmx.vmcs.VmcsField;
import java.util.OptionalLong;

/**
 * The exits of an L1 hypervisor, other than its VMX instructions, that L0's nested VMX answers
 * itself ({@link NestedVmx}): VMX advertised through CPUID and the capability MSRs, its
 * IA32_FEATURE_CONTROL, and CR4.VMXE where vmcs01 owns it. Also the two things L0 does to L1
 * after an emulated instruction: inject a fault, or move RIP past the instruction.
 */
final class L1Exits {
    private static final long FEATURE_CONTROL_LOCK = 1;
    private static final int CPUID_1_ECX_VMX = 1 << 5;
    private static final long CR4_VMXE = 1L << 13;

    private final Vcpu vcpu;
    private final VmxMsrs msrs;
    private final VmxCpu l1Vmx;
    private final Mmu memory;
    /** IA32_FEATURE_CONTROL as L1 reads it (§24.7); default 5: locked, VMX outside SMX enabled. */
    long featureControl = VmxMsrs.FEATURE_CONTROL;

    L1Exits(Vcpu vcpu, VmxMsrs msrs, VmxCpu l1Vmx) {
        this.vcpu = vcpu;
        this.msrs = msrs;
        this.l1Vmx = l1Vmx;
        this.memory = vcpu.newMmu(vcpu.vm().hostMemory());
    }

    private Vmcs vmcs01() { return vcpu.vmcs01(); }

    /** L1's memory for an emulator: its paging (the registers loaded from vmcs01) and EPT01. */
    Mmu memory() {
        ExecutionControls c01 = ExecutionControls.of(vmcs01());
        memory.setVmxContext(0, c01.has(SecondaryProcessorBasedControl.ENABLE_EPT)
                ? new EptTranslator(vcpu.engine().ept(), new EptPointer(vmcs01().read(VmcsField.EPT_POINTER))) : null);
        return memory;
    }

    /** CPUID as the vCPU's bus or model answers it, with CPUID.1:ECX.VMX (bit 5) set. */
    boolean cpuid(VmExit e) {
        int leaf = (int) vcpu.gpr(CpuState.RAX), sub = (int) vcpu.gpr(CpuState.RCX);
        ExecContext c = vcpu.context();
        int[] r = c.bus.cpuid(leaf, sub);
        if (r == null) r = c.model.cpuid(leaf, sub);
        if (leaf == 1) r[2] |= CPUID_1_ECX_VMX;
        int[] regs = {CpuState.RAX, CpuState.RBX, CpuState.RCX, CpuState.RDX};
        for (int i = 0; i < 4; i++) vcpu.setGpr(regs[i], r[i] & 0xFFFF_FFFFL);
        skip(e);
        return true;
    }

    /** RDMSR of the VMX MSRs (App. A), read / write of IA32_FEATURE_CONTROL (§24.7, writable until locked). */
    boolean msr(VmExit e) {
        int index = (int) vcpu.gpr(CpuState.RCX);
        boolean vmxMsr = index >= VmxMsrs.IA32_VMX_BASIC && index <= VmxMsrs.IA32_VMX_VMFUNC;
        if (index != VmxMsrs.IA32_FEATURE_CONTROL && !vmxMsr) return false;
        if (e.reason() == ExitReason.WRMSR) {
            if (vmxMsr || (featureControl & FEATURE_CONTROL_LOCK) != 0) {
                inject(GuestFault.of(GuestFault.GP, 0));
                return true;
            }
            featureControl = vcpu.gpr(CpuState.RDX) << 32 | vcpu.gpr(CpuState.RAX) & 0xFFFF_FFFFL;
        } else {
            OptionalLong value = index == VmxMsrs.IA32_FEATURE_CONTROL ? OptionalLong.of(featureControl) : msrs.read(index);
            if (value.isEmpty()) {
                inject(GuestFault.of(GuestFault.GP, 0));
                return true;
            }
            vcpu.setGpr(CpuState.RAX, value.getAsLong() & 0xFFFF_FFFFL);
            vcpu.setGpr(CpuState.RDX, value.getAsLong() >>> 32);
        }
        skip(e);
        return true;
    }

    /**
     * MOV to CR4 by L1 that differs from vmcs01's read shadow only in CR4.VMXE, which L0 owns
     * (VMX non-root operation needs it set, §24.8, App. A.8): L1 turning VMX on or off. The
     * instruction is completed in root mode for the bits L1 owns, VMXE stays set in GUEST_CR4
     * and the read shadow takes L1's value (as KVM keeps it); clearing VMXE in VMX operation is
     * #GP(0) (§24.8).
     */
    boolean movToCr4Vmxe(VmExit e) {
        long q = e.qualification();
        if ((q & 0xF) != 4 || (q >>> 4 & 3) != 0) return false; // Table 28-3: CR4, MOV to CR
        Vmcs v01 = vmcs01();
        int gpr = (int) (q >>> 8) & 0xF;
        long value = gpr == CpuState.RSP ? v01.read(VmcsField.GUEST_RSP) : vcpu.gpr(gpr);
        long mask = v01.read(VmcsField.CR4_GUEST_HOST_MASK), shadow = v01.read(VmcsField.CR4_READ_SHADOW);
        if (((value ^ shadow) & mask) != CR4_VMXE) return false;
        if ((value & CR4_VMXE) == 0 && l1Vmx.inVmxOperation()) {
            inject(GuestFault.of(GuestFault.GP, 0));
            return true;
        }
        long owned = v01.read(VmcsField.GUEST_CR4) & mask;
        vcpu.emulate(memory(), vcpu.context().bus);
        v01.write(VmcsField.GUEST_CR4, v01.read(VmcsField.GUEST_CR4) & ~mask | owned);
        v01.write(VmcsField.CR4_READ_SHADOW, shadow & ~CR4_VMXE | value & CR4_VMXE);
        return true;
    }

    /** RIP past the instruction that exited (§28.2.4 instruction length). */
    private void skip(VmExit e) {
        Vmcs v01 = vmcs01();
        v01.write(VmcsField.GUEST_RIP, v01.read(VmcsField.GUEST_RIP) + e.instructionLength());
    }

    /**
     * Event injection into L1 at the next VM entry (§25.8.3, §27.6; not subject to vmcs01's
     * exception bitmap): a fault the emulated instruction raised; RIP stays at the instruction.
     */
    void inject(GuestFault f) {
        boolean code = ProtectedInterrupts.hasErrorCode(f.vector());
        Vmcs v01 = vmcs01();
        v01.write(VmcsField.VM_ENTRY_INTERRUPTION_INFORMATION,
                InterruptionInfo.of(InterruptionInfo.TYPE_HARDWARE_EXCEPTION, f.vector(), code).value() & 0xFFFF_FFFFL);
        v01.write(VmcsField.VM_ENTRY_EXCEPTION_ERROR_CODE, code ? Math.max(0, f.errorCode()) : 0);
        if (f.vector() == GuestFault.PF) vcpu.context().cpu.cr2 = f.address();
    }
}

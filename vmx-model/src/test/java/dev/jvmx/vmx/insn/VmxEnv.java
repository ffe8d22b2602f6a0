package dev.jvmx.vmx.insn;

import dev.jvmx.vmx.FakeCpu;
import dev.jvmx.vmx.Segment;
import dev.jvmx.vmx.SegmentRegister;
import dev.jvmx.vmx.ValidVmcs;
import dev.jvmx.vmx.VmxOutcome;
import dev.jvmx.vmx.cap.VmxCapabilities;
import dev.jvmx.vmx.vmcs.Vmcs;

/**
 * A processor with a VMXON region at {@link #VMXON} and VMCS regions at {@link #VMCS} and
 * {@link #VMCS2}, all carrying the right revision identifier, plus the instruction objects.
 */
final class VmxEnv {

    static final long VMXON = 0x1000;
    static final long VMCS = 0x2000;
    static final long VMCS2 = 0x3000;
    static final long BAD_REVISION = 0xC000;

    final VmxCapabilities caps;
    final FakeCpu cpu = new FakeCpu();
    final VmxCpu vmx;
    final VmxInstructions insn;
    final VmxInvalidations inv;
    final VmFunctions funcs;

    VmxEnv() {
        this(VmxCapabilities.full());
    }

    VmxEnv(VmxCapabilities caps) {
        this.caps = caps;
        this.vmx = new VmxCpu(caps);
        this.insn = new VmxInstructions(vmx, cpu);
        this.inv = new VmxInvalidations(vmx, cpu);
        this.funcs = new VmFunctions(vmx, cpu);
        for (long region : new long[] {VMXON, VMCS, VMCS2}) {
            cpu.memory.writeInt(region, caps.revisionId());
        }
        cpu.memory.writeInt(BAD_REVISION, caps.revisionId() + 1);
    }

    VmxEnv root() {
        expect(insn.vmxon(() -> VMXON));
        return this;
    }

    VmxEnv current() {
        root();
        expect(insn.vmptrld(() -> VMCS));
        return this;
    }

    /** Current VMCS filled so that VM entry succeeds. */
    VmxEnv ready() {
        current();
        ValidVmcs.fill(vmcs());
        return this;
    }

    VmxEnv nonRoot() {
        ready();
        VmxOutcome o = insn.vmlaunch();
        if (!(o instanceof VmxOutcome.Entered)) {
            throw new IllegalStateException("VMLAUNCH failed: " + o);
        }
        return this;
    }

    Vmcs vmcs() {
        return vmx.currentVmcs();
    }

    VmxEnv compatibilityMode() {
        cpu.segments.put(SegmentRegister.CS, new Segment(0x8, 0, 0xFFFF_FFFF, 0xC09B));
        return this;
    }

    private static void expect(VmxOutcome o) {
        if (!(o instanceof VmxOutcome.Succeeded)) {
            throw new IllegalStateException("set-up step failed: " + o);
        }
    }
}

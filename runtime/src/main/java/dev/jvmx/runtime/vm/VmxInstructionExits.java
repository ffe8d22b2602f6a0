package dev.jvmx.runtime.vm;

import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.exec.ExecContext;
import dev.jvmx.runtime.exec.Operands;
import dev.jvmx.vmx.VmxOutcome;
import dev.jvmx.vmx.exit.InstructionInformation;
import dev.jvmx.vmx.insn.InvalidationDescriptor;
import dev.jvmx.vmx.insn.VmxEngine;
import dev.jvmx.x86.Instruction;
import dev.jvmx.x86.Operand;

/**
 * A guest's VMX instruction (SDM Vol. 3C §31.3) executed by the model: in non-root operation
 * each one checks its #UD / #GP conditions and then causes a VM exit, except VMFUNC, which may
 * perform EPTP switching (§26.5.6.3). With nested VMX the same call executes an L1
 * hypervisor's instruction on L1's own {@link VmxEngine} in its root operation ({@link
 * NestedVmx}), where the root-mode paths of the pseudocode apply. Memory operands are read
 * lazily, only if the pseudocode gets that far. Also the exit information of these instructions: the qualification is the
 * displacement of a memory operand (§28.2.1) and the instruction information follows Table 28-13.
 */
final class VmxInstructionExits {
    private VmxInstructionExits() {}

    static VmxOutcome execute(VmxEngine engine, ExecContext c, Instruction ins) {
        CpuState s = c.cpu;
        var insn = engine.instructions();
        return switch (ins.mnemonic()) {
            case VMCALL -> insn.vmcall();
            case VMLAUNCH -> insn.vmlaunch();
            case VMRESUME -> insn.vmresume();
            case VMXOFF -> insn.vmxoff();
            case VMPTRST -> insn.vmptrst();
            case VMXON -> insn.vmxon(() -> qword(c, ins.op(0)));
            case VMCLEAR -> insn.vmclear(() -> qword(c, ins.op(0)));
            case VMPTRLD -> insn.vmptrld(() -> qword(c, ins.op(0)));
            case VMREAD -> insn.vmread(Operands.read(c, ins.op(1)));
            case VMWRITE -> insn.vmwrite(Operands.read(c, ins.op(0)), Operands.read(c, ins.op(1)));
            case INVEPT -> engine.invalidations().invept(Operands.read(c, ins.op(0)), () -> descriptor(c, ins.op(1)));
            case INVVPID -> engine.invalidations().invvpid(Operands.read(c, ins.op(0)), () -> descriptor(c, ins.op(1)));
            case VMFUNC -> engine.functions().vmfunc(s.gpr[CpuState.RAX], s.gpr[CpuState.RCX]);
            default -> throw new IllegalArgumentException("not a VMX instruction: " + ins);
        };
    }

    private static long qword(ExecContext c, Operand op) {
        return c.mem.read64(Operands.linear(c.cpu, (Operand.Mem) op));
    }

    private static InvalidationDescriptor descriptor(ExecContext c, Operand op) {
        long la = Operands.linear(c.cpu, (Operand.Mem) op);
        return new InvalidationDescriptor(c.mem.read64(la), c.mem.read64(la + 8));
    }

    /** The displacement of the memory operand, or 0 (§28.2.1). */
    static long qualification(Instruction ins) {
        for (int i = 0; i < ins.operandCount(); i++) {
            if (ins.op(i) instanceof Operand.Mem m) return m.disp();
        }
        return 0;
    }

    /**
     * Table 28-13: the r/m operand (memory, or a register in reg1 with bit 10) and, for VMREAD,
     * VMWRITE, INVEPT and INVVPID, the register operand in reg2.
     */
    static int information(Instruction ins) {
        Operand rm;
        int reg2 = 0;
        switch (ins.mnemonic()) {
            case VMREAD -> {
                rm = ins.op(0);
                reg2 = ((Operand.Reg) ins.op(1)).num();
            }
            case VMWRITE, INVEPT, INVVPID -> {
                rm = ins.op(1);
                reg2 = ((Operand.Reg) ins.op(0)).num();
            }
            case VMXON, VMCLEAR, VMPTRLD, VMPTRST -> rm = ins.op(0);
            default -> {
                return 0;
            }
        }
        return rm instanceof Operand.Mem m ? InstructionExits.memoryInfo(m, reg2)
                : InstructionInformation.registerOperand(((Operand.Reg) rm).num(), reg2);
    }
}

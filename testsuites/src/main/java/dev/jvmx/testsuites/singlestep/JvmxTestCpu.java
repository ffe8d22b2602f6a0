package dev.jvmx.testsuites.singlestep;

import dev.jvmx.runtime.cpu.CpuGeneration;
import dev.jvmx.runtime.cpu.CpuModel;
import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.exec.ExecContext;
import dev.jvmx.runtime.exec.Exit;
import dev.jvmx.runtime.exec.RealModeFetch;
import dev.jvmx.runtime.exec.RealModeInterrupts;
import dev.jvmx.runtime.exec.SystemBus;
import dev.jvmx.runtime.exec.SystemStep;
import dev.jvmx.x86.Mode;
import dev.jvmx.x86.Seg;

/**
 * jvmx's interpreter as a SingleStepTests {@link TestCpu}: a system-mode {@link CpuState} in real
 * mode with the chip's {@link CpuGeneration}, physical memory wrapped to the chip's bus, and an
 * empty I/O bus (every test that reads a port expects all ones: the capture rigs had nothing on
 * the bus). One instruction, or up to the HLT, runs through {@link SystemStep} — the same path
 * machine mode uses.
 */
public final class JvmxTestCpu implements TestCpu {
    private final JvmxTestMemory memory = new JvmxTestMemory();
    private final RealModeFetch fetch = new RealModeFetch();
    private final CpuModel model = CpuModel.defaultModel();
    private CpuState cpu;
    private ExecContext context;

    @Override
    public void reset(CpuKind kind) {
        memory.reset(kind.addressMask());
        cpu = new CpuState();
        cpu.systemMode = true;
        cpu.cpl = 0;
        cpu.cr0 = 0;
        cpu.mode = Mode.BITS16;
        cpu.idtrBase = 0;
        cpu.idtrLimit = 0x3FF;
        cpu.generation = kind == CpuKind.I8086 ? CpuGeneration.I8086 : CpuGeneration.I80286;
        context = new ExecContext(cpu, memory, model);
        context.bus = SystemBus.EMPTY;
    }

    @Override
    public void setRegisters(Registers16 r) {
        cpu.gpr[CpuState.RAX] = r.get(Reg16.AX);
        cpu.gpr[CpuState.RBX] = r.get(Reg16.BX);
        cpu.gpr[CpuState.RCX] = r.get(Reg16.CX);
        cpu.gpr[CpuState.RDX] = r.get(Reg16.DX);
        cpu.gpr[CpuState.RSP] = r.get(Reg16.SP);
        cpu.gpr[CpuState.RBP] = r.get(Reg16.BP);
        cpu.gpr[CpuState.RSI] = r.get(Reg16.SI);
        cpu.gpr[CpuState.RDI] = r.get(Reg16.DI);
        cpu.loadRealSegment(Seg.CS, r.get(Reg16.CS));
        cpu.loadRealSegment(Seg.SS, r.get(Reg16.SS));
        cpu.loadRealSegment(Seg.DS, r.get(Reg16.DS));
        cpu.loadRealSegment(Seg.ES, r.get(Reg16.ES));
        cpu.rip = r.get(Reg16.IP);
        cpu.setRflags(r.get(Reg16.FLAGS));
    }

    @Override
    public void writeMemory(int physicalAddress, int value) {
        memory.write8(physicalAddress, (byte) value);
    }

    @Override
    public void run(CpuKind.StopAt stop, int maxInstructions) {
        for (int n = 0; n < maxInstructions; n++) {
            Exit e = SystemStep.step(context, fetch, null);
            if (e != null && e.kind() == Exit.Kind.EXCEPTION) {
                throw new IllegalStateException("unhandled " + e.fault() + " (shutdown)");
            }
            if (stop == CpuKind.StopAt.ONE_INSTRUCTION) return;
            if (e != null && e.kind() == Exit.Kind.HLT) return;
        }
    }

    @Override
    public Registers16 registers() {
        Registers16 r = new Registers16();
        r.set(Reg16.AX, (int) cpu.gpr[CpuState.RAX]);
        r.set(Reg16.BX, (int) cpu.gpr[CpuState.RBX]);
        r.set(Reg16.CX, (int) cpu.gpr[CpuState.RCX]);
        r.set(Reg16.DX, (int) cpu.gpr[CpuState.RDX]);
        r.set(Reg16.SP, (int) cpu.gpr[CpuState.RSP]);
        r.set(Reg16.BP, (int) cpu.gpr[CpuState.RBP]);
        r.set(Reg16.SI, (int) cpu.gpr[CpuState.RSI]);
        r.set(Reg16.DI, (int) cpu.gpr[CpuState.RDI]);
        r.set(Reg16.CS, cpu.segSelector[Seg.CS.ordinal()]);
        r.set(Reg16.SS, cpu.segSelector[Seg.SS.ordinal()]);
        r.set(Reg16.DS, cpu.segSelector[Seg.DS.ordinal()]);
        r.set(Reg16.ES, cpu.segSelector[Seg.ES.ordinal()]);
        r.set(Reg16.IP, (int) cpu.rip);
        r.set(Reg16.FLAGS, RealModeInterrupts.flagsImage(cpu));
        return r;
    }

    @Override
    public int readMemory(int physicalAddress) {
        return memory.read8(physicalAddress) & 0xFF;
    }
}

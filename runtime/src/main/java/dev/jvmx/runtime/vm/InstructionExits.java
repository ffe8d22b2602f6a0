package dev.jvmx.runtime.vm;

import static dev.jvmx.vmx.exit.ExitQualification.CrAccessType.CLTS;
import static dev.jvmx.vmx.exit.ExitQualification.CrAccessType.LMSW;
import static dev.jvmx.vmx.exit.ExitQualification.CrAccessType.MOV_FROM_CR;
import static dev.jvmx.vmx.exit.ExitQualification.CrAccessType.MOV_TO_CR;

import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.exec.ExecContext;
import dev.jvmx.runtime.exec.Exit;
import dev.jvmx.runtime.exec.NonRootHook;
import dev.jvmx.runtime.exec.Operands;
import dev.jvmx.runtime.mem.GuestFault;
import dev.jvmx.vmx.cap.SecondaryProcessorBasedControl;
import dev.jvmx.vmx.exit.ExitQualification;
import dev.jvmx.vmx.exit.ExitReason;
import dev.jvmx.vmx.exit.InstructionInformation;
import dev.jvmx.vmx.exit.VmExit;
import dev.jvmx.vmx.nonroot.Decision;
import dev.jvmx.vmx.nonroot.Intercepts;
import dev.jvmx.vmx.nonroot.SensitiveInstruction;
import dev.jvmx.vmx.nonroot.VirtualApic;
import dev.jvmx.vmx.vmcs.VmcsField;
import dev.jvmx.x86.Instruction;
import dev.jvmx.x86.Mnemonic;
import dev.jvmx.x86.Mode;
import dev.jvmx.x86.Operand;
import dev.jvmx.x86.Prefix;
import dev.jvmx.x86.RegClass;

/**
 * Instructions in VMX non-root operation (SDM Vol. 3C §26.1): for each sensitive instruction,
 * the exceptions that take priority over a VM exit (§26.1.1: #UD, CPL #GP), then the model's
 * {@link Intercepts} decision, then the exit with its qualification (§28.2.1), guest-linear
 * address and instruction information (§28.2.5) — or the changed behaviour of §26.3 (CR0 / CR4
 * read shadows and owned bits, TSC offsetting) and ch. 30 (TPR shadow, virtualized accesses to
 * the APIC-access page, x2APIC MSRs: {@link VirtualApic}), which this class performs itself.
 * Instruction exits are fault-like: RIP stays at the instruction and the instruction length is
 * reported. VMX instructions go through the model's own gate ({@link VmxInstructionExits}).
 */
final class InstructionExits {
    private static final long CR4_KL = 1L << 19, CR4_OSFXSR = 1L << 9, CR0_EM = 1L << 2;
    private static final long CR4_PCE = 1L << 8, CR4_TSD = 1L << 2, CR4_OSXSAVE = 1L << 18, CR4_SMXE = 1L << 14;
    private static final int IA32_XSS = 0xDA0;

    private final NonRootExecution nr;
    private final Intercepts intercepts;

    private final boolean busLockDetection;

    /** Host-physical page of the APIC-access page with "virtualize APIC accesses", else -1. */
    private final long apicAccessPage;

    InstructionExits(NonRootExecution nr, Intercepts intercepts) {
        this.nr = nr;
        this.intercepts = intercepts;
        this.apicAccessPage = nr.controls().has(SecondaryProcessorBasedControl.VIRTUALIZE_APIC_ACCESSES)
                ? nr.vmcs().read(VmcsField.APIC_ACCESS_ADDRESS) & ~0xFFFL : -1;
        this.busLockDetection = nr.controls().has(SecondaryProcessorBasedControl.VMM_BUS_LOCK_DETECTION);
    }

    /**
     * §26.2 "VMM bus-lock detection": an instruction asserts a bus lock when its locked access
     * (LOCK prefix, or XCHG with memory) spans two 64-byte cache lines (a split lock); the VM exit
     * follows the instruction (trap-like, {@link NonRootExecution#after}). The model knows no
     * uncacheable memory, and the processor's own locked accesses (descriptor and paging A/D
     * updates) are never split, so split locks are its only bus locks.
     */
    private static boolean busLock(ExecContext c, Instruction ins) {
        if (!ins.has(Prefix.LOCK) && ins.mnemonic() != Mnemonic.XCHG) return false;
        for (int i = 0; i < ins.operandCount(); i++) {
            if (ins.op(i) instanceof Operand.Mem m) {
                long la = Operands.linear(c.cpu, m);
                return (la & 63) + m.size() / 8 > 64;
            }
        }
        return false;
    }

    /** Access types of the APIC-access qualification (Table 28-6, bits 15:12). */
    static final int APIC_LINEAR_READ = 0, APIC_LINEAR_WRITE = 1, APIC_LINEAR_FETCH = 2;

    /**
     * §30.4 "virtualize APIC accesses": a linear access whose physical address (after EPT) lies in
     * the APIC-access page causes a fault-like APIC_ACCESS exit with the page offset and the
     * access type, unless it is virtualized ({@link #virtualizedMov}). Checked here for the
     * instruction's fetch and its explicit memory operands (the first memory operand counts as
     * written unless the instruction only reads it); implicit stack and string accesses are not
     * checked.
     */
    private Exit apicAccess(ExecContext c, Instruction ins) {
        long ip = c.cpu.segmentBase(dev.jvmx.x86.Seg.CS) + ins.address();
        long fetch = c.mmu.translate(c.cpu.mode == Mode.BITS64 ? ip : ip & 0xFFFF_FFFFL, dev.jvmx.runtime.mmu.AccessKind.FETCH);
        if ((fetch & ~0xFFFL) == apicAccessPage) return apicExit(ins, fetch, APIC_LINEAR_FETCH, 0);
        for (int i = 0; i < ins.operandCount(); i++) {
            if (!(ins.op(i) instanceof Operand.Mem m) || ins.mnemonic() == Mnemonic.LEA) continue;
            long la = Operands.linear(c.cpu, m);
            boolean write = i == 0 && ins.operandCount() > 1 && !readsOnly(ins.mnemonic());
            long pa = c.mmu.translate(la, write ? dev.jvmx.runtime.mmu.AccessKind.WRITE : dev.jvmx.runtime.mmu.AccessKind.READ);
            if ((pa & ~0xFFFL) != apicAccessPage) continue;
            Exit virtualized = virtualizedMov(c, ins, m, (int) pa & 0xFFF, write);
            return virtualized != null ? virtualized : apicExit(ins, pa, write ? APIC_LINEAR_WRITE : APIC_LINEAR_READ, la);
        }
        return null;
    }

    /**
     * §30.4.2 / §30.4.3: a MOV between a general register (or, storing, an immediate) and the
     * APIC-access page whose access the controls virtualize reads or writes the virtual-APIC page
     * instead; a store is followed by APIC-write emulation (§30.4.3.2), which may end in a
     * trap-like APIC_WRITE, VIRTUALIZED_EOI or TPR_BELOW_THRESHOLD exit. The model virtualizes
     * only MOV: any other instruction touching the page exits with APIC_ACCESS. Returns null if
     * the access is not virtualized.
     */
    private Exit virtualizedMov(ExecContext c, Instruction ins, Operand.Mem m, int offset, boolean write) {
        if (ins.mnemonic() != Mnemonic.MOV || ins.operandCount() != 2) return null;
        VirtualApic apic = nr.virtualApic();
        int size = m.size() / 8;
        if (write) {
            if (!apic.writeVirtualized(offset, size) || ins.op(1) instanceof Operand.Reg r && r.cls() != RegClass.GPR) return null;
            apic.write(offset, size, Operands.read(c, ins.op(1)));
            performed(c, ins);
            VmExit emulation = apic.emulateWrite(offset);
            return emulation != null ? nr.exit(emulation) : NonRootHook.PERFORMED;
        }
        if (!apic.readVirtualized(offset, size) || !(ins.op(0) instanceof Operand.Reg r) || r.cls() != RegClass.GPR) return null;
        Operands.writeReg(c.cpu, r, apic.read(offset, size));
        return performed(c, ins);
    }

    private static boolean readsOnly(Mnemonic m) {
        return m == Mnemonic.CMP || m == Mnemonic.TEST || m == Mnemonic.BT;
    }

    private Exit apicExit(Instruction ins, long pa, int type, long la) {
        return nr.exit(VmExit.builder(ExitReason.APIC_ACCESS).qualification(ExitQualification.apicAccess((int) pa & 0xFFF, type))
                .guestLinearAddress(la).build());
    }


    Exit before(ExecContext c, Instruction ins) {
        CpuState s = c.cpu;
        nr.busLock = busLockDetection && busLock(c, ins);
        if (apicAccessPage >= 0) {
            Exit apic = apicAccess(c, ins);
            if (apic != null) return apic;
        }
        return switch (ins.mnemonic()) {
            case CPUID -> sensitive(SensitiveInstruction.CPUID, ins);
            case GETSEC -> {
                if ((s.cr4 & CR4_SMXE) == 0) throw GuestFault.of(GuestFault.UD);
                yield sensitive(SensitiveInstruction.GETSEC, ins);
            }
            case INVD -> noOpUnlessExit(c, ins, privileged(s, SensitiveInstruction.INVD, ins));
            case WBINVD, WBNOINVD -> noOpUnlessExit(c, ins, privileged(s, SensitiveInstruction.WBINVD, ins));
            case XSETBV -> {
                if ((s.cr4 & CR4_OSXSAVE) == 0) throw GuestFault.of(GuestFault.UD);
                yield privileged(s, SensitiveInstruction.XSETBV, ins);
            }
            case HLT -> privileged(s, SensitiveInstruction.HLT, ins);
            case MONITOR -> noOpUnlessExit(c, ins, privileged(s, SensitiveInstruction.MONITOR, ins));
            case MWAIT -> noOpUnlessExit(c, ins, privileged(s, SensitiveInstruction.MWAIT, ins));
            case PAUSE -> sensitive(SensitiveInstruction.PAUSE, ins);
            case RDPMC -> {
                if ((s.cr4 & CR4_PCE) == 0 && s.cpl != 0) throw GuestFault.of(GuestFault.GP, 0);
                yield sensitive(SensitiveInstruction.RDPMC, ins);
            }
            case RDTSC, RDTSCP -> rdtsc(c, ins);
            case UMWAIT -> noOpUnlessExit(c, ins, randomExit(SensitiveInstruction.UMWAIT, ins));
            case TPAUSE -> noOpUnlessExit(c, ins, randomExit(SensitiveInstruction.TPAUSE, ins));
            case RDRAND -> randomExit(SensitiveInstruction.RDRAND, ins);
            case RDSEED -> randomExit(SensitiveInstruction.RDSEED, ins);
            case INVLPG -> invlpg(c, ins);
            case INVPCID -> invpcid(c, ins);
            case SGDT, SIDT, LGDT, LIDT -> descriptorTable(c, ins, true);
            case SLDT, STR, LLDT, LTR -> descriptorTable(c, ins, false);
            case MOV -> mov(c, ins);
            case CLTS -> {
                privileged(s);
                yield intercepts.clts() ? exit(ExitReason.CONTROL_REGISTER_ACCESS, ins,
                        ExitQualification.controlRegisterAccess(0, CLTS, 0, false, 0), 0, 0) : null;
            }
            case LMSW -> lmsw(c, ins);
            case SMSW -> {
                Operands.write(c, ins.op(0), intercepts.readCr(0, s.cr0) & (ins.op(0) instanceof Operand.Reg r ? mask(r.size()) : 0xFFFF));
                yield performed(c, ins);
            }
            case IN, OUT, INSB, INSW, INSD, OUTSB, OUTSW, OUTSD -> io(c, ins);
            case RDMSR, WRMSR -> msr(c, ins);
            case XSAVES, XRSTORS -> xsaves(c, ins);
            case ENCLS, ENCLV, PCONFIG -> leafExit(c, ins);
            case LOADIWKEY -> loadiwkey(c, ins);
            case INT3, INTO, INT1 -> nr.softwareException(c, ins);
            case JMPF, CALLF, IRET, IRETD, IRETQ -> nr.taskSwitch(c, ins);
            case VMCALL, VMCLEAR, VMLAUNCH, VMPTRLD, VMPTRST, VMREAD, VMRESUME, VMWRITE, VMXOFF, VMXON,
                    INVEPT, INVVPID, VMFUNC -> nr.vmxInstruction(c, ins);
            default -> null;
        };
    }

    // ---- helpers ----

    static long mask(int bits) {
        return bits == 64 ? -1L : (1L << bits) - 1;
    }

    private static void privileged(CpuState s) {
        if (s.cpl != 0) throw GuestFault.of(GuestFault.GP, 0);
    }

    private Exit privileged(CpuState s, SensitiveInstruction si, Instruction ins) {
        privileged(s);
        return sensitive(si, ins);
    }

    /** One control decides (§26.1.2, §26.1.3); an instruction with no semantics of its own (INVD...) completes as a no-op. */
    private Exit sensitive(SensitiveInstruction si, Instruction ins) {
        return switch (intercepts.instruction(si)) {
            case Decision.Exit e -> exit(e.reason(), ins, 0, 0, 0);
            case Decision.Undefined u -> throw GuestFault.of(GuestFault.UD);
            case Decision.Execute x -> null;
        };
    }

    /**
     * Cache and monitor instructions have no architectural effect on a model without caches:
     * when they do not exit they complete as no-ops (MWAIT may always wake, SDM Vol. 2B "MWAIT").
     */
    private static Exit noOpUnlessExit(ExecContext c, Instruction ins, Exit decided) {
        return decided != null ? decided : performed(c, ins);
    }

    Exit exit(ExitReason reason, Instruction ins, long qualification, int info, long linear) {
        return nr.exit(VmExit.builder(reason).qualification(qualification).instructionLength(ins.length())
                .instructionInformation(info).guestLinearAddress(linear).build());
    }

    static Exit performed(ExecContext c, Instruction ins) {
        c.cpu.rip = ins.mode() == Mode.BITS16 ? ins.next() & 0xFFFF : ins.next();
        return NonRootHook.PERFORMED;
    }

    /** RDTSC / RDTSCP: exit with "RDTSC exiting", else the TSC plus TSC offset (§26.3). */
    private Exit rdtsc(ExecContext c, Instruction ins) {
        CpuState s = c.cpu;
        boolean p = ins.mnemonic() == Mnemonic.RDTSCP;
        if (p && intercepts.instruction(SensitiveInstruction.RDTSCP) instanceof Decision.Undefined) throw GuestFault.of(GuestFault.UD);
        if ((s.cr4 & CR4_TSD) != 0 && s.cpl != 0) throw GuestFault.of(GuestFault.GP, 0);
        if (intercepts.instruction(p ? SensitiveInstruction.RDTSCP : SensitiveInstruction.RDTSC) instanceof Decision.Exit e) {
            return exit(e.reason(), ins, 0, 0, 0);
        }
        long tsc = intercepts.tsc(nr.tsc());
        s.gpr[CpuState.RAX] = tsc & 0xFFFF_FFFFL;
        s.gpr[CpuState.RDX] = tsc >>> 32;
        if (p) s.gpr[CpuState.RCX] = nr.view().readMsr(0xC000_0103) & 0xFFFF_FFFFL; // IA32_TSC_AUX
        return performed(c, ins);
    }

    /**
     * RDRAND, RDSEED, TPAUSE, UMWAIT: instruction information (Table 28-15): the register operand
     * [6:3], operand size [12:11]. TPAUSE and UMWAIT are #UD without "enable user wait and pause";
     * when they do not exit they complete as an immediate wake-up.
     */
    private Exit randomExit(SensitiveInstruction si, Instruction ins) {
        Decision d = intercepts.instruction(si);
        if (d instanceof Decision.Undefined) throw GuestFault.of(GuestFault.UD);
        if (!(d instanceof Decision.Exit e)) return null;
        Operand.Reg r = (Operand.Reg) ins.op(0);
        int size = r.size() == 16 ? 0 : r.size() == 32 ? 1 : 2;
        return exit(e.reason(), ins, 0, (r.num() & 0xF) << 3 | size << 11, 0);
    }

    /** INVLPG: the qualification is the linear address of the operand (§28.2.1). */
    private Exit invlpg(ExecContext c, Instruction ins) {
        privileged(c.cpu);
        long la = Operands.linear(c.cpu, (Operand.Mem) ins.op(0));
        if (!(intercepts.instruction(SensitiveInstruction.INVLPG) instanceof Decision.Exit e)) return null;
        return exit(e.reason(), ins, la, 0, 0);
    }

    private Exit invpcid(ExecContext c, Instruction ins) {
        switch (intercepts.instruction(SensitiveInstruction.INVPCID)) {
            case Decision.Undefined u -> throw GuestFault.of(GuestFault.UD);
            case Decision.Exit e -> {
                privileged(c.cpu);
                Operand.Mem m = (Operand.Mem) ins.op(1);
                return exit(e.reason(), ins, m.disp(), memoryInfo(m, ((Operand.Reg) ins.op(0)).num()), 0);
            }
            case Decision.Execute x -> {
                return null;
            }
        }
    }

    /**
     * Descriptor-table exiting (Tables 28-10, 28-11): scaling, address size, operand size [11]
     * (GDTR/IDTR forms), segment, index, base, register [6:3] with bit 10 for a register
     * operand, instruction identity [29:28]; the qualification is the displacement.
     */
    private Exit descriptorTable(ExecContext c, Instruction ins, boolean gdtIdt) {
        Mnemonic m = ins.mnemonic();
        boolean load = m == Mnemonic.LGDT || m == Mnemonic.LIDT || m == Mnemonic.LLDT || m == Mnemonic.LTR;
        if (!gdtIdt && c.cpu.realMode()) throw GuestFault.of(GuestFault.UD);
        if (load) privileged(c.cpu);
        SensitiveInstruction si = SensitiveInstruction.valueOf(m.name());
        if (!(intercepts.instruction(si) instanceof Decision.Exit e)) return null;
        int identity = switch (m) {
            case SGDT, SLDT -> 0;
            case SIDT, STR -> 1;
            case LGDT, LLDT -> 2;
            default -> 3;
        };
        Operand op = ins.op(0);
        int info;
        long qualification = 0;
        if (op instanceof Operand.Mem mem) {
            info = memoryInfo(mem, identity) | (gdtIdt && ins.opSize() != 16 ? 1 << 11 : 0);
            qualification = mem.disp();
        } else {
            info = InstructionInformation.registerOperand(((Operand.Reg) op).num(), identity);
        }
        return exit(e.reason(), ins, qualification, info, 0);
    }

    /** A memory operand in the instruction-information layout, {@code reg2} in bits 31:28. */
    static int memoryInfo(Operand.Mem m, int reg2) {
        int scaling = Integer.numberOfTrailingZeros(Math.max(1, m.scale()));
        int asize = m.addrSize() == 16 ? InstructionInformation.ADDRESS_16
                : m.addrSize() == 32 ? InstructionInformation.ADDRESS_32 : InstructionInformation.ADDRESS_64;
        int base = m.base() == Operand.Mem.NONE || m.base() == Operand.Mem.RIP ? -1 : m.base();
        return InstructionInformation.memoryOperand(scaling, asize, m.seg().ordinal(),
                m.index() == Operand.Mem.NONE ? -1 : m.index(), base, reg2);
    }

    /** MOV to / from CRn and DRn (§26.1.3, §26.3). */
    private Exit mov(ExecContext c, Instruction ins) {
        if (ins.operandCount() != 2) return null;
        if (ins.op(0) instanceof Operand.Reg d && (d.cls() == RegClass.CR || d.cls() == RegClass.DR)) {
            privileged(c.cpu);
            int gpr = ((Operand.Reg) ins.op(1)).num();
            return d.cls() == RegClass.CR ? movToCr(c, ins, d.num(), gpr) : movDr(c, ins, d.num(), gpr, false);
        }
        if (ins.op(1) instanceof Operand.Reg src && (src.cls() == RegClass.CR || src.cls() == RegClass.DR)) {
            privileged(c.cpu);
            int gpr = ((Operand.Reg) ins.op(0)).num();
            return src.cls() == RegClass.CR ? movFromCr(c, ins, src.num(), gpr) : movDr(c, ins, src.num(), gpr, true);
        }
        return null;
    }

    private Exit movToCr(ExecContext c, Instruction ins, int cr, int gpr) {
        CpuState s = c.cpu;
        long value = Operands.read(c, ins.op(1));
        if (intercepts.movToCr(cr, value)) {
            return exit(ExitReason.CONTROL_REGISTER_ACCESS, ins,
                    ExitQualification.controlRegisterAccess(cr, MOV_TO_CR, gpr, false, 0), 0, 0);
        }
        switch (cr) {
            case 0, 4 -> {
                // §26.3: bits the guest/host mask owns keep their value
                long owned = cr == 0 ? nr.controls().cr0GuestHostMask() : nr.controls().cr4GuestHostMask();
                long old = cr == 0 ? s.cr0 : s.cr4;
                Operands.write(c, ins.op(0), old & owned | value & ~owned);
                return performed(c, ins);
            }
            case 8 -> {
                VirtualApic apic = nr.virtualApic();
                if (!apic.tprShadow()) return null;
                VmExit tpr = apic.writeCr8(value); // §30.3: TPR virtualization, its exit trap-like
                performed(c, ins);
                return tpr != null ? nr.exit(tpr) : NonRootHook.PERFORMED;
            }
            default -> {
                return null;
            }
        }
    }

    private Exit movFromCr(ExecContext c, Instruction ins, int cr, int gpr) {
        CpuState s = c.cpu;
        if (intercepts.movFromCr(cr)) {
            return exit(ExitReason.CONTROL_REGISTER_ACCESS, ins,
                    ExitQualification.controlRegisterAccess(cr, MOV_FROM_CR, gpr, false, 0), 0, 0);
        }
        long v = switch (cr) {
            case 0 -> intercepts.readCr(0, s.cr0);
            case 4 -> intercepts.readCr(4, s.cr4);
            case 8 -> nr.virtualApic().tprShadow() ? nr.virtualApic().readCr8() : -1;
            default -> -1;
        };
        if (v == -1) return null;
        Operands.writeReg(s, (Operand.Reg) ins.op(0), v);
        return performed(c, ins);
    }

    /** LMSW (§26.1.3): qualification carries the source [31:16] and whether it was memory [6]. */
    private Exit lmsw(ExecContext c, Instruction ins) {
        privileged(c.cpu);
        int source = (int) Operands.read(c, ins.op(0)) & 0xFFFF;
        if (!intercepts.lmsw(source)) return null;
        boolean memory = ins.op(0) instanceof Operand.Mem;
        int gpr = memory ? 0 : ((Operand.Reg) ins.op(0)).num();
        return exit(ExitReason.CONTROL_REGISTER_ACCESS, ins,
                ExitQualification.controlRegisterAccess(0, LMSW, gpr, memory, source),
                0, memory ? Operands.linear(c.cpu, (Operand.Mem) ins.op(0)) : 0);
    }

    /**
     * MOV DR (§26.1.3, Table 28-4); without the exit the instruction executes normally: DR0-DR6
     * are not part of the VMCS (the processor's own, §27.3.1), DR7 is loaded and saved with the
     * debug controls (§27.3.2.1, §28.3.1).
     */
    private Exit movDr(ExecContext c, Instruction ins, int dr, int gpr, boolean fromDr) {
        if (intercepts.instruction(SensitiveInstruction.MOV_DR) instanceof Decision.Exit e) {
            return exit(e.reason(), ins, ExitQualification.movDr(dr, fromDr, gpr), 0, 0);
        }
        return null;
    }

    /**
     * IN, OUT, INS, OUTS (§26.1.3, Table 28-5); for INS / OUTS also the guest-linear address of
     * the memory operand and the instruction information of Table 28-8 (§28.2.1, §28.2.5).
     */
    private Exit io(ExecContext c, Instruction ins) {
        CpuState s = c.cpu;
        Mnemonic m = ins.mnemonic();
        boolean string = m != Mnemonic.IN && m != Mnemonic.OUT;
        boolean in = m == Mnemonic.IN || m == Mnemonic.INSB || m == Mnemonic.INSW || m == Mnemonic.INSD;
        int size;
        int port;
        boolean immediate = false;
        if (!string) {
            Operand data = in ? ins.op(0) : ins.op(1);
            Operand p = in ? ins.op(1) : ins.op(0);
            size = data.size() / 8;
            immediate = p instanceof Operand.Imm;
            port = (int) Operands.read(c, p) & 0xFFFF;
        } else {
            size = switch (m) {
                case INSB, OUTSB -> 1;
                case INSW, OUTSW -> 2;
                default -> 4;
            };
            port = (int) s.gpr[CpuState.RDX] & 0xFFFF;
        }
        dev.jvmx.runtime.exec.IoPermission.check(c, port, size); // IOPL and the TSS I/O bitmap: #GP before the exit
        if (!intercepts.io(port, size)) return null;
        boolean rep = string && (ins.has(Prefix.REP) || ins.has(Prefix.REPNE));
        long qualification = ExitQualification.ioInstruction(size, in, string, rep, immediate, port);
        if (!string) return exit(ExitReason.IO_INSTRUCTION, ins, qualification, 0, 0);
        int asize = ins.addrSize() == 16 ? 0 : ins.addrSize() == 32 ? 1 : 2;
        int seg = in ? dev.jvmx.x86.Seg.ES.ordinal() : segmentOf(ins).ordinal();
        long offset = s.gpr[in ? CpuState.RDI : CpuState.RSI] & mask(ins.addrSize());
        long linear = s.segmentBase(dev.jvmx.x86.Seg.values()[seg]) + offset;
        return exit(ExitReason.IO_INSTRUCTION, ins, qualification, InstructionInformation.insOuts(asize, seg),
                s.mode == Mode.BITS64 ? linear : linear & 0xFFFF_FFFFL);
    }

    private static dev.jvmx.x86.Seg segmentOf(Instruction ins) {
        for (int i = 0; i < ins.operandCount(); i++) {
            if (ins.op(i) instanceof Operand.Mem m) return m.seg();
        }
        return dev.jvmx.x86.Seg.DS;
    }

    /**
     * RDMSR / WRMSR with the MSR bitmaps (§26.1.3, §25.6.9); an x2APIC MSR that does not exit may
     * be virtualized by "virtualize x2APIC mode" (§30.5), a WRMSR then followed by its trap-like exit.
     */
    private Exit msr(ExecContext c, Instruction ins) {
        CpuState s = c.cpu;
        privileged(s);
        boolean write = ins.mnemonic() == Mnemonic.WRMSR;
        int msr = (int) s.gpr[CpuState.RCX];
        if (intercepts.msr(msr, write)) return exit(write ? ExitReason.WRMSR : ExitReason.RDMSR, ins, 0, 0, 0);
        VirtualApic apic = nr.virtualApic();
        if (!write) {
            var value = apic.readMsr(msr);
            if (value.isEmpty()) return null;
            s.gpr[CpuState.RAX] = value.getAsLong() & 0xFFFF_FFFFL;
            s.gpr[CpuState.RDX] = value.getAsLong() >>> 32;
            return performed(c, ins);
        }
        long value = s.gpr[CpuState.RDX] << 32 | s.gpr[CpuState.RAX] & 0xFFFF_FFFFL;
        return switch (apic.writeMsr(msr, value)) {
            case VirtualApic.MsrWrite.NotVirtualized n -> null;
            case VirtualApic.MsrWrite.GeneralProtection g -> throw GuestFault.of(GuestFault.GP, 0);
            case VirtualApic.MsrWrite.Virtualized v -> {
                performed(c, ins);
                yield v.exit() != null ? nr.exit(v.exit()) : NonRootHook.PERFORMED;
            }
        };
    }

    /**
     * LOADIWKEY (§26.1.3, "LOADIWKEY exiting", a tertiary control): #UD with CR4.KL = 0,
     * CR0.EM = 1 or CR4.OSFXSR = 0 and #GP(0) at CPL &gt; 0 (SDM Vol. 2A "LOADIWKEY") come before
     * the exit (§26.1.1); the exit reports both XMM registers in the instruction information.
     * The vCPU enumerates no Key Locker, so one that does not exit is #UD.
     */
    private Exit loadiwkey(ExecContext c, Instruction ins) {
        CpuState s = c.cpu;
        if ((s.cr4 & CR4_KL) == 0 || (s.cr0 & CR0_EM) != 0 || (s.cr4 & CR4_OSFXSR) == 0) throw GuestFault.of(GuestFault.UD);
        privileged(s);
        if (!nr.controls().has(dev.jvmx.vmx.cap.TertiaryProcessorBasedControl.LOADIWKEY_EXITING)) return null;
        return exit(ExitReason.LOADIWKEY, ins, 0,
                InstructionInformation.loadiwkey(((Operand.Reg) ins.op(0)).num(), ((Operand.Reg) ins.op(1)).num()), 0);
    }

    /**
     * ENCLS, ENCLV and PCONFIG (§26.1.3): with "enable ENCLS exiting" / "enable ENCLV exiting" /
     * "enable PCONFIG", exit if the bit of the exiting bitmap that EAX selects is set (bit 63 for
     * EAX &gt; 62). ENCLS and ENCLV are #UD outside protected mode and at CPL &gt; 0 before the exit
     * (SDM Vol. 3D "ENCLS", "ENCLV"); PCONFIG is #UD without "enable PCONFIG" (§26.3) and at
     * CPL &gt; 0. The vCPU enumerates neither SGX nor PCONFIG, so one that does not exit is #UD
     * (the interpreter's CPUID-feature check).
     */
    private Exit leafExit(ExecContext c, Instruction ins) {
        CpuState s = c.cpu;
        Mnemonic m = ins.mnemonic();
        boolean sgx = m != Mnemonic.PCONFIG;
        SecondaryProcessorBasedControl control = switch (m) {
            case ENCLS -> SecondaryProcessorBasedControl.ENABLE_ENCLS_EXITING;
            case ENCLV -> SecondaryProcessorBasedControl.ENABLE_ENCLV_EXITING;
            default -> SecondaryProcessorBasedControl.ENABLE_PCONFIG;
        };
        if (sgx && (s.realMode() || (s.rflags() & dev.jvmx.x86.Flags.VM) != 0)) throw GuestFault.of(GuestFault.UD);
        if (!sgx && !nr.controls().has(control) || s.cpl != 0) throw GuestFault.of(GuestFault.UD);
        if (!nr.controls().has(control)) return null;
        VmcsField bitmap = switch (m) {
            case ENCLS -> VmcsField.ENCLS_EXITING_BITMAP;
            case ENCLV -> VmcsField.ENCLV_EXITING_BITMAP;
            default -> VmcsField.PCONFIG_EXITING_BITMAP;
        };
        if (!Intercepts.leafExits(nr.vmcs().read(bitmap), s.gpr[CpuState.RAX])) return null;
        ExitReason reason = switch (m) {
            case ENCLS -> ExitReason.ENCLS;
            case ENCLV -> ExitReason.ENCLV;
            default -> ExitReason.PCONFIG;
        };
        return exit(reason, ins, 0, 0, 0);
    }

    /**
     * XSAVES / XRSTORS (§26.1.3): #UD unless "enable XSAVES/XRSTORS"; a VM exit if a bit set in
     * EDX:EAX AND IA32_XSS is set in the XSS-exiting bitmap.
     */
    private Exit xsaves(ExecContext c, Instruction ins) {
        CpuState s = c.cpu;
        if (!nr.controls().has(SecondaryProcessorBasedControl.ENABLE_XSAVES_XRSTORS) || (s.cr4 & CR4_OSXSAVE) == 0) {
            throw GuestFault.of(GuestFault.UD);
        }
        privileged(s);
        long requested = (s.gpr[CpuState.RDX] << 32 | s.gpr[CpuState.RAX] & 0xFFFF_FFFFL) & nr.view().readMsr(IA32_XSS);
        if ((requested & nr.vmcs().read(VmcsField.XSS_EXITING_BITMAP)) == 0) return null;
        Operand.Mem m = (Operand.Mem) ins.op(0);
        ExitReason r = ins.mnemonic() == Mnemonic.XSAVES ? ExitReason.XSAVES : ExitReason.XRSTORS;
        return exit(r, ins, m.disp(), memoryInfo(m, 0), 0);
    }
}

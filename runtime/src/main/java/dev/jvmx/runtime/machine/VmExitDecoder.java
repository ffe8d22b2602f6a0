package dev.jvmx.runtime.machine;

import dev.jvmx.vmx.exit.VmExit;

/**
 * Turns a VM exit from the VT-x model into the {@link MachineExit} the devices already know, and
 * back: the seam that lets the platform work the same before and after guests run in VMX
 * non-root operation. What an exit's information fields do not carry (the data of OUT, the
 * MSR number, IF at HLT, the width and value of an MMIO access, which a VMM finds by decoding the
 * instruction) comes from the {@link GuestContext}, as a VMM reads it from guest registers.
 */
public final class VmExitDecoder {
    /** Guest state the decoder reads (after the exit, as a VMM would from the VMCS and registers). */
    public interface GuestContext {
        long rax();
        long rcx();
        long rdx();
        long rflags();
        /** For EPT violations: access width in bytes, found by decoding the faulting instruction. */
        default int mmioSize() { return 4; }
        /** For an EPT violation on a write: the value being written. */
        default long mmioValue() { return 0; }
    }

    private VmExitDecoder() {
    }

    /**
     * The platform exit for {@code e}, or null if the reason is not one the PC platform handles
     * (the caller deals with it, e.g. a VMX instruction or an exception).
     */
    public static MachineExit decode(VmExit e, GuestContext g) {
        long q = e.qualification();
        return switch (e.reason()) {
            case IO_INSTRUCTION -> io(q, g);
            case EPT_VIOLATION -> new MachineExit.Mmio(e.guestPhysicalAddress(), g.mmioSize(), (q & 2) != 0,
                    (q & 2) != 0 ? g.mmioValue() : 0);
            case HLT -> new MachineExit.Hlt((g.rflags() & 0x200) != 0);
            case CPUID -> new MachineExit.Cpuid((int) g.rax(), (int) g.rcx());
            case RDMSR -> new MachineExit.Rdmsr((int) g.rcx());
            case WRMSR -> new MachineExit.Wrmsr((int) g.rcx(), (g.rdx() << 32) | (g.rax() & 0xFFFF_FFFFL));
            case TRIPLE_FAULT -> new MachineExit.TripleFault();
            case INIT_SIGNAL -> new MachineExit.InitSignal();
            case START_UP_IPI -> new MachineExit.StartupIpi((int) q & 0xFF);
            case VMX_PREEMPTION_TIMER_EXPIRED -> new MachineExit.BudgetExhausted();
            default -> null;
        };
    }

    /** Table 28-5: size [2:0], direction [3], string [4], REP [5], immediate [6], port [31:16]. */
    private static MachineExit.Io io(long q, GuestContext g) {
        int size = (int) (q & 7) + 1;
        boolean in = (q & 8) != 0, string = (q & 0x10) != 0, rep = (q & 0x20) != 0, imm = (q & 0x40) != 0;
        int port = (int) (q >>> 16) & 0xFFFF;
        if (!string) return new MachineExit.Io(port, size, in, false, false, imm, in ? 0 : (int) g.rax(), 1, null);
        int count = rep ? (int) Math.min(g.rcx() & 0xFFFF_FFFFL, 4096) : 1;
        return new MachineExit.Io(port, size, in, true, rep, false, 0, count, new byte[size * count]);
    }

    /** The VM exit a directly driven engine's exit corresponds to (instruction length as given). */
    public static VmExit encode(MachineExit exit, int instructionLength) {
        VmExit.Builder b = VmExit.builder(exit.reason());
        switch (exit) {
            case MachineExit.Io io -> b.qualification(io.qualification()).instructionLength(instructionLength);
            case MachineExit.Mmio m -> b.qualification(m.qualification()).guestPhysicalAddress(m.address());
            case MachineExit.StartupIpi s -> b.qualification(s.vector() & 0xFF);
            case MachineExit.Hlt h -> b.instructionLength(instructionLength);
            case MachineExit.Cpuid c -> b.instructionLength(instructionLength);
            case MachineExit.Rdmsr r -> b.instructionLength(instructionLength);
            case MachineExit.Wrmsr w -> b.instructionLength(instructionLength);
            default -> { }
        }
        return b.build();
    }
}

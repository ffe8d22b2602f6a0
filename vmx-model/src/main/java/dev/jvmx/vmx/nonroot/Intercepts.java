package dev.jvmx.vmx.nonroot;

import dev.jvmx.vmx.PhysicalMemory;
import dev.jvmx.vmx.cap.PrimaryProcessorBasedControl;

/**
 * When a guest in VMX non-root operation exits (SDM Vol. 3C ch. 26), decided from the controls
 * read at VM entry. The same answers serve the interpreter and translated code; since the
 * controls are constant between entry and exit, a translator may fold them.
 */
public final class Intercepts {

    private static final long CR0_TS = 1L << 3;
    private final ExecutionControls controls;
    private final PhysicalMemory memory;

    public Intercepts(ExecutionControls controls, PhysicalMemory memory) {
        this.controls = controls;
        this.memory = memory;
    }

    /** §26.1.2 / §26.1.3: instructions decided by one control. */
    public Decision instruction(SensitiveInstruction insn) {
        if (insn.enable() != null && !controls.has(insn.enable())) {
            return Decision.UNDEFINED;
        }
        if (insn.exitingControl() == null || controls.has(insn.exitingControl())) {
            return new Decision.Exit(insn.reason());
        }
        return Decision.EXECUTE;
    }

    /**
     * §26.2 exceptions: the exception bitmap bit of the vector; for #PF the bit applies if
     * (error code AND PFEC_MASK) = PFEC_MATCH, and its inverse otherwise (§25.6.3).
     */
    public boolean exception(int vector, int pageFaultErrorCode) {
        boolean bit = (controls.exceptionBitmap() >>> vector & 1) != 0;
        if (vector != 14) {
            return bit;
        }
        boolean match = (pageFaultErrorCode & controls.pageFaultErrorCodeMask())
                == controls.pageFaultErrorCodeMatch();
        return match == bit;
    }

    /**
     * §26.1.3 IN / INS / OUT / OUTS: with "use I/O bitmaps", exit if the bit of any port accessed
     * is set (bitmap A: 0000H–7FFFH, B: 8000H–FFFFH) or the access wraps past FFFFH; otherwise
     * exit iff "unconditional I/O exiting" (§25.6.4).
     */
    public boolean io(int port, int size) {
        if (!controls.has(PrimaryProcessorBasedControl.USE_IO_BITMAPS)) {
            return controls.has(PrimaryProcessorBasedControl.UNCONDITIONAL_IO_EXITING);
        }
        for (int p = port; p < port + size; p++) {
            if (p > 0xFFFF) {
                return true;
            }
            long bitmap = p < 0x8000 ? controls.ioBitmapA() : controls.ioBitmapB();
            if (bitSet(bitmap, p & 0x7FFF)) {
                return true;
            }
        }
        return false;
    }

    /**
     * §26.1.3 RDMSR / WRMSR with "use MSR bitmaps" (§25.6.9): read-low at offset 0, read-high at
     * 1024, write-low at 2048, write-high at 3072, for MSRs 00000000H–00001FFFH (low) and
     * C0000000H–C0001FFFH (high); any other MSR, or no MSR bitmaps, exits.
     */
    public boolean msr(int msr, boolean write) {
        if (!controls.has(PrimaryProcessorBasedControl.USE_MSR_BITMAPS)) {
            return true;
        }
        long base = controls.msrBitmap() + (write ? 2048 : 0);
        if (msr >= 0 && msr <= 0x1FFF) {
            return bitSet(base, msr);
        }
        if (msr >= 0xC0000000 && msr <= 0xC0001FFF) {
            return bitSet(base + 1024, msr & 0x1FFF);
        }
        return true;
    }

    private boolean bitSet(long bitmap, int bit) {
        int b = memory.readInt(bitmap + (bit >>> 5) * 4L);
        return (b >>> (bit & 31) & 1) != 0;
    }

    /**
     * §26.1.3 MOV to CR0 / CR4: exit if a bit set in the guest/host mask differs between the
     * source and the read shadow. MOV to CR3: exit with "CR3-load exiting" unless the value is
     * one of the first CR3-target-count target values. MOV to CR8: "CR8-load exiting".
     */
    public boolean movToCr(int cr, long value) {
        return switch (cr) {
            case 0 -> ((value ^ controls.cr0ReadShadow()) & controls.cr0GuestHostMask()) != 0;
            case 4 -> ((value ^ controls.cr4ReadShadow()) & controls.cr4GuestHostMask()) != 0;
            case 3 -> controls.has(PrimaryProcessorBasedControl.CR3_LOAD_EXITING)
                    && !isCr3Target(value);
            case 8 -> controls.has(PrimaryProcessorBasedControl.CR8_LOAD_EXITING);
            default -> false;
        };
    }

    private boolean isCr3Target(long value) {
        for (long t : controls.cr3TargetValues()) {
            if (t == value) {
                return true;
            }
        }
        return false;
    }

    /** §26.1.3 MOV from CR3 / CR8: "CR3-store exiting" / "CR8-store exiting". */
    public boolean movFromCr(int cr) {
        return cr == 3 && controls.has(PrimaryProcessorBasedControl.CR3_STORE_EXITING)
                || cr == 8 && controls.has(PrimaryProcessorBasedControl.CR8_STORE_EXITING);
    }

    /** §26.1.3 CLTS: exit if CR0.TS is set in both the guest/host mask and the read shadow. */
    public boolean clts() {
        return (controls.cr0GuestHostMask() & controls.cr0ReadShadow() & CR0_TS) != 0;
    }

    /**
     * §26.1.3 LMSW: exit if the mask owns CR0.PE and the source sets PE while the shadow's PE is
     * 0, or the mask owns MP, EM or TS and the source differs from the shadow there.
     */
    public boolean lmsw(int source) {
        long mask = controls.cr0GuestHostMask();
        long shadow = controls.cr0ReadShadow();
        boolean pe = (mask & 1) != 0 && (source & 1) != 0 && (shadow & 1) == 0;
        return pe || ((source ^ shadow) & mask & 0xE) != 0;
    }

    /** §26.3: MOV from CR0 / CR4 returns the read shadow for bits the mask owns. */
    public long readCr(int cr, long actual) {
        return switch (cr) {
            case 0 -> actual & ~controls.cr0GuestHostMask()
                    | controls.cr0ReadShadow() & controls.cr0GuestHostMask();
            case 4 -> actual & ~controls.cr4GuestHostMask()
                    | controls.cr4ReadShadow() & controls.cr4GuestHostMask();
            default -> actual;
        };
    }

    /** §26.3: RDTSC / RDTSCP add the TSC offset with "use TSC offsetting". */
    public long tsc(long hostTsc) {
        return controls.has(PrimaryProcessorBasedControl.USE_TSC_OFFSETTING)
                ? hostTsc + controls.tscOffset() : hostTsc;
    }

    /**
     * §26.1.3 ENCLS / ENCLV / PCONFIG: bit EAX of the ENCLS-, ENCLV- or PCONFIG-exiting bitmap, bit 63 for any
     * EAX above 62.
     */
    public static boolean leafExits(long bitmap, long rax) {
        long leaf = rax & 0xFFFF_FFFFL;
        return (bitmap >>> Math.min(leaf, 63) & 1) != 0;
    }
}

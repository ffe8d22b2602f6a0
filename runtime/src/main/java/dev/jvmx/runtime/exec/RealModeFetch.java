package dev.jvmx.runtime.exec;

import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.mem.GuestMemory;
import dev.jvmx.x86.Decoder;
import dev.jvmx.x86.Instruction;
import dev.jvmx.x86.Mode;
import dev.jvmx.x86.Seg;

/**
 * Instruction fetch for segmented code: the bytes come from CS.base + IP, with IP wrapping at 64 KiB
 * in 16-bit code (SDM Vol. 3A §20.1.1), and the instruction is decoded at address IP so relative
 * targets and {@link Instruction#next()} are offsets. On the 8086 the bytes first pass through
 * {@link Aliases8086} (the decoder models the 386+ opcode map).
 */
public final class RealModeFetch {
    private static final int MAX_LENGTH = 15;
    private final byte[] buf = new byte[MAX_LENGTH];
    /** Set by the last {@link #decode}: the 8086 executes POP CS (opcode 0Fh) here. */
    private boolean popCs;
    private int popCsLength;
    /** Set by the last {@link #decode}: 8086 D0..D3 /6, SETMO / SETMOC. */
    private boolean setmo;
    /** Set by the last {@link #decode}: an ESC (D8h..DFh) with no coprocessor fitted. */
    private boolean escape;

    public Instruction decode(GuestMemory mem, CpuState s) {
        long base = s.segmentBase(Seg.CS);
        long ip = s.rip;
        boolean wrap16 = s.mode == Mode.BITS16;
        int n = 0;
        for (; n < MAX_LENGTH; n++) {
            long off = wrap16 ? (ip + n) & 0xFFFF : ip + n;
            try {
                buf[n] = mem.read8(base + off);
            } catch (dev.jvmx.runtime.mem.GuestFault f) {
                if (n == 0) throw f;
                break;
            }
        }
        popCs = false;
        escape = false;
        setmo = false;
        if (s.generation.opcodeAliases) {
            int r = Aliases8086.rewrite(buf, n);
            int op = r & 0xFF;
            popCs = r >= 0 && op == 0x0F;
            popCsLength = (r >> 8) + 1;
            setmo = r >= 0 && op >= 0xD0 && op <= 0xD3 && Aliases8086.modrmReg(buf, r >> 8, n) == 6;
            escape = op >= 0xD8 && op <= 0xDF;
        } else if (s.generation != dev.jvmx.runtime.cpu.CpuGeneration.MODERN) {
            int op = Aliases8086.opcode(buf, n);
            escape = op >= 0xD8 && op <= 0xDF;
        }
        if (s.generation != dev.jvmx.runtime.cpu.CpuGeneration.MODERN) registerFormUndefined(n);
        Instruction ins = s.generation == dev.jvmx.runtime.cpu.CpuGeneration.MODERN ? Decoder.decode(s.mode, buf, 0, n, ip)
                : decodeWithoutLock(s.mode, n, ip);
        // past the CS limit: the 8086 wraps IP, later chips raise #GP(0) (SDM Vol. 3A §20.1.1)
        if (wrap16 && !s.generation.wordWrapsInSegment && ip + ins.length() > 0x10000
                || ins.length() > s.generation.maxInstructionLength) {
            throw dev.jvmx.runtime.mem.GuestFault.of(dev.jvmx.runtime.mem.GuestFault.GP, 0);
        }
        return ins;
    }

    /**
     * BOUND, LES, LDS with a register operand (mod = 11b) are #UD on the 80286 (SDM "BOUND", "LDS"):
     * decided here because the decoder reads 62h/C4h/C5h with mod = 11b as EVEX/VEX prefixes.
     */
    private void registerFormUndefined(int n) {
        int p = 0;
        while (p < n && Aliases8086.isPrefix(buf[p] & 0xFF)) p++;
        if (p + 1 >= n) return;
        int op = buf[p] & 0xFF;
        if ((op == 0x62 || op == 0xC4 || op == 0xC5) && (buf[p + 1] & 0xC0) == 0xC0) {
            throw dev.jvmx.runtime.mem.GuestFault.of(dev.jvmx.runtime.mem.GuestFault.UD);
        }
    }

    /**
     * The 8086 and 80286 accept LOCK on any instruction (SDM Vol. 3A §22.20), while the decoder
     * applies the 386+ #UD rule: decode without the LOCK bytes, then give the instruction back its
     * full address and length.
     */
    private Instruction decodeWithoutLock(Mode mode, int n, long ip) {
        int removed = 0;
        int p = 0;
        while (p < n && Aliases8086.isPrefix(buf[p] & 0xFF)) {
            if ((buf[p] & 0xFF) == 0xF0) {
                System.arraycopy(buf, p + 1, buf, p, n - p - 1);
                n--;
                removed++;
            } else {
                p++;
            }
        }
        Instruction ins = Decoder.decode(mode, buf, 0, n, ip + removed);
        if (removed == 0) return ins;
        return new Instruction(ip, ins.length() + removed, ins.mnemonic(), ins.form(), ins.mode(), ins.opSize(),
                ins.addrSize(), ins.prefixes(), ins.cond(), ins.operands());
    }

    public boolean popCs() { return popCs; }

    /** Length of the POP CS instruction (its prefixes and the 0Fh byte). */
    public int popCsLength() { return popCsLength; }

    public boolean escapeWithoutFpu() { return escape; }

    /** The last instruction is the 8086's undocumented SETMO (D0/D1 /6) or SETMOC (D2/D3 /6). */
    public boolean setmo() { return setmo; }
}

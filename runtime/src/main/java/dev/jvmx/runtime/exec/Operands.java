package dev.jvmx.runtime.exec;

import static dev.jvmx.runtime.cpu.LazyFlags.mask;

import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.mem.GuestFault;
import dev.jvmx.runtime.mem.GuestMemory;
import dev.jvmx.x86.Mode;
import dev.jvmx.x86.Operand;
import dev.jvmx.x86.Operand.Imm;
import dev.jvmx.x86.Operand.Mem;
import dev.jvmx.x86.Operand.Reg;
import dev.jvmx.x86.Operand.Rel;

/**
 * Operand load/store and effective addresses, written once for every handler. Values are
 * returned zero-extended from the operand size. GPR writes follow SDM Vol. 1 §3.4.1.1: a 32-bit
 * destination zero-extends into the 64-bit register, 8- and 16-bit destinations merge.
 */
public final class Operands {
    private Operands() {}

    /** Effective address (offset within the segment), masked to the address size (SDM Vol. 1 §3.7.5). */
    public static long offset(CpuState s, Mem m) {
        long ea = m.disp();
        if (m.base() == Mem.RIP) return ea;
        if (m.base() != Mem.NONE) ea += s.gpr[m.base()];
        if (m.index() != Mem.NONE) ea += s.gpr[m.index()] * m.scale();
        return ea & mask(m.addrSize());
    }

    /** Linear address: segment base + offset (only FS/GS have a base in 64-bit mode). */
    public static long linear(CpuState s, Mem m) {
        return linear(s, m, false);
    }

    /** {@link #linear} for a write: a read-only or code segment is #GP(0) ({@link Segmented#checkWrite}). */
    public static long linearWrite(CpuState s, Mem m) {
        return linear(s, m, true);
    }

    private static long linear(CpuState s, Mem m, boolean write) {
        long off = offset(s, m);
        if (s.systemMode) {
            if (write) Segmented.checkWrite(s, m.seg(), off, m.size());
            else Segmented.checkLimit(s, m.seg(), off, m.size());
        }
        long la = s.segmentBase(m.seg()) + off;
        if (s.mode != Mode.BITS64) la &= 0xFFFF_FFFFL;
        if (Breakpoints.armed(s)) Breakpoints.access(s, la, m.size(), write);
        return la;
    }

    /** A 16-bit-address access that runs past offset FFFFh (see {@link Segmented}). */
    static boolean segmented16(CpuState s, Mem m) {
        return m.addrSize() == 16 && s.mode == Mode.BITS16 && Segmented.crosses(offset(s, m), m.size());
    }

    public static long read(ExecContext c, Operand op) {
        return switch (op) {
            case Reg r -> readReg(c.cpu, r);
            case Mem m -> segmented16(c.cpu, m) ? Segmented.load(c, m.seg(), offset(c.cpu, m), m.size())
                    : load(c.mem, linear(c.cpu, m), m.size());
            case Imm imm -> imm.value() & mask(imm.size());
            case Rel rel -> rel.target();
            default -> throw GuestFault.of(GuestFault.UD);
        };
    }

    /** Reads and sign-extends to 64 bits. */
    public static long readSigned(ExecContext c, Operand op) {
        int size = op.size();
        return (read(c, op) << (64 - size)) >> (64 - size);
    }

    public static void write(ExecContext c, Operand op, long v) {
        if (op instanceof Reg r && r.cls() == dev.jvmx.x86.RegClass.SEG && c.cpu.systemMode && !c.cpu.realMode()) {
            if (r.num() == 1) throw GuestFault.of(GuestFault.UD); // MOV CS
            Descriptors.load(c, dev.jvmx.x86.Seg.values()[r.num()], (int) v & 0xFFFF);
            return;
        }
        switch (op) {
            case Reg r when r.cls() == dev.jvmx.x86.RegClass.CR -> ControlHandlers.writeCr(c, r.num(), v & mask(r.size()));
            case Reg r when r.cls() == dev.jvmx.x86.RegClass.DR -> ControlHandlers.writeDr(c.cpu, r.num(), v & mask(r.size()));
            case Reg r -> writeReg(c.cpu, r, v);
            case Mem m -> {
                if (segmented16(c.cpu, m)) Segmented.store(c, m.seg(), offset(c.cpu, m), v, m.size());
                else store(c.mem, linearWrite(c.cpu, m), v, m.size());
            }
            default -> throw new IllegalArgumentException("not a destination: " + op);
        }
    }

    public static long readReg(CpuState s, Reg r) {
        return switch (r.cls()) {
            case GPR -> s.gpr[r.num()] & mask(r.size());
            case GPR8H -> (s.gpr[r.num()] >>> 8) & 0xFF;
            case SEG -> {
                if (r.num() >= 4 && s.generation != dev.jvmx.runtime.cpu.CpuGeneration.MODERN) throw GuestFault.of(GuestFault.UD);
                yield s.segSelector[r.num()] & 0xFFFF;
            }
            case XMM, YMM -> s.ymm[r.num() * 4];
            case CR -> ControlHandlers.readCr(s, r.num()) & mask(r.size());
            case DR -> ControlHandlers.readDr(s, r.num()) & mask(r.size());
            default -> throw GuestFault.of(GuestFault.UD);
        };
    }

    public static void writeReg(CpuState s, Reg r, long v) {
        switch (r.cls()) {
            case GPR -> writeGpr(s, r.num(), v, r.size());
            case GPR8H -> s.gpr[r.num()] = (s.gpr[r.num()] & ~0xFF00L) | ((v & 0xFF) << 8);
            case SEG -> writeSeg(s, r.num(), (int) v & 0xFFFF);
            default -> throw GuestFault.of(GuestFault.UD);
        }
    }

    public static void writeGpr(CpuState s, int num, long v, int size) {
        s.gpr[num] = switch (size) {
            case 8 -> (s.gpr[num] & ~0xFFL) | (v & 0xFF);
            case 16 -> (s.gpr[num] & ~0xFFFFL) | (v & 0xFFFF);
            case 32 -> v & 0xFFFF_FFFFL;
            default -> v;
        };
    }

    /**
     * MOV Sreg: in 64-bit mode only the selector is kept (bases of ES/CS/SS/DS are 0, FS/GS come
     * from the base MSRs); in 16-bit mode the real-mode rule applies (base = selector * 16, SDM
     * Vol. 3A §20.1.1). MOV CS is #UD except on the 8086, where 8E /1 loads CS (a jump to CS:IP).
     * Protected-mode descriptor loads belong to the system-mode work (not modelled here).
     */
    static void writeSeg(CpuState s, int sreg, int sel) {
        if (sreg == 1 && s.generation != dev.jvmx.runtime.cpu.CpuGeneration.I8086) throw GuestFault.of(GuestFault.UD);
        if (sreg >= 4 && s.generation != dev.jvmx.runtime.cpu.CpuGeneration.MODERN) throw GuestFault.of(GuestFault.UD); // no FS/GS before the 386
        if (s.mode == Mode.BITS16) {
            s.loadRealSegment(dev.jvmx.x86.Seg.values()[sreg], sel);
        } else {
            s.segSelector[sreg] = sel;
        }
    }

    /**
     * Faults as a one-byte write at linear address {@code a} would (a #PF carries W), without
     * changing memory: for instructions that must check a write before committing any (ENTER's
     * final stack pointer, XSAVE's area).
     */
    public static void probeWrite(GuestMemory m, long a) {
        byte b;
        try {
            b = m.read8(a);
        } catch (dev.jvmx.runtime.mem.GuestFault f) {
            if (f.vector() != dev.jvmx.runtime.mem.GuestFault.PF) throw f;
            throw dev.jvmx.runtime.mem.GuestFault.pageFault(f.address(), f.errorCode() | dev.jvmx.runtime.mem.GuestFault.PF_W);
        }
        m.write8(a, b);
    }

    public static long load(GuestMemory m, long addr, int size) {
        return switch (size) {
            case 8 -> m.read8(addr) & 0xFFL;
            case 16 -> m.read16(addr) & 0xFFFFL;
            case 32 -> m.read32(addr) & 0xFFFF_FFFFL;
            case 64 -> m.read64(addr);
            default -> throw new IllegalArgumentException("load size " + size);
        };
    }

    public static void store(GuestMemory m, long addr, long v, int size) {
        switch (size) {
            case 8 -> m.write8(addr, (byte) v);
            case 16 -> m.write16(addr, (short) v);
            case 32 -> m.write32(addr, (int) v);
            case 64 -> m.write64(addr, v);
            default -> throw new IllegalArgumentException("store size " + size);
        }
    }
}

package dev.jvmx.runtime.exec;

import static dev.jvmx.runtime.cpu.LazyFlags.mask;

import dev.jvmx.runtime.cpu.Alu;
import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.runtime.mem.DirectTlb;
import dev.jvmx.x86.Flags;
import dev.jvmx.x86.Instruction;
import dev.jvmx.x86.Mnemonic;
import dev.jvmx.x86.Mode;
import dev.jvmx.x86.Operand;
import dev.jvmx.x86.Prefix;
import dev.jvmx.x86.Seg;

/**
 * String instructions MOVS, CMPS, STOS, LODS, SCAS with REP / REPE / REPNE (SDM Vol. 2B
 * "REP/REPE/REPZ/REPNE/REPNZ", Vol. 1 §7.3.9). rSI/rDI/rCX have the address-size width; the
 * destination is always ES:rDI, the source DS:rSI unless overridden (the decoder's Mem operand
 * carries the effective segment). Each iteration commits its register updates, so a fault in the
 * middle leaves a restartable state with RIP at the instruction, as on hardware.
 */
public final class StringHandlers {
    private StringHandlers() {}

    enum Kind { MOVS, CMPS, STOS, LODS, SCAS }

    /** The kind and element size in bits of each string mnemonic (MOVSB..SCASQ), by ordinal; null and 0 for the rest. */
    private static final Kind[] KIND = new Kind[Mnemonic.values().length];
    private static final int[] BITS = new int[Mnemonic.values().length];

    static {
        for (Kind k : Kind.values()) {
            for (int size : new int[] {8, 16, 32, 64}) {
                String suffix = switch (size) { case 8 -> "B"; case 16 -> "W"; case 32 -> "D"; default -> "Q"; };
                Mnemonic m = Mnemonic.valueOf(k.name() + suffix);
                KIND[m.ordinal()] = k;
                BITS[m.ordinal()] = size;
            }
        }
    }

    static void register(Handler[] t) {
        for (Mnemonic m : Mnemonic.values()) {
            Kind k = KIND[m.ordinal()];
            int size = BITS[m.ordinal()];
            if (k != null) t[m.ordinal()] = (c, i) -> run(c, i, k, size);
        }
    }

    /** Whether {@link #repStretches} takes {@code m}: MOVS and STOS of every size (string MOVSD too, not MOVSD_SSE). */
    public static boolean bulkForm(Mnemonic m) {
        Kind k = KIND[m.ordinal()];
        return k == Kind.MOVS || k == Kind.STOS;
    }

    static void run(ExecContext c, Instruction i, Kind k, int size) {
        CpuState s = c.cpu;
        int as = i.addrSize();
        Seg src = sourceSeg(i);
        int step = s.df() ? -size / 8 : size / 8;
        boolean rep = i.has(Prefix.REP) || i.has(Prefix.REPNE);
        boolean compares = k == Kind.CMPS || k == Kind.SCAS;
        boolean bulk = rep && bulkAllowed(c);
        while (true) {
            if (rep && (s.gpr[CpuState.RCX] & mask(as)) == 0) return;
            if (bulk && bulkRun(c, i, k, size, as, src)) continue;
            try {
                once(c, k, size, as, src, step);
            } catch (dev.jvmx.runtime.mem.GuestFault f) {
                // the 80286 has already stepped SI/DI when a segment overrun faults (SingleStepTests A5, AD...)
                if (s.generation == dev.jvmx.runtime.cpu.CpuGeneration.I80286 && f.vector() == dev.jvmx.runtime.mem.GuestFault.GP) {
                    overrun286(s, k, size, as, step, rep);
                }
                throw f;
            }
            if (!rep) return;
            Operands.writeGpr(s, CpuState.RCX, s.gpr[CpuState.RCX] - 1, as);
            if (compares) {
                boolean zf = (s.statusFlags() & Flags.ZF) != 0;
                if (i.has(Prefix.REP) ? !zf : zf) return;
            }
            if (s.pendingDataBreakpoints != 0 && (s.gpr[CpuState.RCX] & mask(as)) != 0) {
                s.rip = i.address(); // the #DB comes between iterations; the rest runs after it (SDM Vol. 3A §18.3.1.2)
                return;
            }
        }
    }

    /**
     * REP MOVS or STOS ({@link #bulkForm}; kind and element size from the mnemonic) from translated code, before
     * (and instead of, when it returns true) the handler: the stretches {@link #bulkRun} runs,
     * each committed to rCX/rSI/rDI. They cover only TLB hits, so nothing here faults or writes
     * a page holding translated code. True when rCX reached 0 (the instruction is done), false
     * when the rest must go through the handler ({@link #run}), which goes on from there.
     */
    public static boolean repStretches(ExecContext c, Instruction i) {
        if (!bulkAllowed(c)) return false;
        CpuState s = c.cpu;
        int as = i.addrSize();
        Seg src = sourceSeg(i);
        Kind k = KIND[i.mnemonic().ordinal()];
        int size = BITS[i.mnemonic().ordinal()];
        while ((s.gpr[CpuState.RCX] & mask(as)) != 0) {
            if (!bulkRun(c, i, k, size, as, src)) return false;
        }
        return true;
    }

    /**
     * Whether REP iterations may run in bulk ({@link #bulkRun}): process mode only (no segment
     * limits, no 80286 quirks, no data breakpoints to stop between iterations) and a memory with a
     * software TLB whose hits stand for the scalar accesses. Machine mode keeps the per-element path.
     */
    private static boolean bulkAllowed(ExecContext c) {
        CpuState s = c.cpu;
        return !s.systemMode && !Breakpoints.armed(s) && s.pendingDataBreakpoints == 0 && c.mem.directTlb() != DirectTlb.NONE;
    }

    /**
     * Runs a stretch of REP iterations at once when every element of it lies in pages the software
     * TLB already gives the fast path (so the per-element path would take that path for each and
     * could not fault), and commits rCX/rSI/rDI once; returns false when no stretch applies, and
     * the caller runs one element the ordinary way (which fills the TLB, or faults with the state
     * of exactly that iteration, SDM Vol. 1 §7.3.9.1). A stretch ends at the page boundary of
     * either operand, at an offset wrap of the address size, and before rCX reaches 0.
     *
     * <p>MOVS: the result must equal element-by-element iteration. When the destination runs
     * ahead into the source still to be read (forward with 0 &lt; dst - src, backward with
     * dst &lt; src, by host address, so aliased mappings count), each stretch is cut to that
     * distance, so it reads only bytes earlier stretches wrote; a distance below the element size
     * is left to the per-element path. CMPS/SCAS: the stretch covers only iterations that would
     * continue (not the terminating one, which runs normally and sets the flags), and the flags of
     * its last iteration are set, so a fault in the next one sees them.
     */
    private static boolean bulkRun(ExecContext c, Instruction ins, Kind k, int size, int as, Seg src) {
        if (k == Kind.LODS) return false;
        CpuState s = c.cpu;
        DirectTlb tlb = c.mem.directTlb();
        int e = size / 8;
        boolean down = s.df();
        long count = s.gpr[CpuState.RCX] & mask(as);
        boolean readsSi = k == Kind.MOVS || k == Kind.CMPS;
        long n = count;
        long di = s.gpr[CpuState.RDI] & mask(as), si = s.gpr[CpuState.RSI] & mask(as);
        long diLa = lin(s, s.segmentBase(Seg.ES) + di), siLa = lin(s, s.segmentBase(src) + si);
        n = Math.min(n, room(diLa, di, e, as, down));
        if (readsSi) n = Math.min(n, room(siLa, si, e, as, down));
        if (k == Kind.CMPS || k == Kind.SCAS) n = Math.min(n, count - 1); // the last iteration runs normally
        if (n <= 0) return false;
        long back = down ? (n - 1) * e : 0; // from the first element to the lowest byte of the stretch
        long bytes = n * e;
        long dHost = tlb.hostOf(k == Kind.MOVS || k == Kind.STOS ? tlb.writeTags : tlb.readTags, diLa - back, bytes);
        if (dHost == 0) return false;
        long sHost = 0;
        if (readsSi) {
            sHost = tlb.hostOf(tlb.readTags, siLa - back, bytes);
            if (sHost == 0) return false;
        }
        switch (k) {
            case MOVS -> {
                long ahead = down ? sHost - dHost : dHost - sHost; // how far the writes run ahead of the reads
                if (ahead > 0 && ahead < bytes) {
                    if (ahead < e) return false;
                    n = ahead / e;
                    bytes = n * e;
                    if (down) { // re-anchor the lowest bytes at the shorter stretch
                        long shift = back - (n - 1) * e;
                        dHost += shift;
                        sHost += shift;
                    }
                }
                DirectTlb.copy(dHost, sHost, bytes);
            }
            case STOS -> DirectTlb.fill(dHost, bytes, s.gpr[CpuState.RAX], e);
            default -> {
                n = continuing(s, ins.has(Prefix.REP), k == Kind.CMPS, sHost, dHost, size, n, down);
                if (n == 0) return false;
            }
        }
        long step = down ? -e * n : e * n;
        if (readsSi) Operands.writeGpr(s, CpuState.RSI, s.gpr[CpuState.RSI] + step, as);
        Operands.writeGpr(s, CpuState.RDI, s.gpr[CpuState.RDI] + step, as);
        Operands.writeGpr(s, CpuState.RCX, s.gpr[CpuState.RCX] - n, as);
        return true;
    }

    /**
     * How many of the {@code n} leading CMPS/SCAS iterations of a stretch continue the loop (REPE:
     * equal elements, REPNE: unequal ones); sets the flags of the last of them, as its SUB would.
     * Element j of the stretch sits at host offset {@code j * e} from the first (negative going down).
     */
    private static long continuing(CpuState s, boolean repe, boolean cmps, long sHost, long dHost, int size, long n, boolean down) {
        int e = size / 8;
        long first = down ? (n - 1) * e : 0;
        long step = down ? -e : e;
        long a = 0, b = 0, j = 0;
        for (; j < n; j++) {
            long na = cmps ? hostLoad(sHost + first + j * step, e) : s.gpr[CpuState.RAX] & mask(size);
            long nb = hostLoad(dHost + first + j * step, e);
            if ((na == nb) != repe) break;
            a = na;
            b = nb;
        }
        if (j > 0) Alu.sub(s, a, b, size);
        return j;
    }

    private static long hostLoad(long host, int e) {
        return switch (e) {
            case 1 -> DirectTlb.load8(host) & 0xFFL;
            case 2 -> DirectTlb.load16(host) & 0xFFFFL;
            case 4 -> DirectTlb.load32(host) & 0xFFFF_FFFFL;
            default -> DirectTlb.load64(host);
        };
    }

    /**
     * How many {@code e}-byte elements from offset {@code off} (linear {@code la}) onward, in the
     * string's direction, stay inside la's page and inside the address size's offset range.
     */
    private static long room(long la, long off, int e, int as, boolean down) {
        long inPage = la & DirectTlb.PAGE_MASK;
        if (inPage + e > DirectTlb.PAGE_MASK + 1) return 0;
        if (as < 64 && off + e > 1L << as) return 0;
        long n = down ? inPage / e + 1 : (DirectTlb.PAGE_MASK + 1 - inPage) / e;
        if (as < 64) n = Math.min(n, down ? off / e + 1 : ((1L << as) - off) / e);
        return n;
    }

    private static void once(ExecContext c, Kind k, int size, int as, Seg src, int step) {
        CpuState s = c.cpu;
        long si = s.gpr[CpuState.RSI] & mask(as), di = s.gpr[CpuState.RDI] & mask(as);
        switch (k) {
            case MOVS -> store(c, Seg.ES, di, load(c, src, si, size, as), size, as);
            case STOS -> store(c, Seg.ES, di, s.gpr[0], size, as);
            case LODS -> Operands.writeGpr(s, 0, load(c, src, si, size, as), size);
            case CMPS -> {
                long a = load(c, src, si, size, as);
                long b = load(c, Seg.ES, di, size, as);
                Alu.sub(s, a, b, size);
            }
            case SCAS -> Alu.sub(s, s.gpr[0], load(c, Seg.ES, di, size, as), size);
        }
        advance(s, k, as, step);
    }

    /**
     * What the 80286 has committed when an element runs past offset FFFFh (#GP), as the
     * SingleStepTests captures show it: the index registers of the accesses up to and including the
     * faulting one are stepped (CMPS reads ES:DI first, MOVS reads DS:SI first), and a REP prefix
     * has taken two counts off CX for a faulting write, one for a faulting read, none for CMPS.
     */
    private static void overrun286(CpuState s, Kind k, int size, int as, int step, boolean rep) {
        boolean siBad = Segmented.crosses(s.gpr[CpuState.RSI] & mask(as), size);
        boolean diBad = Segmented.crosses(s.gpr[CpuState.RDI] & mask(as), size);
        boolean stepSi, stepDi, write;
        switch (k) {
            case MOVS -> { stepSi = true; stepDi = !siBad; write = !siBad; }
            case CMPS -> { stepDi = true; stepSi = !diBad; write = false; }
            case LODS -> { stepSi = true; stepDi = false; write = false; }
            case STOS -> { stepSi = false; stepDi = true; write = true; }
            default -> { stepSi = false; stepDi = true; write = false; } // SCAS
        }
        if (stepSi) Operands.writeGpr(s, CpuState.RSI, s.gpr[CpuState.RSI] + step, as);
        if (stepDi) Operands.writeGpr(s, CpuState.RDI, s.gpr[CpuState.RDI] + step, as);
        int counts = write ? 2 : k == Kind.CMPS ? 0 : 1;
        if (rep) Operands.writeGpr(s, CpuState.RCX, s.gpr[CpuState.RCX] - counts, as);
    }

    private static void advance(CpuState s, Kind k, int as, int step) {
        if (k == Kind.MOVS || k == Kind.CMPS || k == Kind.LODS) Operands.writeGpr(s, CpuState.RSI, s.gpr[CpuState.RSI] + step, as);
        if (k != Kind.LODS) Operands.writeGpr(s, CpuState.RDI, s.gpr[CpuState.RDI] + step, as);
    }

    /**
     * A string element at seg:offset; 16-bit offsets that run past FFFFh go through {@link Segmented}.
     * In protected mode each element gets the limit and type checks of a data access, DS:rSI
     * (or its override) and ES:rDI alike (SDM Vol. 2 "MOVS", "STOS", ... "Protected Mode
     * Exceptions"; Vol. 3A §5.3).
     */
    static long load(ExecContext c, Seg seg, long off, int size, int as) {
        CpuState s = c.cpu;
        if (as == 16 && s.mode == Mode.BITS16 && Segmented.crosses(off, size)) return Segmented.load(c, seg, off, size);
        if (s.systemMode) Segmented.checkLimit(s, seg, off, size);
        long la = lin(s, s.segmentBase(seg) + off);
        if (Breakpoints.armed(s)) Breakpoints.access(s, la, size, false);
        return Operands.load(c.mem, la, size);
    }

    static void store(ExecContext c, Seg seg, long off, long v, int size, int as) {
        CpuState s = c.cpu;
        if (as == 16 && s.mode == Mode.BITS16 && Segmented.crosses(off, size)) {
            Segmented.store(c, seg, off, v, size);
            return;
        }
        if (s.systemMode) Segmented.checkWrite(s, seg, off, size);
        long la = lin(s, s.segmentBase(seg) + off);
        if (Breakpoints.armed(s)) Breakpoints.access(s, la, size, true);
        Operands.store(c.mem, la, v, size);
    }

    private static long lin(CpuState s, long a) {
        return s.mode == Mode.BITS64 ? a : a & 0xFFFF_FFFFL;
    }

    /** The segment of the rSI operand (DS or an override); DS if the decoder gave no such operand. */
    private static Seg sourceSeg(Instruction i) {
        for (int n = 0; n < i.operandCount(); n++) {
            if (i.op(n) instanceof Operand.Mem m && m.base() == CpuState.RSI) return m.seg();
        }
        return Seg.DS;
    }
}

package dev.jvmx.x86;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Mutable per-thread scratch state of one decode: the byte cursor, prefixes, opcode, ModRM/SIB
 * and displacement (read by {@link ModrmReader}). Reset at each {@link Decoder#decode}; never
 * escapes the decoder.
 *
 * <p>Pipeline (SDM Vol. 2A §2.1, Figure 2-1): legacy prefixes, REX or VEX, opcode (with the 0F,
 * 0F 38, 0F 3A escapes), ModRM, SIB, displacement, immediates.
 *
 * <h2>Why the code looks like this (hot path)</h2>
 * This class runs for every guest instruction, so it is organised for HotSpot rather than for
 * brevity: (1) the per-decode state is a handful of fields, most of them packed ints that
 * {@link #reset} clears with one store each (see the diagrams at {@link #pfx} and {@link #vex});
 * (2) each stage checks once that enough bytes remain for its longest form and then reads the
 * array directly; only near the end of the input or the 15-byte limit does it fall back to
 * {@link #next()}, which throws the pre-allocated {@link Stop} at exactly the byte that is
 * missing; (3) helpers called from the hot path stay under HotSpot's 35-byte inlining limit for
 * call sites it does not consider hot.
 */
final class DecodeContext {
    /** Thrown (pre-allocated, no stack trace) when the cursor runs past 15 bytes or the input. */
    static final class Stop extends RuntimeException {
        Stop(String m) { super(m, null, false, false); }
    }

    static final Stop TOO_LONG = new Stop("too long");
    static final Stop TRUNCATED = new Stop("truncated");

    /** Prefix-byte classes per mode: 0 = not a prefix, 1 = legacy prefix, 2 = REX (64-bit mode only). */
    private static final byte[] PREFIX_KIND_LEGACY = new byte[256], PREFIX_KIND_64 = new byte[256];

    static {
        for (int b : new int[] {0x26, 0x2E, 0x36, 0x3E, 0x64, 0x65, 0x66, 0x67, 0xF0, 0xF2, 0xF3}) {
            PREFIX_KIND_LEGACY[b] = 1;
            PREFIX_KIND_64[b] = 1;
        }
        for (int b = 0x40; b < 0x50; b++) PREFIX_KIND_64[b] = 2;
    }

    Mode mode;
    /** {@code mode.ordinal()} */
    int modeIndex;
    boolean m64;
    /** The prefix-byte classes of the mode. */
    private byte[] prefixKind;
    byte[] code;
    int start, limit, pos;
    /** min(limit, start + 15): one compare per byte on the slow path. */
    int end;
    long address;

    /**
     * Legacy-prefix state, packed:
     * <pre>
     *  bits 0..10   {@link Prefix} bits as reported by {@link Instruction#prefixes()}
     *  bits 12..14  segment override: 0 none, else Sreg + 1 ({@link #segOverride()})
     *  bits 16..17  last of F2/F3: 0 none, 1 = F3, 2 = F2 (mandatory-prefix selection)
     *  bits 20..23  number of 66 prefixes, saturated at 15 (for "data16" in the formatter)
     * </pre>
     */
    int pfx;
    /** REX.W R X B as bits 3..0 (VEX: the un-inverted W, R, X, B); 0 without REX/VEX. */
    int rex;
    /**
     * VEX state, 0 without VEX (SDM Vol. 2A §2.3.5):
     * <pre>
     *  bit 0       VEX present          bit 1   VEX.L
     *  bits 2..3   VEX.pp               bits 4..7  VEX.vvvv (un-inverted)
     *  bit 8       a legacy prefix or REX came before VEX, or VEX.mmmmm is reserved (#UD)
     *  bit 9       EVEX (decoded for length only)
     * </pre>
     */
    int vex;
    static final int VEX_ON = 1, VEX_L = 2, VEX_BAD = 1 << 8, EVEX = 1 << 9;

    int map, opcode, slot;
    /** ModRM fields (mod forced to 3 for MOV CR/DR); all 0 without ModRM. */
    int mod, reg, rm;
    /** Memory form only: base/index GPR numbers or {@link Operand.Mem#NONE}/{@code RIP}, scale 1..8. */
    int base, index, scale;
    /** Raw SIB index with REX.X/VEX.X (VSIB: the vector register), -1 without SIB. */
    int sibIndex;
    long disp;
    int addrSize;
    /** {@link Instruction#HINT_SIB} and {@link Instruction#HINT_DISP} as the ModRM stage found them. */
    int modrmHints;

    /**
     * Starts a decode. Only the cursor is reset here: {@link #pfx} and {@link #rex} are always
     * written by {@link #readPrefixes}, the ModRM fields by {@link ModrmReader#read} or
     * {@link #noModrm}, and the mode and code-array fields only when they change.
     */
    void reset(Mode mode, byte[] code, int offset, int available, long address) {
        if (mode != this.mode) {
            this.mode = mode;
            this.modeIndex = mode.ordinal();
            this.m64 = mode == Mode.BITS64;
            this.prefixKind = m64 ? PREFIX_KIND_64 : PREFIX_KIND_LEGACY;
        }
        // a reference store into this long-lived object costs a GC write barrier: skip it when unchanged
        if (code != this.code) this.code = code;
        this.start = offset;
        this.limit = offset + Math.max(0, Math.min(available, code.length - offset));
        this.pos = offset;
        this.end = Math.min(limit, offset + 15);
        this.address = address;
        vex = 0;
        addrSize = 0; // set by readPrefixes; 0 if the input ends inside the prefixes
    }

    /** The opcode has no ModRM byte: the fields the form match reads are 0. */
    void noModrm() {
        mod = reg = rm = modrmHints = 0;
    }

    // ---- small accessors over the packed state (inlined) ----

    int prefixes() { return pfx & 0x7FF; }

    int segOverride() { return ((pfx >> 12) & 7) - 1; }

    boolean opsz() { return (pfx & Prefix.OPSIZE) != 0; }

    boolean isVex() { return (vex & VEX_ON) != 0; }

    int vexL() { return (vex >> 1) & 1; }

    int vexPP() { return (vex >> 2) & 3; }

    int vvvv() { return (vex >> 4) & 15; }

    int rexW() { return (rex >> 3) & 1; }

    int rexR() { return (rex >> 2) & 1; }

    int rexX() { return (rex >> 1) & 1; }

    int rexB() { return rex & 1; }

    boolean rexPresent() { return (pfx & Prefix.REX) != 0; }

    int length() { return pos - start; }

    // ---- byte reading ----

    /** The next byte; throws {@link Stop} at the 15-byte limit or the end of the input. */
    int next() {
        if (pos >= end) throw stop();
        return code[pos++] & 0xFF;
    }

    Stop stop() { return pos - start >= 15 ? TOO_LONG : TRUNCATED; }

    /** A little-endian field of 1, 2, 4 or 8 bytes, zero-extended. */
    long read(int bytes) {
        if (pos + bytes > end) return readChecked(bytes);
        int p = pos;
        pos = p + bytes;
        return le(code, p, bytes);
    }

    /** A little-endian field of 1, 2, 4 or 8 bytes at {@code p}, zero-extended, read without checks. */
    static long le(byte[] b, int p, int bytes) {
        if (bytes == 1) return b[p] & 0xFFL;
        if (bytes == 2) return (short) LE16.get(b, p) & 0xFFFFL;
        if (bytes == 4) return (int) LE32.get(b, p) & 0xFFFFFFFFL;
        return (long) LE64.get(b, p);
    }

    /** Little-endian views of the code array (one load each once compiled). */
    private static final VarHandle LE16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LE32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LE64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    static int le32(byte[] b, int p) { return (int) LE32.get(b, p); }

    static long le64(byte[] b, int p) { return (long) LE64.get(b, p); }

    private long readChecked(int bytes) {
        long v = 0;
        for (int i = 0; i < bytes; i++) v |= (long) next() << (8 * i);
        return v;
    }

    // ---- pipeline stages ----

    /**
     * Legacy prefixes and REX (SDM Vol. 2A §2.1.1, §2.2.1). A legacy prefix after REX cancels it.
     * Fast path for the usual shapes (nothing, or one REX, before the opcode): whether a REX byte is
     * present is close to a coin toss in 64-bit code, so it is computed without a branch.
     */
    void readPrefixes() {
        byte[] b = code;
        byte[] kinds = prefixKind;
        int p = pos;
        if (end - p >= 2) {
            // both bytes and both classes load in parallel; one well-predicted branch decides
            int x = b[p] & 0xFF;
            int k0 = kinds[x];
            int k1 = kinds[b[p + 1] & 0xFF];
            int isRex = k0 >> 1;
            if (((k0 & 1) | (k1 & -isRex)) == 0) {
                pos = p + isRex;
                rex = x & 15 & -isRex;
                pfx = isRex * Prefix.REX | (x & 8 & -isRex) << 3;
                addrSize = defaultAddrSize();
                return;
            }
        }
        readPrefixesLoop();
    }

    private int defaultAddrSize() { return m64 ? 64 : mode == Mode.BITS32 ? 32 : 16; }

    /** {@link #readPrefixes} for several prefixes, or near the end of the input. */
    private void readPrefixesLoop() {
        byte[] b = code;
        byte[] kinds = prefixKind;
        int p = pos;
        int e = end;
        int state = 0;
        int r = 0;
        boolean rexSeen = false;
        for (;;) {
            if (p >= e) { pos = p; pfx = state; throw stop(); }
            int x = b[p] & 0xFF;
            int kind = kinds[x];
            if (kind == 0) break;
            p++;
            if (kind == 2) { rexSeen = true; r = x & 15; continue; }
            rexSeen = false;
            r = 0;
            state = legacy(state, x);
        }
        pos = p;
        if ((state & 0x7000) != 0) state |= Prefix.SEG;
        if (rexSeen) state |= Prefix.REX | (r >= 8 ? Prefix.REX_W : 0);
        pfx = state;
        rex = r;
        boolean adsz = (state & Prefix.ADDRSIZE) != 0;
        addrSize = m64 ? (adsz ? 32 : 64) : (mode == Mode.BITS32 ^ adsz) ? 32 : 16;
    }

    /** One legacy prefix byte folded into the packed {@link #pfx} state. */
    private static int legacy(int s, int x) {
        return switch (x) {
            case 0x26, 0x2E, 0x36, 0x3E -> (s & ~0x7000) | ((((x >> 3) & 3) + 1) << 12);
            case 0x64 -> (s & ~0x7000) | ((Seg.FS.ordinal() + 1) << 12);
            case 0x65 -> (s & ~0x7000) | ((Seg.GS.ordinal() + 1) << 12);
            case 0x66 -> (s | Prefix.OPSIZE) + ((s & 0xF00000) == 0xF00000 ? 0 : 1 << 20);
            case 0x67 -> s | Prefix.ADDRSIZE;
            case 0xF0 -> s | Prefix.LOCK;
            case 0xF2 -> (s & ~0x30000) | (2 << 16) | Prefix.REPNE;
            default -> (s & ~0x30000) | (1 << 16) | Prefix.REP;
        };
    }

    /**
     * Opcode bytes, including the VEX/EVEX escapes; sets {@link #slot}. The common legacy-map cases
     * are read directly when three bytes remain; everything else takes {@link #readOpcodeChecked}.
     */
    void readOpcode() {
        int p = pos;
        if (end - p >= 3) {
            byte[] b = code;
            int x = b[p] & 0xFF;
            if (x == 0x0F) {
                int x2 = b[p + 1] & 0xFF;
                if (x2 == 0x38 || x2 == 0x3A) {
                    map = x2 == 0x38 ? Form.MAP_0F38 : Form.MAP_0F3A;
                    opcode = b[p + 2] & 0xFF;
                    pos = p + 3;
                } else {
                    map = Form.MAP_0F;
                    opcode = x2;
                    pos = p + 2;
                }
                slot = map * 256 + opcode;
                return;
            }
            if (x != 0xC4 && x != 0xC5 && x != 0x62) {
                map = Form.MAP_1BYTE;
                opcode = x;
                slot = x;
                pos = p + 1;
                return;
            }
        }
        readOpcodeChecked();
    }

    /** {@link #readOpcode} byte by byte, for VEX/EVEX and near the end of the input. */
    private void readOpcodeChecked() {
        int b = next();
        if (b == 0x0F) {
            int b2 = next();
            if (b2 == 0x38) { map = Form.MAP_0F38; opcode = next(); }
            else if (b2 == 0x3A) { map = Form.MAP_0F3A; opcode = next(); }
            else { map = Form.MAP_0F; opcode = b2; }
        } else if ((b == 0xC4 || b == 0xC5) && (m64 || peekModIsReg())) {
            vexPrefix(b);
        } else if (b == 0x62 && (m64 || peekModIsReg())) {
            vex = EVEX;
            EvexLength.skip(this);
            return;
        } else {
            map = Form.MAP_1BYTE;
            opcode = b;
        }
        slot = ((vex & VEX_ON) != 0 ? DecodeTables.VEX_BASE : 0) + map * 256 + opcode;
    }

    private boolean peekModIsReg() {
        if (pos >= limit) throw stop();
        return (code[pos] & 0xC0) == 0xC0;
    }

    /** VEX (SDM Vol. 2A §2.3.5, Figure 2-9): C5 = 2-byte form, C4 = 3-byte form. */
    private void vexPrefix(int b) {
        pfx |= Prefix.VEX;
        boolean bad = (pfx & (Prefix.REX | Prefix.OPSIZE | Prefix.LOCK)) != 0 || ((pfx >> 16) & 3) != 0;
        int p1 = next();
        int r = (~p1 >> 5) & 4;
        int p2;
        if (b == 0xC5) {
            map = Form.MAP_0F;
            p2 = p1;
        } else {
            r |= (~p1 >> 5) & 3;
            int mm = p1 & 0x1F;
            map = (mm >= 1 && mm <= 3) ? mm : -1;
            p2 = next();
            r |= (p2 >> 4) & 8;
        }
        int vvvv = (~p2 >> 3) & 0xF;
        int l = (p2 >> 2) & 1;
        if (l != 0) pfx |= Prefix.VEX_L;
        if (!m64) { r &= 8; vvvv &= 7; }
        rex = r;
        opcode = next();
        if (map < 0) { map = 0; bad = true; }
        vex = VEX_ON | (l << 1) | ((p2 & 3) << 2) | (vvvv << 4) | (bad ? VEX_BAD : 0);
    }

    /** Formatting hints for {@link Instruction#encodingHints()} (see there for the bit layout). */
    int encodingHints() {
        return (pfx >> 8) & 0xF0 | (pfx >> 12) & 0xF00 | modrmHints;
    }
}

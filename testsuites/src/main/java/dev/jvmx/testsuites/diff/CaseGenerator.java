package dev.jvmx.testsuites.diff;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;

/**
 * Random differential cases from {@link InstructionTemplate}s, reproducible from a seed.
 *
 * <p>Memory stays inside the data page by construction: each case picks a base register B and
 * (64-bit) an index register I from RBX, RBP, R8–R11, R13–R15 (never RAX, RCX, RDX, RSI, RDI,
 * which instructions use implicitly), points B into the page, gives I a small value, and never
 * lets a template's register fields name B, I or RSP, so no instruction of the case moves them.
 * {@link MemoryOperand} then picks any addressing form that lands in B's window, the stack
 * window or (RIP-relative) B's window again. RSP points near the top of the page for PUSH/POP.
 * String instructions ({@code str} templates) get RSI and RDI inside the page, RCX below 18
 * and DF set half the time; their cases also keep RCX, RSI and RDI out of register fields.
 * Values come from {@link EdgeValues}.
 *
 * <p>For {@link HostArch#I386} the generator uses only the templates without REX.W, drops REX
 * bytes (byte registers 4..7 are then AH..BH), always takes EBP as the base and no index, and
 * keeps values 32-bit clean: upper halves, R8–R15 and XMM8–15 zero, as the 32-bit harness
 * reports them.
 *
 * <pre>
 * data page offset  0x0F0 [B window: B-0x110 .. B+0x120) 0xE30   0xE70 [stack window] 0xFA0
 *                         B in [0x200, 0xD00], 16-aligned              RSP = 0xF00
 *   string cases:   RSI in [0x300, 0x500), RDI in [0xA00, 0xC00), each +-0x90 filled
 * </pre>
 */
public final class CaseGenerator {
    private static final Gpr[] BASES = {Gpr.RBX, Gpr.RBP, Gpr.R8, Gpr.R9, Gpr.R10, Gpr.R11, Gpr.R13, Gpr.R14, Gpr.R15};
    private static final int[] LEGACY_PREFIXES = {0x66, 0xF2, 0xF3, 0xF0, 0x2E, 0x3E, 0x26, 0x36, 0x64, 0x65};
    static final int RSP_OFFSET = 0xF00;

    private final List<InstructionTemplate> templates;
    private final RandomGenerator random;
    private final HostArch arch;
    /** Registers (bit per encoding) that the current case's register fields must not name. */
    private int avoid;
    /** The current case's memory registers. */
    private MemoryOperand.Frame frame;
    /** The register holding a BT/BTS/BTR/BTC bit offset into memory in the current case, or -1. */
    private int bitOffsetRegister;
    /**
     * Bits of a BT-family bit offset into memory (sign-extended): +-2^26 bits = +-8 MiB around the
     * data page. Wider offsets reach the host harness's own image (0x400000, 0x08048000), which
     * the host's sandbox process still maps and jvmx's two-page sandbox does not have.
     */
    static final int BIT_OFFSET_BITS = 27;
    private static final java.util.Set<Integer> BIT_STRING_OPCODES = java.util.Set.of(0xA3, 0xAB, 0xB3, 0xBB);
    /** The current case's memory operand address (the last instruction's with one), or -1. */
    private long memTarget;
    /** XSAVE, XSAVE64, XSAVEOPT, XSAVEOPT64, XRSTOR, XRSTOR64 templates (by name, as the definition table spells them). */
    private static final java.util.regex.Pattern XSAVE_FAMILY = java.util.regex.Pattern.compile("(xsave|xsaveopt|xrstor)(64)? .*");
    /**
     * XCR0 bits of the user state components past AVX (SDM Vol. 1 §13.1, Table 13-1): MPX (3, 4),
     * AVX-512 opmask, ZMM_Hi256, Hi16_ZMM (5-7), PKRU (9), AMX TILECFG, TILEDATA (17, 18), APX (19).
     * The host kernel enables those its CPU has (0x600E7 on the build host); jvmx's model has x87,
     * SSE and AVX only. An XSAVE-family case never requests them in EDX:EAX nor sets them in an
     * area's XSTATE_BV, so that RFBM (= XCR0 AND EDX:EAX) and XRSTOR's XSTATE_BV check are the same
     * on both sides; every other bit of EDX:EAX stays random (bits outside any XCR0 are ignored).
     */
    static final long HOST_ONLY_COMPONENTS = 0xF8L | 1L << 9 | 7L << 17;
    /** XCR0 of jvmx's CPU model with AVX (x87, SSE, AVX), and so RFBM's possible bits on both sides. */
    static final long MODEL_XCR0 = 7;

    /** A 64-bit-mode generator. */
    public CaseGenerator(List<InstructionTemplate> templates, long seed) {
        this(templates, seed, HostArch.X86_64);
    }

    public CaseGenerator(List<InstructionTemplate> templates, long seed, HostArch arch) {
        this.arch = arch;
        this.templates = templates.stream().filter(this::encodable).toList();
        if (this.templates.isEmpty()) throw new IllegalArgumentException("no templates for " + arch);
        this.random = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
    }

    /** The templates this generator draws from (those encodable in its mode). */
    public List<InstructionTemplate> templates() {
        return templates;
    }

    private boolean encodable(InstructionTemplate t) {
        return arch == HostArch.X86_64
                || t.encoding().stream().noneMatch(x -> x instanceof InstructionTemplate.Rex r && r.w());
    }

    /** A case of one random instruction. */
    public TestCase next() {
        return next(1);
    }

    /**
     * A case of {@code count} random instructions. With more than one, an instruction may read a
     * flag an earlier one left undefined; such cases are only meaningful if undefined flags are
     * modelled exactly.
     */
    public TestCase next(int count) {
        List<InstructionTemplate> picked = new ArrayList<>();
        for (int i = 0; i < count; i++) picked.add(templates.get(random.nextInt(templates.size())));
        return instantiate(picked);
    }

    /** {@code n} cases of one instruction each. */
    public List<TestCase> cases(int n) {
        List<TestCase> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(next());
        return out;
    }

    /** A case running exactly these templates, in order, with random operands and state. */
    public TestCase instantiate(List<InstructionTemplate> forms) {
        frame = randomFrame();
        boolean strings = forms.stream().anyMatch(InstructionTemplate::stringOperands);
        avoid = 1 << Gpr.RSP.encoding() | 1 << frame.base().encoding();
        if (frame.index() != null) avoid |= 1 << frame.index().encoding();
        if (strings) avoid |= 1 << Gpr.RCX.encoding() | 1 << Gpr.RSI.encoding() | 1 << Gpr.RDI.encoding();
        MachineState s = randomState(strings);
        bitOffsetRegister = -1;
        memTarget = -1;
        ByteArrayOutputStream code = new ByteArrayOutputStream();
        StringBuilder text = new StringBuilder();
        long undefined = 0;
        for (InstructionTemplate t : forms) {
            byte[] bytes = encode(t, code.size());
            code.writeBytes(bytes);
            if (!text.isEmpty()) text.append("; ");
            text.append(t.name()).append(" [").append(Disassembler.hex(bytes)).append(']');
            undefined |= t.undefinedFlags();
        }
        if (forms.stream().anyMatch(CaseGenerator::isXlat)) {
            // XLAT reads [rBX + AL]: rBX points into the page (a random rBX reaches the host process's own stack
            // in 32-bit mode, which jvmx's two-page sandbox does not have)
            s = s.withGpr(Gpr.RBX, HostLayout.DATA_BASE + 0x300 + random.nextInt(0x200));
        }
        TestCase.XsaveArea saved = null;
        if (forms.stream().anyMatch(t -> XSAVE_FAMILY.matcher(t.name()).matches()) && memTarget >= 0) {
            s = xsaveArea(s);
            String name = forms.get(forms.size() - 1).name();
            if (forms.size() == 1 && name.startsWith("xsave")) {
                saved = new TestCase.XsaveArea(memTarget, (s.gpr(Gpr.RAX) | s.gpr(Gpr.RDX) << 32) & MODEL_XCR0, name.startsWith("xsaveopt"));
            }
        }
        if (bitOffsetRegister >= 0) {
            Gpr r = Gpr.of(bitOffsetRegister);
            int drop = 64 - BIT_OFFSET_BITS;
            s = s.withGpr(r, s.gpr(r) << drop >> drop & (arch == HostArch.I386 ? 0xFFFF_FFFFL : -1L));
        }
        return new TestCase(code.toByteArray(), s, undefined, text.toString(),
                forms.stream().anyMatch(InstructionTemplate::approximate), saved);
    }

    /** B (and in 64-bit mode an index I) for one case; see {@link MemoryOperand}. */
    private MemoryOperand.Frame randomFrame() {
        int baseOffset = 0x200 + 16 * random.nextInt(0xB1);
        if (arch == HostArch.I386) return new MemoryOperand.Frame(Gpr.RBP, baseOffset, null, 0);
        Gpr base = BASES[random.nextInt(BASES.length)], index;
        do index = BASES[random.nextInt(BASES.length)]; while (index == base);
        return new MemoryOperand.Frame(base, baseOffset, index, MemoryOperand.indexValue(random));
    }

    private MachineState randomState(boolean strings) {
        MachineState.Builder s = MachineState.reset().toBuilder();
        long mask = arch == HostArch.I386 ? 0xFFFF_FFFFL : -1L;
        for (int r = 0; r < arch.gprCount(); r++) s.gpr(Gpr.of(r), EdgeValues.integer(random) & mask);
        s.gpr(Gpr.RSP, HostLayout.DATA_BASE + RSP_OFFSET).gpr(frame.base(), HostLayout.DATA_BASE + frame.baseOffset());
        if (frame.index() != null) s.gpr(frame.index(), frame.indexValue());
        long flags = Rflags.USER_FIXED | (random.nextLong() & Rflags.STATUS);
        if (random.nextInt(8) == 0 || strings && random.nextBoolean()) flags |= Rflags.DF;
        s.rflags(flags).mxcsr(EdgeValues.mxcsr(random)).x87(EdgeValues.x87(random));
        for (int i = 0; i < arch.gprCount(); i++) {
            long[] v = EdgeValues.xmm(random);
            s.xmm(i, v[0], v[1]);
        }
        s.data(frame.baseOffset() - 0x110, randomBytes(0x230));
        if (strings) {
            int rsi = 0x300 + random.nextInt(0x200), rdi = 0xA00 + random.nextInt(0x200);
            s.gpr(Gpr.RSI, HostLayout.DATA_BASE + rsi).gpr(Gpr.RDI, HostLayout.DATA_BASE + rdi).gpr(Gpr.RCX, random.nextInt(18));
            s.data(rsi - 0x90, randomBytes(0x120)).data(rdi - 0x90, randomBytes(0x120));
        }
        return s.data(RSP_OFFSET - 0x90, randomBytes(0x130)).build();
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i += 8) {
            long v = random.nextInt(4) == 0 ? EdgeValues.float64(random) : EdgeValues.integer(random);
            for (int k = 0; k < 8 && i + k < n; k++) b[i + k] = (byte) (v >>> (8 * k));
        }
        return b;
    }

    /** One instruction of template {@code t}, placed at {@code codeOffset} in the case's code. */
    byte[] encode(InstructionTemplate t, int codeOffset) {
        int reg = t.regKind() == 0 ? 0 : register(t.regKind());
        char rmKind = t.hasModRm() ? t.rmKinds().charAt(random.nextInt(t.rmKinds().length())) : 0;
        int rm = rmKind == 0 || rmKind == 'm' ? 0 : register(rmKind);
        int field = t.encoding().stream().filter(x -> x instanceof InstructionTemplate.ModRm)
                .mapToInt(x -> ((InstructionTemplate.ModRm) x).digit()).findFirst().orElse(-1);
        if (field < 0) field = reg & 7;
        MemoryOperand.Encoded mem = rmKind == 'm' ? MemoryOperand.encode(random, arch, frame, field) : null;
        if (mem != null) memTarget = mem.target();
        if (mem != null && t.regKind() == 'g' && bitString(t)) bitOffsetRegister = reg;
        int rexR = t.hasModRm() && !t.hasPlusR() ? reg >> 3 : 0;
        int rexX = mem == null ? 0 : mem.rexX();
        int rexB = t.hasPlusR() ? reg >> 3 : mem != null ? mem.rexB() : rm >> 3;
        int rexBits = rexR << 2 | rexX << 1 | rexB;
        boolean explicitRex = t.encoding().stream().anyMatch(x -> x instanceof InstructionTemplate.Rex || x instanceof InstructionTemplate.Vex);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean inOpcode = false;
        int memAt = -1;
        for (InstructionTemplate.Token tok : t.encoding()) {
            if (!inOpcode && !isLegacyPrefix(tok)) {
                inOpcode = true;
                if (!explicitRex && rexBits != 0) out.write(0x40 | rexBits);
            }
            switch (tok) {
                case InstructionTemplate.Literal l -> out.write(l.value());
                case InstructionTemplate.Rex x -> {
                    if (arch == HostArch.X86_64) out.write(0x40 | (x.w() ? 8 : 0) | rexBits);
                }
                case InstructionTemplate.PlusR p -> orIntoLastByte(out, reg & 7);
                case InstructionTemplate.PlusI p -> orIntoLastByte(out, random.nextInt(8));
                case InstructionTemplate.ModRm m -> {
                    if (mem == null) {
                        out.write(0xC0 | field << 3 | (rm & 7));
                    } else {
                        memAt = out.size();
                        out.writeBytes(mem.bytes());
                    }
                }
                case InstructionTemplate.Vex v -> {                 // SDM Vol. 2A §2.3.5.5, Figure 2-9
                    int vvvv = v.vvvv() == 0 ? 0 : register(v.vvvv());
                    out.write(0xC4);
                    out.write((~rexBits & 7) << 5 | v.map());
                    out.write(v.w() << 7 | (~vvvv & 15) << 3 | v.l() << 2 | v.pp());
                }
                case InstructionTemplate.Moffs m -> {
                    long address = HostLayout.DATA_BASE + frame.baseOffset() + MemoryOperand.disp8(random);
                    for (int k = 0; k < (arch == HostArch.X86_64 ? 8 : 4); k++) out.write((int) (address >>> (8 * k)));
                }
                case InstructionTemplate.Immediate i -> {
                    long v = EdgeValues.immediate(random, i.bytes());
                    for (int k = 0; k < i.bytes(); k++) out.write((int) (v >>> (8 * k)));
                }
            }
        }
        byte[] bytes = out.toByteArray();
        if (mem != null && mem.ripDispAt() >= 0) {          // disp32 = target - address of the next instruction
            long next = HostLayout.CODE_BASE + codeOffset + bytes.length;
            int disp = (int) (mem.target() - next);
            for (int k = 0; k < 4; k++) bytes[memAt + mem.ripDispAt() + k] = (byte) (disp >>> (8 * k));
        }
        return bytes;
    }

    /**
     * An XSAVE-family case (see {@link #HOST_ONLY_COMPONENTS}): EDX:EAX without the host-only
     * components; at the memory operand, three times in four a plausible standard-format area
     * (SDM Vol. 1 §13.4) — random legacy region with a valid MXCSR (one in 16 not), XSTATE_BV a
     * random subset of x87|SSE|AVX (one in 16 with bit 8, which no XCR0 has: #GP), XCOMP_BV 0 (one
     * in 16 a small nonzero value: #GP), bytes 16..23 of the header 0 (one in 16 not: #GP), bytes
     * 24..63 random (not checked), random AVX component — else the page's random bytes. Either
     * way XCOMP_BV[63] is clear: the host restores such an area in the compacted format, which
     * the model does not offer (no XSAVEC), so the two would differ by design.
     */
    private MachineState xsaveArea(MachineState s) {
        MachineState.Builder b = s.toBuilder();
        b.gpr(Gpr.RAX, s.gpr(Gpr.RAX) & ~HOST_ONLY_COMPONENTS);
        int at = (int) (memTarget - HostLayout.DATA_BASE);
        byte[] page = s.data();
        java.nio.ByteBuffer a = java.nio.ByteBuffer.allocate(832).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int k = 0; k < 832; k++) a.put(k, at + k >= 0 && at + k < page.length ? page[at + k] : 0);
        if (random.nextInt(4) != 0) {
            a.put(randomBytes(832)).clear();
            a.putShort(0, (short) (0x037F ^ (random.nextInt(4) == 0 ? random.nextInt(0x1000) & 0xF3F : 0)));
            a.putInt(24, random.nextInt(16) == 0 ? 1 << (16 + random.nextInt(16)) : EdgeValues.mxcsr(random));
            a.putLong(512, random.nextInt(8) | (random.nextInt(16) == 0 ? 1L << 8 : 0));
            a.putLong(520, random.nextInt(16) == 0 ? 1L << random.nextInt(63) : 0);
            a.putLong(528, random.nextInt(16) == 0 ? 1L << random.nextInt(64) : 0);
        }
        a.putLong(512, a.getLong(512) & ~HOST_ONLY_COMPONENTS);
        a.putLong(520, a.getLong(520) & Long.MAX_VALUE);
        byte[] area = a.array();
        int from = Math.max(0, -at), to = Math.min(area.length, page.length - at);
        if (from < to) b.data(at + from, java.util.Arrays.copyOfRange(area, from, to));
        return b.build();
    }

    /** XLAT (D7), with any prefixes. */
    private static boolean isXlat(InstructionTemplate t) {
        List<InstructionTemplate.Token> e = t.encoding();
        return e.get(e.size() - 1) instanceof InstructionTemplate.Literal(int op) && op == 0xD7;
    }

    /** BT/BTS/BTR/BTC r/m, r (0F A3/AB/B3/BB /r): a register bit offset addresses memory beyond the operand. */
    private static boolean bitString(InstructionTemplate t) {
        List<InstructionTemplate.Token> e = t.encoding();
        for (int k = 1; k < e.size(); k++) {
            if (e.get(k - 1) instanceof InstructionTemplate.Literal(int esc) && esc == 0x0F
                    && e.get(k) instanceof InstructionTemplate.Literal(int op) && BIT_STRING_OPCODES.contains(op)) return true;
        }
        return false;
    }

    private static void orIntoLastByte(ByteArrayOutputStream out, int bits) {
        byte[] bytes = out.toByteArray();
        bytes[bytes.length - 1] |= (byte) bits;
        out.reset();
        out.writeBytes(bytes);
    }

    /** A register of class {@code kind}: any XMM or MMX register, or a GPR the case does not reserve. */
    private int register(char kind) {
        int n = arch.gprCount();
        if (kind == 'x') return random.nextInt(n);
        if (kind == 'p') return random.nextInt(8);
        if (kind != 'g') throw new IllegalArgumentException("unknown register kind " + kind);
        int r;
        do r = random.nextInt(n); while ((avoid & 1 << r) != 0);
        return r;
    }

    private static boolean isLegacyPrefix(InstructionTemplate.Token t) {
        if (!(t instanceof InstructionTemplate.Literal l)) return false;
        for (int p : LEGACY_PREFIXES) if (p == l.value()) return true;
        return false;
    }
}

package dev.jvmx.testsuites.diff;

import dev.jvmx.x86.DefinitionTable;
import dev.jvmx.x86.Flow;
import dev.jvmx.x86.Form;
import dev.jvmx.x86.Mnemonic;
import dev.jvmx.x86.Mode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@link InstructionTemplate}s generated from the frontend-x86 definition table ({@code x86.defs}):
 * one or more for every {@link Form} the differential harness can run, so that a form added to
 * the table, or a feature newly advertised by the CPU model, is sampled without anyone writing a
 * template. The rest are {@linkplain #excluded excluded} with a reason each (the allow-list of
 * the meta-test, listed in docs/DIFFERENTIAL.md).
 *
 * <p>A form's row text ({@link Form#source()}) is read column by column as the table's legend
 * defines it: the opcode column gives the mandatory prefix (NP/66/F3/F2), VEX, W0/W1, L0/L1,
 * {@code /r}, {@code /digit}, a literal ModRM byte ({@code C0+i}: an x87 ST(i) range), {@code +r}
 * and {@code mem}/{@code reg}; the operand column (SDM Vol. 2D §A.2.1 letters) gives what ModRM.reg,
 * ModRM.rm and VEX.vvvv name (E/R/M: GPR or memory, G: GPR, V/W/U: XMM, P/Q/N: MMX, H/B: VEX.vvvv),
 * the immediates (I by size, Ibs, is4 L, moffs O) and string operands (X, Y). Variants:
 * operand size 16/32/64 (66, none, REX.W) for forms whose operands depend on it, VEX.L 0 and 1
 * where the row leaves L open, a LOCK-prefixed memory variant for lockable forms, and REP
 * (and REPNE for CMPS/SCAS) for string forms.
 *
 * <p>Undefined flags come from the table's third flags part; shifts and rotates by a count
 * (not by the constant 1) add OF, undefined for counts other than 1 (SDM Vol. 2B, SAL/SAR/SHL/SHR
 * and RCL/RCR/ROL/ROR "Flags Affected"), which one row cannot express.
 */
public final class DefinitionTemplates {
    private DefinitionTemplates() {}

    /** A template and the form it was generated from. */
    public record Generated(InstructionTemplate template, Form form) {}

    private static final Set<String> FIXED = Set.of("AL", "CL", "DL", "BL", "AX", "DX", "EAX", "ECX", "RAX", "rAX", "eAX",
            "rCX", "rDX", "1", "ST0", "XLATB", "XMM0");
    private static final Set<String> SEGMENTS = Set.of("ES", "CS", "SS", "DS", "FS", "GS");
    private static final Set<Mnemonic> SHIFTS = Set.of(Mnemonic.ROL, Mnemonic.ROR, Mnemonic.RCL, Mnemonic.RCR,
            Mnemonic.SHL, Mnemonic.SAL, Mnemonic.SHR, Mnemonic.SAR);
    /** The reason prefix of forms where jvmx is known to differ from the host (not undefined behaviour: work left). */
    public static final String OPEN = "open, jvmx differs: ";
    /**
     * Forms whose results the SDM bounds instead of defining: XMM lanes compared to
     * {@link StateDiff#APPROXIMATION}, the x87 transcendentals' stack registers to
     * {@link StateDiff#X87_ULPS} (and C1 not compared).
     */
    private static final Set<Mnemonic> APPROXIMATE = Set.of(Mnemonic.RCPPS, Mnemonic.RCPSS, Mnemonic.RSQRTPS, Mnemonic.RSQRTSS,
            Mnemonic.F2XM1, Mnemonic.FYL2X, Mnemonic.FYL2XP1, Mnemonic.FPTAN, Mnemonic.FPATAN, Mnemonic.FSIN, Mnemonic.FCOS,
            Mnemonic.FSINCOS);
    private static final Map<Mode, List<Generated>> CACHE = new EnumMap<>(Mode.class);

    /** The reasons, by mnemonic, for forms the harness cannot compare (beyond the structural ones in {@link #excluded}). */
    private static final Map<String, String> BY_MNEMONIC = reasons();

    private static Map<String, String> reasons() {
        Map<String, String> m = new java.util.HashMap<>();
        String trap = "software interrupt: Linux delivers INT n/INT3/INT1/INTO as a signal (or a system call for INT 80h) "
                + "whose vector the kernel rewrites; the sandbox cannot observe the architectural exception";
        for (String s : List.of("INT", "INT3", "INT1", "INTO")) m.put(s, trap);
        String sys = "enters the host kernel (system call): outside the user-mode sandbox";
        for (String s : List.of("SYSCALL", "SYSENTER", "SYSEXIT", "SYSRET")) m.put(s, sys);
        m.put("CPUID", "reports jvmx's CPU model, not the host CPU (by design; the model's leaves are tested in runtime)");
        m.put("XGETBV", "reports the XCR0 of jvmx's CPU model (x87|SSE|AVX = 7), not the one the host kernel enabled "
                + "(e.g. 0x600e7 with AVX-512 state), by design; tested in runtime (ExtensionExecTest)");
        String counter = "reads a counter that changes between any two reads (TSC, performance counters)";
        for (String s : List.of("RDTSC", "RDTSCP", "RDPMC", "RDPID")) m.put(s, counter);
        for (String s : List.of("RDRAND", "RDSEED")) m.put(s, "returns random numbers");
        String desc = "looks up a selector in the host kernel's GDT/LDT, which the sandbox does not model";
        for (String s : List.of("LAR", "LSL", "VERR", "VERW")) m.put(s, desc);
        String umip = "stores a system register (GDTR, IDTR, LDTR, TR, MSW): the host kernel enables UMIP (#GP at CPL 3), "
                + "the CPU model does not advertise UMIP";
        for (String s : List.of("SGDT", "SIDT", "SLDT", "STR", "SMSW")) m.put(s, umip);
        String flags = "loads TF and AC from memory: a single-step or alignment-check trap then lands on the harness's "
                + "return jump, after the case";
        for (String s : List.of("POPF")) m.put(s, flags);
        String fpuPointers = "stores the x87 instruction and data pointers and last opcode, which jvmx does not model "
                + "(docs/DIFFERENTIAL.md, Not modelled)";
        for (String s : List.of("FXSAVE", "FXSAVE64", "FSAVE", "FNSAVE", "FSTENV", "FNSTENV")) m.put(s, fpuPointers);
        return Map.copyOf(m);
    }

    /**
     * Why the harness does not generate {@code f}, or null when it does. Privileged and
     * control-transfer forms, segment loads, VSIB, and the mnemonics of {@link #reasons()}.
     */
    public static String excluded(Form f) {
        if (f.cpl() == 0) return "privileged (CPL 0 only): the sandbox runs at CPL 3";
        Flow flow = f.flow();
        if (flow == Flow.JUMP || flow == Flow.BRANCH || flow == Flow.JUMP_INDIRECT || flow == Flow.CALL
                || flow == Flow.CALL_INDIRECT || flow == Flow.RETURN || f.mnemonic().name().startsWith("IRET")) {
            return "control transfer: its target leaves the one-instruction case (the host harness returns by a jump "
                    + "placed after the snippet)";
        }
        String reason = BY_MNEMONIC.get(f.mnemonic().name());
        if (reason != null) return reason;
        for (String op : operands(f)) {
            if (FIXED.contains(op)) continue;
            if (SEGMENTS.contains(op) || op.startsWith("S") && !op.equals("STi") || op.endsWith("p") && (op.startsWith("M")
                    || op.startsWith("A")) || op.startsWith("A") && !FIXED.contains(op)) {
                return "segment register or far pointer: selectors and descriptors are the host kernel's, which the "
                        + "sandbox does not model";
            }
            if (op.startsWith("VSIB")) return "VSIB gather: its addresses come from a vector of indexes the generator does not build";
        }
        return null;
    }

    /** Templates for every form valid in {@code mode} that the harness runs (not {@link #excluded}). */
    public static synchronized List<Generated> of(Mode mode) {
        return CACHE.computeIfAbsent(mode, m -> {
            List<Generated> out = new ArrayList<>();
            Set<String> names = new HashSet<>();
            for (Form f : DefinitionTable.forms()) {
                if (!f.validIn(m) || excluded(f) != null) continue;
                for (InstructionTemplate t : templates(f, m)) {
                    if (!names.add(t.name())) {
                        t = new InstructionTemplate(t.name() + " #" + f.id(), t.encoding(), t.rmKinds(), t.regKind(),
                                t.stringOperands(), t.undefinedFlags(), t.approximate());
                        names.add(t.name());
                    }
                    out.add(new Generated(t, f));
                }
            }
            return List.copyOf(out);
        });
    }

    /** Just the templates of {@link #of(Mode)}. */
    public static List<InstructionTemplate> templates(Mode mode) {
        return of(mode).stream().map(Generated::template).toList();
    }

    /** Whether {@code f} is a shift or rotate by a count (CL or imm8), whose OF is undefined unless the count is 1. */
    public static boolean shiftByCount(Form f) {
        return SHIFTS.contains(f.mnemonic()) && !operands(f).contains("1");
    }

    private static String[] columns(Form f) {
        String[] c = f.source().split("\\|", -1);
        for (int i = 0; i < c.length; i++) c[i] = c[i].strip();
        return c;
    }

    private static List<String> operands(Form f) {
        String[] c = columns(f);
        if (c.length < 3 || c[2].isEmpty() || c[2].equals("-")) return List.of();
        List<String> out = new ArrayList<>();
        for (String o : c[2].split(",")) out.add(o.strip());
        return out;
    }

    private static Set<String> attrs(Form f) {
        String[] c = columns(f);
        return c.length > 9 ? Set.of(c[9].split("\\s+")) : Set.of();
    }

    /** The opcode column, read as the table's legend defines it. */
    private record Row(int pfx, boolean vex, int w, int l, int digit, int modrmLiteral, boolean literalRange,
                       boolean memOnly, boolean regOnly, boolean opcodeReg) {
        /** pfx: -1 none, 0 NP, 1 66, 2 F3, 3 F2; digit: -2 no ModRM, -1 /r, 0-7; modrmLiteral: -1 none. */
        static Row parse(String col) {
            int pfx = -1, w = -1, l = -1, digit = -2, literal = -1;
            boolean vex = false, range = false, mem = false, reg = false, plusR = false, opcodeSeen = false, escape = false;
            for (String t : col.split("\\s+")) {
                switch (t) {
                    case "VEX" -> vex = true;
                    case "NP" -> pfx = 0;
                    case "W0" -> w = 0;
                    case "W1" -> w = 1;
                    case "L0" -> l = 0;
                    case "L1" -> l = 1;
                    case "WIG", "LIG" -> { }
                    case "mem" -> mem = true;
                    case "reg" -> reg = true;
                    case "/r" -> digit = -1;
                    default -> {
                        if (t.length() == 2 && t.charAt(0) == '/') {
                            digit = t.charAt(1) - '0';
                        } else if (!opcodeSeen) {
                            if (!escape && (t.equals("66") || t.equals("F3") || t.equals("F2"))) {
                                pfx = t.equals("66") ? 1 : t.equals("F3") ? 2 : 3;
                            } else if (t.equals("0F")) {
                                escape = true;
                            } else if (escape && (t.equals("38") || t.equals("3A"))) {
                                escape = true;              // the map comes from Form.map()
                            } else {
                                opcodeSeen = true;
                                plusR = t.endsWith("+r");
                            }
                        } else {
                            range = t.endsWith("+i");
                            literal = Integer.parseInt(range ? t.substring(0, t.length() - 2) : t, 16);
                        }
                    }
                }
            }
            return new Row(pfx, vex, w, l, digit, literal, range, mem, reg, plusR);
        }
    }

    /** The templates of one form in {@code mode}. */
    static List<InstructionTemplate> templates(Form f, Mode mode) {
        String[] cols = columns(f);
        Row row = Row.parse(cols[0]);
        List<String> ops = operands(f);
        Set<String> attrs = attrs(f);
        boolean modrm = row.digit() >= -1 || row.modrmLiteral() >= 0;
        for (String op : ops) modrm |= !FIXED.contains(op) && !op.equals("Ibs") && "EGMRWUVQNPCDS".indexOf(op.charAt(0)) >= 0;
        if (!modrm && row.digit() == -2) { /* no ModRM */ } else if (row.digit() == -2 && row.modrmLiteral() < 0) {
            row = new Row(row.pfx(), row.vex(), row.w(), row.l(), -1, -1, false, row.memOnly(), row.regOnly(), row.opcodeReg());
        }
        String rm = "", regKind = "";
        char vvvv = 0;
        boolean strings = false, sized = cols[1].contains("/") && !attrs.contains("asz");
        for (String op : ops) {
            if (FIXED.contains(op)) {
                sized |= op.equals("rAX") || op.equals("eAX") || op.equals("rCX") || op.equals("rDX");
                continue;
            }
            if (op.equals("STi") || op.equals("Ibs")) continue;
            char k = op.charAt(0);
            String size = op.contains("/") ? op.substring(1, op.indexOf('/')) : op.substring(1);
            sized |= size.equals("v") || size.equals("z") || size.equals("y");
            switch (k) {
                case 'E' -> rm = "gm";
                case 'R' -> rm = op.contains("/") ? "gm" : "g";
                case 'M' -> rm = "m";
                case 'W' -> rm = "xm";
                case 'U' -> rm = op.contains("/") ? "xm" : "x";
                case 'Q' -> rm = "pm";
                case 'N' -> rm = op.contains("/") ? "pm" : "p";
                case 'G', 'Z' -> regKind = "g";
                case 'V' -> regKind = "x";
                case 'P' -> regKind = "p";
                case 'H' -> vvvv = 'x';
                case 'B' -> vvvv = 'g';
                case 'X', 'Y' -> strings = true;
                default -> { }
            }
        }
        if (row.digit() == -1 && regKind.isEmpty()) regKind = "g";       // "/r" with no reg operand (hint NOPs)
        if (row.digit() >= -1 && rm.isEmpty()) rm = "gm";
        if (row.memOnly()) rm = rm.replaceAll("[gxp]", "");
        if (row.regOnly()) rm = rm.replace("m", "");
        if (row.digit() >= -1 && rm.isEmpty()) throw new IllegalStateException("no r/m operand kind for " + f.source());
        // MASKMOVQ/MASKMOVDQU store through DS:rDI: the string set-up points RDI into the page
        strings |= f.mnemonic().name().startsWith("MASKMOV");

        List<Integer> sizes = new ArrayList<>();
        if (row.vex()) {
            sizes.add(row.w() == 1 ? 64 : 32);
        } else if (row.w() == 1) {
            if (mode != Mode.BITS64) return List.of();
            sizes.add(64);
        } else if (sized) {
            // BSWAP of a 16-bit register is undefined (SDM Vol. 2A "BSWAP"): not generated
            if (row.pfx() < 0 && f.mnemonic() != Mnemonic.BSWAP) sizes.add(16);
            sizes.add(32);
            if (mode == Mode.BITS64 && row.w() != 0) sizes.add(64);
        } else {
            sizes.add(32);
        }
        List<Integer> lengths = row.vex() && row.l() < 0 ? List.of(0, 1) : List.of(Math.max(row.l(), 0));
        long undefined = f.flagsUndefined() & 0xFFFF_FFFFL | (shiftByCount(f) ? Rflags.OF : 0);
        String base = f.mnemonic().name() + " " + cols[0].replace("+cc", String.format("+%X", f.opcode() & 0xF));
        List<InstructionTemplate> out = new ArrayList<>();
        for (int size : sizes) {
            for (int l : lengths) {
                List<String> prefixes = new ArrayList<>(List.of(""));
                if (attrs.contains("lock") && rm.contains("m")) prefixes.add("F0");
                if (attrs.contains("rep") && strings) {
                    prefixes.add("F3");
                    String m = f.mnemonic().name();
                    if (m.startsWith("CMPS") || m.startsWith("SCAS")) prefixes.add("F2");
                }
                for (String prefix : prefixes) {
                    List<InstructionTemplate.Token> enc = new ArrayList<>();
                    if (!prefix.isEmpty()) enc.add(new InstructionTemplate.Literal(Integer.parseInt(prefix, 16)));
                    if (size == 16) enc.add(new InstructionTemplate.Literal(0x66));
                    if (row.vex()) {
                        int pp = Math.max(row.pfx(), 0);
                        // W open: 0, except rows valid only outside 64-bit mode, which the table keeps beside
                        // a W0 row for the forms that ignore VEX.W there (VMOVD, VPEXTRD, VPINSRD)
                        int w = row.w() >= 0 ? row.w() : f.validIn(Mode.BITS64) ? 0 : 1;
                        enc.add(new InstructionTemplate.Vex(pp, f.map(), w, l, vvvv));
                    } else {
                        if (row.pfx() > 0) enc.add(new InstructionTemplate.Literal(new int[] {0, 0x66, 0xF3, 0xF2}[row.pfx()]));
                        if (size == 64) enc.add(new InstructionTemplate.Rex(true, true));
                        if (f.map() >= Form.MAP_0F) enc.add(new InstructionTemplate.Literal(0x0F));
                        if (f.map() == Form.MAP_0F38) enc.add(new InstructionTemplate.Literal(0x38));
                        if (f.map() == Form.MAP_0F3A) enc.add(new InstructionTemplate.Literal(0x3A));
                    }
                    enc.add(new InstructionTemplate.Literal(f.opcode()));
                    if (row.opcodeReg()) enc.add(new InstructionTemplate.PlusR());
                    if (row.modrmLiteral() >= 0) {
                        enc.add(new InstructionTemplate.Literal(row.modrmLiteral()));
                        if (row.literalRange()) enc.add(new InstructionTemplate.PlusI());
                    } else if (row.digit() >= -1) {
                        enc.add(new InstructionTemplate.ModRm(row.digit()));
                    }
                    for (String op : ops) immediate(op, size, enc);
                    String rmKinds = prefix.equals("F0") ? "m" : row.modrmLiteral() >= 0 ? "" : rm;
                    char reg = row.digit() == -1 || row.opcodeReg() ? regKind.charAt(0) : 0;
                    String name = base + (sizes.size() > 1 ? " o" + size : "") + (lengths.size() > 1 ? " L" + l : "")
                            + switch (prefix) { case "F0" -> " lock"; case "F3" -> " rep"; case "F2" -> " repne"; default -> ""; };
                    out.add(new InstructionTemplate(name.toLowerCase(Locale.ROOT), enc,
                            row.digit() >= -1 && row.modrmLiteral() < 0 ? rmKinds : "", reg, strings, undefined,
                            APPROXIMATE.contains(f.mnemonic())));
                }
            }
        }
        return out;
    }

    /** Appends the immediate field {@code op} needs at operand size {@code size} (SDM Vol. 2D §A.2.2 size codes). */
    private static void immediate(String op, int size, List<InstructionTemplate.Token> enc) {
        if (op.equals("Ibs")) {
            enc.add(new InstructionTemplate.Immediate(1));
            return;
        }
        if (FIXED.contains(op) || op.isEmpty()) return;
        char k = op.charAt(0);
        String s = op.substring(1);
        if (k == 'L') enc.add(new InstructionTemplate.Immediate(1));
        if (k == 'O') enc.add(new InstructionTemplate.Moffs());
        if (k != 'I') return;
        int bytes = switch (s) {
            case "b" -> 1;
            case "w" -> 2;
            case "d" -> 4;
            case "q" -> 8;
            case "z" -> size == 16 ? 2 : 4;
            case "v" -> size / 8;
            default -> throw new IllegalStateException("immediate size " + op);
        };
        enc.add(new InstructionTemplate.Immediate(bytes));
    }
}

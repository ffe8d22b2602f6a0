package dev.jvmx.testsuites.diff;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * One instruction form the generator can instantiate: its encoding in SDM opcode notation with
 * the operand fields left open, which register classes and memory the open fields may name,
 * and the flags the SDM leaves undefined. Parsed from a line of a template file:
 *
 * <pre>
 * # name            | encoding          | operands      | undefined flags
 * add r/m64, r64    | REX.W 01 /r       | rm=gm reg=g   |
 * shl r/m64, imm8   | REX.W C1 /4 ib    | rm=gm         | OF AF
 * cvtsi2sd xmm, r/m64 | F2 REX.W 0F 2A /r | rm=gm reg=x |
 * </pre>
 *
 * Encoding tokens: hex bytes; {@code REX.W} (a REX byte with W, R/X/B added as needed);
 * {@code REX} (a REX byte always, needed by byte-register forms so that 4..7 name SPL..DIL,
 * never AH..BH); {@code /r} (ModRM, reg field open); {@code /0}..{@code /7} (ModRM, reg field
 * fixed); {@code +r} (register in the low bits of the previous byte); {@code +i} (x87 ST(i)
 * in the low bits of the previous byte); {@code ib iw id io}
 * (immediates of 1, 2, 4, 8 bytes). Without a REX token the generator inserts a plain REX before
 * the opcode when it picks a register above 7. Operand letters: {@code g} general-purpose
 * register, {@code x} XMM register, {@code p} MMX register, {@code m} memory (a base register into the data page plus
 * disp8); {@code rm} lists what the ModRM r/m field may name, {@code reg} the class of the ModRM
 * reg field or of the {@code +r} register; {@code str} marks string instructions, whose
 * implicit RSI, RDI and RCX the generator points into the data page and keeps small.
 *
 * <p>When the frontend-x86 definition table lands, it produces these records directly.
 */
public record InstructionTemplate(String name, List<Token> encoding, String rmKinds, char regKind, boolean stringOperands,
                                  long undefinedFlags, boolean approximate) {

    /** A template with exact results ({@code approximate}: see {@link TestCase#approximate()}). */
    public InstructionTemplate(String name, List<Token> encoding, String rmKinds, char regKind, boolean stringOperands,
                               long undefinedFlags) {
        this(name, encoding, rmKinds, regKind, stringOperands, undefinedFlags, false);
    }

    /** One encoding element. */
    public sealed interface Token {}

    /** A literal byte: legacy prefix or opcode. */
    public record Literal(int value) implements Token {}

    /** A REX prefix: {@code w} sets REX.W; {@code always} emits it even with no bits set. */
    public record Rex(boolean w, boolean always) implements Token {}

    /** ModRM; {@code digit} is the fixed reg field, or -1 for an open {@code /r}. */
    public record ModRm(int digit) implements Token {}

    /** {@code +r}: the register number in the low 3 bits of the preceding byte. */
    public record PlusR() implements Token {}

    /** {@code +i}: an x87 stack register ST(i) in the low 3 bits of the preceding byte. */
    public record PlusI() implements Token {}

    /** An immediate of 1, 2, 4 or 8 bytes. */
    public record Immediate(int bytes) implements Token {}

    /**
     * A moffs field (SDM Vol. 2A §2.2.1.4, MOV A0-A3): an absolute address of the address size
     * (8 bytes in 64-bit mode, 4 in 32-bit mode); the generator points it into the data page.
     */
    public record Moffs() implements Token {}

    /**
     * A three-byte VEX prefix (C4, SDM Vol. 2A §2.3.5): {@code pp} 0-3 (none, 66, F3, F2),
     * {@code map} 1-3 (0F, 0F38, 0F3A), VEX.W, VEX.L, and what VEX.vvvv names: {@code 'x'} an
     * XMM/YMM register, {@code 'g'} a general-purpose register, 0 unused (1111b). R, X and B
     * come from the operands as REX's do.
     */
    public record Vex(int pp, int map, int w, int l, char vvvv) implements Token {}

    public InstructionTemplate {
        encoding = List.copyOf(encoding);
    }

    public boolean hasModRm() {
        return encoding.stream().anyMatch(t -> t instanceof ModRm);
    }

    public boolean hasVex() {
        return encoding.stream().anyMatch(t -> t instanceof Vex);
    }

    public boolean hasPlusR() {
        return encoding.stream().anyMatch(t -> t instanceof PlusR);
    }

    /** Whether the ModRM r/m field may be a register ({@code g}/{@code x}) or memory ({@code m}). */
    public boolean allowsRm(char kind) {
        return rmKinds.indexOf(kind) >= 0;
    }

    /** Parses one template line (see the class comment); throws with the line on error. */
    public static InstructionTemplate parse(String line) {
        String[] cols = line.split("\\|", -1);
        if (cols.length != 4) throw new IllegalArgumentException("need 4 columns: " + line);
        List<Token> tokens = new ArrayList<>();
        for (String t : cols[1].trim().split("\\s+")) tokens.add(token(t, line));
        String rm = "";
        char reg = 0;
        boolean str = false;
        for (String op : cols[2].trim().split("\\s+")) {
            if (op.equals("str")) str = true;
            else if (op.startsWith("rm=")) rm = op.substring(3);
            else if (op.startsWith("reg=") && op.length() == 5) reg = op.charAt(4);
            else if (!op.isEmpty()) throw new IllegalArgumentException("bad operand spec '" + op + "': " + line);
        }
        InstructionTemplate t = new InstructionTemplate(cols[0].trim(), tokens, rm, reg, str, Rflags.parse(cols[3]));
        boolean openReg = tokens.contains(new ModRm(-1)) || t.hasPlusR();
        if (openReg != (reg != 0)) throw new IllegalArgumentException("reg= must match /r or +r: " + line);
        if (t.hasModRm() == rm.isEmpty()) throw new IllegalArgumentException("rm= must match ModRM: " + line);
        return t;
    }

    /** Parses a template file: one template a line, {@code #} comments and blank lines skipped. */
    public static List<InstructionTemplate> parseAll(String text) {
        List<InstructionTemplate> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (!l.isEmpty() && !l.startsWith("#")) out.add(parse(l));
        }
        return out;
    }

    private static Token token(String t, String line) {
        String u = t.toUpperCase(Locale.ROOT);
        return switch (u) {
            case "REX.W" -> new Rex(true, true);
            case "REX" -> new Rex(false, true);
            case "/R" -> new ModRm(-1);
            case "+R" -> new PlusR();
            case "+I" -> new PlusI();
            case "IB" -> new Immediate(1);
            case "IW" -> new Immediate(2);
            case "ID" -> new Immediate(4);
            case "IO" -> new Immediate(8);
            default -> {
                if (u.matches("/[0-7]")) yield new ModRm(u.charAt(1) - '0');
                if (u.matches("[0-9A-F]{2}")) yield new Literal(HexFormat.fromHexDigits(u));
                throw new IllegalArgumentException("bad encoding token '" + t + "': " + line);
            }
        };
    }

    @Override
    public String toString() {
        return name;
    }
}

package dev.jvmx.x86;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses the definition table {@code x86.defs} (a class-path resource next to this class) into
 * {@link Form}s. The file's own header documents the row syntax; this class only implements it.
 */
public final class DefinitionTable {
    private DefinitionTable() {}

    static final String RESOURCE = "x86.defs";
    private static final String[] CC = {"O", "NO", "B", "AE", "E", "NE", "BE", "A", "S", "NS", "P", "NP",
        "L", "GE", "LE", "G"};

    private static final List<Form> FORMS = load();

    /** Every form of the table, in file order (the index is {@link Form#id()}). */
    public static List<Form> forms() { return FORMS; }

    private static List<Form> load() {
        try (InputStream in = DefinitionTable.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("missing resource " + RESOURCE);
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Form> parse(BufferedReader reader) throws IOException {
        List<Form> out = new ArrayList<>();
        String line;
        int lineNo = 0;
        while ((line = reader.readLine()) != null) {
            lineNo++;
            int hash = line.indexOf('#');
            String body = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (body.isEmpty()) continue;
            try {
                parseRow(body, out);
            } catch (RuntimeException e) {
                throw new IllegalStateException(RESOURCE + ":" + lineNo + ": " + e.getMessage() + ": " + body, e);
            }
        }
        return List.copyOf(out);
    }

    private static void parseRow(String body, List<Form> out) {
        String[] col = body.split("\\|", -1);
        if (col.length > 10) throw new IllegalArgumentException("more than 10 columns");
        for (int i = 0; i < col.length; i++) col[i] = col[i].strip();
        RowEncoding enc = RowEncoding.parse(col[0]);
        String mnem = col[1];
        List<OperandSpec> ops = new ArrayList<>();
        if (col.length > 2 && !col[2].isEmpty() && !col[2].equals("-")) {
            for (String o : col[2].split(",")) ops.add(OperandSpec.intern(OperandSpec.parse(o)));
        }
        int modes = col.length > 3 ? parseModes(col[3]) : 7;
        String[] cpuid = col.length > 4 && !dash(col[4]) ? col[4].split("/") : new String[] {"BASE"};
        Feature feature = Feature.valueOf(cpuid[0].strip());
        Feature feature256 = Feature.valueOf(cpuid[cpuid.length - 1].strip());
        String flagText = col.length > 5 ? col[5] : "";
        Flow flow = col.length > 6 && !dash(col[6]) ? Flow.valueOf(col[6]) : Flow.NONE;
        int cpl = col.length > 7 && !dash(col[7]) ? Integer.parseInt(col[7]) : 3;
        ExitClass exit = col.length > 8 && !dash(col[8]) ? ExitClass.valueOf(col[8]) : ExitClass.NONE;
        int attrs = 0;
        int cond = -1;
        if (col.length > 9) {
            for (String a : col[9].split("\\s+")) {
                if (a.isEmpty()) continue;
                if (a.startsWith("cc=")) { cond = Integer.parseInt(a.substring(3)); continue; }
                attrs |= switch (a) {
                    case "d64" -> Form.D64; case "f64" -> Form.F64; case "lock" -> Form.LOCK;
                    case "rep" -> Form.REP; case "norexb" -> Form.NOREXB; case "asz" -> Form.ADDR_SIZED;
                    case "noptr" -> Form.NOPTR; case "nov" -> Form.VEX_NOV; case "is4" -> Form.IS4;
                    case "bnd" -> Form.BND; case "modreg" -> Form.MOD_AS_REG;
                    default -> throw new IllegalArgumentException("unknown attribute " + a);
                };
            }
        }
        int mod = enc.mod();
        for (OperandSpec o : ops) {
            if (o.isMemOnly()) mod = Form.MOD_MEM;
            if (o.isRegOnlyRm()) mod = Form.MOD_REG;
        }
        if (enc.rm() >= 0) mod = Form.MOD_REG;
        boolean needModrm = enc.modrm();
        for (OperandSpec o : ops) needModrm |= o.kind().usesModrmRm() || o.kind().usesModrmReg();
        if (enc.opcodeCc()) {
            for (int cc = 0; cc < 16; cc++) {
                Mnemonic m = Mnemonic.valueOf(mnem.replace("cc", CC[cc]));
                int[] flags = parseFlags(flagText, cc);
                out.add(new Form(out.size(), body, enc.map(), enc.vex(), enc.opcode() + cc, enc.pfx(), needModrm, enc.reg(),
                        mod, enc.rm(), enc.w(), enc.l(), false, cc, m, null, ops, modes, feature, feature256, flags[0], flags[1],
                        flags[2], flow, cpl, exit, attrs));
            }
            return;
        }
        int[] flags = parseFlags(flagText, cond);
        Mnemonic[] bySize = null;
        Mnemonic m;
        if (mnem.contains("/")) {
            String[] parts = mnem.split("/");
            bySize = new Mnemonic[3];
            for (int i = 0; i < 3; i++) bySize[i] = Mnemonic.valueOf(parts[Math.min(i, parts.length - 1)]);
            m = bySize[0];
        } else {
            m = Mnemonic.valueOf(mnem);
        }
        out.add(new Form(out.size(), body, enc.map(), enc.vex(), enc.opcode(), enc.pfx(), needModrm, enc.reg(), mod,
                enc.rm(), enc.w(), enc.l(), enc.opcodeReg(), cond, m, bySize, ops, modes, feature, feature256, flags[0], flags[1],
                flags[2], flow, cpl, exit, attrs));
    }

    private static boolean dash(String s) { return s.isEmpty() || s.equals("-"); }

    private static int parseModes(String s) {
        return switch (s) {
            case "", "*" -> 7;
            case "i64" -> 3;
            case "o64" -> 4;
            default -> {
                int bits = 0;
                for (String p : s.split(",")) bits |= Form.modeBit(Mode.ofBits(Integer.parseInt(p.strip())));
                yield bits;
            }
        };
    }

    /** "r/w/u" with letters o s z a p c d i t n l x (AC) r (RF) v (VM) and * for all. */
    private static int[] parseFlags(String s, int cond) {
        int[] out = new int[3];
        if (dash(s)) return out;
        String[] parts = s.split("/", -1);
        for (int i = 0; i < Math.min(3, parts.length); i++) {
            out[i] = parts[i].equals("cc") ? condFlags(cond) : flagMask(parts[i]);
        }
        return out;
    }

    /** The flags condition tttn tests (SDM Vol. 1 App. B, Table B-1). */
    static int condFlags(int cond) {
        if (cond < 0) throw new IllegalArgumentException("'cc' flags on a row without a condition");
        return switch (cond >> 1) {
            case 0 -> Flags.OF; case 1 -> Flags.CF; case 2 -> Flags.ZF; case 3 -> Flags.CF | Flags.ZF;
            case 4 -> Flags.SF; case 5 -> Flags.PF; case 6 -> Flags.SF | Flags.OF;
            default -> Flags.ZF | Flags.SF | Flags.OF;
        };
    }

    private static int flagMask(String s) {
        int m = 0;
        for (char c : s.toCharArray()) {
            m |= switch (c) {
                case '-' -> 0;
                case 'o' -> Flags.OF; case 's' -> Flags.SF; case 'z' -> Flags.ZF; case 'a' -> Flags.AF;
                case 'p' -> Flags.PF; case 'c' -> Flags.CF; case 'd' -> Flags.DF; case 'i' -> Flags.IF;
                case 't' -> Flags.TF; case 'n' -> Flags.NT; case 'l' -> Flags.IOPL; case 'x' -> Flags.AC;
                case 'r' -> Flags.RF; case 'v' -> Flags.VM;
                case '*' -> Flags.STATUS | Flags.TF | Flags.IF | Flags.DF | Flags.IOPL | Flags.NT | Flags.RF
                        | Flags.VM | Flags.AC | Flags.VIF | Flags.VIP | Flags.ID;
                default -> throw new IllegalArgumentException("unknown flag letter " + c);
            };
        }
        return m;
    }
}

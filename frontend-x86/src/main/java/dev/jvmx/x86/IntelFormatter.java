package dev.jvmx.x86;

/**
 * Intel-syntax text in the style of GNU objdump {@code -M intel}: lower case, mnemonic padded to
 * six columns, {@code DWORD PTR [rax+rbx*4+0x10]}, {@code [rip+0x2f]        # 0x40}, immediates and
 * branch targets in {@code 0x} hex. Used by {@link Disassembler} and by tests.
 */
public final class IntelFormatter {
    private IntelFormatter() {}

    private static final String[] CMP_PRED = {"eq", "lt", "le", "unord", "neq", "nlt", "nle", "ord",
        "eq_uq", "nge", "ngt", "false", "neq_oq", "ge", "gt", "true", "eq_os", "lt_oq", "le_oq", "unord_s",
        "neq_us", "nlt_uq", "nle_uq", "ord_s", "eq_us", "nge_uq", "ngt_uq", "false_os", "neq_os", "ge_oq",
        "gt_oq", "true_us"};

    /**
     * Formats an instruction. Where objdump's text depends on the encoding beyond the operands (a SIB
     * byte, a zero displacement, redundant prefixes), the decoder's {@link Instruction#encodingHints()}
     * say how it was encoded; an instruction built by hand has none.
     */
    public static String format(Instruction ins) {
        int hints = ins.encodingHints();
        if (ins.isInvalid()) return "(bad)";
        if (ins.mnemonic() == Mnemonic.UNSUPPORTED_EVEX) return "(evex)";
        StringBuilder sb = new StringBuilder(48);
        Form f = ins.form();
        prefixText(ins, f, hints, sb);
        int skipLast = 0;
        String name = mnemonicText(ins);
        String pseudo = cmpPseudo(ins);
        if (pseudo != null) { name = pseudo; skipLast = 1; }
        sb.append(name);
        int n = ins.operandCount() - skipLast;
        if (n > 0) {
            while (sb.length() < 6) sb.append(' ');
            sb.append(' ');
        }
        long ripTarget = -1;
        for (int i = 0; i < n; i++) {
            if (i > 0) sb.append(',');
            Operand op = ins.op(i);
            OperandText.append(ins, f.ops[i], op, hints, sb);
            if (op instanceof Operand.Mem m && m.base() == Operand.Mem.RIP) ripTarget = m.disp();
        }
        if (ripTarget >= 0) sb.append("        # 0x").append(Long.toHexString(ripTarget));
        return sb.toString();
    }

    private static final String[] SEG_PREFIX = {"es ", "cs ", "ss ", "ds ", "fs ", "gs "};

    private static void prefixText(Instruction ins, Form f, int hints, StringBuilder sb) {
        int n66 = (hints >> 8) & 15;
        boolean used66 = f.pfx == Form.PFX_66 || !((f.attrs & Form.F64) != 0 && ins.mode() == Mode.BITS64);
        for (int i = used66 ? 1 : 0; i < n66; i++) sb.append("data16 ");
        int seg = ((hints >> 4) & 15) - 1;
        if (seg == Seg.DS.ordinal() && (f.flow == Flow.JUMP_INDIRECT || f.flow == Flow.CALL_INDIRECT)
                && f.mnemonic != Mnemonic.JMPF && f.mnemonic != Mnemonic.CALLF) sb.append("notrack ");
        else if (seg >= 0 && !segUsed(ins, seg)) sb.append(SEG_PREFIX[seg]);
        if (ins.has(Prefix.LOCK)) sb.append("lock ");
        boolean string = (f.attrs & Form.REP) != 0;
        boolean mandatory = (f.pfx == Form.PFX_F2 || f.pfx == Form.PFX_F3) && f.mnemonic != Mnemonic.NOP;
        if (mandatory || ins.has(Prefix.VEX)) return;
        if (ins.has(Prefix.REP)) {
            boolean cmp = switch (ins.mnemonic()) {
                case CMPSB, CMPSW, CMPSD, CMPSQ, SCASB, SCASW, SCASD, SCASQ -> true;
                default -> false;
            };
            sb.append(string && !cmp ? "rep " : "repz ");
        } else if (ins.has(Prefix.REPNE)) {
            sb.append((f.attrs & Form.BND) != 0 ? "bnd " : "repnz ");
        }
    }

    private static boolean segUsed(Instruction ins, int seg) {
        if (ins.mode() == Mode.BITS64 && seg < 4) return false;
        for (int i = 0; i < ins.operandCount(); i++) {
            if (ins.op(i) instanceof Operand.Mem m && m.segOverride()) return true;
        }
        return false;
    }

    static String mnemonicText(Instruction ins) {
        Mnemonic m = ins.mnemonic();
        Form f = ins.form();
        String text = switch (m) {
            case MOVSB, MOVSW, MOVSD, MOVSQ -> "movs";
            case CMPSB, CMPSW, CMPSD, CMPSQ -> "cmps";
            case STOSB, STOSW, STOSD, STOSQ -> "stos";
            case LODSB, LODSW, LODSD, LODSQ -> "lods";
            case SCASB, SCASW, SCASD, SCASQ -> "scas";
            case INSB, INSW, INSD -> "ins";
            case OUTSB, OUTSW, OUTSD -> "outs";
            case JMPF -> "jmp";
            case CALLF -> "call";
            case SAL -> "shl";
            case PUSHF, PUSHFD, PUSHFQ -> sized("pushf", ins);
            case POPF, POPFD, POPFQ -> sized("popf", ins);
            case PUSHA, PUSHAD -> sized("pusha", ins);
            case POPA, POPAD -> sized("popa", ins);
            case IRET, IRETD, IRETQ -> sized("iret", ins);
            case SYSRET -> ins.mode() != Mode.BITS64 ? "sysret" : ins.opSize() == 64 ? "sysretq" : "sysretd";
            case SYSEXIT -> ins.mode() != Mode.BITS64 ? "sysexit" : ins.opSize() == 64 ? "sysexitq" : "sysexitd";
            case SGDT, SIDT, LGDT, LIDT -> ins.mode() == Mode.BITS64 ? m.text() : m.text() + (ins.opSize() == 16 ? "w" : "d");
            case MOV -> movabs(ins) ? "movabs" : "mov";
            default -> m.text();
        };
        if (f != null && f.vex && !text.startsWith("v") && f.feature != Feature.BMI1 && f.feature != Feature.BMI2) {
            text = "v" + text;
        }
        return text;
    }

    private static String sized(String base, Instruction ins) {
        if (ins.has(Prefix.REX_W)) return base + "q";
        if (ins.has(Prefix.OPSIZE)) return base + (ins.opSize() == 16 ? "w" : "d");
        return base;
    }

    private static boolean movabs(Instruction ins) {
        if (ins.mode() != Mode.BITS64) return false;
        for (int i = 0; i < ins.operandCount(); i++) {
            Operand op = ins.op(i);
            OperandSpec spec = ins.form().ops[i];
            if (op instanceof Operand.Imm && spec.kind() == OperandSpec.Kind.I && spec.regSize() == OperandSpec.Size.v
                    && ins.opSize() == 64) return true;
            if (op instanceof Operand.Mem mem && mem.base() == Operand.Mem.NONE && mem.index() == Operand.Mem.NONE
                    && ins.form().ops[i].kind() == OperandSpec.Kind.O) return true;
        }
        return false;
    }

    /** CMPPS/CMPPD/CMPSS/CMPSD with a known predicate print as cmpeqps etc. (objdump's pseudo-ops). */
    private static String cmpPseudo(Instruction ins) {
        String suffix = switch (ins.mnemonic()) {
            case CMPPS -> "ps"; case CMPPD -> "pd"; case CMPSS -> "ss"; case CMPSD_SSE -> "sd";
            default -> null;
        };
        if (suffix == null) return null;
        Operand last = ins.op(ins.operandCount() - 1);
        long imm = ((Operand.Imm) last).value() & 0xFF;
        boolean vex = ins.has(Prefix.VEX);
        if (imm >= (vex ? 32 : 8)) return null;
        return (vex ? "vcmp" : "cmp") + CMP_PRED[(int) imm] + suffix;
    }
}

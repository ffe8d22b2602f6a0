package dev.jvmx.x86;

/** Operand text for {@link IntelFormatter}: register names, memory operands, immediates. */
final class OperandText {
    private OperandText() {}

    private static final String[] R64 = {"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
        "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15"};
    private static final String[] R32 = {"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi",
        "r8d", "r9d", "r10d", "r11d", "r12d", "r13d", "r14d", "r15d"};
    private static final String[] R16 = {"ax", "cx", "dx", "bx", "sp", "bp", "si", "di",
        "r8w", "r9w", "r10w", "r11w", "r12w", "r13w", "r14w", "r15w"};
    private static final String[] R8 = {"al", "cl", "dl", "bl", "spl", "bpl", "sil", "dil",
        "r8b", "r9b", "r10b", "r11b", "r12b", "r13b", "r14b", "r15b"};
    private static final String[] R8H = {"ah", "ch", "dh", "bh"};
    private static final String[] SEG = {"es", "cs", "ss", "ds", "fs", "gs", "?", "?"};

    static String gpr(int num, int size) {
        return switch (size) { case 8 -> R8[num]; case 16 -> R16[num]; case 32 -> R32[num]; default -> R64[num]; };
    }

    static void append(Instruction ins, OperandSpec spec, Operand op, int hints, StringBuilder sb) {
        switch (op) {
            case Operand.Reg r -> sb.append(reg(r, spec));
            case Operand.Imm imm -> {
                if (spec.kind() == OperandSpec.Kind.ONE) sb.append('1');
                else hex(OperandBuilder.mask(imm.value(), imm.size()), sb);
            }
            case Operand.Rel rel -> hex(rel.target(), sb);
            case Operand.Far far -> {
                hex(far.selector() & 0xFFFF, sb);
                sb.append(':');
                hex(far.offset(), sb);
            }
            case Operand.Mem mem -> memory(ins, spec, mem, hints, sb);
        }
    }

    private static String reg(Operand.Reg r, OperandSpec spec) {
        return switch (r.cls()) {
            case GPR -> gpr(r.num(), r.size());
            case GPR8H -> R8H[r.num()];
            case SEG -> SEG[r.num()];
            case CR -> "cr" + r.num();
            case DR -> "dr" + r.num();
            case MMX -> "mm" + r.num();
            case XMM -> "xmm" + r.num();
            case YMM -> "ymm" + r.num();
            case ST -> spec.kind() == OperandSpec.Kind.ST0 ? "st" : "st(" + r.num() + ")";
        };
    }

    private static void memory(Instruction ins, OperandSpec spec, Operand.Mem mem, int hints, StringBuilder sb) {
        sb.append(ptr(ins, spec, mem));
        boolean m64 = ins.mode() == Mode.BITS64;
        boolean implicit = spec.kind() == OperandSpec.Kind.X || spec.kind() == OperandSpec.Kind.Y
                || spec.kind() == OperandSpec.Kind.XLATB;
        boolean absolute = mem.base() == Operand.Mem.NONE && mem.index() == Operand.Mem.NONE;
        boolean showSeg = implicit || absolute
                || (mem.segOverride() && (!m64 || mem.seg() == Seg.FS || mem.seg() == Seg.GS));
        if (showSeg) sb.append(SEG[mem.seg().ordinal()]).append(':');
        if (absolute) {
            hex(OperandBuilder.mask(mem.disp(), mem.addrSize()), sb);
            return;
        }
        int as = mem.addrSize();
        sb.append('[');
        if (mem.base() == Operand.Mem.RIP) {
            sb.append(as == 64 ? "rip" : "eip");
            sb.append('+');
            hex(OperandBuilder.mask(mem.disp() - ins.next(), as), sb);
            sb.append(']');
            return;
        }
        boolean any = false;
        if (mem.base() != Operand.Mem.NONE) { sb.append(gpr(mem.base(), as)); any = true; }
        if (mem.index() != Operand.Mem.NONE) {
            if (any) sb.append('+');
            if (spec.kind() == OperandSpec.Kind.VSIB) {
                boolean y = spec.regSize() == OperandSpec.Size.x && ins.has(Prefix.VEX_L);
                sb.append(y ? "ymm" : "xmm").append(mem.index());
            } else {
                sb.append(gpr(mem.index(), as));
            }
            if (as != 16) sb.append('*').append(mem.scale());
            any = true;
        } else if ((hints & Instruction.HINT_SIB) != 0 && (mem.base() & 7) != 4) {
            sb.append('+').append(as == 64 ? "riz" : "eiz").append('*').append(mem.scale());
        }
        if (mem.disp() != 0 || (hints & Instruction.HINT_DISP) != 0 || mem.base() == Operand.Mem.NONE) {
            signedDisp(mem.disp(), as, sb);
        }
        sb.append(']');
    }

    private static void signedDisp(long d, int addrSize, StringBuilder sb) {
        if (addrSize == 16) d = (short) d;
        else if (addrSize == 32) d = (int) d;
        if (d < 0) { sb.append('-'); hex(-d, sb); } else { sb.append('+'); hex(d, sb); }
    }

    private static String ptr(Instruction ins, OperandSpec spec, Operand.Mem mem) {
        Form f = ins.form();
        if ((f.attrs & Form.NOPTR) != 0 || spec.kind() == OperandSpec.Kind.O) return "";
        if (spec.memSize() == OperandSpec.Size.o) return "OWORD PTR ";
        if (ins.mnemonic() == Mnemonic.INVLPG) return "BYTE PTR ";
        return switch (mem.size()) {
            case 8 -> "BYTE PTR ";
            case 16 -> "WORD PTR ";
            case 32 -> "DWORD PTR ";
            case 48 -> "FWORD PTR ";
            case 64 -> "QWORD PTR ";
            case 80 -> "TBYTE PTR ";
            case 128 -> "XMMWORD PTR ";
            case 256 -> "YMMWORD PTR ";
            default -> "";
        };
    }

    static void hex(long v, StringBuilder sb) {
        sb.append("0x").append(Long.toHexString(v));
    }
}

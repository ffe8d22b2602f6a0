package dev.jvmx.runtime.exec;

import dev.jvmx.x86.Instruction;
import dev.jvmx.x86.Mnemonic;
import dev.jvmx.x86.Mode;
import dev.jvmx.x86.Operand;
import dev.jvmx.x86.Operand.Imm;
import dev.jvmx.x86.Operand.Mem;
import dev.jvmx.x86.Operand.Reg;
import dev.jvmx.x86.RegClass;
import dev.jvmx.x86.Seg;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * Test-side description of one 64-bit instruction: gives both its nasm text (for the host) and the
 * {@link Instruction} record the decoder would produce (so semantics can be tested before, and
 * independently of, the decoder).
 */
record Insn(Mnemonic mnemonic, int opSize, int cond, int prefixes, Operand... ops) {
    private static final String[] R64 = {"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi"};
    private static final String[] R8 = {"al", "cl", "dl", "bl", "spl", "bpl", "sil", "dil"};
    private static final String[] R8H = {"ah", "ch", "dh", "bh"};

    static Insn of(Mnemonic m, Operand... ops) {
        return new Insn(m, ops.length > 0 ? ops[0].size() : 64, -1, 0, ops);
    }

    static Reg gpr(int num, int size) { return new Reg(RegClass.GPR, num, size); }

    static Reg xmm(int num) { return new Reg(RegClass.XMM, num, 128); }

    static Imm imm(long v, int size) { return new Imm(v, size); }

    static Mem mem(int base, long disp, int size) {
        return new Mem(Seg.DS, false, base, Mem.NONE, 1, disp, size, 64);
    }

    Instruction instruction(long address, int length) {
        return new Instruction(address, length, mnemonic, null, Mode.BITS64, opSize, 64, prefixes, cond, ops);
    }

    String asm() {
        String name = mnemonic.text();
        if (mnemonic.name().endsWith("_SSE")) name = mnemonic.name().substring(0, mnemonic.name().indexOf('_')).toLowerCase(Locale.ROOT);
        boolean compares = name.startsWith("cmps") || name.startsWith("scas");
        if ((prefixes & dev.jvmx.x86.Prefix.REP) != 0) name = (compares ? "repe " : "rep ") + name;
        if ((prefixes & dev.jvmx.x86.Prefix.REPNE) != 0) name = "repne " + name;
        StringJoiner j = new StringJoiner(", ", name + " ", "");
        for (Operand o : ops) j.add(text(o));
        return ops.length == 0 ? name : j.toString();
    }

    static String text(Operand o) {
        return switch (o) {
            case Reg r when r.cls() == RegClass.GPR8H -> R8H[r.num()];
            case Reg r when r.cls() == RegClass.XMM -> "xmm" + r.num();
            case Reg r -> gprName(r.num(), r.size());
            case Imm i -> Long.toString(i.value());
            case Mem m -> (m.size() == 0 ? "" : sizeWord(m.size()) + " ") + "[" + gprName(m.base(), 64)
                    + (m.index() == Mem.NONE ? "" : "+" + gprName(m.index(), 64) + "*" + m.scale())
                    + (m.disp() >= 0 ? "+" : "") + m.disp() + "]";
            default -> throw new IllegalArgumentException(o.toString());
        };
    }

    static String gprName(int n, int size) {
        if (n < 8) {
            return switch (size) {
                case 64 -> R64[n];
                case 32 -> "e" + R64[n].substring(1);
                case 16 -> R64[n].substring(1);
                default -> R8[n];
            };
        }
        return "r" + n + switch (size) { case 64 -> ""; case 32 -> "d"; case 16 -> "w"; default -> "b"; };
    }

    private static String sizeWord(int size) {
        return switch (size) { case 8 -> "byte"; case 16 -> "word"; case 32 -> "dword"; case 64 -> "qword"; default -> "oword"; };
    }
}

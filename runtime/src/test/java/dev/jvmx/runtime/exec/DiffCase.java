package dev.jvmx.runtime.exec;

/**
 * One differential case: the initial 16 GPRs and RFLAGS, the instruction, and whether it touches
 * the data area (then the area is compared by hash).
 */
record DiffCase(long[] gpr, long rflags, long[] xmm, int mxcsr, Insn insn, boolean touchesMemory) {
    DiffCase(long[] gpr, long rflags, Insn insn, boolean touchesMemory) {
        this(gpr, rflags, new long[8], 0x1F80, insn, touchesMemory);
    }

    DiffCase(long[] gpr, long rflags, long[] xmm, Insn insn, boolean touchesMemory) {
        this(gpr, rflags, xmm, 0x1F80, insn, touchesMemory);
    }

    String describe() {
        StringBuilder b = new StringBuilder(insn.asm()).append("   [init");
        String[] names = {"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi"};
        for (int i = 0; i < 8; i++) b.append(' ').append(names[i]).append('=').append(Long.toHexString(gpr[i]));
        b.append(" fl=").append(Long.toHexString(rflags));
        if (insn.ops().length > 0 && Insn.text(insn.ops()[0]).startsWith("xmm")) {
            for (int i = 0; i < 4; i++) b.append(" xmm").append(i).append('=').append(Long.toHexString(xmm[2 * i + 1])).append(':').append(Long.toHexString(xmm[2 * i]));
        }
        if (mxcsr != 0x1F80) b.append(" mxcsr=").append(Integer.toHexString(mxcsr));
        return b.append(']').toString();
    }
}

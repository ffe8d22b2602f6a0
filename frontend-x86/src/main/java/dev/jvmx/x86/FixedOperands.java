package dev.jvmx.x86;

import java.util.Map;

/** Fixed-register operand names allowed in the definition table (AL, rAX, eAX, DX, ES, ST0...). */
final class FixedOperands {
    private FixedOperands() {}

    private static final Map<String, OperandSpec> BY_NAME = Map.ofEntries(
            gpr("AL", 0, OperandSpec.Size.b), gpr("CL", 1, OperandSpec.Size.b),
            gpr("DL", 2, OperandSpec.Size.b), gpr("BL", 3, OperandSpec.Size.b),
            gpr("AX", 0, OperandSpec.Size.w), gpr("DX", 2, OperandSpec.Size.w),
            gpr("EAX", 0, OperandSpec.Size.d), gpr("ECX", 1, OperandSpec.Size.d),
            gpr("RAX", 0, OperandSpec.Size.q),
            gpr("rAX", 0, OperandSpec.Size.v), gpr("eAX", 0, OperandSpec.Size.z),
            gpr("rCX", 1, OperandSpec.Size.v), gpr("rDX", 2, OperandSpec.Size.v),
            seg("ES", Seg.ES), seg("CS", Seg.CS), seg("SS", Seg.SS), seg("DS", Seg.DS),
            seg("FS", Seg.FS), seg("GS", Seg.GS),
            Map.entry("1", new OperandSpec(OperandSpec.Kind.ONE, OperandSpec.Size.b, OperandSpec.Size.NONE, 1)),
            Map.entry("ST0", new OperandSpec(OperandSpec.Kind.ST0, OperandSpec.Size.t, OperandSpec.Size.NONE, 0)),
            Map.entry("XLATB", new OperandSpec(OperandSpec.Kind.XLATB, OperandSpec.Size.b, OperandSpec.Size.b, 3)),
            Map.entry("XMM0", new OperandSpec(OperandSpec.Kind.XMM0, OperandSpec.Size.dq, OperandSpec.Size.NONE, 0)));

    private static Map.Entry<String, OperandSpec> gpr(String name, int num, OperandSpec.Size size) {
        return Map.entry(name, new OperandSpec(OperandSpec.Kind.FIXED_GPR, size, OperandSpec.Size.NONE, num));
    }

    private static Map.Entry<String, OperandSpec> seg(String name, Seg seg) {
        return Map.entry(name, new OperandSpec(OperandSpec.Kind.FIXED_SEG, OperandSpec.Size.w,
                OperandSpec.Size.NONE, seg.ordinal()));
    }

    static OperandSpec lookup(String name) { return BY_NAME.get(name); }
}

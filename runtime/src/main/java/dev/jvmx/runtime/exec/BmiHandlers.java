package dev.jvmx.runtime.exec;

import dev.jvmx.runtime.cpu.Bmi;
import dev.jvmx.x86.Instruction;
import dev.jvmx.x86.Mnemonic;

/**
 * BMI1, BMI2 and ADX general-purpose forms over {@link Bmi}. Operand order is the definition
 * table's (Intel order): {@code ANDN Gy,By,Ey}, {@code BLSx By,Ey}, {@code BEXTR/BZHI/SHLX Gy,Ey,By},
 * {@code PDEP/PEXT Gy,By,Ey}, {@code MULX Gy(high),By(low),Ey}, {@code RORX Gy,Ey,Ib}. These VEX
 * forms do not depend on CR4.OSXSAVE or XCR0 (SDM Vol. 2A §2.5.1, exception class 13); the
 * feature gate raises #UD unless the CPU model advertises BMI1, BMI2 or ADX.
 */
final class BmiHandlers {
    private BmiHandlers() {}

    static void register(Handler[] t) {
        t[Mnemonic.ANDN.ordinal()] = (c, i) -> Operands.write(c, i.op(0), Bmi.andn(c.cpu, Operands.read(c, i.op(1)), Operands.read(c, i.op(2)), size(i)));
        t[Mnemonic.BLSI.ordinal()] = (c, i) -> Operands.write(c, i.op(0), Bmi.blsi(c.cpu, Operands.read(c, i.op(1)), size(i)));
        t[Mnemonic.BLSMSK.ordinal()] = (c, i) -> Operands.write(c, i.op(0), Bmi.blsmsk(c.cpu, Operands.read(c, i.op(1)), size(i)));
        t[Mnemonic.BLSR.ordinal()] = (c, i) -> Operands.write(c, i.op(0), Bmi.blsr(c.cpu, Operands.read(c, i.op(1)), size(i)));
        t[Mnemonic.BEXTR.ordinal()] = (c, i) -> Operands.write(c, i.op(0), Bmi.bextr(c.cpu, Operands.read(c, i.op(1)), Operands.read(c, i.op(2)), size(i)));
        t[Mnemonic.BZHI.ordinal()] = (c, i) -> Operands.write(c, i.op(0), Bmi.bzhi(c.cpu, Operands.read(c, i.op(1)), Operands.read(c, i.op(2)), size(i)));
        t[Mnemonic.PDEP.ordinal()] = (c, i) -> Operands.write(c, i.op(0), Bmi.pdep(Operands.read(c, i.op(1)), Operands.read(c, i.op(2)), size(i)));
        t[Mnemonic.PEXT.ordinal()] = (c, i) -> Operands.write(c, i.op(0), Bmi.pext(Operands.read(c, i.op(1)), Operands.read(c, i.op(2)), size(i)));
        t[Mnemonic.RORX.ordinal()] = (c, i) -> Operands.write(c, i.op(0), Bmi.rorx(Operands.read(c, i.op(1)), (int) Operands.read(c, i.op(2)), size(i)));
        t[Mnemonic.SHLX.ordinal()] = (c, i) -> shiftx(c, i, 0);
        t[Mnemonic.SHRX.ordinal()] = (c, i) -> shiftx(c, i, 1);
        t[Mnemonic.SARX.ordinal()] = (c, i) -> shiftx(c, i, 2);
        t[Mnemonic.MULX.ordinal()] = BmiHandlers::mulx;
        t[Mnemonic.ADCX.ordinal()] = (c, i) -> adx(c, i, false);
        t[Mnemonic.ADOX.ordinal()] = (c, i) -> adx(c, i, true);
    }

    private static int size(Instruction i) {
        return i.op(0).size();
    }

    private static void shiftx(ExecContext c, Instruction i, int kind) {
        Operands.write(c, i.op(0), Bmi.shiftx(Operands.read(c, i.op(1)), Operands.read(c, i.op(2)), size(i), kind));
    }

    /** MULX: EDX/RDX times the source; the low half goes to the second operand first, so equal destinations keep the high half (SDM "MULX"). */
    private static void mulx(ExecContext c, Instruction i) {
        int size = size(i);
        long a = c.cpu.gpr[2], b = Operands.read(c, i.op(2));
        long hi = Bmi.mulxHigh(a, b, size), lo = Bmi.mulxLow(a, b, size);
        Operands.write(c, i.op(1), lo);
        Operands.write(c, i.op(0), hi);
    }

    private static void adx(ExecContext c, Instruction i, boolean overflow) {
        Operands.write(c, i.op(0), Bmi.addCarry(c.cpu, Operands.read(c, i.op(0)), Operands.read(c, i.op(1)), size(i), overflow));
    }
}

package dev.jvmx.translator;

import static org.objectweb.asm.Opcodes.*;

import dev.jvmx.x86.Instruction;
import dev.jvmx.x86.Operand;
import org.objectweb.asm.MethodVisitor;

/**
 * Guest GPRs held in JVM long locals for the life of one generated method (tier 2's register
 * allocation, used where code loops inside its method: regions and blocks that loop on
 * themselves). {@code CpuState.gpr} is the authority outside the method and for everything the
 * method calls, so the cache is written back before each call that reads guest registers
 * ({@code Interpreter.step}, the stack helpers) and at every exit, and reloaded after each call that
 * may write them. Locals are set at the top of the method, before the guarded range, so the
 * fault handler can write them back: inline forms write a register last, after anything that can
 * fault, so at a fault the locals hold the state of the instruction boundary.
 *
 * <pre>
 *   slot: 6-7 scratch long   8 + 2n  GPR n (for the n in {@link #mask})
 * </pre>
 * An empty cache (tier-1 blocks) leaves every access on the {@code gpr} array.
 */
final class RegisterCache {
    static final int TMP = 6, FIRST = 8;

    private final MethodVisitor mv;
    private final int mask;

    private RegisterCache(MethodVisitor mv, int mask) {
        this.mv = mv;
        this.mask = mask;
    }

    static RegisterCache none(MethodVisitor mv) {
        return new RegisterCache(mv, 0);
    }

    /** Caches every GPR an operand of {@code segments} names. */
    static RegisterCache of(MethodVisitor mv, Segment[] segments) {
        int m = 0;
        for (Segment s : segments) {
            for (Instruction i : s.instructions()) {
                for (int k = 0; k < i.operandCount(); k++) m |= registers(i.op(k));
            }
        }
        return new RegisterCache(mv, m);
    }

    private static int registers(Operand o) {
        return switch (o) {
            case Operand.Reg r when r.cls() == dev.jvmx.x86.RegClass.GPR -> 1 << r.num();
            case Operand.Mem m -> (m.base() >= 0 && m.base() < 16 ? 1 << m.base() : 0) | (m.index() >= 0 ? 1 << m.index() : 0);
            default -> 0;
        };
    }

    boolean cached(int n) { return (mask & (1 << n)) != 0; }

    int slot(int n) { return FIRST + 2 * n; }

    void loadAll() {
        for (int n = 0; n < 16; n++) if (cached(n)) load(n);
    }

    void writeBackAll() {
        for (int n = 0; n < 16; n++) if (cached(n)) writeBack(n);
    }

    /** Local of GPR {@code n} from {@code cpu.gpr} (after a call that may have changed it). */
    void load(int n) {
        if (!cached(n)) return;
        mv.visitVarInsn(ALOAD, BlockEmitter.GPR);
        mv.visitIntInsn(BIPUSH, n);
        mv.visitInsn(LALOAD);
        mv.visitVarInsn(LSTORE, slot(n));
    }

    /** {@code cpu.gpr[n]} from its local (before a call that reads it, or an exit). */
    void writeBack(int n) {
        if (!cached(n)) return;
        mv.visitVarInsn(ALOAD, BlockEmitter.GPR);
        mv.visitIntInsn(BIPUSH, n);
        mv.visitVarInsn(LLOAD, slot(n));
        mv.visitInsn(LASTORE);
    }
}

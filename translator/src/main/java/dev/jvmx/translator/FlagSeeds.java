package dev.jvmx.translator;

import static org.objectweb.asm.Opcodes.LLOAD;
import static org.objectweb.asm.Opcodes.LSTORE;

import dev.jvmx.runtime.cpu.LazyFlags;
import dev.jvmx.x86.Instruction;
import dev.jvmx.x86.Mnemonic;
import dev.jvmx.x86.Operand;
import dev.jvmx.x86.RegClass;
import org.objectweb.asm.MethodVisitor;

/**
 * What the flag record's long locals hold when a method is entered at a segment: on entry the
 * record is {@code CpuState}'s ({@link FusedConditions#IN_CPU}), so those locals are never read
 * before a producer writes them, and any value will do. Zero would do; the value the producer that
 * closes the loop leaves there does better: for {@code cmp rdi, rax; jne top} that is RDI and RAX,
 * so entering with the GPR locals of RDI and RAX makes the record locals at {@code top} the same
 * values, on every path, as the GPR locals: C2 keeps one phi for each instead of two (C2's code
 * for the crc32 loop held the closing CMP's operands in registers of their own while guest
 * registers went to the stack; with this and the compact record, sieve's user CPU fell 14%).
 * A guess that does not match the code costs only that copy; it is never wrong.
 *
 * <p>The producer: the last flag producer before the end of a segment's run that jumps or falls
 * to the segment (the first such found), when it is an inline form whose record fields are whole
 * GPRs or constants: ADD/SUB/CMP (ccA the destination, ccB the source), AND/OR/XOR/TEST of a
 * register with itself and INC/DEC (ccRes the register written), at 32 or 64 bits (a narrower
 * field is masked, never the GPR local itself).
 */
final class FlagSeeds {
    private static final int NONE = -1;
    /** Per segment, per long field of the record ({@link RegisterCache#CC_A}...): the GPR whose local to copy, or NONE. */
    private final int[][] gpr;
    /** Per segment, per long field: the constant to store where {@code gpr} is NONE (0: nothing to store). */
    private final long[][] constant;

    private FlagSeeds(int n) {
        gpr = new int[n][4];
        constant = new long[n][4];
        for (int[] g : gpr) java.util.Arrays.fill(g, NONE);
    }

    /** @param runs the instructions each segment's method code runs ({@code BlockEmitter}'s runs) */
    static FlagSeeds of(Segment[] segments, int[] runs) {
        FlagSeeds s = new FlagSeeds(segments.length);
        for (int j = 0; j < segments.length; j++) {
            if (!segments[j].whole()) continue;
            for (int i = 0; i < segments.length; i++) {
                Instruction[] ins = segments[i].instructions();
                if (runs[i] == 0 || !reaches(ins, runs[i], segments[j].start())) continue;
                if (s.seed(j, lastProducer(ins, runs[i]))) break;
            }
        }
        return s;
    }

    /** Whether the run of {@code run} instructions of {@code ins} goes on to {@code target}. */
    private static boolean reaches(Instruction[] ins, int run, long target) {
        if (run < ins.length) return ins[run].address() == target;
        Instruction last = ins[run - 1];
        if (last.operandCount() == 1 && last.op(0) instanceof Operand.Rel r && r.target() == target) return true;
        return last.next() == target && last.mnemonic() != Mnemonic.JMP && last.mnemonic() != Mnemonic.RET;
    }

    /** The last instruction before {@code end} that writes flags (null when none, or a call or exit comes after it). */
    private static Instruction lastProducer(Instruction[] ins, int end) {
        for (int n = end - 1; n >= 0; n--) {
            Instruction i = ins[n];
            boolean branch = i.operandCount() == 1 && i.op(0) instanceof Operand.Rel && i.mnemonic() != Mnemonic.CALL;
            if (!branch && !FlagCode.keepsRecord(i)) return i;
        }
        return null;
    }

    /**
     * Seeds segment {@code j} from producer {@code p}; false when {@code p} gives nothing to seed.
     * Which field holds what is the compact layout's ({@link FusedConditions#storesOperands},
     * {@link FusedConditions#storesResult}): the operands the destination and the source, the
     * result the destination as written (for TEST, which writes none, only when it tests a
     * register with itself).
     */
    private boolean seed(int j, Instruction p) {
        if (p == null || p.operandCount() < 1 || !(p.op(0) instanceof Operand.Reg d) || !wide(d)) return false;
        int kind = switch (p.mnemonic()) {
            case ADD -> LazyFlags.ADD;
            case SUB, CMP -> LazyFlags.SUB;
            case AND, OR, XOR, TEST -> LazyFlags.LOGIC;
            case INC -> LazyFlags.INC;
            case DEC -> LazyFlags.DEC;
            default -> LazyFlags.NONE;
        };
        boolean unary = kind == LazyFlags.INC || kind == LazyFlags.DEC;
        if (kind == LazyFlags.NONE || p.operandCount() != (unary ? 1 : 2)) return false;
        if (FusedConditions.storesResult(kind)) {
            boolean same = unary || p.op(1) instanceof Operand.Reg r && r.num() == d.num() && r.size() == d.size();
            if (p.mnemonic() == Mnemonic.TEST && !same) return false;
            gpr[j][RES] = d.num();
        }
        if (FusedConditions.storesOperands(kind)) {
            gpr[j][A] = d.num();
            Operand s = p.op(1);
            if (s instanceof Operand.Reg r && wide(r)) gpr[j][B] = r.num();
            else if (s instanceof Operand.Imm imm) constant[j][B] = imm.value() & LazyFlags.mask(d.size());
        }
        return true;
    }

    /** The long fields of the record, in {@code RegisterCache}'s order from {@link RegisterCache#CC_A}. */
    private static final int A = 0, B = 1, RES = 2;

    private static boolean wide(Operand.Reg r) {
        return r.cls() == RegClass.GPR && (r.size() == 64 || r.size() == 32);
    }

    /** Stores segment {@code j}'s seeds into the record's long locals (after {@link RegisterCache#flagsInCpu}, which zeroed them). */
    void emit(MethodVisitor mv, OperandCode op, RegisterCache regs, int j) {
        for (int f = 0; f < 4; f++) {
            int slot = RegisterCache.CC_A + 2 * f;
            int n = gpr[j][f];
            if (n != NONE && regs.cached(n)) {
                mv.visitVarInsn(LLOAD, regs.slot(n));
                mv.visitVarInsn(LSTORE, slot);
            } else if (n == NONE && constant[j][f] != 0) {
                op.pushLong(constant[j][f]);
                mv.visitVarInsn(LSTORE, slot);
            }
        }
    }
}

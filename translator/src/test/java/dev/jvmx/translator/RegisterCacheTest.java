package dev.jvmx.translator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvmx.runtime.cpu.CpuState;
import dev.jvmx.x86.Instruction;
import dev.jvmx.x86.Operand;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Which address shapes {@link RegisterCache#of} gives a data window: only a base register no
 * emitted instruction writes, implicit writes included, counting the instructions the method
 * emits (a run cut where another segment starts counts up to the cut).
 */
class RegisterCacheTest {
    private static final MethodVisitor NONE = new MethodVisitor(Opcodes.ASM9) {};

    @BeforeAll
    static void nasm() {
        Nasm.require();
    }

    private static Instruction[] decode(String asm) {
        Guest g = new Guest(Nasm.assemble(Guest.CODE, asm), 1);
        return new BlockDecoder(64).decode(g.mem, g.cpu.mode, Guest.CODE);
    }

    /** Whether a loop reading twice through {@code [base]} and running {@code write} gives that shape a window. */
    private static boolean windowed(int base, String write) {
        String r = new String[] {"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi"}[base];
        Instruction[] ins = decode("top: mov r9d, [" + r + "]\nadd r9d, [" + r + "]\n" + write + "\ndec r10d\njnz top");
        RegisterCache c = RegisterCache.of(NONE, new Segment[] {new Segment(ins, true)}, new int[] {ins.length});
        return c.window(RegisterCache.windowKey(base, Operand.Mem.NONE)) >= 0;
    }

    @Test
    void aBaseRegisterAnInstructionWritesWithoutNamingItGetsNoWindow() {
        assertTrue(windowed(CpuState.RDX, "nop"), "the control: two reads through [rdx] get a window");
        assertTrue(windowed(CpuState.RDX, "imul ecx, ebx"), "two-operand IMUL writes only its destination");
        String[][] cases = {
            {"rdx", "cqo"}, {"rdx", "cdq"}, {"rdx", "mul ecx"}, {"rdx", "div ecx"}, {"rdx", "imul ecx"}, {"rdx", "rdtsc"},
            {"rax", "cmpxchg [r8], ecx"}, {"rax", "cdqe"}, {"rax", "lodsb"}, {"rsi", "lodsb"}, {"rsi", "movsb"},
            {"rdi", "stosb"}, {"rdi", "scasb"}, {"rcx", "rep stosb"}, {"rbx", "cpuid"}, {"rbp", "leave"},
        };
        for (String[] c : cases) {
            int base = Arrays.asList("rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi").indexOf(c[0]);
            assertEquals(false, windowed(base, c[1]), c[1] + " writes " + c[0]);
        }
    }

    @Test
    void onlyTheInstructionsTheMethodEmitsCount() {
        // segment 0 runs one instruction (a NOP) and goes on into segment 1, which starts at its second
        Instruction[] whole = decode("nop\nmov r9d, [rbx]\njmp $-3");
        Segment first = new Segment(whole, true), second = new Segment(Arrays.copyOfRange(whole, 1, whole.length), true);
        int key = RegisterCache.windowKey(CpuState.RBX, Operand.Mem.NONE);
        RegisterCache cut = RegisterCache.of(NONE, new Segment[] {first, second}, new int[] {1, second.length()});
        assertEquals(-1, cut.window(key), "one read through [rbx] is emitted: no window");
        RegisterCache both = RegisterCache.of(NONE, new Segment[] {first, second}, new int[] {whole.length, second.length()});
        assertTrue(both.window(key) >= 0, "the control: emitted twice, it gets one");
    }
}

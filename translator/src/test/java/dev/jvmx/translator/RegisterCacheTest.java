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
 * Which address shapes {@link RegisterCache#of} gives a data window: with one-page windows
 * ({@code -Djvmx.jit.spans=false}) only a base register no instruction of the method writes,
 * implicit writes included; with span windows (the default) a written base keeps its window.
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
        return windowed(base, write, false);
    }

    private static boolean windowed(int base, String write, boolean spans) {
        String r = new String[] {"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi"}[base];
        Instruction[] ins = decode("top: mov r9d, [" + r + "]\nadd r9d, [" + r + "]\n" + write + "\ndec r10d\njnz top");
        RegisterCache c = RegisterCache.of(NONE, new Segment[] {new Segment(ins, true)}, spans);
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
    void withSpanWindowsAWrittenBaseKeepsItsWindow() {
        assertTrue(windowed(CpuState.RDX, "cqo", true), "cqo writes rdx, and a span window re-checks every access");
        assertTrue(windowed(CpuState.RSI, "add rsi, 8", true), "a moving cursor");
        assertEquals(false, windowed(CpuState.RSI, "add rsi, 8", false), "the same cursor without spans");
    }
}

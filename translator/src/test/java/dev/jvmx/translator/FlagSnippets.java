package dev.jvmx.translator;

import java.util.Map;

/**
 * Differential snippets for the lazy-flag record of translated code ({@link FlagCode},
 * {@link FlagSeeds}): the flags a fault or an exit observes after chains of producers in loops.
 */
final class FlagSnippets {
    private FlagSnippets() {}

    /** The last flag producers of the chains below: every kind of record the translator keeps in locals. */
    private static final String[] LAST_PRODUCERS = {"cmp rdi, rbp", "add r8, r9", "sub r10d, 7", "inc r10d", "dec r11w",
        "adc r12, rdx", "sbb r13d, 5", "and r14, rax", "test r13b, r13b", "neg r12", "shr r15, 3", "sar edx, 2",
        "shl r9b, 1", "imul r9, rdx", "ror r8, 5", "rol r10b, 1", "bsf r11, r9", "popcnt r12w, r13w"};

    /** A chain of flag producers of every kind, none of them the last one. */
    private static final String CHAIN = """
            add rdx, rax
            sub r8, rdx
            inc r9
            adc r10, r8
            shl r11, 3
            xor r12, r10
            imul r13, r11
            ror r14, 3
            dec r15w
            """;

    /**
     * Flags observed at a fault and after an exit, for each {@link #LAST_PRODUCERS last producer}:
     * a loop that ends only by faulting, on a load at the loop head (the record arrives over the
     * back edge, left by the last producer of the previous iteration) or on a load right after the
     * chain, or at the loop head on the loop's first run (the record still the CPU's, the record
     * locals holding {@link FlagSeeds}' guesses); and counted loops whose flags are read by the
     * code after them (PUSHF, ADC) once they exit: closed by DEC/JNZ (DEC keeps the last
     * producer's carry) or by LOOP (no flags written).
     */
    static void addTo(Map<String, String> m) {
        int n = 0;
        for (String last : LAST_PRODUCERS) {
            String start = "mov rbx, 0x601f00\nmov rbp, " + (0x5000 + 77 * n) + "\n";
            m.put("fault-at-a-loop-head-after-" + last, start + "top: mov rax, [rbx]\n" + CHAIN + last
                    + "\nlea rbx, [rbx+8]\njmp top");
            m.put("fault-after-a-chain-ending-in-" + last, start + "top: " + CHAIN + last
                    + "\nmov rax, [rbx]\nlea rbx, [rbx+8]\njmp top");
            m.put("flags-read-after-a-loop-exit-" + last, "mov ecx, " + (20 + n) + "\ntop: " + CHAIN + last
                    + "\nmov [rsi+rcx*8], r12\ndec ecx\njnz top\nadc rax, rcx\npushfq\npop rbx\nhlt");
            m.put("fault-at-a-loop-head-on-entering-the-loop-after-" + last, "mov rbx, 0x601ff8\ntop: mov rax, [rbx]\n"
                    + last + "\nlea rbx, [rbx+8]\njmp top");
            m.put("flags-read-after-a-loop-instruction-exit-" + last, "mov ecx, " + (20 + n) + "\ntop: " + CHAIN + last
                    + "\nloop top\npushfq\npop rbx\nhlt");
            n++;
        }
    }
}

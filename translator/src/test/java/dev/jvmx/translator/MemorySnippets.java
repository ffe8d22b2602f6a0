package dev.jvmx.translator;

import java.util.Map;

/**
 * Differential snippets for the memory fast paths of translated code ({@link OperandCode}): the
 * stack window (RSP's one-page window in looping methods) at page ends, faulting, and meeting a
 * page that holds translated code. The stack of {@link Guest} is the four pages below
 * {@code STACK_TOP} (0x7f0000), RSP starts 0x100 below it.
 */
final class MemorySnippets {
    private MemorySnippets() {}

    static void addTo(Map<String, String> m) {
        // RSP misaligned by 3: one push of the loop straddles the page end at 0x7ef000 (the window
        // must send it to the TLB path), the [rsp+8] reads and the pops come back across it
        m.put("stack-window-crossing-page-ends", """
                sub rsp, 3
                mov ecx, 700
            top: push rax
                push rbx
                mov rdx, [rsp+8]
                add rbx, rdx
                pop r8
                xor rbx, r8
                dec ecx
                jnz top
                mov ecx, 700
            back: pop rdx
                add rax, rdx
                dec ecx
                jnz back
                add rsp, 3
                hlt""");
        // pushes run off the bottom of the stack mapping: the straddling push at 0x7ebffd faults
        // with RSP, RCX and the stack exactly as before it (earlier pushes all written)
        m.put("stack-window-push-faults-at-the-mapping-end", """
                sub rsp, 3
                xor ecx, ecx
            top: push rcx
                inc rcx
                jmp top""");
        // reads from RSP creeping to the top of the mapping: the first that crosses its end (8
        // bytes at 0x7efff9) faults, though it starts inside the window's page
        m.put("stack-window-read-faults-at-the-mapping-top", """
                xor ecx, ecx
            top: mov rax, [rsp+rcx]
                inc rcx
                jmp top""");
        // a push into a page holding translated code (the called function): the write is seen,
        // the next call runs the new code (mov eax, 2; ret), as in the interpreter
        m.put("stack-window-push-patches-code", """
                mov ecx, 3
                xor ebx, ebx
            top: call fn
                add ebx, eax
                mov rdx, rsp
                lea rsp, [rel fn + 8]
                mov rax, 0x9090c300000002b8
                push rax
                mov rsp, rdx
                dec ecx
                jnz top
                hlt
                times 0x1000 - ($ - $$) nop
            fn: mov eax, 1
                ret
                nop
                nop""");
    }
}

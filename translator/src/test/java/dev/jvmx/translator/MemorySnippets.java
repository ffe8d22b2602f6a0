package dev.jvmx.translator;

import java.util.Map;

/**
 * Differential snippets for the memory fast paths of translated code ({@link OperandCode}): the
 * stack window (RSP's one-page window in looping methods) and the data windows (the same for the
 * base registers a looping method uses most) at page ends, faulting, on a read-only page, and
 * meeting a page that holds translated code, and the spans windows cover (several pages of one
 * mapping, never a page holding code). The stack of {@link Guest} is the four pages below
 * {@code STACK_TOP} (0x7f0000), RSP starts 0x100 below it; RSI and RDI start at the two data
 * pages (0x600000, 0x601000), the read-only page is at 0x610000.
 */
final class MemorySnippets {
    private MemorySnippets() {}

    /** The page-aligned function the code-patching snippets call and patch: fn at 0x401000 returns 1. */
    private static final String FN = """
                times 0x1000 - ($ - $$) nop
            fn: mov eax, 1
                ret""";

    static void addTo(Map<String, String> m) {
        // 16- and 32-byte stores marching up the stack to its mapping end at 0x7f0000, each with
        // new bytes: the one across the end faults and writes nothing, not even the bytes before
        // the end (mem.SplitStore; SDM Vol. 3A §6.6), in the SSE store and the VEX store
        m.put("split-store-into-unmapped-page-writes-nothing", """
                mov rdi, 0x7eff00
                xor ecx, ecx
                pcmpeqb xmm1, xmm1
                psrlq xmm1, 63
            top: paddq xmm0, xmm1
                movdqu [rdi + rcx], xmm0
                add ecx, 8
                jmp top""");
        m.put("split-vex-store-into-unmapped-page-writes-nothing", """
                mov rdi, 0x7eff00
                xor ecx, ecx
                vpcmpeqb ymm1, ymm1, ymm1
                vpsrlq ymm1, ymm1, 63
            top: vpaddq ymm0, ymm0, ymm1
                vmovdqu [rdi + rcx], ymm0
                add ecx, 8
                jmp top""");
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
        // the data windows go to base registers the method never writes, with no index or one a
        // MOVZX bounds: RSI (0x600000) and RDI (0x601000) as the guest starts, displacements
        // reaching the other pages
        // a table lookup as crc32 makes it, [base + byte*4], with the table straddling the data
        // pages' boundary (its entries on both pages, entry 1 across the page end at 0x601000)
        m.put("data-window-table-across-pages", """
                mov ecx, 3000
                xor eax, eax
            top: movzx edx, byte [rsi + rcx]
                xor edx, eax
                movzx edx, dl
                shr eax, 8
                xor eax, [rsi + rdx*4 + 0xFFA]
                add r8d, [rsi + rdx*4 + 0xFF6]
                add eax, ecx
                dec ecx
                jnz top
                hlt""");
        // stores walking up from 0x601003 off the end of the data mapping, the index bounded by a
        // MOVZX (what gives a shape its window): the 8-byte store at 0x601ffb straddles into the
        // unmapped 0x602000 and faults writing nothing, RCX and every earlier store as they were
        m.put("data-window-store-faults-at-the-mapping-end", """
                xor ecx, ecx
            top: movzx edx, cx
                mov rax, [rdi + rdx - 5]
                inc rax
                mov [rdi + rdx + 3], rax
                add ecx, 8
                jmp top""");
        // reads from the read-only page at 0x610000 through [rsi + rdx] (the window must not take
        // it: its write entry never hits), and in the same block a store through the same shape
        // to the data page, on the last pass to 0x610010: it faults with the write bit (with a
        // window filled by the read it would go through)
        m.put("data-window-read-only-page-store-faults", """
                mov ecx, 500
                xor eax, eax
                mov r10d, 0xFFF0
                mov r11d, 0x100
            top: movzx edx, r10w
                add rax, [rsi + rdx + 0x10]
                add rax, [rsi + rdx + 0x18]
                cmp ecx, 1
                mov r12, r11
                cmove r12, r10
                movzx edx, r12w
                mov [rsi + rdx + 0x20], rax
                dec ecx
                jnz top
                hlt""");
        // stores into the page of a called function at 0x401000 (translated code), through RSI:
        // each patch of its immediate is seen by the next call, as in the interpreter
        m.put("data-window-store-patches-code", """
                mov ecx, 3
                xor edi, edi
            top: call fn
                add edi, eax
                mov edx, [rsi - 0x1FF000 + 1]
                inc edx
                mov [rsi - 0x1FF000 + 1], edx
                dec ecx
                jnz top
                hlt
                times 0x1000 - ($ - $$) nop
            fn: mov eax, 1
                ret""");
        // spans (DirectTlb.spans: a window covers the writable, code-free run of pages of one
        // mapping): a cursor base the loop writes (what list's pointer chase and matmul's columns
        // have) walking both data pages, reading and writing through one window across the page
        // end at 0x601000
        m.put("span-window-cursor-across-pages", """
                mov ecx, 1000
                mov rbx, rsi
            top: mov rax, [rbx]
                add rax, rcx
                mov [rbx + 0x10], rax
                add rbx, 8
                dec ecx
                jnz top
                hlt""");
        // the code mapping's third page (0x402000) is written while fn's page (0x401000) holds no
        // code yet, so its entry's span reaches fn's page; fn then runs (its page becomes code:
        // the span must shrink) and the loop patches fn through the same window shape as it
        // stores to the third page: each patch is seen by the next call
        m.put("span-window-shrinks-when-code-appears", """
                lea rbx, [rel fn + 0x1000]
                mov [rbx], rax
                call fn
                xor edi, edi
                mov ecx, 3
            top: mov [rbx + 8], rcx
                mov edx, [rbx - 0x1000 + 1]
                inc edx
                mov [rbx - 0x1000 + 1], edx
                call fn
                add edi, eax
                dec ecx
                jnz top
                hlt
                """ + FN);
        // the third page's entry filled after fn's page holds code (the write after the first
        // call): its span must stop short of fn's page. The loop stores through [rdx] to the
        // third page, and on its last pass (a cmove picks the offset) to fn's immediate, long after
        // the looping method took over: the call after the loop must run the patched code
        m.put("span-window-stops-at-code", """
                lea rbx, [rel fn + 0x1000]
                call fn
                mov [rbx], rax
                mov ecx, 200
                mov r10, 16
                mov r11, -0x1000 + 1
            top: mov [rbx + 8], rcx
                cmp ecx, 1
                lea rdx, [rbx + r10]
                lea r12, [rbx + r11]
                cmove rdx, r12
                mov eax, [rdx]
                inc eax
                mov [rdx], eax
                dec ecx
                jnz top
                call fn
                hlt
                """ + FN);
    }
}

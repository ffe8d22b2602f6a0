package dev.jvmx.translator;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Guest snippets for the differential tests, by name. Register roles (see {@link Guest}): RSI points
 * at the data page, RDI 4 KiB into it, RSP into the stack; every other register starts random.
 * Each ends in HLT (an exit) or a fault; loops make blocks run many times so tiers mix.
 */
final class Snippets {
    private Snippets() {}

    static Map<String, String> all() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("alu-reg-reg", """
                add rax, rbx
                sub rcx, rax
                and rdx, rcx
                or r8, rdx
                xor r9, r8
                cmp r9, rax
                test r10, r9
                add eax, ebx
                sub cx, ax
                xor dl, cl
                add r11b, r12b
                hlt""");
        m.put("alu-reg-imm", """
                add rax, 0x7fffffff
                sub rbx, -1
                and ecx, 0xff00ff00
                or dx, 0x8000
                xor r8b, 0x80
                cmp r9d, 5
                adc r10, 3
                sbb r11d, 7
                test r12, 0x10
                hlt""");
        m.put("flags-readers", """
                cmp rax, rbx
                setb cl
                setl ch
                cmovg rdx, rax
                adc r8, r9
                sbb r10, r11
                cmp eax, eax
                sete r12b
                pushfq
                pop r13
                hlt""");
        m.put("all-jcc", jccChain());
        m.put("mov-forms", """
                mov rax, rbx
                mov ecx, edx
                mov r8w, r9w
                mov r10b, r11b
                mov rax, 0x123456789abcdef0
                mov ebx, -1
                mov qword [rsi+8], rax
                mov dword [rsi+rcx*4+0x10], ebx
                mov word [rsi+2], 0x1234
                mov byte [rsi+1], -5
                mov rdx, [rsi+8]
                mov r9d, [rsi]
                mov r10w, [rsi+2]
                mov r11b, [rsi+1]
                mov ah, bl
                mov bh, [rsi]
                hlt""");
        m.put("lea-forms", """
                lea rax, [rbx+rcx*8+0x100]
                lea ecx, [rdx+rdx*2]
                lea r8, [rel $]
                lea r9w, [rax-1]
                lea r10, [r11*4]
                hlt""");
        m.put("inc-dec-neg-not", """
                stc
                inc rax
                dec ebx
                inc cx
                dec dl
                neg r8
                not r9d
                adc r10, 0
                hlt""");
        m.put("push-pop-call-ret", """
                push rax
                push rbx
                push 0x1234
                push -7
                pop rcx
                pop rdx
                pop r8
                call fn
                pop r9
                push rsp
                pop rsp
                hlt
            fn: push r12
                mov r12, 5
                add r12, r13
                pop r12
                ret""");
        m.put("loop-sum", """
                mov ecx, 200
                xor eax, eax
            top: add rax, rcx
                mov [rsi+rcx*8-8], rax
                dec ecx
                jnz top
                hlt""");
        m.put("nested-loops-mem", """
                mov r8d, 20
            outer: mov ecx, 30
                lea rdx, [rsi+0x100]
            inner: mov eax, [rdx]
                add eax, ecx
                xor eax, r8d
                mov [rdx], eax
                add rdx, 4
                sub ecx, 1
                jg inner
                dec r8d
                jne outer
                hlt""");
        m.put("handler-forms", """
                mov rax, 1000003
                mov ecx, 97
                xor edx, edx
                div rcx
                imul r8, rax, 13
                imul r9d, edx
                shl r10, 3
                sar r11d, cl
                rol r12w, 5
                bt r13, 7
                bsr r14, rax
                xchg rax, rbx
                cmpxchg [rsi], rcx
                xadd [rsi+8], rdx
                movzx eax, byte [rsi+3]
                movsx rbx, word [rsi+4]
                cqo
                hlt""");
        m.put("extend-imul-shift", """
                movzx eax, bl
                movzx ecx, word [rsi+6]
                movsx rdx, cl
                movsx r8d, word [rsi+10]
                movsxd r9, r10d
                movsxd r11, dword [rsi+12]
                imul r12, r13
                imul r14d, [rsi+16], 1000
                imul bx, cx, -3
                shl rax, 5
                shr ecx, 1
                sar dx, cl
                rol r8b, 3
                ror r9, cl
                rcl r10d, 1
                rcr r11w, 7
                sal r12, 63
                mov cl, 0
                shl r13d, cl
                hlt""");
        m.put("string-ops", """
                cld
                mov ecx, 100
                rep movsb
                mov ecx, 10
                mov al, 0x5a
                rep stosb
                std
                lodsb
                cld
                hlt""");
        m.put("alu-memory", """
                add [rsi], rax
                sub qword [rsi+8], 5
                cmp dword [rsi+16], 7
                test byte [rsi+3], 0x40
                and rbx, [rsi+24]
                or [rsi+32], ecx
                xor dx, [rsi+40]
                inc dword [rsi+48]
                not byte [rsi+49]
                hlt""");
        m.put("indirect-branches", """
                lea rbx, [rel t1]
                mov ecx, 50
            top: call rbx
                dec ecx
                jnz top
                lea rax, [rel done]
                jmp rax
                nop
            t1: add rdx, rcx
                ret
            done: hlt""");
        m.put("branchy-loop", """
                mov ecx, 300
                xor eax, eax
            top: test ecx, 1
                jz even
                add eax, ecx
                jmp next
            even: sub eax, 3
                mov [rsi+rcx*4], eax
            next: dec ecx
                jnz top
                hlt""");
        m.put("fault-in-region-loop", """
                mov rbx, 0x601fc0
                mov ecx, 100
            top: mov rax, [rbx]
                test eax, 1
                jz skip
                add rdx, rax
            skip: add rbx, 8
                dec ecx
                jnz top
                hlt""");
        m.put("self-modifying-branchy-loop", """
                mov ecx, 40
                xor ebx, ebx
            top:
            patch: mov eax, 0
                add ebx, eax
                test ecx, 1
                jz skip
                inc dword [rel patch + 1]
            skip: dec ecx
                jnz top
                hlt""");
        // a 16-byte SSE store rewrites the two instructions ahead (mov ebx, imm32; mov edx, imm32;
        // six NOPs) with new immediates each pass: both quadwords land, also when the first one's
        // slow store is what changed translated code
        m.put("movdqu-patches-code-ahead", """
                mov ecx, 6
            top: mov eax, ecx
                shl rax, 8
                or rax, 0xBB
                mov rdx, 0xBA
                shl rdx, 40
                or rax, rdx
                lea edx, [rcx+1]
                imul edx, edx, 0x01010101
                mov r8, rdx
                shl r8, 48
                or rax, r8
                movq xmm0, rax
                shr edx, 16
                mov r8, 0x909090909090
                shl r8, 16
                or rdx, r8
                movq xmm1, rdx
                punpcklqdq xmm0, xmm1
                movdqu [rel patch], xmm0
            patch: mov ebx, 0x10
                mov edx, 0x20
                times 6 nop
                add r9, rbx
                add r10, rdx
                dec ecx
                jnz top
                hlt""");
        m.put("fault-in-a-self-loop-with-cached-registers", """
                mov rbx, 0x601fe8
                mov ecx, 100
            top: add rax, rcx
                mov [rbx], rax
                add rbx, 8
                dec ecx
                jnz top
                hlt""");
        m.put("stack-in-a-loop", """
                mov ecx, 50
            top: push rcx
                mov rax, [rsp]
                add rdx, rax
                pop rbx
                push cx
                pop si
                sub rsp, 8
                add rsp, 8
                mov r8w, si
                dec ecx
                jnz top
                hlt""");
        m.put("handler-calls-in-a-region-loop", """
                mov ecx, 60
                mov r9, 7
            top: mov rax, r9
                xor edx, edx
                div rcx
                add r8, rdx
                test ecx, 3
                jz other
                lea r10, [rax+rcx]
                cmpxchg r14, r10
                add r11, rbx
                jmp next
            other: imul r12, rcx, 5
                xchg r13, r12
            next: add r9, r13
                dec ecx
                jnz top
                hlt""");
        m.put("writes-after-a-handler-call-then-exit", """
                mov ecx, 50
                mov r9, 1000
            top: mov rax, r9
                xor edx, edx
                div rcx
                add r8, rdx
                lea r9, [r9+rax]
                dec ecx
                jnz top
                hlt""");
        m.put("fault-after-a-handler-call-in-a-region-loop", """
                mov rbx, 0x601fc0
                mov ecx, 100
            top: mov rax, rcx
                xor edx, edx
                mov r8d, 3
                div r8
                add r9, rdx
                test ecx, 1
                jz skip
                add r10, [rbx]
            skip: add rbx, 8
                dec ecx
                jnz top
                hlt""");
        m.put("fault-read-unmapped", """
                add rax, 1
                mov rbx, 0x1000
                mov rcx, [rbx]
                add rax, 1
                hlt""");
        m.put("fault-divide", """
                cmp rax, rax
                xor ecx, ecx
                add r8, 3
                div rcx
                hlt""");
        m.put("fault-write-readonly", """
                cmp rax, rax
                mov rbx, 0x610000
                add qword [rbx], 1
                hlt""");
        m.put("fault-push-overflow", """
                mov rsp, 0x7ec008
                push rax
                push rbx
                push rcx
                hlt""");
        m.put("syscall-exit", """
                add rax, rbx
                syscall
                hlt""");
        m.put("ud2", """
                inc rax
                ud2""");
        m.put("lock-on-a-register-is-ud", """
                inc rax
                lock add rax, rbx
                hlt""");
        m.put("lock-on-a-jump-is-ud", """
                inc rax
                db 0xf0
                jmp next
            next: hlt""");
        m.put("invalid-opcode", """
                inc rax
                db 0x06""");
        m.put("instruction-across-a-page-end", """
                times 0xffc nop
                mov rax, 0x1122334455667788
                add rax, rbx
                hlt""");
        m.put("recursive-calls", """
                mov edi, 15
                call fib
                hlt
            fib: cmp rdi, 2
                jb small
                push rdi
                dec rdi
                call fib
                pop rdi
                push rax
                sub rdi, 2
                call fib
                pop rcx
                add rax, rcx
                ret
            small: mov rax, rdi
                ret""");
        m.put("indirect-calls-jumps-ret-imm", """
                lea rax, [rel f1]
                mov [rsi], rax
                lea r9, [rel f2]
                mov ecx, 40
            top: push 7
                call [rsi]
                call r9
                dec ecx
                jnz top
                lea rax, [rel out]
                mov [rsi+16], rax
                jmp [rsi+16]
                hlt
            f1: add rdx, [rsp+8]
                ret 8
            f2: inc r10
                ret
            out: hlt""");
        m.put("return-address-rewritten", """
                mov ecx, 20
            top: call f
                add r8, 1
            back: dec ecx
                jnz top
                hlt
            f: lea rax, [rel back]
                mov [rsp], rax
                ret""");
        m.put("fault-call-pushes-into-unmapped", """
                mov ecx, 5
            top: call f
                dec ecx
                jnz top
                mov rsp, 0x7EC000
                call f
                hlt
            f: ret""");
        m.put("fault-ret-pops-unmapped", """
                mov ecx, 5
            top: call f
                dec ecx
                jnz top
                add rsp, 0x100
                ret
            f: ret""");
        m.put("deferred-flags-read-late", """
                mov ecx, 30
            top: shr rbx, 3
                mov rax, [rsi]
                jc c1
                sar r12d, 1
                js c1
                imul r13, r14
                jo c1
                shl r15w, 5
            c1: adc r8, r9
                sbb r10d, 3
                jbe c2
                inc rdx
            c2: pushfq
                pop rax
                add [rsi+8], rax
                dec ecx
                jnz top
                hlt""");
        m.putAll(AvxSnippets.all());
        m.putAll(IntegerSnippets.all());
        m.put("rotate-flags-read-late", rotateFlagsReadLate());
        m.put("rotate-loop-flags-across-blocks", """
                mov r8d, 60
            top: mov ecx, r8d
                imul rcx, rcx, 7
                ror rax, cl
                jc c1
                rol ebx, 1
                jo c1
                ror dx, 9
                jbe c1
                add r9, rax
            c1: rol r10b, cl
                jl c2
                xor r11, rbx
            c2: ror r12d, 5
                rol r15w, cl
                adc r14, r13
                rcl r13, 1
                pushfq
                pop rbp
                add [rsi+16], rbp
                dec r8d
                rol rdi, 1
                ror rdi, 1
                jnz top
                hlt""");
        m.put("bswap-keeps-flags", """
                mov ecx, 40
            top: cmp rax, rbx
                bswap rax
                bswap ebx
                bswap r9
                bswap r10d
                jl skip
                add rdx, rax
            skip: sub ecx, 1
                bswap rdx
                ja top
                pushfq
                pop r11
                hlt""");
        m.put("bit-scans", """
                mov r8d, 70
            top: xor ecx, ecx
                mov rdx, r8
                shl rdx, 57
                bsf rax, rcx
                bsf rbx, rdx
                bsr r9d, ecx
                bsr r10w, dx
                tzcnt r11, rcx
                tzcnt r12d, edx
                lzcnt r13w, cx
                lzcnt r14, rdx
                popcnt r15d, ecx
                popcnt rbp, rdx
                jz z1
                add rax, 1
            z1: bsf r9, [rsi+r8*8]
                jnz z2
                add rbx, 1
            z2: tzcnt r10, [rsi+r8*8+8]
                jc z3
                lzcnt r11w, [rsi+r8]
                pushfq
                pop rcx
                add [rsi+8], rcx
            z3: dec r8d
                jnz top
                bsr rax, [0x1000]
                hlt""");
        m.put("fault-after-rotates-in-region-loop", """
                mov rbx, 0x601fc0
                mov ecx, 100
            top: add rdx, rcx
                ror rdx, 13
                rol r9w, cl
                ror r10d, 1
                mov rax, [rbx]
                rol rax, 3
                jc skip
                add rdx, rax
            skip: add rbx, 8
                dec ecx
                ror r11b, 2
                jnz top
                hlt""");
        FlagSnippets.addTo(m);
        MemorySnippets.addTo(m);
        return m;
    }

    /**
     * After every kind of flag producer (the six-flag ALU record, INC/DEC's kept carry, deferred
     * shifts (by CL too, count 0 keeping the record before) and IMUL, flags loaded by POPF, another rotate), every ROL/ROR form and size by
     * counts 0, 1, a multiple of the size, above the size and masked: the flags read late by PUSHF
     * (SF/ZF/AF/PF of the producer, CF/OF of the rotate, OF kept for immediate counts other than 1).
     */
    private static String rotateFlagsReadLate() {
        String[] producers = {"cmp rbx, r12", "add r8, r9", "inc r10d", "dec r11w", "test dl, dl", "shr r12, 3",
            "imul r15, rbx", "sbb rbx, rdx", "adc ebx, 7", "or r9b, dl", "neg r12d", "rol r13, 1", "ror r14d, cl",
            "push 0x8d5\npopfq", "push 0\npopfq", "sub al, 0x7f", "shl r8, cl", "sar r9w, cl", "shr r10b, cl", "sar r11d, cl", "bsr r8, r9", "tzcnt r10w, r11w"};
        String[] rotates = {"rol rax, 1", "ror ebx, 7", "rol dx, 17", "ror dl, 9", "rol r8b, 8", "ror r9w, 16",
            "rol r10, cl", "ror r11d, cl", "rol r12w, cl", "ror r13b, cl", "ror r14, 0", "rol r15d, 32", "ror rbp, 63",
            "rol al, cl", "ror ah, 1"};
        int[] counts = {0, 1, 5, 8, 16, 17, 31, 32, 33, 63, 64, 0x87};
        StringBuilder sb = new StringBuilder();
        int n = 0;
        for (String p : producers) {
            for (String r : rotates) {
                sb.append("mov ecx, ").append(counts[n++ % counts.length]).append('\n')
                        .append(p).append('\n').append(r).append('\n')
                        .append("pushfq\npop rcx\nadd [rsi+").append(8 * (n % 64)).append("], rcx\nxor rax, rbx\n");
            }
        }
        return sb.append("hlt").toString();
    }

    /** Every Jcc, each both taken and not, folding results into RAX. */
    private static String jccChain() {
        String[] cc = {"o", "no", "b", "ae", "e", "ne", "be", "a", "s", "ns", "p", "np", "l", "ge", "le", "g"};
        StringBuilder sb = new StringBuilder("xor eax, eax\n");
        int n = 0;
        for (String c : cc) {
            for (String cmp : new String[] {"cmp rbx, rcx", "cmp ecx, ebx", "test dl, dl", "add r8, r9", "inc r10d", "dec r11",
                "shr r12, 3", "sar r13d, 1", "shl r14w, 5", "imul r15, rbx", "sbb rcx, rdx", "adc ebx, 7", "or r9b, dl",
                "neg r12d", "neg cl", "not r9", "ror r12, 7", "rol ebx, cl", "rol r9b, 1", "add ecx, edx\nror cx, 3", "shr r12d, cl", "sar r13w, cl", "shl r14b, cl", "bsf r12, r13", "tzcnt ecx, edx", "popcnt r9w, r10w", "lzcnt r11d, r8d"}) {
                sb.append(cmp).append('\n').append("j").append(c).append(" L").append(n).append('\n')
                        .append("add rax, ").append(n + 1).append('\n')
                        .append("L").append(n).append(": shl rax, 1\n");
                n++;
            }
        }
        return sb.append("hlt").toString();
    }
}

package dev.jvmx.translator;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Snippets for the integer forms {@link InlineIntegers} emits, part of {@link Snippets#all()}:
 * CMOVcc/SETcc after every kind of flag producer, the accumulator extensions, XCHG of registers,
 * the read-modify-write memory forms (the ALU group, shifts and rotates, XCHG, CMPXCHG/XADD; these
 * two of registers too), one-operand MUL/IMUL/DIV/IDIV and the BMI GPR forms, in
 * loops (so they run in regions), with the flags read late (PUSHF); a store fault in the middle
 * of a memory form (the read-only page at 0x610000: the read succeeds, the store faults, the
 * flags must be those before), #DE in the middle of a loop, and an ALU form that patches code
 * ahead of it (the method leaves after the store, with the instruction's flags written).
 */
final class IntegerSnippets {
    private IntegerSnippets() {}

    static Map<String, String> all() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("integer-forms-in-a-region-loop", """
                mov ecx, 40
            top: mov rax, [rsi+rcx*8]
                cmp rax, rbx
                cmovb rbx, rax
                cmovge r8d, [rsi+8]
                cmovne r9w, ax
                setg r10b
                setbe byte [rsi+200]
                cdqe
                cqo
                cwde
                cbw
                cdq
                cwd
                xchg r11, r12
                xchg r13d, r14d
                xchg ax, bx
                xchg r15b, dl
                add [rsi+rcx*4], r11
                adc dword [rsi+16], 0x7fffffff
                sbb word [rsi+24], r13w
                sub byte [rsi+33], 0x80
                and [rsi+40], r12d
                or qword [rsi+48], -2
                xor [rsi+56], bl
                pushfq
                pop rdx
                add [rsi+64], rdx
                inc qword [rsi+72]
                dec word [rsi+80]
                neg dword [rsi+88]
                not byte [rsi+96]
                pushfq
                pop rdx
                add [rsi+104], rdx
                mov rax, [rsi+rcx*8+8]
                mul qword [rsi+112]
                imul r12d
                mul bl
                imul word [rsi+120]
                pushfq
                pop rdx
                add [rsi+128], rdx
                mov rax, [rsi+rcx*8+16]
                xor edx, edx
                mov r9, rcx
                or r9, 1
                div r9
                div r9d
                mov eax, ecx
                cdq
                idiv r9d
                cqo
                idiv r9
                mov ax, 1000
                div r9b
                pushfq
                pop rdx
                add [rsi+136], rdx
                dec ecx
                jnz top
                hlt""");
        m.put("cmov-setcc-after-every-producer", cmovSetAfterEveryProducer());
        m.put("bmi-forms-in-a-loop", """
                mov ecx, 30
            top: mov rax, [rsi+rcx*8]
                shlx r8, rax, rcx
                shrx r9d, eax, ecx
                sarx r10, [rsi+8], rcx
                rorx r11, rax, 13
                rorx r12d, [rsi+16], 7
                cmp rax, r8
                bzhi r13, rax, rcx
                pushfq
                pop rdx
                add [rsi+24], rdx
                andn r14, rax, [rsi+32]
                bextr r15d, eax, ecx
                blsr rbx, rax
                blsi rdx, [rsi+40]
                blsmsk rbp, rax
                pushfq
                pop rdx
                add [rsi+48], rdx
                xor [rsi+56], r8
                xor [rsi+64], r13
                xor [rsi+72], r15
                dec ecx
                jnz top
                hlt""");
        m.put("fault-store-in-alu-memory-form", storeFaultInALoop("""
                cmp rax, rcx
                add [rbx], rcx
                inc dword [rbx+4]"""));
        m.put("fault-neg-store-in-a-loop", storeFaultInALoop("""
                sub rax, rcx
                neg qword [rbx]
                jc skip
                inc dword [rbx+4]"""));
        m.put("adc-sbb-memory-after-rotates-and-inc", """
                mov ecx, 20
            top: mov rax, [rsi+rcx*8]
                rol rax, cl
                adc [rsi+8], rax
                inc rdx
                sbb byte [rsi+17], dl
                pushfq
                pop r9
                add [rsi+24], r9
                dec rdx
                adc qword [rsi+32], -1
                ror r8d, 1
                jmp over
            over: sbb [rsi+40], r8w
                adc dword [rsi+44], 3
                pushfq
                pop r9
                add [rsi+48], r9
                dec ecx
                jnz top
                hlt""");
        m.put("fault-adc-store-after-a-rotate", storeFaultInALoop("""
                rol rax, 1
                adc [rbx], rcx"""));
        m.put("fault-sbb-store-after-inc-record-unknown", storeFaultInALoop("""
                inc rax
                jmp over
            over: sbb dword [rbx+4], 7"""));
        m.put("high-byte-registers-in-a-loop", """
                mov ebp, 30
            top: mov rax, [rsi+rbp*8]
                mov rbx, [rsi+rbp*8+8]
                mov rcx, [rsi+rbp*8+16]
                mov rdx, [rsi+rbp*8+24]
                movzx edi, ah
                add r13, rdi
                movsx edi, bh
                add r13, rdi
                movsx di, ch
                movzx dx, dh
                add r13, rdi
                add ah, bl
                adc ch, 0x7f
                sub bh, ah
                sbb dh, [rsi+rbp+5]
                and ah, 0xf0
                or bh, al
                xor ch, dh
                cmp ah, [rsi+9]
                setb dil
                add r13, rdi
                test bh, 0x40
                jz skip
                mov ah, [rsi+rbp]
                mov [rsi+rbp+400], bh
                mov ch, 0x12
                mov al, dh
                mov dh, bl
            skip: add [rsi+440], ah
                sub [rsi+441], ch
                test [rsi+442], dh
                pushfq
                pop rdi
                add r13, rdi
                cmp [rsi+443], bh
                adc [rsi+444], ah
                pushfq
                pop rdi
                add r13, rdi
                add r13, rax
                add r13, rbx
                add r13, rcx
                add r13, rdx
                dec ebp
                jnz top
                hlt""");
        m.put("fault-high-byte-store-in-a-loop", storeFaultInALoop("""
                add ah, cl
                add [rbx], ah
                mov [rbx+4], ch"""));
        m.put("div-with-rdx-zero-and-not-in-a-loop", """
                mov ecx, 12
            top: mov rax, [rsi+rcx*8]
                cmp rcx, 5
                xor edx, edx
                lea r9, [rcx+3]
                div r9
                add r13, rax
                add r13, rdx
                mov eax, [rsi+rcx*4]
                mov rdx, 0xffffffff00000000
                mov r10d, ecx
                div r10d
                add r13, rax
                add r13, rdx
                mov rax, [rsi+rcx*8]
                mov edx, 1
                mov r11, -1
                div r11
                add r13, rax
                add r13, rdx
                pushfq
                pop rdi
                add r13, rdi
                dec ecx
                jnz top
                hlt""");
        m.put("cmpxchg-xadd-lock-forms-in-a-loop", """
                mov r12d, 24
            top: mov rcx, r12
                mov rax, [rsi+rcx*8]
                mov rdx, rcx
                cmpxchg [rsi+rcx*8], rdx
                cmpxchg [rsi+8], ecx
                cmpxchg word [rsi+16], dx
                lock cmpxchg byte [rsi+20], cl
                pushfq
                pop r9
                add r13, r9
                add r13, rax
                mov eax, ecx
                lock cmpxchg [rsi+24], edx
                xadd [rsi+32], rdx
                lock xadd dword [rsi+40], ecx
                xadd byte [rsi+44], al
                add r13, rdx
                add r13, rcx
                lock add qword [rsi+48], 3
                lock inc dword [rsi+56]
                lock sbb word [rsi+60], dx
                lock bts qword [rsi+64], 5
                pushfq
                pop r9
                add r13, r9
                add r14, [rsi+40]
                dec r12d
                jnz top
                hlt""");
        m.put("fault-cmpxchg-store-in-a-loop", storeFaultInALoop("""
                mov rax, [rbx]
                lock cmpxchg [rbx], rcx"""));
        m.put("fault-cmpxchg-mismatch-store-in-a-loop", storeFaultInALoop("""
                mov rax, rcx
                not rax
                cmpxchg dword [rbx+4], ecx"""));
        m.put("fault-xadd-store-in-a-loop", storeFaultInALoop("""
                sub rdx, rcx
                xadd [rbx], rdx"""));
        m.put("divide-error-in-a-loop", """
                mov ecx, 8
            top: lea r9, [rcx-3]
                mov rax, [rsi+rcx*8]
                xor edx, edx
                cmp rax, r9
                div r9
                add [rsi+8], rax
                dec ecx
                jnz top
                hlt""");
        m.put("idiv-overflow-in-a-loop", """
                mov ecx, 8
            top: mov eax, ecx
                shl rax, 60
                cqo
                mov r9, -1
                cmp ecx, 3
                cmovne r9, rcx
                idiv r9
                add [rsi+8], rax
                dec ecx
                jnz top
                hlt""");
        m.put("alu-memory-form-patches-code-ahead", """
                mov ecx, 6
            top: cmp ecx, 4
                add byte [rel patch+1], 1
            patch: mov eax, 0x10
                pushfq
                pop rdx
                add r8, rdx
                add r9, rax
                sub ecx, 1
                sbb dword [rel patch+1], 0
                pushfq
                pop rdx
                add r10, rdx
                test ecx, ecx
                jnz top
                hlt""");
        m.put("cmpxchg-xadd-patch-code-ahead", """
                mov ecx, 6
            top: mov eax, ecx
                mov edx, 0x21
                cmpxchg byte [rel patch+1], dl
                pushfq
                pop rdx
                add r13, rdx
                add r8, rax
                movzx eax, byte [rel patch+1]
                lea edx, [rax+2]
                cmpxchg byte [rel patch+1], dl
                pushfq
                pop rdx
                add r13, rdx
                add r12, rax
                mov r11d, 3
                xadd byte [rel patch+1], r11b
            patch: mov ebx, 0x10
                add r9, r11
                add r10, rbx
                dec ecx
                jnz top
                hlt""");
        m.put("shift-rotate-memory-forms-in-a-loop", """
                mov r12d, 40
            top: imul ecx, r12d, 13
                xor edx, edx
                test r12b, 7
                cmovz ecx, edx
                add r8, 0x1234
                shl qword [rsi+8], cl
                pushfq
                pop r9
                add r13, r9
                shr dword [rsi+16], cl
                sar word [rsi+24], cl
                rol byte [rsi+32], cl
                pushfq
                pop r9
                add r13, r9
                ror qword [rsi+40], cl
                sub r9, r13
                rol dword [rsi+48], cl
                pushfq
                pop r9
                add r13, r9
                sar byte [rsi+r12*2+60], cl
                shl byte [rsi+56], 1
                shr qword [rsi+64], 1
                sar dword [rsi+72], 1
                pushfq
                pop r9
                add r13, r9
                rol word [rsi+80], 1
                ror byte [rsi+88], 1
                pushfq
                pop r9
                add r13, r9
                shl word [rsi+96], 5
                shr byte [rsi+104], 7
                sar qword [rsi+112], 63
                sal dword [rsi+120], 31
                pushfq
                pop r9
                add r13, r9
                rol qword [rsi+128], 17
                ror dword [rsi+136], 3
                pushfq
                pop r9
                add r13, r9
                rol byte [rsi+144], 9
                ror word [rsi+152], 16
                pushfq
                pop r9
                add r13, r9
                shr word [rsi+160], 20
                shl dword [rsp-16], 2
                add r14, [rsi+8]
                dec r12d
                jnz top
                hlt""");
        m.put("xchg-cmpxchg-xadd-register-forms-in-a-loop", """
                mov r12d, 30
            top: mov rdx, [rsi+r12*8]
                mov r10, rdx
                mov rax, rdx
                test r12b, 1
                cmovnz rax, r12
                cmpxchg r10, r11
                pushfq
                pop r9
                add r13, r9
                add r13, rax
                add r13, r10
                mov eax, edx
                test r12b, 2
                cmovnz eax, ecx
                cmpxchg r10d, ecx
                add r13, r10
                add r13, rax
                cmpxchg bx, di
                cmpxchg r8b, cl
                cmpxchg eax, edx
                pushfq
                pop r9
                add r13, r9
                add r13, rax
                xadd r11, rdx
                xadd ecx, ecx
                xadd r8w, r15w
                xadd bl, dl
                pushfq
                pop r9
                add r13, r9
                xchg [rsi+r12*4], rbx
                xchg ecx, [rsi+8]
                lock xchg word [rsi+16], r8w
                xchg [rsi+24], dl
                xchg [rsp-8], r15
                add r13, rbx
                add r13, rcx
                add r13, r8
                dec r12d
                jnz top
                hlt""");
        m.put("shld-shrd-register-forms-in-a-loop", """
                mov r12d, 40
            top: imul ecx, r12d, 7
                xor edx, edx
                test r12b, 7
                cmovz ecx, edx
                mov r8, [rsi+r12*8]
                mov r9, [rsi+r12*8+8]
                add r10, r8
                shld r8, r9, cl
                pushfq
                pop rax
                add r13, rax
                shrd r9d, r8d, cl
                pushfq
                pop rax
                add r13, rax
                shld r10w, r11w, cl
                shrd bx, r8w, 17
                pushfq
                pop rax
                add r13, rax
                shld ebx, edx, 1
                shrd r11, r9, 63
                shld edi, r8d, 31
                pushfq
                pop rax
                add r13, rax
                shrd r15w, r9w, 9
                add r13, r8
                add r13, r9
                add r13, r10
                add r13, r11
                add r14, rbx
                add r14, rdi
                add r14, r15
                dec r12d
                jnz top
                hlt""");
        m.put("fault-shift-memory-store-in-a-loop", storeFaultInALoop("""
                add rdx, rcx
                shl qword [rbx], 3"""));
        m.put("fault-rotate-by-cl-memory-store-in-a-loop", storeFaultInALoop("""
                sub rdx, rcx
                rol dword [rbx+4], cl"""));
        m.put("fault-xchg-memory-store-in-a-loop", storeFaultInALoop("""
                xchg [rbx], rdx
                add rdx, rcx"""));
        m.put("shift-xchg-memory-forms-patch-code-ahead", """
                mov ecx, 6
            top: cmp ecx, 4
                shr byte [rel patch+1], 1
                pushfq
                pop rdx
                add r13, rdx
                mov r11d, 0x20
                xchg byte [rel patch2+1], r11b
                add r12, r11
                mov edx, ecx
                rol byte [rel patch+1], cl
            patch: mov eax, 0x30
            patch2: mov ebx, 0x10
                pushfq
                pop rdx
                add r8, rdx
                add r9, rax
                add r10, rbx
                dec ecx
                jnz top
                hlt""");
        m.put("bit-tests-flags-read-late", bitTestsFlagsReadLate());
        m.put("fault-store-in-bts-memory-form", storeFaultInALoop("""
                sub rax, rcx
                bt qword [rbx], 5
                adc r9, 0
                bts dword [rbx+4], 33
                btc qword [rsi+rcx*8], 63
                jc skip
                btr r8, rcx"""));
        m.put("rep-movs-stos-in-a-loop", """
                mov r8d, 12
            top: lea rdi, [rsi+0x800]
                lea rsi, [rsi+r8*8]
                mov ecx, 0x900
                cld
                rep movsb
                add r11, rcx
                lea rdi, [rdi+r8]
                mov rax, r9
                mov ecx, 50
                rep stosq
                add r11, rcx
                mov ecx, 0
                rep movsq
                lea rdi, [rdi-8]
                mov ecx, 3
                std
                rep stosw
                add r11, rcx
                cld
                mov rsi, 0x600000
                lea rdi, [rsi+r8*2+4]
                lea rsi, [rsi+r8]
                mov ecx, 100
                rep movsb
                mov rsi, 0x600000
                mov rdi, rsi
                mov ecx, 7
                rep stosd
                mov rsi, 0x600100
                mov ecx, 0x3c0
                rep movsd
                add r11, rsi
                pushfq
                pop rdx
                add r10, rdx
                add r10, rcx
                add r10, rdi
                dec r8d
                jnz top
                hlt""");
        m.put("fault-rep-stos-runs-off-the-data-area", """
                mov r8d, 4
            top: lea rdi, [rsi+0x1f00]
                mov ecx, 0x22
                sub ecx, r8d
                rep stosq
                add rdi, 0x100
                sub rdi, r8
                mov ecx, r8d
                shl ecx, 7
                rep movsb
                dec r8d
                jnz top
                hlt""");
        // registers written before a REP string that completes inline (no handler call) must
        // still be written back at an exit after it (the dirty set where the handler path joins)
        m.put("rep-stos-inline-then-exit-writes-back-earlier-registers", """
                mov r8d, 20
            top: add r9, 7
                lea r10, [r9+r8]
                paddq xmm2, xmm3
                mov ecx, 4
                lea rdi, [rsi+0x100]
                rep stosb
                add r11, 3
                dec r8d
                jnz top
                hlt""");
        m.put("mul-div-between-writes-in-a-loop", """
                mov r8d, 30
                mov ebx, 7
            top: add r9, 5
                mov rax, r9
                mul rbx
                add rax, r8
                mov rdx, 0
                div rbx
                lea r10, [rax+rdx]
                add rcx, rdx
                dec r8d
                jnz top
                hlt""");
        m.put("rep-stos-patches-code-ahead", """
                mov r8d, 3
            top: lea rdi, [rel patch+1]
                mov al, r8b
                mov ecx, 1
                rep stosb
            patch: mov edx, 0x10
                add r9, rdx
                dec r8d
                jnz top
                hlt""");
        return m;
    }

    /**
     * Every BT form inlined (register and immediate offsets, register and memory operands, each
     * size, offsets beyond the size) after producers of each record kind, in a loop; all flags read late.
     */
    private static String bitTestsFlagsReadLate() {
        String[] producers = {"cmp rbx, r12", "add r8, r9", "inc r10d", "test dl, dl", "shr r12, 3", "imul r15, rbx",
            "rol r13, 1", "bsf r8, r9", "push 0x8d5\npopfq", "sbb rbx, rdx"};
        String[] tests = {"bt rax, rcx", "bts ebx, ecx", "btr r9w, cx", "btc r10, 63", "bt r11d, 37", "bts word [rsi+8], 17",
            "btr dword [rsi+16], 31", "btc qword [rsi+24], 64", "bt qword [rsi+32], 7", "bt dx, 15"};
        StringBuilder sb = new StringBuilder("mov r14d, 5\ntop:\n");
        int n = 0;
        for (String p : producers) {
            for (String t : tests) {
                sb.append("mov ecx, ").append(n * 13 % 200).append('\n').append(p).append('\n').append(t).append('\n')
                        .append("pushfq\npop rcx\nadd [rsi+").append(40 + 8 * (n % 32)).append("], rcx\nxor rax, rbx\n");
                n++;
            }
        }
        return sb.append("dec r14d\njnz top\nhlt").toString();
    }

    /**
     * {@code body} in a loop of 8 over RBX, which points at the data page and, from the sixth pass
     * on, at the read-only page: a memory form there reads, then its store faults. It may jump to {@code skip}.
     */
    private static String storeFaultInALoop(String body) {
        return "mov r14, 0x610000\nlea rbx, [rsi+8]\nmov ecx, 8\ntop: cmp ecx, 3\ncmove rbx, r14\n" + body
                + "\nskip: dec ecx\njnz top\nhlt";
    }

    /** Every CMOVcc and SETcc (register and memory forms) after producers of every flag-record kind, the flags read late. */
    private static String cmovSetAfterEveryProducer() {
        String[] cc = {"o", "no", "b", "ae", "e", "ne", "be", "a", "s", "ns", "p", "np", "l", "ge", "le", "g"};
        String[] producers = {"cmp rbx, rcx", "test dl, dl", "add r8, r9", "inc r10d", "dec r11", "shr r12, 3",
            "imul r15, rbx", "sbb rcx, rdx", "neg r12d", "rol ebx, cl", "bsf r12, r13", "popcnt r9w, r10w", "push 0x8d5\npopfq"};
        StringBuilder sb = new StringBuilder();
        int n = 0;
        for (String c : cc) {
            for (String p : producers) {
                sb.append(p).append('\n')
                        .append("cmov").append(c).append(n % 3 == 0 ? " eax, ebx" : n % 3 == 1 ? " rax, [rsi+" + 8 * (n % 32) + "]" : " ax, r9w").append('\n')
                        .append("set").append(c).append(n % 2 == 0 ? " r13b" : " byte [rsi+" + (300 + n) + "]").append('\n')
                        .append("add r14, rax\nadd r14, r13\npushfq\npop rdx\nadd r15, rdx\nmov ecx, ").append(n * 7).append('\n');
                n++;
            }
        }
        return sb.append("hlt").toString();
    }
}
